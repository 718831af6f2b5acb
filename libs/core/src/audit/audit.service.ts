import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Principal } from '../identity/principal';
import { AuditEventEntity } from './audit-event.entity';
import { capAuditValue } from './audit-details';

/** Appends to the audit trail inside the caller's transaction. */
@Injectable()
export class AuditService {
  /**
   * Records that `p` performed `action` on `entityType` `entityId` at `at`.
   * `details` must carry no personal data beyond ids. Every string, array and
   * nesting level of it is capped here, whatever path produced it
   * (capAuditValue): the trail is append-only, so an oversized value would stay
   * for good. (The other columns are short varchars the table itself bounds.)
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
    await em.insert(AuditEventEntity, {
      actor: p.sub,
      role: p.role,
      action,
      entityType,
      entityId,
      at,
      ip: p.ip ?? null,
      details: capAuditValue(details) as never,
    });
  }
}
