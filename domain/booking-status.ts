/** What follows from a booking's status: whether it takes a seat, which marks the venue may set. */
import { type BookingStatus, bookingStatuses } from './vocabulary/terms.ts';

export { type BookingStatus, bookingStatuses } from './vocabulary/terms.ts';

export const isBookingStatus = (value: unknown): value is BookingStatus =>
  (bookingStatuses as readonly unknown[]).includes(value);

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

/**
 * The bookings a closed slot strands: they still expect the resident, who has not come yet. When a
 * manager closes their slot they stay booked, the resident has to be called back (a callback task on
 * every desk) and the daily list says so instead of a plain 予約.
 */
export const strandedByClosureStatuses: readonly BookingStatus[] = ['provisional', 'confirmed'];

/** The venue's marks on a booking (the venue day). */
export const attendanceMarks = ['checked_in', 'vaccinated', 'no_show'] as const;
export type AttendanceMark = (typeof attendanceMarks)[number];

/**
 * From which statuses each mark may be set. 'provisional' is the desktop's own copy of a booking the hub
 * has not accepted yet; the hub has no such status.
 */
export const attendanceMarkFrom: Readonly<Record<AttendanceMark, readonly BookingStatus[]>> = {
  checked_in: ['provisional', 'confirmed', 'no_show'],
  vaccinated: ['provisional', 'confirmed', 'checked_in'],
  no_show: ['provisional', 'confirmed'],
};

export function isAttendanceMark(status: BookingStatus): status is AttendanceMark {
  return (attendanceMarks as readonly BookingStatus[]).includes(status);
}

/**
 * Whether the venue may take a booking from one status to another: a mark set from a status it may be
 * set from, or a mark undone (back to a status that mark may be set from: vaccinated → checked_in,
 * checked_in → no_show, any mark → confirmed). The desktop's venue day and the hub's `mark` mutation
 * both follow this rule.
 */
export function attendanceChangeAllowed(from: BookingStatus, to: BookingStatus): boolean {
  if (isAttendanceMark(to) && attendanceMarkFrom[to].includes(from)) return true;
  return isAttendanceMark(from) && attendanceMarkFrom[from].includes(to);
}
