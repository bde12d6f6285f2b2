/**
 * Contract methods of the venue day: the day's list for one venue, marking residents checked in,
 * vaccinated (with the vaccine lot) or no-show, undoing a mark the same day, walk-ins for free seats,
 * and tomorrow's reminder calls. Changes go to the outbox for the hub in the same transaction.
 */
import { z } from 'zod';
import type { BookingStatus } from '../../booking-status.ts';
import type { StaffRole } from '../../staff-roles.ts';
import { isoDateSchema, method } from '../method-spec.ts';
import type { DailyListRow } from './daily-list.ts';

export const venueDayRoles: readonly StaffRole[] = ['venue_staff', 'manager'];
export const reminderCallRoles: readonly StaffRole[] = ['operator', 'manager'];

export const attendanceMarks = ['checked_in', 'vaccinated', 'no_show'] as const;
export type AttendanceMark = (typeof attendanceMarks)[number];

/** From which statuses each mark may be set. */
export const attendanceMarkFrom: Record<AttendanceMark, readonly BookingStatus[]> = {
  checked_in: ['provisional', 'confirmed', 'no_show'],
  vaccinated: ['provisional', 'confirmed', 'checked_in'],
  no_show: ['provisional', 'confirmed'],
};

export interface VenueDayRow extends DailyListRow {
  vaccineLot: string | null;
  /** True when the last change was a venue-day mark made today, which can be undone. */
  canUndo: boolean;
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
  sex: 'M' | 'F' | 'U';
  /** The next dose by the doses and vaccinated bookings on record. */
  nextDose: number;
  status: 'active' | 'void' | 'moved_out';
  /** A booking of this resident on the same day that takes a seat (then check that one in instead). */
  bookedTodayId: string | null;
}

export const reminderOutcomes = ['reached', 'message', 'no_answer'] as const;
export type ReminderOutcome = (typeof reminderOutcomes)[number];

export interface ReminderCall {
  bookingId: string;
  venueName: string;
  startTime: string;
  bookingNumber: string;
  name: string;
  nameKana: string;
  phone: string;
  doseNumber: number;
  outcome: ReminderOutcome | null;
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
  getReminderCalls: method<ReminderCall[]>()({
    input: z.object({ date: isoDateSchema }).strict(),
    roles: reminderCallRoles,
  }),
  recordReminderOutcome: method<ReminderCall>()({
    input: z.object({ bookingId: z.string().min(1).max(64), outcome: z.enum(reminderOutcomes) }).strict(),
    roles: reminderCallRoles,
  }),
};
