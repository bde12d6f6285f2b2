/** The shared vocabulary: terms and the local store's records (the bottom of domain/). */
export * from './records.ts';
export * from './terms.ts';
