/**
 * Contract methods of the phone booking desk: find and verify a caller, see what they may book, the
 * venue × day grid for the phone channel, seat holds on the hub while the caller is on the line, book
 * (with the follow-up dose), move, cancel, and the callback tasks for bookings the hub rejected.
 *
 * Roles: operators (the call center) and managers (they cover the phones at peaks and handle
 * escalations). Venue staff work from the daily list, admins manage accounts: neither books by phone.
 * Only a manager may override the one-booking-per-coupon-and-dose rule, and that is audited.
 */
import { z } from 'zod';
import { isValidBookingNumber } from '../../booking-number.ts';
import { bookingNotesInput, contactPhoneInput, doseNumberInput } from '../../booking-rules/booking-fields.ts';
import type { CallerEligibility } from '../../booking-rules/caller-eligibility.ts';
import type { SlotMisfit } from '../../booking-rules/slot-fit.ts';
import type { BookingStatus } from '../../booking-status.ts';
import { daysBetween, type IsoDate, isValidIsoDate, lastIsoDate } from '../../calendar.ts';
import { isKanaReading } from '../../kana.ts';
import { phoneKey } from '../../phone.ts';
import { parseTicketInput } from '../../ticket-number.ts';
import type { CouponStatus, StaffRole } from '../../vocabulary/index.ts';
import type { IneligibilityReason } from '../../vocabulary/terms.ts';
import { isoDateSchema, method } from '../method-spec.ts';
import type { BookingChannel, VenueKind } from './overview.ts';

export const phoneDeskRoles: readonly StaffRole[] = ['operator', 'manager'];
/** Who may book a second active booking for the same coupon and dose (audited). */
export const duplicateOverrideRoles: readonly StaffRole[] = ['manager'];

export const cancelReasons = ['caller_request', 'illness', 'schedule', 'booked_elsewhere', 'other'] as const;
export type CancelReason = (typeof cancelReasons)[number];
export const isCancelReason = (value: unknown): value is CancelReason =>
  (cancelReasons as readonly unknown[]).includes(value);

/** How a callback ended. 'informed': the resident was told (a refused change, a new number); not for a rejected booking. */
export const callbackOutcomes = ['rebooked', 'no_answer', 'declined', 'informed'] as const;
export type CallbackOutcome = (typeof callbackOutcomes)[number];

/** Why one slot cannot take this booking (domain/booking-rules/slot-fit.ts). */
export type SlotIneligibility = SlotMisfit;

/** Statuses a booking can still be moved or cancelled from. */
export const changeableBookingStatuses: readonly BookingStatus[] = ['held', 'provisional', 'confirmed'];

/** Longest grid one call returns. */
export const maxGridDays = 42;
export { maxContactPhoneLength, maxNotesLength } from '../../booking-rules/booking-fields.ts';

// Input messages are stable codes; the screen translates them next to the field.
const recordId = z.string().min(1).max(64);
const mutationId = z.uuid();

const ticketSearch = z.object({
  by: z.literal('ticket'),
  ticket: z
    .string()
    .max(64)
    .superRefine((raw, ctx) => {
      const parsed = parseTicketInput(raw);
      if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.error });
    }),
});
const readingSearch = z.object({
  by: z.literal('reading'),
  reading: z
    .string()
    .max(64)
    .refine((s) => isKanaReading(s), 'not_kana'),
  birthDate: isoDateSchema,
});
const phoneSearch = z.object({
  by: z.literal('phone'),
  phone: z
    .string()
    .max(40)
    .refine((s) => phoneKey(s).length >= 6, 'too_short'),
});
const bookingNumberSearch = z.object({
  by: z.literal('booking_number'),
  bookingNumber: z
    .string()
    .max(32)
    .refine((s) => isValidBookingNumber(s), 'invalid_booking_number'),
});

export const findCallerInput = z.discriminatedUnion('by', [
  ticketSearch,
  readingSearch,
  phoneSearch,
  bookingNumberSearch,
]);
export type FindCallerInput = z.input<typeof findCallerInput>;

