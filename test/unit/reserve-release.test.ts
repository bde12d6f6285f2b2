import { describe, expect, it } from 'vitest';
import {
  isReserveReleasedAt,
  reserveReleaseMoment,
  type SlotOccupancy,
  seatsRemaining,
} from '../../domain/booking-rules/capacity.ts';
import { japanTimeAt } from '../../domain/booking-rules/slot-start.ts';

const slot = (overrides: Partial<SlotOccupancy> = {}): SlotOccupancy => ({
  date: '2030-06-20',
  startTime: '10:00',
  capacity: 30,
  callCenterReserve: 10,
  reserveReleaseDays: 3,
  bookedOnline: 0,
  bookedPhone: 0,
  bookedWalkIn: 0,
  held: 0,
  ...overrides,
});

/** The hub's clock at a moment in Japan (UTC+9 all year). */
const jst = (local: string): Date => new Date(`${local}+09:00`);

describe('call-center reserve release', () => {
  it('opens a days rule at 00:00 in Japan on the day, by the clock alone', () => {
    const s = slot();
    expect(reserveReleaseMoment(s, s)).toEqual({ date: '2030-06-17', time: '00:00' });
    // 2030-06-16 23:59 in Japan is 14:59 UTC: still kept for the phone.
    expect(seatsRemaining(s, 'online', japanTimeAt(jst('2030-06-16T23:59')))).toBe(20);
    expect(seatsRemaining(s, 'online', japanTimeAt(jst('2030-06-17T00:00')))).toBe(30);
    // A bare date is the start of that day.
    expect(seatsRemaining(s, 'online', '2030-06-17')).toBe(30);
  });

  it('opens an hours rule that many hours before the start, across midnight and month ends', () => {
    const s = slot({ reserveReleaseHours: 24 });
    expect(reserveReleaseMoment(s, s)).toEqual({ date: '2030-06-19', time: '10:00' });
    expect(isReserveReleasedAt(s, s, japanTimeAt(jst('2030-06-19T09:59')))).toBe(false);
    expect(isReserveReleasedAt(s, s, japanTimeAt(jst('2030-06-19T10:00')))).toBe(true);
    expect(seatsRemaining(s, 'online', japanTimeAt(jst('2030-06-19T09:59')))).toBe(20);
    expect(seatsRemaining(s, 'online', japanTimeAt(jst('2030-06-19T10:00')))).toBe(30);

    const early = slot({ date: '2030-07-01', startTime: '09:30', reserveReleaseHours: 10 });
    expect(reserveReleaseMoment(early, early)).toEqual({ date: '2030-06-30', time: '23:30' });
    const leap = slot({ date: '2032-03-01', startTime: '00:30', reserveReleaseHours: 49 });
    expect(reserveReleaseMoment(leap, leap)).toEqual({ date: '2032-02-27', time: '23:30' });
    const atStart = slot({ reserveReleaseHours: 0 });
    expect(reserveReleaseMoment(atStart, atStart)).toEqual({ date: '2030-06-20', time: '10:00' });
  });

  it('decides by the moment in Japan whatever instant the clock gives (UTC evening is the next morning in Japan)', () => {
    const s = slot({ reserveReleaseHours: 12 });
    // Released at 2030-06-19 22:00 in Japan = 13:00 UTC.
    expect(isReserveReleasedAt(s, s, japanTimeAt(new Date('2030-06-19T12:59:59Z')))).toBe(false);
    expect(isReserveReleasedAt(s, s, japanTimeAt(new Date('2030-06-19T13:00:00Z')))).toBe(true);
  });

  it('never changes what the phone may book, and keeps only the unused reserve from the online channel', () => {
    const s = slot({ reserveReleaseHours: 2, bookedPhone: 4, held: 1 });
    const before = japanTimeAt(jst('2030-06-20T07:59'));
    expect(seatsRemaining(s, 'phone', before)).toBe(25);
    expect(seatsRemaining(s, 'online', before)).toBe(20);
    expect(seatsRemaining(s, 'online', japanTimeAt(jst('2030-06-20T08:00')))).toBe(25);
  });
});
