/**
 * Everything a booking must pass before it takes a seat, with domain/booking-rules: the coupon
 * exists (in the caller's municipality), the slots belong to it, no active booking of the same dose,
 * eligibility (coupon status, age, series, dose interval), the slot open and not started (a walk-in
 * excepted: domain/booking-rules/slot-start.ts). The facts come from one statement,
 * hub_booking_facts() (store/migrations/011), and judgeBooking() decides on them alone, so the
 * online booking can judge facts it read and have the database write only while they still hold
 * (online-booking.ts). Used by the booking transaction (with the coupon row locked), the online
 * booking and the public booking plan (a dry run).
 * checkMove: the same for a booking going to another slot (domain/booking-rules/slot-fit.ts, as the
 * desktop's phone desk checks a move).
 */

import type { CapacityChannel } from '../../domain/booking-rules/capacity.ts';
import {
  type DoseHistory,
  hasActiveBooking,
  nextBookedDoseDate,
  nextDoseNumber,
  previousDoseDate,
  type SeriesSoFar,
  seriesSoFar,
} from '../../domain/booking-rules/dose-history.ts';
import {
  type IneligibilityReason,
  ineligibilityOf,
  ineligibilityReasonText,
  type ProductRules,
  reasonsToTell,
} from '../../domain/booking-rules/eligibility.ts';
import { slotMisfits } from '../../domain/booking-rules/slot-fit.ts';
import { slotHasStarted, tooLateToBook } from '../../domain/booking-rules/slot-start.ts';
import { daysBetween } from '../../domain/calendar.ts';
import type { CouponStatus } from '../../domain/vocabulary/index.ts';
import { HubError } from '../hub-error.ts';
import type { SqlExecutor } from '../store/hub-sql.ts';

export interface CouponFacts {
  id: string;
  municipality_code: string;
  status: CouponStatus;
  birth_date: string;
}

export interface SlotFacts {
  id: string;
  municipality_code: string;
  venue_id: string;
  venue_name: string;
  product_id: string;
  product_name: string;
  date: string;
  start_time: string;
  end_time: string;
  status: 'open' | 'closed';
  doses_in_series: number;
  interval_min_days: number;
  interval_max_days: number;
  min_age_years: number;
  /** NULL: the minimum age is checked on the vaccination day. */
  age_reference_date: string | null;
}

/** What hub_booking_facts() answers: the coupon (null when unknown), the slots found (id order), the doses. */
export interface BookingFacts {
  coupon: CouponFacts | null;
  slots: SlotFacts[];
  recorded: Array<{ dose_number: number; date: string; product_id: string | null }>;
  booked: Array<{
    id: string;
    dose_number: number;
    date: string;
    product_id: string;
    status: 'confirmed' | 'checked_in' | 'vaccinated';
  }>;
}

/** The facts of a coupon and slots, as the database holds them now (a coupon locked by the caller stays so). */
export async function readBookingFacts(
  sql: SqlExecutor,
  couponId: string,
  slotIds: readonly string[],
): Promise<BookingFacts> {
  const [row] = await sql.query<{ facts: BookingFacts }>(
    'SELECT hub_booking_facts($1, $2::text[]) AS facts',
    [couponId, [...slotIds]],
  );
  return row!.facts;
}

/** The series of the facts' coupon (domain seriesSoFar), without `excludeBookingId` when given. */
export function seriesOf(facts: BookingFacts, excludeBookingId: string | null = null): SeriesSoFar {
  return seriesSoFar(
    [
      ...facts.recorded.map((d) => ({
        doseNumber: d.dose_number,
        date: d.date,
        productId: d.product_id,
        given: true,
        bookingId: null,
      })),
      ...facts.booked.map((b) => ({
        doseNumber: b.dose_number,
        date: b.date,
        productId: b.product_id,
        given: b.status === 'vaccinated',
        bookingId: b.id,
      })),
    ],
    excludeBookingId,
  );
}

