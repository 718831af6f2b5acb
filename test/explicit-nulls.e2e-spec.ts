/**
 * Explicit GraphQL nulls in updateShelter, updateAgency and addBeds: every
 * optional field either says "null clears it" (and it is cleared) or "cannot be
 * null" (BAD_USER_INPUT naming the field, nothing written). Omitting a field
 * leaves it as it is. Every field is tried, one at a time, through the API.
 */
import { randomBytes } from 'node:crypto';
import { Role } from '@harbour/domain';
import { Harbour } from './support/harbour-harness';

const UPDATE_SHELTER = 'mutation($id: ID!, $i: UpdateShelterInput!) { updateShelter(id: $id, input: $i) { id } }';
const UPDATE_AGENCY = 'mutation($i: UpdateAgencyInput!) { updateAgency(input: $i) { id } }';
const ADD_BEDS = 'mutation($i: AddBedsInput!) { addBeds(input: $i) { id } }';

/** updateShelter fields whose null is refused. */
const SHELTER_REFUSED = ['codeName', 'regionCode', 'genderPolicy', 'acceptsFamilies', 'acceptsMinors', 'languages', 'specialisms', 'status'];
/** updateShelter fields whose null clears the value, with the column that holds it. */
const SHELTER_CLEARS: [field: string, column: string][] = [
  ['adultMaxAge', 'adult_max_age'],
  ['contactLine', 'contact_line'],
  ['holdHours', 'hold_hours'],
  ['webhookUrl', 'webhook_url'],
  ['staffEmail', 'staff_email'],
  ['address', 'address'],
  ['postcode', 'postcode'],
  ['latitude', 'latitude'],
  ['longitude', 'longitude'],
];

