import { describe, expect, it } from 'vitest';
import {
  type CallerEligibilityInput,
  callerEligibility,
  dayOfAge,
  earliestBookableDay,
} from '../../domain/booking-rules/caller-eligibility.ts';
import type { ProductRules } from '../../domain/booking-rules/eligibility.ts';
import { slotMisfits } from '../../domain/booking-rules/slot-fit.ts';

const product: ProductRules = { dosesInSeries: 2, intervalMinDays: 21, intervalMaxDays: 42, minAgeYears: 12 };
const today = '2021-06-01';

const input = (over: Partial<CallerEligibilityInput> = {}): CallerEligibilityInput => ({
  coupon: { status: 'active', birthDate: '1947-04-01' },
  history: { given: [], booked: [] },
  seriesProduct: null,
  lowestMinAgeYears: 12,
  today,
  ...over,
});

describe('what the caller can book next', () => {
  it('a first dose on any day from today, with the age today', () => {
    expect(callerEligibility(input())).toEqual({
      status: 'bookable',
      nextDose: 1,
      dosesGiven: 0,
      dosesInSeries: null,
      previousDoseDate: null,
      window: null,
      ageToday: 74,
      minAgeYears: 12,
      oldEnoughFrom: null,
    });
  });

  it('a second dose inside the window from the first, given or only booked', () => {
    const given = callerEligibility(
      input({
        history: { given: [{ doseNumber: 1, date: '2021-05-20' }], booked: [] },
        seriesProduct: product,
      }),
    );
    expect(given).toMatchObject({
      status: 'bookable',
      nextDose: 2,
      dosesGiven: 1,
      dosesInSeries: 2,
      previousDoseDate: '2021-05-20',
      window: { from: '2021-06-10', to: '2021-07-01' },
    });
    const booked = callerEligibility(
      input({
        history: { given: [], booked: [{ doseNumber: 1, date: '2021-06-05' }] },
        seriesProduct: product,
      }),
    );
    expect(booked).toMatchObject({
      status: 'bookable',
      nextDose: 2,
      dosesGiven: 0,
      previousDoseDate: '2021-06-05',
    });
  });

  it('nothing when every dose is booked or given', () => {
    const allBooked = input({
      history: {
        given: [],
        booked: [
          { doseNumber: 1, date: '2021-06-05' },
          { doseNumber: 2, date: '2021-06-26' },
        ],
      },
      seriesProduct: product,
    });
    expect(callerEligibility(allBooked)).toMatchObject({ status: 'all_booked', nextDose: null });
    const complete = input({
      history: {
        given: [
          { doseNumber: 1, date: '2021-04-01' },
          { doseNumber: 2, date: '2021-04-22' },
        ],
        booked: [],
      },
      seriesProduct: product,
    });
    expect(callerEligibility(complete)).toMatchObject({
      status: 'series_complete',
      nextDose: null,
      dosesGiven: 2,
    });
  });

  it('nothing on a void or moved-out coupon', () => {
    expect(callerEligibility(input({ coupon: { status: 'void', birthDate: '1947-04-01' } }))).toMatchObject({
      status: 'coupon_void',
      nextDose: null,
    });
    expect(
      callerEligibility(input({ coupon: { status: 'moved_out', birthDate: '1947-04-01' } })),
    ).toMatchObject({
      status: 'moved_out',
      nextDose: null,
    });
  });

  it('nothing where no venue takes the ticket’s municipality, one reason only (a void coupon first)', () => {
    const complete = {
      given: [
        { doseNumber: 1, date: '2021-04-01' },
        { doseNumber: 2, date: '2021-04-22' },
      ],
      booked: [],
    };
    expect(callerEligibility(input({ servedHere: false }))).toMatchObject({
      status: 'other_municipality',
      nextDose: null,
    });
    // Another municipality's ticket whose series is complete: the municipality is what stops it here.
    expect(
      callerEligibility(input({ servedHere: false, history: complete, seriesProduct: product })),
    ).toMatchObject({ status: 'other_municipality' });
    expect(
      callerEligibility(input({ servedHere: false, coupon: { status: 'void', birthDate: '1947-04-01' } })),
    ).toMatchObject({ status: 'coupon_void' });
    expect(callerEligibility(input({ servedHere: true }))).toMatchObject({ status: 'bookable' });
  });

  it('flags a window that closed before today, and not the day it closes', () => {
    const lastDay = input({
      history: { given: [{ doseNumber: 1, date: '2021-04-20' }], booked: [] },
      seriesProduct: product,
    });
    expect(callerEligibility(lastDay)).toMatchObject({ status: 'bookable', window: { to: '2021-06-01' } });
    const missed = { ...lastDay, today: '2021-06-02' };
    expect(callerEligibility(missed)).toMatchObject({ status: 'window_passed', nextDose: null });
  });

  it('names the day a young resident becomes old enough, and starts the grid there', () => {
    const young = callerEligibility(input({ coupon: { status: 'active', birthDate: '2009-06-20' } }));
    expect(young).toMatchObject({ status: 'bookable', ageToday: 11, oldEnoughFrom: '2021-06-20' });
    expect(earliestBookableDay(young, today)).toBe('2021-06-20');
  });
});

describe('birthdays', () => {
  it('of a resident born on February 29 fall on March 1 in common years', () => {
    expect(dayOfAge('2008-02-29', 12)).toBe('2020-02-29');
    expect(dayOfAge('2009-02-28', 12)).toBe('2021-02-28');
    expect(dayOfAge('2008-02-29', 13)).toBe('2021-03-01');
  });
});

describe('whether a slot fits the dose', () => {
  const base = {
    coupon: { status: 'active' as const, birthDate: '1947-04-01' },
    doseNumber: 2,
    slot: { date: '2021-06-10', productId: 'pfizer' },
    product,
    seriesProductId: 'pfizer',
    doseAlreadyGiven: false,
    previousDoseDate: '2021-05-20',
    nextDoseDate: null,
  };

  it('fits on the first and last day of the window and not outside', () => {
    expect(slotMisfits(base)).toEqual([]);
    expect(slotMisfits({ ...base, slot: { ...base.slot, date: '2021-07-01' } })).toEqual([]);
    expect(slotMisfits({ ...base, slot: { ...base.slot, date: '2021-06-09' } })).toEqual([
      'INTERVAL_TOO_SHORT',
    ]);
    expect(slotMisfits({ ...base, slot: { ...base.slot, date: '2021-07-02' } })).toEqual([
      'INTERVAL_TOO_LONG',
    ]);
  });

  it('needs the product of the series and a dose not given yet', () => {
    expect(slotMisfits({ ...base, slot: { ...base.slot, productId: 'moderna' } })).toEqual([
      'PRODUCT_MISMATCH',
    ]);
    expect(slotMisfits({ ...base, doseAlreadyGiven: true })).toEqual(['DOSE_ALREADY_GIVEN']);
  });

  it('keeps a booked later dose inside its window when an earlier dose moves', () => {
    const first = { ...base, doseNumber: 1, previousDoseDate: null, nextDoseDate: '2021-06-30' };
    expect(slotMisfits({ ...first, slot: { ...first.slot, date: '2021-06-09' } })).toEqual([]);
    expect(slotMisfits({ ...first, slot: { ...first.slot, date: '2021-06-10' } })).toEqual([
      'FOLLOW_UP_OUT_OF_WINDOW',
    ]);
    expect(slotMisfits({ ...first, slot: { ...first.slot, date: '2021-05-18' } })).toEqual([
      'FOLLOW_UP_OUT_OF_WINDOW',
    ]);
  });
});
