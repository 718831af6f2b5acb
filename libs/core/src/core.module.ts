import { DynamicModule, Global, Logger, Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { TypeOrmModule } from '@nestjs/typeorm';
import {
  AdjustableClock,
  ALL_QUEUES,
  Clock,
  FieldCipher,
  HARBOUR_CONFIG,
  parseCipherKeys,
  HarbourConfig,
  redisOptionsFromUrl,
  SystemClock,
} from '@harbour/platform';
import { AlertService } from './alerts/alert.service';
import { AuditChainService } from './audit/audit-chain.service';
import { AuditService } from './audit/audit.service';
import { JobReconcilerService } from './jobs/job-reconciler.service';
import { defaultJobOptions } from './jobs/job-options';
import { WorkStatusService } from './jobs/work-status.service';
import { NetworkService } from './network/network.service';
import { NotificationService } from './notifications/notification.service';
import { InboxService } from './notifications/inbox.service';
import { LiveEventPublisher } from './live/live-events';
import { EmailSender } from './notifications/email-sender';
import { WebhookEndpointService } from './notifications/webhook-endpoint.service';
import { OutboxRelayService } from './outbox/outbox-relay.service';
import { OutboxService } from './outbox/outbox.service';
import { ConnectionCaller, dataSourceOptions } from './persistence/data-source';
import { DatabaseRoleCheck } from './persistence/database-role-check';
import { MatchingService } from './placements/matching.service';
import { HoldService } from './placements/hold.service';
import { PlacementService } from './placements/placement.service';
import { ReminderService } from './placements/reminder.service';
import { NrmStageService } from './nrm/nrm-stage.service';
import { QueryService } from './queries/query.service';
import { ReferralService } from './referrals/referral.service';
import { RetentionService } from './referrals/retention.service';
import { OccupancySnapshotService } from './reports/occupancy-snapshot.service';
import { ReportService } from './reports/report.service';
import { SurgeIntakeService } from './waitlist/surge-intake.service';
import { WaitlistAssignmentService } from './waitlist/waitlist-assignment.service';
import { WaitlistService } from './waitlist/waitlist.service';
import { TokenRevocationService } from './identity/token-revocation.service';
import { ClockControlService } from './time/clock-control.service';
import { ConnectionErrorLog } from './ops/connection-error-log';
import { HarbourQueues } from './ops/harbour-queues';
import { HarbourMetrics } from './ops/metrics.service';
import { OpsRedis } from './ops/ops-redis';
import { ProvisionService } from './provision/provision.service';
import { EscalationService } from './escalations/escalation.service';

const SERVICES = [
  AuditService,
  AuditChainService,
  OutboxService,
  NetworkService,
  ProvisionService,
  EscalationService,
  ReferralService,
  RetentionService,
  ReportService,
  OccupancySnapshotService,
  MatchingService,
  ReminderService,
  NrmStageService,
  WaitlistService,
  HoldService,
  PlacementService,
  WaitlistAssignmentService,
  SurgeIntakeService,
  AlertService,
  NotificationService,
  InboxService,
  LiveEventPublisher,
  EmailSender,
  WebhookEndpointService,
  OutboxRelayService,
  JobReconcilerService,
  ClockControlService,
  QueryService,
  WorkStatusService,
  TokenRevocationService,
  ConnectionErrorLog,
  HarbourQueues,
  HarbourMetrics,
  OpsRedis,
];

/**
 * Everything both processes share: configuration, PostgreSQL, the BullMQ
 * queues, the clock and the feature services. The API adds GraphQL on top; the
 * worker adds processors. Business rules live here and in libs/domain only.
 */
@Global()
@Module({})
export class HarbourCoreModule {
  /**
   * @param caller - the pool's default identity for row-level security: the
   *   worker `SERVICE`, the API `NONE` (fail closed; see ConnectionCaller).
   */
  static forRoot(config: HarbourConfig, caller: ConnectionCaller): DynamicModule {
    return {
      module: HarbourCoreModule,
      imports: [
        TypeOrmModule.forRoot(dataSourceOptions(config, caller)),
        BullModule.forRoot({
          connection: redisOptionsFromUrl(config.REDIS_URL) as never,
          prefix: config.QUEUE_PREFIX,
          defaultJobOptions: defaultJobOptions(config),
        }),
        BullModule.registerQueue(...ALL_QUEUES.map((name) => ({ name }))),
      ],
      providers: [
        { provide: HARBOUR_CONFIG, useValue: config },
        {
          provide: Clock,
          useFactory: () =>
            config.CLOCK_MODE === 'adjustable'
              ? new AdjustableClock(config.DATABASE_URL, (e) =>
                  new Logger('clock').warn(`idle PostgreSQL connection lost (a fresh one is opened on the next read): ${e.message}`),
                )
              : new SystemClock(),
        },
        { provide: FieldCipher, useFactory: () => new FieldCipher(parseCipherKeys(config.NOTES_ENCRYPTION_KEYS)) },
        ...SERVICES,
        // API and worker alike: refuses a superuser in production.
        DatabaseRoleCheck,
      ],
      exports: [HARBOUR_CONFIG, Clock, FieldCipher, BullModule, ...SERVICES],
    };
  }
}
