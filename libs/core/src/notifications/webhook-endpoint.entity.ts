import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Delivery health of one webhook URL; paused after WEBHOOK_PAUSE_AFTER_FAILURES failures in a row. */
@Entity('webhook_endpoint')
export class WebhookEndpointEntity {
  @PrimaryColumn({ type: 'text' })
  url: string;

  @Column({ name: 'consecutive_failures', type: 'int', default: 0 })
  consecutiveFailures: number;

  /** Set when paused; deliveries wait (PENDING) until a coordinator resumes the endpoint. */
  @Column({ name: 'paused_at', type: 'timestamptz', nullable: true })
  pausedAt: Date | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @Column({ name: 'last_success_at', type: 'timestamptz', nullable: true })
  lastSuccessAt: Date | null;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
