export * from './config/config';
export * from './errors/errors';
export * from './clock/clock';
export * from './queues/queues';
export * from './queues/job-catalogue';
export * from './queues/redis-connection';
export * from './crypto/field-cipher';
export * from './observability';
