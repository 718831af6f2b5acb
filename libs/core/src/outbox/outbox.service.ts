import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { OutboxEventEntity } from './outbox-event.entity';

/** Event types written to the outbox and what the relay turns each into. */
export enum OutboxEventType {
  /** payload { holdId, expiresAt } → a delayed hold-expiry job. */
  HOLD_CREATED = 'HOLD_CREATED',
  /** payload { regionCodes, freed } → a capacity job; when freed, a waitlist job too. */
  BEDS_CHANGED = 'BEDS_CHANGED',
  /** payload { reminders: [{ id, dueAt }] } → one delayed reminder job each. */
  REMINDERS_SCHEDULED = 'REMINDERS_SCHEDULED',
  /** payload { reminderIds } → remove their jobs (the rows are already CANCELLED). */
  REMINDERS_CANCELLED = 'REMINDERS_CANCELLED',
  /** payload { notificationId } → a delivery job. */
  NOTIFICATION_CREATED = 'NOTIFICATION_CREATED',
  /** payload { waitlistEntryId, dueAt } → a delayed escalation job (escalations/escalation.service.ts). */
  ESCALATION_SCHEDULED = 'ESCALATION_SCHEDULED',
}

export interface OutboxEventInput {
  type: OutboxEventType;
  aggregateType: string;
  aggregateId: string;
  payload: Record<string, unknown>;
}

/**
 * Writes events in the caller's transaction (transactional outbox): the event
 * exists if and only if the change that caused it committed.
 */
@Injectable()
export class OutboxService {
  /** Appends events through `em`, the caller's transaction manager. */
  async emit(em: EntityManager, ...events: OutboxEventInput[]): Promise<void> {
    if (events.length === 0) return;
    await em.insert(
      OutboxEventEntity,
      events.map((e) => ({ ...e, payload: e.payload as never })),
    );
  }
}
