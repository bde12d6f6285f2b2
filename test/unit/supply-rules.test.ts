import { describe, expect, it } from 'vitest';
import { ineligibilityOf, type ProductRules } from '../../domain/booking-rules/eligibility.ts';
import { type BulkSlotNow, decideBulkSlotChange } from '../../domain/supply/bulk-slot-change.ts';
import {
  doseTwoShortfalls,
  type FollowUpNeed,
  type FollowUpSeats,
} from '../../domain/supply/dose-two-shortfall.ts';
import {
  type CandidateSlot,
  planSessionMoves,
  type StrandedBooking,
} from '../../domain/supply/session-cancellation.ts';
import { acceptedMunicipalities, venueTakesCoupon } from '../../domain/supply/venue-coverage.ts';

const product: ProductRules = { dosesInSeries: 2, intervalMinDays: 18, intervalMaxDays: 42, minAgeYears: 12 };

describe('capacity in bulk', () => {
  const slot = (id: string, overrides: Partial<BulkSlotNow> = {}): BulkSlotNow => ({
    id,
    capacity: 10,
    callCenterReserve: 2,
    status: 'open',
    reserveReleaseDays: 3,
    reserveReleaseHours: null,
    bookedOnline: 0,
    bookedPhone: 0,
    bookedWalkIn: 0,
    held: 0,
    ...overrides,
  });

  it('changes every slot with the one-slot rule, telling which ones change', () => {
    const decision = decideBulkSlotChange([slot('a'), slot('b', { capacity: 6 })], { capacity: 6 });
    expect(decision).toEqual({
      ok: true,
      changes: [
        {
          id: 'a',
          next: {
            capacity: 6,
            callCenterReserve: 2,
            status: 'open',
            reserveReleaseDays: 3,
            reserveReleaseHours: null,
          },
          changed: true,
        },
        {
          id: 'b',
          next: {
            capacity: 6,
            callCenterReserve: 2,
            status: 'open',
            reserveReleaseDays: 3,
            reserveReleaseHours: null,
          },
          changed: false,
        },
      ],
    });
  });

  it('refuses the whole change when one slot would go below its seats taken, naming every such slot', () => {
    const decision = decideBulkSlotChange(
      [
        slot('a', { bookedOnline: 3 }),
        slot('b', { bookedPhone: 5, held: 1 }),
        slot('c', { bookedWalkIn: 4 }),
      ],
      { capacity: 4 },
    );
    expect(decision).toEqual({
      ok: false,
      belowBooked: [{ id: 'b', seatsTaken: 6 }],
      reserveAboveCapacity: [],
    });
  });

  it('refuses a reserve above a slot capacity, and brings the reserve down with a capacity given alone', () => {
    expect(decideBulkSlotChange([slot('a', { capacity: 3 })], { callCenterReserve: 4 })).toMatchObject({
      ok: false,
      reserveAboveCapacity: [{ id: 'a', capacity: 3 }],
    });
    const cut = decideBulkSlotChange([slot('a')], { capacity: 1 });
    expect(cut.ok && cut.changes[0]!.next.callCenterReserve).toBe(1);
  });

  it('switches the reserve release between days and hours', () => {
    const hours = decideBulkSlotChange([slot('a')], { reserveReleaseHours: 48 });
    expect(hours.ok && hours.changes[0]).toMatchObject({
      next: { reserveReleaseDays: 3, reserveReleaseHours: 48 },
      changed: true,
    });
    const days = decideBulkSlotChange([slot('a', { reserveReleaseHours: 48 })], { reserveReleaseDays: 2 });
    expect(days.ok && days.changes[0]!.next).toMatchObject({
      reserveReleaseDays: 2,
      reserveReleaseHours: null,
    });
    const same = decideBulkSlotChange([slot('a', { reserveReleaseHours: 48 })], { status: 'open' });
    expect(same.ok && same.changes[0]).toMatchObject({ next: { reserveReleaseHours: 48 }, changed: false });
  });
});

