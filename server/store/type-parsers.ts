/**
 * Result type parsing shared by both engines, so that rows look the same whichever engine ran the
 * query. timestamptz is left to the drivers: both already return a Date.
 */

const oid = { int8: 20, numeric: 1700, date: 1082 } as const;

const keepText = (value: string): string => value;
const toNumber = (value: string): number => Number(value);

/** Parsers by type OID for text-format results. bigint values here (sequence numbers, counts) stay below 2^53. */
export const hubTypeParsers: Readonly<Record<number, (value: string) => unknown>> = {
  [oid.int8]: toNumber,
  [oid.numeric]: toNumber,
  [oid.date]: keepText,
};
