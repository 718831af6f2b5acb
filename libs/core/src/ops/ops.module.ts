import { DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { OpsController } from './ops.controller';
import { ReadinessService } from './readiness.service';
import { WorkerHeartbeat } from './worker-heartbeat';

/**
 * /health/live, /health/ready and /metrics for one process. `role` worker
 * adds the worker's heartbeat (and checks it in readiness); api checks that
 * some worker's heartbeat is fresh. Needs HarbourCoreModule (metrics, Redis).
 */
@Module({})
export class OpsModule {
  static forRoot(role: 'api' | 'worker'): DynamicModule {
    return {
      module: OpsModule,
      // Terminus's own error log would print every failed probe; the connection log summarises outages instead.
      imports: [TerminusModule.forRoot({ logger: false })],
      controllers: [OpsController],
      providers: [ReadinessService, ...(role === 'worker' ? [WorkerHeartbeat] : [])],
      exports: role === 'worker' ? [WorkerHeartbeat] : [],
    };
  }
}