export interface BookingCheckInput {
  couponId: string;
  slotIds: readonly [string] | readonly [string, string];
  /** The dose of the first slot; 'next' = the dose after the highest one given. */
  doseNumber: number | 'next';
  /** The hub's clock: a slot that has started by then is too late (domain/booking-rules/slot-start.ts). */
  now: Date;
  /**
   * A desktop's municipality: a coupon or slot of another is unknown to it (NOT_FOUND, VALIDATION).
   * Without it (the online channel) a slot of another municipality than the coupon's is refused as
   * NOT_ELIGIBLE OTHER_MUNICIPALITY: the resident proved who they are, the venue does not take them.
   */
  municipalityCode?: string | null;
  /** Lock the coupon row (FOR UPDATE) until the transaction ends. */
  lock: boolean;
  /**
   * 'walk_in': a venue's record of someone vaccinated there that day, which may reach the hub only
   * after the slot or its day (a venue offline until the next morning): a started slot does not refuse it.
   */
  channel: CapacityChannel;
}

export interface CheckedBooking {
  coupon: CouponFacts;
  /** In the order of slotIds. */
  slots: SlotFacts[];
  /** The dose of each slot. */
  doses: number[];
}

export const productRulesOf = (slot: SlotFacts): ProductRules => ({
  dosesInSeries: slot.doses_in_series,
  intervalMinDays: slot.interval_min_days,
  intervalMaxDays: slot.interval_max_days,
  minAgeYears: slot.min_age_years,
  ageReferenceDate: slot.age_reference_date,
});

const startOf = (slot: SlotFacts) => ({ date: slot.date, startTime: slot.start_time });

const anotherVaccine = (path: string): HubError =>
  new HubError('VALIDATION', 'The slot is for another vaccine than the series.', {
    fields: [{ path, message: 'another vaccine' }],
  });

export const slotStarted = (): HubError =>
  new HubError('SLOT_STARTED', 'This slot has already started; it can no longer be booked.');

/** NOT_ELIGIBLE with the reasons to tell (domain reasonsToTell: a ticket reason alone). */
function notEligible(applying: Iterable<IneligibilityReason>): HubError {
  const reasons = reasonsToTell(applying);
  const text = reasons.map((r) => ineligibilityReasonText[r].en).join(' ');
  return new HubError('NOT_ELIGIBLE', text, { reasons });
}

export async function doseHistory(sql: SqlExecutor, couponId: string): Promise<DoseHistory> {
  return seriesOf(await readBookingFacts(sql, couponId, [])).history;
}

/**
 * Reads the facts (locking the coupon first when asked) and judges them: throws the HubError the
 * booking would get (NOT_FOUND, VALIDATION, ALREADY_BOOKED, NOT_ELIGIBLE, SLOT_FULL for a closed slot,
 * SLOT_STARTED).
 */
export async function checkBooking(sql: SqlExecutor, input: BookingCheckInput): Promise<CheckedBooking> {
  if (input.lock) await sql.query('SELECT 1 FROM coupons WHERE id = $1 FOR UPDATE', [input.couponId]);
  return judgeBooking(await readBookingFacts(sql, input.couponId, input.slotIds), input);
}

/** The booking rules over the facts alone (no I/O): what checkBooking answers for them. */
export function judgeBooking(facts: BookingFacts, input: Omit<BookingCheckInput, 'lock'>): CheckedBooking {
  const { coupon } = facts;
  if (!coupon || (input.municipalityCode && coupon.municipality_code !== input.municipalityCode)) {
    throw new HubError('NOT_FOUND', 'The vaccination ticket does not exist.');
  }

  const found = input.slotIds.map((id) => facts.slots.find((s) => s.id === id));
  found.forEach((slot, i) => {
    if (!slot || (input.municipalityCode && slot.municipality_code !== input.municipalityCode)) {
      const path = i === 0 ? 'slotId' : 'followUpSlotId';
      throw new HubError('VALIDATION', 'No such slot for this ticket.', {
        fields: [{ path, message: 'unknown slot' }],
      });
    }
  });
  const slots = found as SlotFacts[];

  const { history, seriesProductId } = seriesOf(facts);
  const firstDose = input.doseNumber === 'next' ? nextDoseNumber(history) : input.doseNumber;
  const doses = slots.map((_, i) => firstDose + i);
  if (doses.some((dose) => hasActiveBooking(history, dose))) {
    throw new HubError('ALREADY_BOOKED', 'This ticket already has a booking for that dose.');
  }

  // The vaccine of the series, or else of the first slot, for every slot (as a move must keep it).
  const product = seriesProductId ?? slots[0]!.product_id;
  slots.forEach((slot, i) => {
    if (slot.product_id !== product) throw anotherVaccine(i === 0 ? 'slotId' : 'followUpSlotId');
  });

  const reasons = new Set<IneligibilityReason>();
  if (slots.some((slot) => slot.municipality_code !== coupon.municipality_code)) {
    reasons.add('OTHER_MUNICIPALITY');
  }
  slots.forEach((slot, i) => {
    const dose = doses[i]!;
    const previous = i === 0 ? previousDoseDate(history, dose) : slots[i - 1]!.date;
    for (const reason of ineligibilityOf({
      coupon: { status: coupon.status, birthDate: coupon.birth_date },
      product: productRulesOf(slot),
      doseNumber: dose,
      vaccinationDate: slot.date,
      previousDoseDate: previous,
    })) {
      reasons.add(reason);
    }
  });
  if (reasons.size > 0) throw notEligible(reasons);

  if (slots.some((slot) => slot.status !== 'open')) {
    throw new HubError('SLOT_FULL', 'This slot is closed for booking.');
  }
  if (slots.some((slot) => tooLateToBook(startOf(slot), input.channel, input.now))) throw slotStarted();
  return { coupon, slots, doses };
}

