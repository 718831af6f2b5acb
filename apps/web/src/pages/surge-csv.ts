import Papa from 'papaparse';
import type { AccessibilityFeature, AgeBand, CreateReferralInput, Gender, Urgency } from '../gql/graphql';

/** Columns of a surge intake CSV (header row first; any order). */
export const SURGE_COLUMNS = [
  'agencyReference',
  'initials',
  'gender',
  'ageBand',
  'consentGiven',
  'urgency',
  'languages',
  'children',
  'accessibilityNeeds',
  'exclusionRegions',
  'preferredRegions',
  'notes',
] as const;

/** Columns a row must fill. */
export const REQUIRED_COLUMNS = ['agencyReference', 'initials', 'gender', 'ageBand'] as const;

/** Most referrals one bulkCreateReferrals call takes. */
export const MAX_ROWS = 200;

const GENDERS: Gender[] = ['FEMALE', 'MALE', 'NON_BINARY'];
const AGE_BANDS: AgeBand[] = ['UNDER_18', 'AGE_18_24', 'AGE_25_34', 'AGE_35_44', 'AGE_45_54', 'AGE_55_PLUS'];
const URGENCIES: Urgency[] = ['EMERGENCY', 'URGENT', 'ROUTINE'];
const FEATURES: AccessibilityFeature[] = ['WHEELCHAIR', 'STEP_FREE', 'HEARING_LOOP', 'VISUAL_SUPPORT'];

/** A problem with one row (1 = the first row after the header; 0 = the file or its header) and field. */
export interface SurgeProblem {
  row: number;
  field: string;
  /** What is wrong, as a message key suffix with its values: `required`, `oneOf`, `number`, `boolean`, `unknownColumn`, `tooMany`, `empty`, `parse`. */
  kind: 'required' | 'oneOf' | 'number' | 'boolean' | 'unknownColumn' | 'tooMany' | 'empty' | 'parse';
  /** The value found, or the allowed values for `oneOf`. */
  detail: string;
}

/** A parsed file: the inputs for bulkCreateReferrals (one per row) and every problem found. */
export interface SurgePreview {
  inputs: CreateReferralInput[];
  problems: SurgeProblem[];
}

const list = (value: string) =>
  value
    .split(';')
    .map((v) => v.trim())
    .filter(Boolean);

/**
 * Parses a surge intake CSV (papaparse; header row of SURGE_COLUMNS names, lists
 * separated by `;`, `children` a count of dependants under 18, `consentGiven`
 * yes/no/true/false) into referral inputs, listing every problem it can see by
 * row and field. Rules only the API knows (reference format, unknown regions,
 * duplicates) come back from the API by row and field when the file is sent.
 */
export function parseSurgeCsv(text: string): SurgePreview {
  const parsed = Papa.parse<Record<string, string>>(text.trim(), { header: true, delimiter: ',', skipEmptyLines: 'greedy', transformHeader: (h) => h.trim() });
  const problems: SurgeProblem[] = [];
  for (const e of parsed.errors) problems.push({ row: (e.row ?? -1) + 1, field: '', kind: 'parse', detail: e.message });
  const header = parsed.meta.fields ?? [];
  for (const column of header)
    if (!(SURGE_COLUMNS as readonly string[]).includes(column)) problems.push({ row: 0, field: column, kind: 'unknownColumn', detail: column });
  for (const column of REQUIRED_COLUMNS) if (!header.includes(column)) problems.push({ row: 0, field: column, kind: 'required', detail: '' });
  if (!parsed.data.length) problems.push({ row: 0, field: '', kind: 'empty', detail: '' });
  if (parsed.data.length > MAX_ROWS) problems.push({ row: 0, field: '', kind: 'tooMany', detail: String(parsed.data.length) });

  const inputs = parsed.data.map((raw, i): CreateReferralInput => {
    const row = i + 1;
    const get = (c: string) => (raw[c] ?? '').trim();
    for (const c of REQUIRED_COLUMNS) if (header.includes(c) && !get(c)) problems.push({ row, field: c, kind: 'required', detail: '' });
    const oneOf = <T extends string>(c: string, allowed: T[]): T | undefined => {
      const v = get(c).toUpperCase();
      if (!v) return undefined;
      if (!(allowed as string[]).includes(v)) problems.push({ row, field: c, kind: 'oneOf', detail: allowed.join(', ') });
      return v as T;
    };
    const gender = oneOf('gender', GENDERS);
    const ageBand = oneOf('ageBand', AGE_BANDS);
    const urgency = oneOf('urgency', URGENCIES);
    const needs = list(get('accessibilityNeeds')).map((n) => n.toUpperCase());
    const badNeed = needs.find((n) => !(FEATURES as string[]).includes(n));
    if (badNeed) problems.push({ row, field: 'accessibilityNeeds', kind: 'oneOf', detail: FEATURES.join(', ') });
    const consent = get('consentGiven').toLowerCase();
    if (consent && !['yes', 'no', 'true', 'false'].includes(consent)) problems.push({ row, field: 'consentGiven', kind: 'boolean', detail: consent });
    const childrenText = get('children') || '0';
    const children = Number(childrenText);
    if (!/^\d+$/.test(childrenText) || children > 12) problems.push({ row, field: 'children', kind: 'number', detail: childrenText });
    return {
      agencyReference: get('agencyReference'),
      initials: get('initials'),
      gender: gender as Gender,
      ageBand: ageBand as AgeBand,
      ...(consent ? { consentGiven: consent === 'yes' || consent === 'true' } : {}),
      ...(urgency ? { urgency } : {}),
      languages: list(get('languages')).map((l) => l.toLowerCase()),
      dependants: Array.from({ length: Number.isInteger(children) && children <= 12 ? children : 0 }, () => ({ ageBand: 'UNDER_18' as AgeBand })),
      accessibilityNeeds: needs as AccessibilityFeature[],
      exclusionRegions: list(get('exclusionRegions')),
      preferredRegions: list(get('preferredRegions')),
      ...(get('notes') ? { notes: get('notes') } : {}),
    };
  });
  return { inputs, problems };
}