describe('explicit nulls in update inputs', () => {
  let h: Harbour;
  let coordinator: string;
  let region: string;

  beforeAll(async () => {
    h = await Harbour.start('explicit-nulls');
    coordinator = await h.token({ role: Role.COORDINATOR, sub: 'coordinator-nulls' });
    region = `NU-${randomBytes(3).toString('hex').toUpperCase()}`;
    await h.ok(coordinator, 'mutation($c: String!) { createRegion(code: $c, name: $c) { code } }', { c: region });
  });
  afterAll(async () => h?.close());

  /** A shelter with every optional field set. */
  async function fullShelter(): Promise<string> {
    const r = await h.ok<{ createShelter: { id: string } }>(coordinator, 'mutation($i: CreateShelterInput!) { createShelter(input: $i) { id } }', {
      i: {
        codeName: `NU-${randomBytes(3).toString('hex')}`,
        regionCode: region,
        genderPolicy: 'MIXED',
        acceptsFamilies: true,
        acceptsMinors: true,
        adultMaxAge: 24,
        languages: ['en', 'ro'],
        specialisms: ['LABOUR'],
        address: '1 Secret Street',
        postcode: 'AB1 2CD',
        latitude: 51.5,
        longitude: -0.1,
        contactLine: '0800 000 000',
        holdHours: 48,
        webhookUrl: 'http://127.0.0.1:9/hook',
        staffEmail: 'staff@example.org',
      },
    });
    return r.createShelter.id;
  }

  /** Every stored field of a shelter (shelter and shelter_location rows) and how many UPDATE_SHELTER events it has. */
  async function stored(id: string): Promise<Record<string, unknown>> {
    const [row] = await h.db.query(
      `SELECT s.code_name, s.region_code, s.gender_policy, s.accepts_families, s.accepts_minors, s.adult_max_age, s.languages, s.specialisms,
              s.status, s.contact_line, s.hold_hours, s.webhook_url, s.staff_email, l.address, l.postcode, l.latitude, l.longitude,
              (SELECT count(*)::int FROM audit_event a WHERE a.entity_id = s.id::text AND a.action = 'UPDATE_SHELTER') AS updates
         FROM shelter s LEFT JOIN shelter_location l ON l.shelter_id = s.id WHERE s.id = $1`,
      [id],
    );
    return row;
  }

  it.each(SHELTER_REFUSED)('updateShelter %s: null is BAD_USER_INPUT naming the field, nothing written', async (field) => {
    const id = await fullShelter();
    const before = await stored(id);
    // Alongside a valid change, so a partial write would show.
    const r = await h.gql(coordinator, UPDATE_SHELTER, { id, i: { contactLine: 'changed', [field]: null } });
    expect(r.data).toBeNull();
    expect(r.errors?.[0]).toMatchObject({ message: `${field} cannot be null`, extensions: { code: 'BAD_USER_INPUT', field: `input.${field}` } });
    expect(await stored(id)).toEqual(before);
  });

  it.each(SHELTER_CLEARS)('updateShelter %s: null clears it, nothing else changes', async (field, column) => {
    const id = await fullShelter();
    const before = await stored(id);
    expect(before[column]).not.toBeNull();
    await h.ok(coordinator, UPDATE_SHELTER, { id, i: { [field]: null } });
    expect(await stored(id)).toEqual({ ...before, [column]: null, updates: 1 });
  });

  it('updateShelter contactLine: blank clears it like null (never stored as ""), and it is trimmed', async () => {
    const id = await fullShelter();
    const before = await stored(id);
    await h.ok(coordinator, UPDATE_SHELTER, { id, i: { contactLine: '   ' } });
    expect(await stored(id)).toEqual({ ...before, contact_line: null, updates: 1 });
    await h.ok(coordinator, UPDATE_SHELTER, { id, i: { contactLine: '  0800 111 222 ' } });
    expect((await stored(id)).contact_line).toBe('0800 111 222');
  });

  it('updateShelter: omitting a field keeps it; shelter staff still may not clear the webhook', async () => {
    const id = await fullShelter();
    const before = await stored(id);
    await h.ok(coordinator, UPDATE_SHELTER, { id, i: {} });
    expect(await stored(id)).toEqual({ ...before, updates: 1 });
    const staff = await h.token({ role: Role.SHELTER_STAFF, sub: 'staff-nulls', shelterIds: [id] });
    const r = await h.gql(staff, UPDATE_SHELTER, { id, i: { webhookUrl: null } });
    expect(r.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await stored(id)).webhook_url).toBe('http://127.0.0.1:9/hook');
    // A blank code name is refused like a null one (it is NOT NULL and must name the shelter).
    const blank = await h.gql(coordinator, UPDATE_SHELTER, { id, i: { codeName: '  ' } });
    expect(blank.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'input.codeName' } });
  });

  describe('updateAgency', () => {
    let agencyId: string;
    const agencyRow = async () =>
      (await h.db.query(`SELECT name, webhook_url, email FROM agency WHERE id = $1`, [agencyId]))[0] as {
        name: string;
        webhook_url: string | null;
        email: string | null;
      };

    beforeEach(async () => {
      const r = await h.ok<{ createAgency: { id: string } }>(coordinator, 'mutation($i: CreateAgencyInput!) { createAgency(input: $i) { id } }', {
        i: { name: `NU Agency ${randomBytes(3).toString('hex')}`, kind: 'POLICE', webhookUrl: 'http://127.0.0.1:9/agency', email: 'officers@example.org' },
      });
      agencyId = r.createAgency.id;
    });

    it('name: null is BAD_USER_INPUT naming the field, nothing written', async () => {
      const before = await agencyRow();
      const r = await h.gql(coordinator, UPDATE_AGENCY, { i: { id: agencyId, email: 'new@example.org', name: null } });
      expect(r.errors?.[0]).toMatchObject({ message: 'name cannot be null', extensions: { code: 'BAD_USER_INPUT', field: 'input.name' } });
      expect(await agencyRow()).toEqual(before);
    });

    it.each([
      ['webhookUrl', 'webhook_url'],
      ['email', 'email'],
    ])('%s: null clears it, nothing else changes', async (field, column) => {
      const before = await agencyRow();
      await h.ok(coordinator, UPDATE_AGENCY, { i: { id: agencyId, [field]: null } });
      expect(await agencyRow()).toEqual({ ...before, [column]: null });
    });
  });

  describe('addBeds', () => {
    it('accessibilityFeatures: null is BAD_USER_INPUT naming the field, no bed added; omitted keeps them; [] clears them', async () => {
      const shelterId = await fullShelter();
      await h.ok(coordinator, ADD_BEDS, { i: { shelterId, roomLabel: 'A', count: 1, accessibilityFeatures: ['STEP_FREE'] } });
      const room = async () =>
        (
          await h.db.query(
            `SELECT r.accessibility_features AS features, (SELECT count(*)::int FROM bed b WHERE b.room_id = r.id) AS beds
               FROM room r WHERE r.shelter_id = $1 AND r.label = 'A'`,
            [shelterId],
          )
        )[0];
      expect(await room()).toEqual({ features: ['STEP_FREE'], beds: 1 });
      const r = await h.gql(coordinator, ADD_BEDS, { i: { shelterId, roomLabel: 'A', count: 1, accessibilityFeatures: null } });
      expect(r.errors?.[0]).toMatchObject({
        message: 'accessibilityFeatures cannot be null',
        extensions: { code: 'BAD_USER_INPUT', field: 'input.accessibilityFeatures' },
      });
      expect(await room()).toEqual({ features: ['STEP_FREE'], beds: 1 });
      await h.ok(coordinator, ADD_BEDS, { i: { shelterId, roomLabel: 'A', count: 1 } });
      expect(await room()).toEqual({ features: ['STEP_FREE'], beds: 2 });
      await h.ok(coordinator, ADD_BEDS, { i: { shelterId, roomLabel: 'A', count: 1, accessibilityFeatures: [] } });
      expect(await room()).toEqual({ features: [], beds: 3 });
    });
  });
});