const contactPhone = contactPhoneInput;
const notes = bookingNotesInput;

/** Whom a slot grid is for; the desk works out dose, product and window from the records. */
export const slotGridTarget = z.discriminatedUnion('purpose', [
  z.object({ purpose: z.literal('book'), couponId: recordId }),
  /** The dose after the one about to be booked in `previousSlotId` (not saved yet). */
  z.object({ purpose: z.literal('follow_up'), couponId: recordId, previousSlotId: recordId }),
  z.object({ purpose: z.literal('move'), bookingId: recordId }),
]);
export type SlotGridTarget = z.input<typeof slotGridTarget>;

/** The hub hold of the slot (holdPhoneSeat), which the booking takes over on the hub. */
const holdId = z.uuid();

export const createPhoneBookingInput = z.object({
  couponId: recordId,
  first: z.object({
    mutationId,
    slotId: recordId,
    doseNumber: doseNumberInput,
    holdId: holdId.optional(),
  }),
  /** The next dose of the series, booked in the same transaction. */
  followUp: z.object({ mutationId, slotId: recordId, holdId: holdId.optional() }).nullable(),
  contactPhone,
  notes,
  overrideDuplicate: z.boolean().default(false),
});
export type CreatePhoneBookingInput = z.input<typeof createPhoneBookingInput>;

export interface CallerCandidate {
  couponId: string;
  name: string;
  nameKana: string;
  ticketNumber: string;
  couponStatus: CouponStatus;
  /** Set when the search was by booking number. */
  bookingId: string | null;
  /** Wrong birth dates said for this coupon in a row lately (domain/birth-date-checks.ts). */
  failedBirthDates: number;
}

export type FindCallerResult =
  | { kind: 'found'; candidates: CallerCandidate[]; truncated: boolean }
  | { kind: 'not_found' }
  /** The scanned OCR line belongs to another municipality's coupon. */
  | { kind: 'other_municipality' };

export interface BookingVenue {
  venueId: string;
  name: string;
  address: string;
  phone: string;
}

/**
 * Why the hub refused a booking or a change of it: its code (SLOT_FULL, NOT_ELIGIBLE, …; SLOT_CLOSED
 * and BOOKING_NUMBER_CHANGED for the callback tasks of a closed slot and a new number) and, with
 * NOT_ELIGIBLE, the reasons.
 */
export interface HubRejection {
  code: string;
  reasons: IneligibilityReason[];
}

export interface CallerBooking {
  bookingId: string;
  bookingNumber: string;
  doseNumber: number;
  status: BookingStatus;
  channel: BookingChannel;
  slotId: string;
  date: IsoDate;
  startTime: string;
  endTime: string;
  venue: BookingVenue;
  productId: string;
  productName: string;
  contactPhone: string;
  notes: string;
  rejection: HubRejection | null;
  cancelReason: CancelReason | null;
}

export interface GivenDose {
  doseNumber: number;
  date: IsoDate;
  productName: string | null;
}

export interface CallerFile {
  couponId: string;
  name: string;
  nameKana: string;
  ticketNumber: string;
  couponStatus: CouponStatus;
  /** The phone number on the coupon record, offered as the contact number. */
  phoneOnFile: string;
  doses: GivenDose[];
  /** Every booking of this coupon, newest slot first. */
  bookings: CallerBooking[];
  eligibility: CallerEligibility & { productId: string | null; productName: string | null };
}

/** A mismatch says nothing about the stored date. */
/**
 * The desk answers only "matches" or "does not" (the stored date never leaves it), with the wrong
 * dates in a row for this coupon: including this one on a mismatch, the ones before on a match.
 */
export type VerifyCallerResult =
  | { match: false; failedAttempts: number }
  | { match: true; caller: CallerFile; failedAttempts: number };

export interface PhoneDeskVenue {
  venueId: string;
  name: string;
  area: string;
  address: string;
  kind: VenueKind;
}

