/**
 * The booking transaction body, shared by every channel: lock the coupon, check duplicates and
 * eligibility with domain/booking-rules, take the seats by conditional UPDATE (both or neither),
 * insert the bookings, record the changes. Runs inside runHubTransaction; throws HubError.
 *
 * Lock order, the same for every writer so they cannot deadlock: coupon row → slot rows in id
 * order → change-log head (taken last, just before COMMIT).
 */
import { randomInt, randomUUID } from 'node:crypto';
import { makeBookingNumber } from '../../domain/booking-number.ts';
import type { CapacityChannel } from '../../domain/booking-rules/capacity.ts';
import {
  type DoseEvent,
  type DoseHistory,
  hasActiveBooking,
  nextDoseNumber,
  previousDoseDate,
} from '../../domain/booking-rules/dose-history.ts';
import {
  type IneligibilityReason,
  ineligibilityOf,
  ineligibilityReasonText,
} from '../../domain/booking-rules/eligibility.ts';
import type { CouponStatus } from '../../domain/demo-city/records.ts';
import type { BookingView } from '../../domain/hub-api/public-api.ts';
import { HubError } from '../hub-error.ts';
import type { HubTx } from '../store/hub-transaction.ts';
import { type BookingRow, bookingRecordOf } from '../store/records.ts';
import { isUniqueViolation } from '../store/sql-errors.ts';
import { sweepExpiredHolds, takeSeat } from './seat-counters.ts';

export interface BookCouponInput {
  couponId: string;
  channel: CapacityChannel;
  /** The first slot, and optionally the slot for the following dose (booked together or not at all). */
  slotIds: readonly [string] | readonly [string, string];
  /** The dose of the first slot; 'next' = the dose after the highest one given. */
  doseNumber: number | 'next';
  /** Today in Japan: slots before it cannot be booked, and it decides the reserve release. */
  today: string;
  contactPhone?: string;
  contactEmail?: string;
  createdBy?: string | null;
  mutationId?: string | null;
  notes?: string;
  /** When set, a coupon of another municipality is treated as unknown (a desktop sees only its own). */
  municipalityCode?: string | null;
}

interface SlotFacts {
  id: string;
  municipality_code: string;
  venue_id: string;
  venue_name: string;
  product_name: string;
  date: string;
  start_time: string;
  end_time: string;
  status: 'open' | 'closed';
  held: number;
  doses_in_series: number;
  interval_min_days: number;
  interval_max_days: number;
  min_age_years: number;
}

const randomUnit = (): number => randomInt(0, 2 ** 32) / 2 ** 32;
const maxBookingNumberAttempts = 8;

function notEligible(reasons: IneligibilityReason[]): HubError {
  const text = reasons.map((r) => ineligibilityReasonText[r].en).join(' ');
  return new HubError('NOT_ELIGIBLE', text, { reasons });
}

async function doseHistory(tx: HubTx, couponId: string): Promise<DoseHistory> {
  const recorded = await tx.query<{ dose_number: number; date: string }>(
    'SELECT dose_number, date FROM coupon_doses WHERE coupon_id = $1',
    [couponId],
  );
  const booked = await tx.query<{ dose_number: number; date: string; status: string }>(
    `SELECT b.dose_number, s.date, b.status FROM bookings b JOIN slots s ON s.id = b.slot_id
     WHERE b.coupon_id = $1 AND b.status IN ('confirmed', 'checked_in', 'vaccinated')`,
    [couponId],
  );
  const event = (r: { dose_number: number; date: string }): DoseEvent => ({
    doseNumber: r.dose_number,
    date: r.date,
  });
  return {
    given: [...recorded.map(event), ...booked.filter((b) => b.status === 'vaccinated').map(event)],
    booked: booked.filter((b) => b.status !== 'vaccinated').map(event),
  };
}

export interface BookedSeat {
  row: BookingRow;
  /** The booking as the public API shows it. */
  view: BookingView;
}

