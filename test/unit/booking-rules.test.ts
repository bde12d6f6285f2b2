import { describe, expect, it } from 'vitest';
import {
  isReserveReleased,
  reserveReleaseDate,
  type SlotOccupancy,
  seatsRemaining,
  unreleasedReserve,
} from '../../domain/booking-rules/capacity.ts';
import {
  type DoseHistory,
  hasActiveBooking,
  nextDoseNumber,
  previousDoseDate,
} from '../../domain/booking-rules/dose-history.ts';
import {
  doseWindow,
  ineligibilityOf,
  type ProductRules,
  reasonsToTell,
} from '../../domain/booking-rules/eligibility.ts';

const slot = (over: Partial<SlotOccupancy> = {}): SlotOccupancy => ({
  date: '2030-06-20',
  capacity: 30,
  callCenterReserve: 10,
  reserveReleaseDays: 3,
  bookedOnline: 0,
  bookedPhone: 0,
  bookedWalkIn: 0,
  held: 0,
  ...over,
});

describe('capacity with the call-center reserve', () => {
  it('keeps the reserve from the online channel until the release day', () => {
    expect(reserveReleaseDate('2030-06-20', 3)).toBe('2030-06-17');
    expect(isReserveReleased('2030-06-20', 3, '2030-06-16')).toBe(false);
    expect(isReserveReleased('2030-06-20', 3, '2030-06-17')).toBe(true);
    expect(seatsRemaining(slot(), 'online', '2030-06-16')).toBe(20);
    expect(seatsRemaining(slot(), 'online', '2030-06-17')).toBe(30);
    expect(seatsRemaining(slot({ reserveReleaseDays: 0 }), 'online', '2030-06-19')).toBe(20);
    expect(seatsRemaining(slot({ reserveReleaseDays: 0 }), 'online', '2030-06-20')).toBe(30);
  });

  it('lets the phone channel use the whole capacity, reserve included', () => {
    expect(seatsRemaining(slot({ bookedOnline: 20 }), 'phone', '2030-06-01')).toBe(10);
    expect(seatsRemaining(slot({ bookedOnline: 20 }), 'online', '2030-06-01')).toBe(0);
    expect(seatsRemaining(slot({ bookedOnline: 20 }), 'walk_in', '2030-06-01')).toBe(10);
  });

  it('counts phone bookings, walk-ins and holds against the reserve first', () => {
    const s = slot({ bookedPhone: 4, held: 2, bookedWalkIn: 1 });
    expect(unreleasedReserve(s, '2030-06-01')).toBe(3);
    expect(seatsRemaining(s, 'online', '2030-06-01')).toBe(30 - 7 - 3);
    // Phone beyond the reserve eats into the online seats like any booking.
    const busy = slot({ bookedPhone: 15 });
    expect(unreleasedReserve(busy, '2030-06-01')).toBe(0);
    expect(seatsRemaining(busy, 'online', '2030-06-01')).toBe(15);
  });

  it('never answers a negative number', () => {
    expect(
      seatsRemaining(slot({ capacity: 5, callCenterReserve: 5, bookedOnline: 5 }), 'online', '2030-06-01'),
    ).toBe(0);
    expect(seatsRemaining(slot({ capacity: 0, callCenterReserve: 0 }), 'phone', '2030-06-01')).toBe(0);
  });
});

const product: ProductRules = { dosesInSeries: 2, intervalMinDays: 18, intervalMaxDays: 42, minAgeYears: 65 };
const base = {
  coupon: { status: 'active' as const, birthDate: '1947-04-01' },
  product,
  doseNumber: 1,
  vaccinationDate: '2030-06-20',
  previousDoseDate: null,
};

