/**
 * `@harbour/simulation`: the network simulator behind `harbour simulate`
 * (issue 5). Pure TypeScript: no Nest, no database; the only I/O is reading
 * the data files (network.ts, nrm-mix.ts). Eligibility, scoring and the
 * assignment policies come from `@harbour/domain`, exactly as the live service uses them.
 */
export * from './random';
export * from './nrm-mix';
export * from './network';
export * from './scenario';
export * from './policy';
export * from './policies';
export * from './valuation';
export * from './engine';
export * from './metrics';
export * from './hindsight';
export * from './compare';
export * from './capacity';
export * from './report';
export * from './charts';
export * from './safety';
export * from './targets';
export * from './surge';
export * from './observed';
