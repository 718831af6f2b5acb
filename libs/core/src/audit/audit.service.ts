import { Inject, Injectable, Optional } from '@nestjs/common';
import { HARBOUR_CONFIG, HarbourConfig } from '@harbour/platform';
import { EntityManager } from 'typeorm';
import { Principal } from '../identity/principal';
import { capAuditValue } from './audit-details';
import { auditContentMac } from './audit-chain';

/** Appends to the audit trail inside the caller's transaction. */
@Injectable()
export class AuditService {
  /** @param config - AUDIT_CHAIN_KEY, which keys each event's content MAC. */
  constructor(@Optional() @Inject(HARBOUR_CONFIG) private readonly config?: Pick<HarbourConfig, 'AUDIT_CHAIN_KEY'>) {}

  /**
   * Records that `p` performed `action` on `entityType` `entityId` at `at`.
   * `details` must carry no personal data beyond ids. Every string, array and
   * nesting level of it is capped here, whatever path produced it
   * (capAuditValue): the trail is append-only, so an oversized value would stay
   * for good. (The other columns are short varchars the table itself bounds.)
   * The same transaction stores `content_mac`, an HMAC of the event's content
   * keyed with AUDIT_CHAIN_KEY (auditContentMac): an edit made before the
   * worker seals the event is found by `harbour audit verify`.
   */
  async record(
    em: EntityManager,
    p: Principal,
    at: Date,
    action: string,
    entityType: string,
    entityId: string | null,
    details: Record<string, unknown> = {},
  ): Promise<void> {
    if (!this.config) throw new Error('AuditService needs the configuration (AUDIT_CHAIN_KEY) to record events');
    // The id first, so the content MAC covers it; the details as PostgreSQL will store them (JSON, undefined dropped).
    const [{ id }]: { id: string }[] = await em.query(`SELECT nextval(pg_get_serial_sequence('audit_event', 'id'))::text AS id`);
    const stored = JSON.parse(JSON.stringify(capAuditValue(details))) as Record<string, unknown>;
    const ip = p.ip ?? null;
    const contentMac = auditContentMac({ id, actor: p.sub, role: p.role, action, entityType, entityId, at, ip, details: stored }, this.config.AUDIT_CHAIN_KEY);
    // Plain SQL: TypeORM would replace the id of a generated column with the sequence's next value.
    await em.query(
      `INSERT INTO audit_event (id, actor, role, action, entity_type, entity_id, at, ip, details, content_mac)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [id, p.sub, p.role, action, entityType, entityId, at, ip, JSON.stringify(stored), contentMac],
    );
  }
}
