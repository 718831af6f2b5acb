import { DynamicModule, Module } from '@nestjs/common';
import { HarbourCoreModule } from '@harbour/core';
import { HarbourConfig } from '@harbour/platform';
import { CapacityProcessor } from './processors/capacity.processor';
import { HoldExpiryProcessor } from './processors/hold-expiry.processor';
import { MaintenanceProcessor } from './processors/maintenance.processor';
import { NotificationsProcessor } from './processors/notifications.processor';
import { RemindersProcessor } from './processors/reminders.processor';
import { WaitlistProcessor } from './processors/waitlist.processor';
import { OutboxRelayRunner } from './outbox-relay.runner';
import { Schedulers } from './schedulers';

/** The worker: the core module plus one processor per queue, the outbox relay and the sweeps. No HTTP. */
@Module({})
export class WorkerModule {
  static forRoot(config: HarbourConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [HarbourCoreModule.forRoot(config, 'SERVICE')],
      providers: [
        HoldExpiryProcessor,
        RemindersProcessor,
        WaitlistProcessor,
        CapacityProcessor,
        NotificationsProcessor,
        MaintenanceProcessor,
        OutboxRelayRunner,
        Schedulers,
      ],
    };
  }
}