export type PhoneSlotState = 'bookable' | 'full' | 'closed' | 'ineligible';

export interface PhoneSlot {
  slotId: string;
  venueId: string;
  productId: string;
  date: IsoDate;
  startTime: string;
  endTime: string;
  capacity: number;
  /** Seats the phone channel can still book, the call-center reserve included. */
  remaining: number;
  state: PhoneSlotState;
  /** Why the slot is 'ineligible' for this caller. */
  reasons: SlotIneligibility[];
}

export interface PhoneSlotGrid {
  from: IsoDate;
  to: IsoDate;
  today: IsoDate;
  doseNumber: number;
  /** Interval window of this dose; null for a first dose. */
  window: { from: IsoDate; to: IsoDate } | null;
  /** The first day worth showing: today, or later when the window or the age rule starts later. */
  earliest: IsoDate;
  /** The product this dose must be (the series' product); null when any product will do. */
  productId: string | null;
  products: Array<{ productId: string; name: string }>;
  venues: PhoneDeskVenue[];
  slots: PhoneSlot[];
}

/** Where and when a slot is. */
export interface SlotPlace {
  slotId: string;
  venueId: string;
  venueName: string;
  date: IsoDate;
  startTime: string;
  endTime: string;
}

export interface PhoneSlotChoice extends SlotPlace {
  remaining: number;
}

export type FollowUpOffer =
  | { kind: 'not_needed' }
  | {
      kind: 'proposed';
      doseNumber: number;
      window: { from: IsoDate; to: IsoDate };
      best: PhoneSlotChoice;
      alternatives: PhoneSlotChoice[];
    }
  | { kind: 'no_slot_in_window'; doseNumber: number; window: { from: IsoDate; to: IsoDate } };

export type CreatePhoneBookingResult =
  /** `replayed`: this mutation id was saved before; the stored bookings are returned again. */
  | { kind: 'booked'; replayed: boolean; bookings: CallerBooking[] }
  | { kind: 'duplicate'; doseNumber: number; existing: CallerBooking }
  | { kind: 'slot_unavailable'; doseNumber: number; slotId: string; why: 'full' | 'closed' }
  | { kind: 'ineligible'; doseNumber: number; reasons: SlotIneligibility[] };

export type MovePhoneBookingResult =
  | { kind: 'moved'; replayed: boolean; booking: CallerBooking; previousSlot: SlotPlace }
  | { kind: 'slot_unavailable'; why: 'full' | 'closed' }
  | { kind: 'ineligible'; reasons: SlotIneligibility[] }
  | { kind: 'not_changeable'; status: BookingStatus };

export type CancelPhoneBookingResult =
  | { kind: 'cancelled'; replayed: boolean; bookings: CallerBooking[] }
  | { kind: 'not_changeable'; status: BookingStatus };

/**
 * A seat held on the hub for the caller on the line (docs/architecture.md, "Holds"). Durations count
 * from the answer on this machine's clock. `capInMs`: the latest the hold can be extended to.
 */
export type PhoneHoldResult =
  | { kind: 'held'; holdId: string; slotId: string; expiresInMs: number; capInMs: number }
  /** The hub has no seat left in the slot for the phone channel (online bookings, other desks' holds). */
  | { kind: 'full' }
  /** The hold has ended (expired, released or booked): take a new one. */
  | { kind: 'ended' }
  /**
   * No hold: no hub configured, no live connection (or no answer in time), the hub login of this
   * desk may not book ('forbidden': the booking will be refused too), or the hub refused for another
   * reason. The seat is then counted locally and the booking is provisional.
   */
  | { kind: 'not_held'; why: 'unconfigured' | 'offline' | 'forbidden' | 'refused' };

/**
 * Why the resident has to be called back: the hub refused their provisional booking (it is rejected),
 * refused a move of it (the booking stays in its old slot), gave it another number than the one read
 * to them, or a manager closed its slot (the booking stays, the slot will not run)
 * (db/queries/callback-tasks.ts).
 */
