import { EntityManager } from 'typeorm';

/**
 * Milliseconds (real time) left on the hold on waitlist assignment windows
 * (`clock_setting.windows_held_until`, set by `closeAssignmentWindows` with
 * `holdForSeconds`); 0 when there is no hold or it has lapsed. While it runs,
 * a freed bed's window stays open until the holder closes it (the outbox relay
 * delays its job past the hold, and advanceClock leaves it delayed).
 */
export async function assignmentWindowHoldMs(em: Pick<EntityManager, 'query'>): Promise<number> {
  const rows: { held_ms: string | null }[] = await em.query(
    `SELECT greatest(0, ceil(extract(epoch FROM windows_held_until - clock_timestamp()) * 1000))::bigint AS held_ms FROM clock_setting WHERE id = 1`,
  );
  return rows.length && rows[0].held_ms != null ? Number(rows[0].held_ms) : 0;
}
