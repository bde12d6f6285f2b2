/** The hub's HTTP contract. */
export * from './errors.ts';
export * from './manager-api.ts';
export * from './public-api.ts';
export * from './records.ts';
export * from './sync-api.ts';
