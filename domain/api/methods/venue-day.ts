/**
 * Contract methods of the venue day: the day's list for one venue, marking residents checked in,
 * vaccinated (with the vaccine lot) or no-show, undoing a mark the same day, walk-ins for free seats.
 * Changes go to the outbox for the hub in the same transaction. (Tomorrow's reminder calls: reminder-calls.ts.)
 */

import { z } from 'zod';
import { attendanceMarks } from '../../booking-status.ts';
import type { StaffRole } from '../../vocabulary/index.ts';
import type { CouponStatus, Sex } from '../../vocabulary/terms.ts';
import { isoDateSchema, method } from '../method-spec.ts';
import type { DailyListRow } from './daily-list.ts';
import type { HubRejection } from './phone-desk.ts';

export const venueDayRoles: readonly StaffRole[] = ['venue_staff', 'manager'];

// The marks and the statuses they may be set from are a domain rule shared with the hub's `mark`.
export { type AttendanceMark, attendanceMarkFrom, attendanceMarks } from '../../booking-status.ts';

export interface VenueDayRow extends DailyListRow {
  vaccineLot: string | null;
  /** True when the last change was a venue-day mark made today, which can be undone. */
  canUndo: boolean;
  /**
   * The hub turned down what this desk sent about the booking: the walk-in itself, or the latest
   * mark (the row then shows the hub's status again). Null when nothing was.
   */
  hubRefusal: { of: 'walk_in' | 'mark'; rejection: HubRejection } | null;
}

export interface VenueDaySlot {
  slotId: string;
  startTime: string;
  endTime: string;
  productName: string;
  capacity: number;
  occupied: number;
  /** Free seats of an open slot; 0 for a closed one. */
  remaining: number;
}

export interface VenueDay {
  date: string;
  venueId: string;
  venueName: string;
  rows: VenueDayRow[];
  slots: VenueDaySlot[];
}

export interface WalkInCandidate {
  couponId: string;
  ticketNumber: string;
  name: string;
  nameKana: string;
  birthDate: string;
  sex: Sex;
  /** The next dose by the doses and vaccinated bookings on record. */
  nextDose: number;
  status: CouponStatus;
  /** A booking of this resident on the same day that takes a seat (then check that one in instead). */
  bookedTodayId: string | null;
}

const mutationId = z.uuid();
const lotNumber = z
  .string()
  .trim()
  .min(1)
  .max(32)
  .regex(/^[0-9A-Za-z-]+$/u, 'letters, digits and hyphens');

export const venueDayMethods = {
  getVenueDay: method<VenueDay>()({
    input: z.object({ venueId: z.string().min(1).max(64), date: isoDateSchema }).strict(),
    roles: venueDayRoles,
  }),
  markAttendance: method<VenueDayRow>()({
    input: z
      .object({
        bookingId: z.string().min(1).max(64),
        mark: z.enum(attendanceMarks),
        lotNumber: lotNumber.optional(),
        mutationId,
      })
      .strict()
      .refine((v) => v.mark !== 'vaccinated' || v.lotNumber !== undefined, {
        path: ['lotNumber'],
        message: 'a vaccinated mark needs the lot number',
      }),
    roles: venueDayRoles,
  }),
  undoAttendance: method<VenueDayRow>()({
    input: z.object({ bookingId: z.string().min(1).max(64), mutationId }).strict(),
    roles: venueDayRoles,
  }),
  findWalkInCoupon: method<{ candidate: WalkInCandidate | null }>()({
    input: z.object({ ticketNumber: z.string().min(1).max(40), date: isoDateSchema }).strict(),
    roles: venueDayRoles,
  }),
  createWalkIn: method<VenueDayRow>()({
    input: z
      .object({
        slotId: z.string().min(1).max(64),
        couponId: z.string().min(1).max(64),
        doseNumber: z.number().int().min(1).max(9),
        mutationId,
      })
      .strict(),
    roles: venueDayRoles,
  }),
};
