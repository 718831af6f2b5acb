/**
 * `@harbour/domain`: Harbour's pure domain rules (no Nest, no I/O, no clock).
 * Test builders live in `@harbour/domain/testing/builders` and are not exported here.
 */
export * from './model';
export * from './errors';
export * from './eligibility';
export * from './room-sharing';
export * from './scoring';
export * from './recovery-period';
export * from './waitlist';
export * from './capacity-alert';
export * from './bed-category';
export * from './lifecycle';
export * from './languages';
export * from './assignment';
export * from './reporting';
export * from './provision';
export * from './escalation';
export * from './working-days';
export * from './nrm-policy';
export * from './nrm-stage';
export * from './handover';
