export * from './metrics.service';
export * from './harbour-queues';
export * from './connection-error-log';
export * from './ops-redis';
export * from './worker-heartbeat';
export * from './readiness.service';
export * from './ops.module';
export * from './logger.module';
