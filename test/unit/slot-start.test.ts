import { afterEach, describe, expect, it } from 'vitest';
import { japanTimeAt, slotHasStarted, tooLateToBook } from '../../domain/booking-rules/slot-start.ts';

const slot = { date: '2030-06-20', startTime: '10:00' };

describe('a slot has started (Japan time, whatever the machine zone)', () => {
  const originalTz = process.env.TZ;
  afterEach(() => {
    if (originalTz === undefined) delete process.env.TZ;
    else process.env.TZ = originalTz;
  });

  for (const tz of ['America/Los_Angeles', 'UTC', 'Pacific/Kiritimati', 'Asia/Tokyo']) {
    it(`decides by the clock in Japan when the machine runs in ${tz}`, () => {
      process.env.TZ = tz;
      if (tz !== 'Asia/Tokyo') {
        // The zone really is in effect: it is not Japan's +9 hours.
        expect(new Date('2030-06-20T00:00:00Z').getTimezoneOffset()).not.toBe(-540);
      }
      // 09:59 and 10:00 in Japan are 00:59 and 01:00 UTC.
      expect(slotHasStarted(slot, new Date('2030-06-20T00:59:59Z'))).toBe(false);
      expect(slotHasStarted(slot, new Date('2030-06-20T01:00:00Z'))).toBe(true);
      expect(slotHasStarted(slot, new Date('2030-06-20T01:30:00Z'))).toBe(true);
      expect(japanTimeAt(new Date('2030-06-20T01:00:00Z'))).toEqual({ date: '2030-06-20', time: '10:00' });
    });
  }

  it('crosses midnight in Japan, not in UTC', () => {
    process.env.TZ = 'America/New_York';
    // 2030-06-19 15:30 UTC is already 00:30 on the 20th in Japan.
    const justAfterMidnight = new Date('2030-06-19T15:30:00Z');
    expect(japanTimeAt(justAfterMidnight)).toEqual({ date: '2030-06-20', time: '00:30' });
    expect(slotHasStarted(slot, justAfterMidnight)).toBe(false);
    // The 19th's last slot is over in Japan, though the UTC (and New York) date is still the 19th.
    expect(slotHasStarted({ date: '2030-06-19', startTime: '23:30' }, justAfterMidnight)).toBe(true);
    // A slot at 00:00 starts at midnight in Japan.
    expect(slotHasStarted({ date: '2030-06-20', startTime: '00:00' }, new Date('2030-06-19T14:59:59Z'))).toBe(
      false,
    );
    expect(slotHasStarted({ date: '2030-06-20', startTime: '00:00' }, new Date('2030-06-19T15:00:00Z'))).toBe(
      true,
    );
  });

  it('takes a reading of the Japanese clock as well as an instant', () => {
    expect(slotHasStarted(slot, { date: '2030-06-20', time: '09:59' })).toBe(false);
    expect(slotHasStarted(slot, { date: '2030-06-20', time: '10:00' })).toBe(true);
    expect(slotHasStarted(slot, { date: '2030-06-21', time: '00:00' })).toBe(true);
    expect(slotHasStarted(slot, { date: '2030-06-19', time: '23:59' })).toBe(false);
  });

  it('lets only a walk-in be recorded in a slot that has begun, or on a past day', () => {
    const during = new Date('2030-06-20T01:10:00Z');
    const nextDay = new Date('2030-06-21T03:00:00Z');
    expect(tooLateToBook(slot, 'online', during)).toBe(true);
    expect(tooLateToBook(slot, 'phone', during)).toBe(true);
    expect(tooLateToBook(slot, 'walk_in', during)).toBe(false);
    expect(tooLateToBook(slot, 'walk_in', nextDay)).toBe(false);
    expect(tooLateToBook(slot, 'phone', new Date('2030-06-20T00:50:00Z'))).toBe(false);
  });
});