describe('eligibility', () => {
  it('accepts an eligible first dose', () => {
    expect(ineligibilityOf(base)).toEqual([]);
  });

  it('refuses void and moved-out coupons', () => {
    expect(ineligibilityOf({ ...base, coupon: { ...base.coupon, status: 'void' } })).toEqual(['COUPON_VOID']);
    expect(ineligibilityOf({ ...base, coupon: { ...base.coupon, status: 'moved_out' } })).toEqual([
      'MOVED_OUT',
    ]);
  });

  it('refuses a dose beyond the series', () => {
    expect(ineligibilityOf({ ...base, doseNumber: 3, previousDoseDate: '2030-05-20' })).toEqual([
      'SERIES_COMPLETE',
    ]);
  });

  it('checks the minimum age on the vaccination day (older on the birthday itself)', () => {
    const turning65 = { ...base.coupon, birthDate: '1965-06-20' };
    expect(ineligibilityOf({ ...base, coupon: turning65, vaccinationDate: '2030-06-19' })).toEqual([
      'TOO_YOUNG',
    ]);
    expect(ineligibilityOf({ ...base, coupon: turning65, vaccinationDate: '2030-06-20' })).toEqual([]);
  });

  it('keeps a later dose within the interval window after the previous one', () => {
    const second = { ...base, doseNumber: 2, previousDoseDate: '2030-06-01' };
    expect(doseWindow('2030-06-01', product)).toEqual({ from: '2030-06-19', to: '2030-07-13' });
    expect(ineligibilityOf({ ...second, vaccinationDate: '2030-06-18' })).toEqual(['INTERVAL_TOO_SHORT']);
    expect(ineligibilityOf({ ...second, vaccinationDate: '2030-06-19' })).toEqual([]);
    expect(ineligibilityOf({ ...second, vaccinationDate: '2030-07-13' })).toEqual([]);
    expect(ineligibilityOf({ ...second, vaccinationDate: '2030-07-14' })).toEqual(['INTERVAL_TOO_LONG']);
    expect(ineligibilityOf({ ...second, previousDoseDate: null })).toEqual(['PREVIOUS_DOSE_MISSING']);
  });

  it('tells a reason about the ticket alone, never beside a slot reason that contradicts it', () => {
    // Both doses given: "all done", not also "too soon after the previous dose".
    expect(ineligibilityOf({ ...base, doseNumber: 3, previousDoseDate: '2030-06-15' })).toEqual([
      'SERIES_COMPLETE',
    ]);
    const voidAndMore = ineligibilityOf({
      ...base,
      coupon: { status: 'void', birthDate: '2020-01-01' },
      doseNumber: 3,
      previousDoseDate: '2030-06-15',
    });
    expect(voidAndMore).toEqual(['COUPON_VOID']);
  });

  it('tells every slot reason when no ticket reason applies', () => {
    const reasons = ineligibilityOf({
      ...base,
      coupon: { status: 'active', birthDate: '2020-01-01' },
      doseNumber: 2,
      previousDoseDate: '2030-06-15',
    });
    expect(reasons).toEqual(['TOO_YOUNG', 'INTERVAL_TOO_SHORT']);
  });

  it('orders the reasons of several slots by precedence, the first ticket reason winning', () => {
    expect(reasonsToTell(['INTERVAL_TOO_SHORT', 'TOO_YOUNG', 'INTERVAL_TOO_SHORT'])).toEqual([
      'TOO_YOUNG',
      'INTERVAL_TOO_SHORT',
    ]);
    expect(reasonsToTell(['INTERVAL_TOO_SHORT', 'SERIES_COMPLETE', 'OTHER_MUNICIPALITY'])).toEqual([
      'OTHER_MUNICIPALITY',
    ]);
    expect(reasonsToTell(['OTHER_MUNICIPALITY', 'MOVED_OUT'])).toEqual(['MOVED_OUT']);
    expect(reasonsToTell([])).toEqual([]);
  });
});

describe('dose history', () => {
  const history: DoseHistory = {
    given: [{ doseNumber: 1, date: '2030-05-01' }],
    booked: [{ doseNumber: 2, date: '2030-05-25' }],
  };

  it('names the dose after the highest one given', () => {
    expect(nextDoseNumber({ given: [], booked: [] })).toBe(1);
    expect(nextDoseNumber(history)).toBe(2);
  });

  it('sees a dose as taken when it is booked or given', () => {
    expect(hasActiveBooking(history, 1)).toBe(true);
    expect(hasActiveBooking(history, 2)).toBe(true);
    expect(hasActiveBooking(history, 3)).toBe(false);
  });

  it('takes the previous dose from what was given, else from a booking', () => {
    expect(previousDoseDate(history, 1)).toBeNull();
    expect(previousDoseDate(history, 2)).toBe('2030-05-01');
    expect(previousDoseDate(history, 3)).toBe('2030-05-25');
    expect(previousDoseDate(history, 4)).toBeNull();
  });
});