export async function bookCoupon(tx: HubTx, input: BookCouponInput): Promise<BookedSeat[]> {
  const [coupon] = await tx.query<{
    id: string;
    municipality_code: string;
    status: CouponStatus;
    birth_date: string;
  }>('SELECT id, municipality_code, status, birth_date FROM coupons WHERE id = $1 FOR UPDATE', [
    input.couponId,
  ]);
  if (!coupon || (input.municipalityCode && coupon.municipality_code !== input.municipalityCode)) {
    throw new HubError('NOT_FOUND', 'The vaccination ticket does not exist.');
  }

  const slotRows = await tx.query<SlotFacts>(
    `SELECT s.id, s.municipality_code, s.venue_id, v.name AS venue_name, p.name AS product_name, s.date,
            s.start_time, s.end_time, s.status, s.held,
            p.doses_in_series, p.interval_min_days, p.interval_max_days, p.min_age_years
     FROM slots s JOIN vaccine_products p ON p.id = s.product_id JOIN venues v ON v.id = s.venue_id
     WHERE s.id = ANY($1::text[])`,
    [[...input.slotIds]],
  );
  const slots = input.slotIds.map((id) => slotRows.find((s) => s.id === id));
  slots.forEach((slot, i) => {
    if (!slot || slot.municipality_code !== coupon.municipality_code) {
      const path = i === 0 ? 'slotId' : 'followUpSlotId';
      throw new HubError('VALIDATION', 'No such slot for this ticket.', {
        fields: [{ path, message: 'unknown slot' }],
      });
    }
  });
  const plan = slots as SlotFacts[];

  const history = await doseHistory(tx, coupon.id);
  const firstDose = input.doseNumber === 'next' ? nextDoseNumber(history) : input.doseNumber;
  const doses = plan.map((_, i) => firstDose + i);
  if (doses.some((dose) => hasActiveBooking(history, dose))) {
    throw new HubError('ALREADY_BOOKED', 'This ticket already has a booking for that dose.');
  }

  const reasons = new Set<IneligibilityReason>();
  plan.forEach((slot, i) => {
    const dose = doses[i]!;
    const previous = i === 0 ? previousDoseDate(history, dose) : plan[i - 1]!.date;
    for (const reason of ineligibilityOf({
      coupon: { status: coupon.status, birthDate: coupon.birth_date },
      product: {
        dosesInSeries: slot.doses_in_series,
        intervalMinDays: slot.interval_min_days,
        intervalMaxDays: slot.interval_max_days,
        minAgeYears: slot.min_age_years,
      },
      doseNumber: dose,
      vaccinationDate: slot.date,
      previousDoseDate: previous,
    })) {
      reasons.add(reason);
    }
  });
  if (reasons.size > 0) throw notEligible([...reasons]);

  if (plan.some((slot) => slot.status !== 'open' || slot.date < input.today)) {
    throw new HubError('SLOT_FULL', 'This slot is closed for booking.');
  }

  const lockOrder = [...input.slotIds].sort();
  // held counts every unswept hold, so a slot with held = 0 has no expired hold to sweep.
  if (plan.some((slot) => slot.held > 0)) await sweepExpiredHolds(tx, lockOrder);
  for (const slotId of lockOrder) {
    const taken = await takeSeat(tx, slotId, input.channel, input.today);
    if (!taken) throw new HubError('SLOT_FULL', 'No seat is left in this slot for this channel.');
  }

  const booked: BookedSeat[] = [];
  for (const [i, slot] of plan.entries()) {
    const row = await insertBooking(tx, input, coupon.municipality_code, slot.id, doses[i]!, i === 0);
    booked.push({
      row,
      view: {
        id: row.id,
        bookingNumber: row.booking_number,
        slotId: slot.id,
        doseNumber: row.dose_number,
        status: row.status,
        venueId: slot.venue_id,
        venueName: slot.venue_name,
        date: slot.date,
        startTime: slot.start_time,
        endTime: slot.end_time,
        productName: slot.product_name,
      },
    });
  }
  return booked;
}

async function insertBooking(
  tx: HubTx,
  input: BookCouponInput,
  municipalityCode: string,
  slotId: string,
  doseNumber: number,
  first: boolean,
): Promise<BookingRow> {
  const id = randomUUID();
  for (let attempt = 0; attempt < maxBookingNumberAttempts; attempt++) {
    try {
      const [row] = await tx.query<BookingRow>(
        `INSERT INTO bookings (id, booking_number, municipality_code, coupon_id, slot_id, dose_number, channel, status,
                               contact_phone, contact_email, created_by, mutation_id, created_at, updated_at, notes)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'confirmed', $8, $9, $10, $11, $12, $12, $13)
         ON CONFLICT (booking_number) DO NOTHING
         RETURNING *`,
        [
          id,
          makeBookingNumber(randomUnit),
          municipalityCode,
          input.couponId,
          slotId,
          doseNumber,
          input.channel,
          input.contactPhone ?? '',
          input.contactEmail ?? '',
          input.createdBy ?? null,
          first ? (input.mutationId ?? null) : null,
          tx.now,
          input.notes ?? '',
        ],
      );
      if (row) {
        tx.changes.upsert('booking', row.id, bookingRecordOf(row), row.municipality_code);
        return row;
      }
    } catch (error) {
      if (isUniqueViolation(error, 'bookings_one_active_per_dose')) {
        throw new HubError('ALREADY_BOOKED', 'This ticket already has a booking for that dose.');
      }
      throw error;
    }
  }
  throw new Error('could not find a free booking number');
}
