/**
 * How full a venue's day is: the seats taken in its open slots over the seats those slots offer. A
 * closed slot offers nothing and its bookings (residents to call back) are not counted, so the rate
 * says how much of what is on offer has gone. It may pass 1 where a slot was overbooked before a cut.
 */
export function fillRate(occupied: number, capacity: number): number | null {
  return capacity > 0 ? occupied / capacity : null;
}

/** The rate as a whole percentage, the way the dashboard, its print and its export show it. */
export function fillPercent(occupied: number, capacity: number): number | null {
  const rate = fillRate(occupied, capacity);
  return rate === null ? null : Math.round(rate * 100);
}
