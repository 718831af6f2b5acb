/**
 * Input size limits (docs/architecture.md, Privacy and security: bad or oversized input is
 * a typed error naming the field). Lists are capped so a 10,000-item list is
 * refused before any work is done.
 */
export const LIMITS = {
  dependants: 12,
  languages: 10,
  exploitationTypes: 6,
  regions: 50,
  accessibilityFeatures: 10,
  languageCode: 35,
  regionCode: 32,
  codeName: 64,
  roomLabel: 64,
  name: 200,
  address: 500,
  postcode: 16,
  contactLine: 200,
  url: 2000,
  email: 254,
  coordinatorEmails: 20,
  reason: 500,
  agencyReference: 64,
  initials: 4,
  clientMutationId: 100,
} as const;

/** Calendar date pattern, YYYY-MM-DD (the domain checks the date is real). */
export const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;
export const CALENDAR_DATE_MESSAGE = '$property must be a calendar date YYYY-MM-DD';
