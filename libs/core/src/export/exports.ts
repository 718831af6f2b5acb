import { DataSource } from 'typeorm';

/** Columns of `harbour export occupancy`, in file order. */
export const OCCUPANCY_COLUMNS = [
  'code_name',
  'region_code',
  'status',
  'beds_total',
  'beds_free',
  'beds_held',
  'beds_occupied',
  'beds_out_of_service',
  'waiting_for_region',
] as const;

/**
 * One row per shelter, by region then code name: live bed counts by status,
 * and how many WAITING referrals may be placed in the shelter's region (their
 * acceptable regions are empty or name it, and they do not exclude it). No
 * location, no referral details: safe to hand to a coordinator's spreadsheet.
 */
export async function* occupancyRows(ds: DataSource): AsyncGenerator<Record<(typeof OCCUPANCY_COLUMNS)[number], unknown>> {
  const rows: Record<string, unknown>[] = await ds.query(`
    WITH waiting AS (
      SELECT r.acceptable_regions, r.exclusion_regions
        FROM waitlist_entry w JOIN referral r ON r.id = w.referral_id
       WHERE w.status = 'WAITING'
    )
    SELECT s.code_name, s.region_code, s.status,
           count(b.id)::int AS beds_total,
           (count(b.id) FILTER (WHERE b.status = 'AVAILABLE'))::int AS beds_free,
           (count(b.id) FILTER (WHERE b.status = 'HELD'))::int AS beds_held,
           (count(b.id) FILTER (WHERE b.status = 'OCCUPIED'))::int AS beds_occupied,
           (count(b.id) FILTER (WHERE b.status = 'OUT_OF_SERVICE'))::int AS beds_out_of_service,
           (SELECT count(*)::int FROM waiting
             WHERE (cardinality(waiting.acceptable_regions) = 0 OR s.region_code = ANY(waiting.acceptable_regions))
               AND NOT s.region_code = ANY(waiting.exclusion_regions)) AS waiting_for_region
      FROM shelter s LEFT JOIN bed b ON b.shelter_id = s.id
     GROUP BY s.id
     ORDER BY s.region_code, s.code_name`);
  for (const r of rows) yield r as Record<(typeof OCCUPANCY_COLUMNS)[number], unknown>;
}

/** Columns of `harbour export audit`, in file order. */
export const AUDIT_COLUMNS = ['id', 'at', 'actor', 'role', 'action', 'entity_type', 'entity_id', 'ip', 'chain_seq', 'hash'] as const;

/** Rows fetched per query while streaming the audit trail. */
const AUDIT_PAGE = 1000;

/**
 * The audit trail in id order (oldest first), from `since` (inclusive) when
 * given, read in pages of 1000 by id so any size streams in constant memory.
 * `actor` is a token subject, chosen by whoever issued the token: one reason
 * every cell is neutralised on export.
 */
export async function* auditRows(ds: DataSource, since?: Date): AsyncGenerator<Record<(typeof AUDIT_COLUMNS)[number], unknown>> {
  let after = '0';
  for (;;) {
    const page: Record<string, unknown>[] = await ds.query(
      `SELECT id::text, at, actor, role, action, entity_type, entity_id, ip, chain_seq::text, hash
         FROM audit_event WHERE id > $1::bigint AND ($2::timestamptz IS NULL OR at >= $2)
        ORDER BY audit_event.id LIMIT ${AUDIT_PAGE}`,
      [after, since ?? null],
    );
    for (const r of page) yield r as Record<(typeof AUDIT_COLUMNS)[number], unknown>;
    if (page.length < AUDIT_PAGE) return;
    after = String(page[page.length - 1].id);
  }
}