export const callbackKinds = ['booking_rejected', 'move_refused', 'number_changed', 'slot_closed'] as const;
export type CallbackKind = (typeof callbackKinds)[number];

export interface CallbackTask {
  kind: CallbackKind;
  /** The booking as it is now; `rejection` carries the hub's reason for every kind. */
  booking: CallerBooking;
  couponId: string;
  name: string;
  nameKana: string;
  /** The booking's contact phone, or the coupon's when the booking has none. */
  phone: string;
  /** When the hub refused (or renumbered), or when the slot was closed. */
  rejectedAt: string;
  /** number_changed: the number the resident was given first; null otherwise. */
  previousBookingNumber: string | null;
}

export const phoneDeskMethods = {
  findCaller: method<FindCallerResult>()({ input: findCallerInput, roles: phoneDeskRoles }),
  verifyCaller: method<VerifyCallerResult>()({
    input: z.object({ couponId: recordId, birthDate: isoDateSchema }).strict(),
    roles: phoneDeskRoles,
  }),
  /** The caller file again (after a booking, or when data changed); audited as a view. */
  getCallerFile: method<CallerFile>()({
    input: z.object({ couponId: recordId }).strict(),
    roles: phoneDeskRoles,
  }),
  getPhoneSlotGrid: method<PhoneSlotGrid>()({
    input: z
      .object({ target: slotGridTarget, from: isoDateSchema, days: z.number().int().min(1).max(maxGridDays) })
      .strict()
      // The grid's last day must be a date too (a `from` at the very end of the calendar has none). Zod
      // runs this also when `from` itself failed, which then says so alone.
      .refine((q) => !isValidIsoDate(q.from) || daysBetween(q.from, lastIsoDate) >= q.days - 1, {
        message: 'the grid would end after the last date of the calendar',
        path: ['from'],
      }),
    roles: phoneDeskRoles,
  }),
  proposeFollowUp: method<FollowUpOffer>()({
    input: z.object({ couponId: recordId, previousSlotId: recordId }).strict(),
    roles: phoneDeskRoles,
  }),
  /** Holds the slot's seat on the hub (idempotent by holdId); answers quickly whatever the hub does. */
  holdPhoneSeat: method<PhoneHoldResult>()({
    input: z.object({ holdId, slotId: recordId }).strict(),
    roles: phoneDeskRoles,
  }),
  extendPhoneHold: method<PhoneHoldResult>()({
    input: z.object({ holdId }).strict(),
    roles: phoneDeskRoles,
  }),
  /** Gives the seat back (the operator went back, chose another slot or ended the call). */
  releasePhoneHold: method<{ released: boolean }>()({
    input: z.object({ holdId }).strict(),
    roles: phoneDeskRoles,
  }),
  createPhoneBooking: method<CreatePhoneBookingResult>()({
    input: createPhoneBookingInput,
    roles: phoneDeskRoles,
  }),
  movePhoneBooking: method<MovePhoneBookingResult>()({
    input: z
      .object({ mutationId, bookingId: recordId, toSlotId: recordId, holdId: holdId.optional() })
      .strict(),
    roles: phoneDeskRoles,
  }),
  cancelPhoneBooking: method<CancelPhoneBookingResult>()({
    input: z
      .object({
        mutationId,
        bookingId: recordId,
        reason: z.enum(cancelReasons),
        /** Also cancel the booked later doses of the series (a dose 2 without dose 1 makes no sense). */
        alsoCancelLaterDoses: z.boolean().default(true),
      })
      .strict(),
    roles: phoneDeskRoles,
  }),
  listCallbackTasks: method<{ tasks: CallbackTask[] }>()({
    input: z.object({}).strict(),
    roles: phoneDeskRoles,
  }),
  recordCallbackOutcome: method<{ recorded: boolean }>()({
    input: z
      .object({
        bookingId: recordId,
        outcome: z.enum(callbackOutcomes),
        rebookedBookingId: recordId.nullable(),
      })
      .strict(),
    roles: phoneDeskRoles,
  }),
};
