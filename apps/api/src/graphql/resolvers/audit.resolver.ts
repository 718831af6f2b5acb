import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { AuditChainService, Principal, QueryService, requireRole } from '@harbour/core';
import { Role } from '@harbour/domain';
import { CurrentPrincipal } from '../../auth/current-principal.decorator';
import { AuditChainStatus, AuditEvent, AuditEventConnection, toAuditChainStatus, toAuditEvent } from '../types/audit.type';
import { toConnection } from '../types/connection';

/** The append-only, hash-chained audit trail (coordinators and auditors). */
@Resolver(() => AuditEvent)
export class AuditResolver {
  constructor(
    private readonly query: QueryService,
    private readonly chain: AuditChainService,
  ) {}

  @Query(() => AuditEventConnection, { description: 'Audit events, newest first, optionally for one record (coordinators and auditors).' })
  async auditEvents(
    @CurrentPrincipal() p: Principal,
    @Args('first', { type: () => Int, defaultValue: 20, description: 'Page size, 1..MAX_PAGE_SIZE.' }) first: number,
    @Args('after', { type: () => String, nullable: true, description: 'endCursor of the previous page.' }) after?: string | null,
    @Args('entityType', { type: () => String, nullable: true, description: 'Only events about this kind of record.' }) entityType?: string | null,
    @Args('entityId', { type: () => String, nullable: true, description: 'Only events about this record.' }) entityId?: string | null,
  ): Promise<AuditEventConnection> {
    return toConnection(await this.query.auditEvents(p, { first, after, entityType, entityId }), toAuditEvent);
  }

  @Query(() => AuditChainStatus, {
    description: 'Recomputes the audit hash chain: ok, or the first position that was altered, removed or reordered (coordinators and auditors).',
  })
  async auditChain(@CurrentPrincipal() p: Principal): Promise<AuditChainStatus> {
    requireRole(p, Role.COORDINATOR, Role.AUDITOR);
    return toAuditChainStatus(await this.chain.verify(p));
  }
}