export interface MoveCheckInput {
  /** The coupon of the booking, row-locked by the caller. */
  coupon: CouponFacts;
  bookingId: string;
  doseNumber: number;
  toSlotId: string;
  /** The hub's clock: a slot that has started by then cannot be moved into. */
  now: Date;
}

/**
 * Whether the booking may go to `toSlotId` (the slot's facts when it may): the series without the
 * booking itself decides, as on the desktop — the same product, a dose not given already, the interval
 * after the previous dose and, when the next dose is booked, before it. Throws VALIDATION (unknown slot,
 * another vaccine), ALREADY_BOOKED (the dose was given), NOT_ELIGIBLE, SLOT_FULL (closed) or SLOT_STARTED.
 */
export async function checkMove(sql: SqlExecutor, input: MoveCheckInput): Promise<SlotFacts> {
  const facts = await readBookingFacts(sql, input.coupon.id, [input.toSlotId]);
  const slot = facts.slots[0];
  if (!slot || slot.municipality_code !== input.coupon.municipality_code) {
    throw new HubError('VALIDATION', 'No such slot for this booking.', {
      fields: [{ path: 'toSlotId', message: 'unknown slot' }],
    });
  }
  const { history, seriesProductId } = seriesOf(facts, input.bookingId);
  const dose = input.doseNumber;
  const nextDoseDate = nextBookedDoseDate(history, dose);
  const misfits = slotMisfits({
    coupon: { status: input.coupon.status, birthDate: input.coupon.birth_date },
    doseNumber: dose,
    slot: { date: slot.date, productId: slot.product_id },
    product: productRulesOf(slot),
    seriesProductId,
    doseAlreadyGiven: history.given.some((d) => d.doseNumber === dose),
    previousDoseDate: previousDoseDate(history, dose),
    nextDoseDate,
  });
  if (misfits.includes('DOSE_ALREADY_GIVEN')) {
    throw new HubError('ALREADY_BOOKED', 'This ticket already has that dose.');
  }
  if (misfits.includes('PRODUCT_MISMATCH')) throw anotherVaccine('toSlotId');
  const reasons = new Set<IneligibilityReason>();
  for (const misfit of misfits) {
    if (misfit === 'FOLLOW_UP_OUT_OF_WINDOW') {
      // The next dose would come too soon or too late after this one.
      const gap = daysBetween(slot.date, nextDoseDate!);
      reasons.add(gap < slot.interval_min_days ? 'INTERVAL_TOO_SHORT' : 'INTERVAL_TOO_LONG');
    } else if (misfit !== 'DOSE_ALREADY_GIVEN' && misfit !== 'PRODUCT_MISMATCH') {
      reasons.add(misfit);
    }
  }
  if (reasons.size > 0) throw notEligible(reasons);
  if (slot.status !== 'open') throw new HubError('SLOT_FULL', 'This slot is closed for booking.');
  if (slotHasStarted(startOf(slot), input.now)) throw slotStarted();
  return slot;
}
