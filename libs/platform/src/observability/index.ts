export * from './request-context';
export * from './repeated-error-log';
export * from './logging';
