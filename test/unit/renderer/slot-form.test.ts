/** The change panel's checks (renderer/src/screens/venue-slots/slot-form.ts) and the period rule. */
import { describe, expect, it } from 'vitest';
import type { SlotCapacityRow } from '../../../domain/api/methods/venue-slots.ts';
import { checkSlotForm, formValuesOf } from '../../../renderer/src/screens/venue-slots/slot-form.ts';
import { rangeProblem, thisAndNextWeek } from '../../../renderer/src/screens/venue-slots/slot-range.ts';

const row: SlotCapacityRow = {
  slotId: 's1',
  venueId: 'v1',
  venueName: '市民会館',
  date: '2030-06-20',
  startTime: '10:00',
  endTime: '10:30',
  productName: 'ワクチン',
  capacity: 10,
  callCenterReserve: 3,
  booked: { phone: 2, online: 3, walk_in: 1 },
  held: 1,
  remaining: 3,
  status: 'open',
  updatedAt: '2030-06-01T00:00:00.000Z',
};

describe('checkSlotForm', () => {
  it('sends only what changed, full-width digits read as numbers', () => {
    expect(checkSlotForm(row, { ...formValuesOf(row), capacity: '１２' })).toEqual({
      ok: true,
      change: { capacity: 12 },
      changed: true,
    });
    expect(checkSlotForm(row, { ...formValuesOf(row), status: 'closed' })).toEqual({
      ok: true,
      change: { status: 'closed' },
      changed: true,
    });
    expect(checkSlotForm(row, formValuesOf(row))).toEqual({ ok: true, change: {}, changed: false });
  });

  it('puts each refusal beside its field', () => {
    expect(checkSlotForm(row, { ...formValuesOf(row), capacity: '6' })).toEqual({
      ok: false,
      capacity: { kind: 'belowBooked', n: 7 },
      reserve: null,
    });
    expect(checkSlotForm(row, { ...formValuesOf(row), capacity: '8', reserve: '9' })).toEqual({
      ok: false,
      capacity: null,
      reserve: { kind: 'reserveAboveCapacity', capacity: 8 },
    });
    expect(checkSlotForm(row, { ...formValuesOf(row), capacity: '7.5', reserve: '' })).toEqual({
      ok: false,
      capacity: { kind: 'not_integer', max: 10_000 },
      reserve: { kind: 'empty', max: 10_000 },
    });
  });
});

describe('the period', () => {
  it('defaults to Monday of this week through Sunday of the next', () => {
    expect(thisAndNextWeek('2030-06-20')).toEqual({ from: '2030-06-17', to: '2030-06-30' }); // a Thursday
    expect(thisAndNextWeek('2030-06-17')).toEqual({ from: '2030-06-17', to: '2030-06-30' }); // Monday
    expect(thisAndNextWeek('2030-06-23')).toEqual({ from: '2030-06-17', to: '2030-06-30' }); // Sunday
  });

  it('says what is wrong with a period', () => {
    expect(rangeProblem({ from: '2030-06-17', to: '2030-06-30' })).toBeNull();
    expect(rangeProblem({ from: '2030-06-17', to: '' })).toBe('incomplete');
    expect(rangeProblem({ from: '2030-06-17', to: '2030-06-16' })).toBe('backwards');
    expect(rangeProblem({ from: '2030-06-01', to: '2030-08-02' })).toBe('too_long'); // 63 days
    expect(rangeProblem({ from: '2030-06-01', to: '2030-08-01' })).toBeNull(); // 62 days
  });
});