describe('dose-2 shortfall', () => {
  const need = (date: string, venueId = 'v1'): FollowUpNeed => ({
    venueId,
    productId: 'p1',
    date,
    intervalMinDays: 21,
    intervalMaxDays: 28,
  });
  const seats = (date: string, freeSeats: number, venueId = 'v1'): FollowUpSeats => ({
    venueId,
    productId: 'p1',
    date,
    freeSeats,
  });

  it('is empty when every follow-up finds a seat in its window at the venue', () => {
    expect(doseTwoShortfalls([need('2030-06-01'), need('2030-06-01')], [seats('2030-06-25', 2)])).toEqual([]);
  });

  it('counts the residents short per day of the first dose, with their window', () => {
    const result = doseTwoShortfalls(
      [need('2030-06-01'), need('2030-06-01'), need('2030-06-01')],
      [seats('2030-06-22', 1), seats('2030-06-30', 5)],
    );
    // 2030-06-30 is past the window (06-22 … 06-29).
    expect(result).toEqual([
      {
        venueId: 'v1',
        productId: 'p1',
        date: '2030-06-01',
        needing: 3,
        short: 2,
        window: { from: '2030-06-22', to: '2030-06-29' },
      },
    ]);
  });

  it('does not count a seat twice for overlapping windows (earliest deadline first)', () => {
    // Windows 06-22…06-29 and 06-25…07-02; one seat on 06-26 and one on 07-01: both fit, but only if
    // the seat of 06-26 goes to the first resident.
    const result = doseTwoShortfalls(
      [need('2030-06-04'), need('2030-06-01')],
      [seats('2030-06-26', 1), seats('2030-07-01', 1)],
    );
    expect(result).toEqual([]);
    const tight = doseTwoShortfalls([need('2030-06-04'), need('2030-06-01')], [seats('2030-06-26', 1)]);
    expect(tight.reduce((n, s) => n + s.short, 0)).toBe(1);
  });

  it('looks at the same venue only, and at the same product', () => {
    const result = doseTwoShortfalls(
      [need('2030-06-01', 'v1')],
      [seats('2030-06-25', 3, 'v2'), { ...seats('2030-06-25', 3), productId: 'p2' }],
    );
    expect(result).toMatchObject([{ venueId: 'v1', short: 1 }]);
  });
});

