/** Booking states, from DESIGN.md "Sync protocol": held → provisional → confirmed | rejected, then the venue day. */
export const bookingStatuses = [
  'held',
  'provisional',
  'confirmed',
  'rejected',
  'cancelled',
  'checked_in',
  'vaccinated',
  'no_show',
] as const;
export type BookingStatus = (typeof bookingStatuses)[number];

/**
 * The statuses whose booking takes a seat of its slot: capacity and remaining seats are counted with
 * this set everywhere. A no-show keeps its seat (the dose was set aside for that resident).
 */
export const seatOccupyingStatuses: readonly BookingStatus[] = [
  'held',
  'provisional',
  'confirmed',
  'checked_in',
  'vaccinated',
  'no_show',
];

export function isSeatOccupying(status: BookingStatus): boolean {
  return seatOccupyingStatuses.includes(status);
}
