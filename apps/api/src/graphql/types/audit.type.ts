import { Field, GraphQLISODateTime, Int, ObjectType } from '@nestjs/graphql';
import { AuditEventEntity, AuditVerification } from '@harbour/core';
import { Connection } from './connection';

@ObjectType({ description: 'One entry of the append-only audit trail: who, as what role, did what to which record, when, from where.' })
export class AuditEvent {
  @Field({ description: 'Sequence id.' })
  id: string;

  @Field({ description: 'Token subject of whoever acted (service:worker for the worker).' })
  actor: string;

  @Field({ description: 'Their role at the time.' })
  role: string;

  @Field({ description: 'What was done, e.g. CREATE_HOLD, READ_SHELTER_LOCATION.' })
  action: string;

  @Field({ description: 'Kind of record, e.g. hold, placement, shelter.' })
  entityType: string;

  @Field(() => String, { nullable: true, description: 'Id of the record.' })
  entityId: string | null;

  @Field(() => GraphQLISODateTime, { description: 'When (Harbour clock).' })
  at: Date;

  @Field(() => String, { nullable: true, description: 'Client address.' })
  ip: string | null;

  @Field(() => String, { nullable: true, description: 'Position in the hash chain; null until sealed (seconds after commit).' })
  chainSeq: string | null;

  @Field(() => String, { nullable: true, description: 'SHA-256 (hex) sealing this event to the previous one.' })
  hash: string | null;
}

@ObjectType({ description: 'Audit events, newest first.' })
export class AuditEventConnection extends Connection(AuditEvent, 'AuditEvent') {}

@ObjectType({ description: 'Result of recomputing the audit hash chain.' })
export class AuditChainStatus {
  @Field({ description: 'True when every sealed event is unaltered and in place.' })
  ok: boolean;

  @Field(() => Int, { description: 'Sealed events verified.' })
  checked: number;

  @Field(() => Int, { description: 'Committed events not yet sealed.' })
  unsealed: number;

  @Field(() => String, { nullable: true, description: 'First chain position that fails, when not ok.' })
  firstBadSeq: string | null;

  @Field(() => String, { nullable: true, description: 'What is wrong there.' })
  problem: string | null;
}

export function toAuditEvent(e: AuditEventEntity): AuditEvent {
  return {
    id: String(e.id),
    actor: e.actor,
    role: e.role,
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId,
    at: e.at,
    ip: e.ip,
    chainSeq: e.chainSeq,
    hash: e.hash,
  };
}

export function toAuditChainStatus(v: AuditVerification): AuditChainStatus {
  return { ...v };
}