describe('bulk move of a cancelled session', () => {
  const stranded = (id: string, overrides: Partial<StrandedBooking> = {}): StrandedBooking => ({
    bookingId: id,
    couponId: `c-${id}`,
    doseNumber: 1,
    slot: { id: 'closed-1', venueId: 'v1', productId: 'p1', date: '2030-06-10', startTime: '10:00' },
    coupon: { status: 'active', birthDate: '1950-01-01' },
    seriesProductId: null,
    previousDoseDate: null,
    nextDoseDate: null,
    ...overrides,
  });
  const candidate = (id: string, overrides: Partial<CandidateSlot> = {}): CandidateSlot => ({
    id,
    venueId: 'v1',
    productId: 'p1',
    date: '2030-06-11',
    startTime: '10:00',
    freeSeats: 1,
    product,
    ...overrides,
  });
  const now = new Date('2030-06-01T00:00:00Z');
  const plan = (s: StrandedBooking[], c: CandidateSlot[], closed: string[] = ['closed-1']) =>
    planSessionMoves(s, c, { closedSlotIds: new Set(closed), now });

  it('prefers the same venue, then the nearest day (later before earlier), then the nearest time', () => {
    const result = plan(
      [stranded('a')],
      [
        candidate('other-venue-same-day', { venueId: 'v2', date: '2030-06-10' }),
        candidate('earlier', { date: '2030-06-09' }),
        candidate('later-far-time', { date: '2030-06-11', startTime: '15:00' }),
        candidate('later', { date: '2030-06-11', startTime: '10:30' }),
      ],
    );
    expect(result).toEqual([
      {
        bookingId: 'a',
        toSlotId: 'later',
        alternatives: ['later-far-time', 'earlier', 'other-venue-same-day'],
      },
    ]);
  });

  it('never plans more residents into a slot than it has free seats; the rest get a callback', () => {
    const result = plan(
      [stranded('a'), stranded('b'), stranded('c')],
      [candidate('x', { freeSeats: 1 }), candidate('y', { venueId: 'v2', freeSeats: 1 })],
    );
    expect(result.map((p) => [p.bookingId, p.toSlotId])).toEqual([
      ['a', 'x'],
      ['b', 'y'],
      ['c', null],
    ]);
  });

  it('keeps the dose-2 window: a dose 1 moves only where its booked dose 2 stays within the interval', () => {
    const result = plan(
      [stranded('a', { nextDoseDate: '2030-06-28', seriesProductId: 'p1' })],
      [
        // 06-28 − 06-11 = 17 days < 18: dose 2 would come too soon.
        candidate('too-close', { date: '2030-06-11' }),
        candidate('fits', { date: '2030-06-09' }),
      ],
    );
    expect(result[0]!.toSlotId).toBe('fits');
  });

  it('moves a dose 2 only inside the interval after dose 1, and only to the same product', () => {
    const result = plan(
      [stranded('a', { doseNumber: 2, previousDoseDate: '2030-05-20', seriesProductId: 'p1' })],
      [
        candidate('other-product', { productId: 'p2' }),
        candidate('too-late', { date: '2030-07-02' }),
        candidate('fits', { date: '2030-06-12' }),
      ],
    );
    expect(result).toEqual([{ bookingId: 'a', toSlotId: 'fits', alternatives: [] }]);
  });

  it('counts a dose 2 from the new date of a dose 1 moved in the same plan', () => {
    const dose1 = stranded('d1', { couponId: 'c1', nextDoseDate: null, seriesProductId: 'p1' });
    const dose2 = stranded('d2', {
      couponId: 'c1',
      doseNumber: 2,
      previousDoseDate: '2030-06-10',
      seriesProductId: 'p1',
      slot: { id: 'closed-2', venueId: 'v1', productId: 'p1', date: '2030-07-01', startTime: '10:00' },
    });
    const result = plan(
      [dose2, dose1],
      [
        candidate('d1-new', { date: '2030-06-14' }),
        // 18 days after 06-10 but 17 after 06-14: only the later one fits after the move.
        candidate('d2-early', { date: '2030-06-28' }),
        candidate('d2-late', { date: '2030-07-03' }),
      ],
      ['closed-1', 'closed-2'],
    );
    expect(result.map((p) => [p.bookingId, p.toSlotId])).toEqual([
      ['d1', 'd1-new'],
      ['d2', 'd2-late'],
    ]);
  });

  it('never moves into a closed slot, a slot that has started, or a day the resident is too young for', () => {
    const result = plan(
      [stranded('a', { coupon: { status: 'active', birthDate: '2018-06-12' } })],
      [
        candidate('closed-1'),
        candidate('started', { date: '2030-05-31' }),
        candidate('too-young', { date: '2030-06-11' }),
        candidate('twelve', { date: '2030-06-12' }),
      ],
    );
    expect(result[0]!.toSlotId).toBe('twelve');
  });
});

describe('venue coverage', () => {
  it('takes its own municipality by default, several when named, others only by exception', () => {
    const own = { municipalityCode: '131016', acceptedMunicipalityCodes: [], outOfAreaByException: false };
    expect(acceptedMunicipalities(own)).toEqual(['131016']);
    expect(venueTakesCoupon(own, '131016')).toBe(true);
    expect(venueTakesCoupon(own, '131041')).toBe(false);
    const mass = { ...own, acceptedMunicipalityCodes: ['131041', '131016', '131041'] };
    expect(acceptedMunicipalities(mass)).toEqual(['131016', '131041']);
    expect(venueTakesCoupon(mass, '131041')).toBe(true);
    expect(venueTakesCoupon(own, '131041', true)).toBe(false);
    expect(venueTakesCoupon({ ...own, outOfAreaByException: true }, '131041', true)).toBe(true);
    expect(venueTakesCoupon({ ...own, outOfAreaByException: true }, '131041', false)).toBe(false);
  });
});

describe('minimum age on a reference date', () => {
  const input = (birthDate: string, ageReferenceDate: string | null) => ({
    coupon: { status: 'active' as const, birthDate },
    product: { ...product, minAgeYears: 75, ageReferenceDate },
    doseNumber: 1,
    vaccinationDate: '2021-06-01',
    previousDoseDate: null,
  });

  it('checks the age on the vaccination day, or on the reference date when the product has one', () => {
    // 75 on 2021-05-01, a month before the vaccination day.
    expect(ineligibilityOf(input('1946-05-01', null))).toEqual([]);
    // "75 or older on 2021-04-01": born on or before 1946-04-01.
    expect(ineligibilityOf(input('1946-05-01', '2021-04-01'))).toEqual(['TOO_YOUNG']);
    expect(ineligibilityOf(input('1946-04-01', '2021-04-01'))).toEqual([]);
  });
});
