import { describe, expect, it } from 'vitest';
import { type DoseEntry, seriesSoFar } from '../../domain/booking-rules/dose-history.ts';

const entry = (over: Partial<DoseEntry> & Pick<DoseEntry, 'doseNumber' | 'date'>): DoseEntry => ({
  productId: 'p-a',
  given: false,
  bookingId: null,
  ...over,
});

describe('a resident’s series, computed once for the desk and the hub', () => {
  it('splits given doses from booked ones, in dose order, whatever order the store gave them in', () => {
    const series = seriesSoFar([
      entry({ doseNumber: 2, date: '2030-07-15', bookingId: 'b2' }),
      entry({ doseNumber: 1, date: '2030-06-20', given: true }),
    ]);
    expect(series.history).toEqual({
      given: [{ doseNumber: 1, date: '2030-06-20' }],
      booked: [{ doseNumber: 2, date: '2030-07-15' }],
    });
    expect([...series.activeBookingIdByDose]).toEqual([[2, 'b2']]);
  });

  it('takes the series’ vaccine from the first dose with a known product', () => {
    const series = seriesSoFar([
      entry({ doseNumber: 2, date: '2030-07-15', productId: 'p-b', bookingId: 'b2' }),
      entry({ doseNumber: 1, date: '2030-06-20', productId: null, given: true }),
    ]);
    expect(series.seriesProductId).toBe('p-b');
    expect(seriesSoFar([]).seriesProductId).toBeNull();
  });

  it('leaves out the booking being moved, so it neither blocks itself nor names the vaccine', () => {
    const series = seriesSoFar([entry({ doseNumber: 1, date: '2030-06-20', bookingId: 'b1' })], 'b1');
    expect(series).toEqual({
      history: { given: [], booked: [] },
      seriesProductId: null,
      activeBookingIdByDose: new Map(),
    });
  });
});
