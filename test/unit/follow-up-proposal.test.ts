import { describe, expect, it } from 'vitest';
import type { ProductRules } from '../../domain/booking-rules/eligibility.ts';
import {
  type FollowUpCandidate,
  type FollowUpRequest,
  proposeFollowUp,
} from '../../domain/booking-rules/follow-up-proposal.ts';
import { addDays } from '../../domain/calendar.ts';

const comirnaty: ProductRules = {
  dosesInSeries: 2,
  intervalMinDays: 21,
  intervalMaxDays: 42,
  minAgeYears: 12,
};
const spikevax: ProductRules = {
  dosesInSeries: 2,
  intervalMinDays: 28,
  intervalMaxDays: 56,
  minAgeYears: 12,
};

let ids = 0;
const slot = (date: string, over: Partial<FollowUpCandidate> = {}): FollowUpCandidate => ({
  slotId: `s${++ids}`,
  venueId: 'hall',
  date,
  startTime: '10:00',
  remaining: 5,
  open: true,
  ...over,
});

const request = (
  firstDate: string,
  candidates: FollowUpCandidate[],
  over: Partial<FollowUpRequest> = {},
): FollowUpRequest => ({
  previous: { doseNumber: 1, venueId: 'hall', date: firstDate, startTime: '10:00' },
  product: comirnaty,
  coupon: { status: 'active', birthDate: '1947-04-01' },
  candidates,
  ...over,
});

function proposed(result: ReturnType<typeof proposeFollowUp>) {
  if (result.kind !== 'proposed') throw new Error(`expected a proposal, got ${result.kind}`);
  return result;
}

describe('the interval window', () => {
  it('offers the first allowed day, not the day before, and the last allowed day, not the day after', () => {
    const first = '2021-05-10';
    const dayBefore = slot('2021-05-30');
    const firstAllowed = slot('2021-05-31');
    expect(proposed(proposeFollowUp(request(first, [dayBefore, firstAllowed]))).best).toBe(firstAllowed);

    const lastAllowed = slot('2021-06-21');
    const dayAfter = slot('2021-06-22');
    const onlyLate = proposeFollowUp(request(first, [dayBefore, lastAllowed, dayAfter]));
    expect(proposed(onlyLate).best).toBe(lastAllowed);
    expect(proposed(onlyLate).window).toEqual({ from: '2021-05-31', to: '2021-06-21' });
    expect(proposed(onlyLate).alternatives).toEqual([]);
  });

  it('reports no slot in the window when every slot is outside it, full or closed', () => {
    const first = '2021-05-10';
    const result = proposeFollowUp(
      request(first, [
        slot('2021-05-30'),
        slot('2021-06-22'),
        slot('2021-06-01', { remaining: 0 }),
        slot('2021-06-02', { open: false }),
      ]),
    );
    expect(result).toEqual({ kind: 'no_slot_in_window', window: { from: '2021-05-31', to: '2021-06-21' } });
    expect(proposeFollowUp(request(first, []))).toEqual(result);
  });

  it('is not needed after the last dose of the series', () => {
    const single: ProductRules = { ...comirnaty, dosesInSeries: 1 };
    expect(proposeFollowUp(request('2021-05-10', [slot('2021-06-01')], { product: single }))).toEqual({
      kind: 'not_needed',
    });
    const second = { doseNumber: 2, venueId: 'hall', date: '2021-05-10', startTime: '10:00' };
    expect(proposeFollowUp(request('2021-05-10', [slot('2021-06-01')], { previous: second })).kind).toBe(
      'not_needed',
    );
  });
});

describe('month ends and leap days', () => {
  it('counts the interval across a month end', () => {
    // Jan 31 + 21 days = Feb 21; + 28 days = Feb 28 in a common year.
    const feb21 = slot('2021-02-21');
    expect(proposed(proposeFollowUp(request('2021-01-31', [slot('2021-02-20'), feb21]))).best).toBe(feb21);
    const feb28 = slot('2021-02-28');
    const mar1 = slot('2021-03-01');
    const moderna = proposeFollowUp(
      request('2021-01-31', [slot('2021-02-27'), mar1, feb28], { product: spikevax }),
    );
    expect(proposed(moderna).best).toBe(feb28);
    expect(proposed(moderna).window).toEqual({ from: '2021-02-28', to: '2021-03-28' });
  });

  it('lands on February 29 in a leap year and on March 1 in a common year', () => {
    const leapDay = slot('2024-02-29');
    expect(proposed(proposeFollowUp(request('2024-02-08', [slot('2024-02-28'), leapDay]))).best).toBe(
      leapDay,
    );
    const mar1 = slot('2023-03-01');
    expect(proposed(proposeFollowUp(request('2023-02-08', [slot('2023-02-28'), mar1]))).best).toBe(mar1);
  });

  it('counts from a first dose on February 29', () => {
    // 2024-02-29 + 21 = 2024-03-21; the window closes 42 days on, 2024-04-11.
    const result = proposed(proposeFollowUp(request('2024-02-29', [slot('2024-03-21'), slot('2024-04-12')])));
    expect(result.window).toEqual({ from: '2024-03-21', to: '2024-04-11' });
    expect(result.best.date).toBe('2024-03-21');
  });
});

describe('which slot is proposed', () => {
  const first = '2021-05-10';
  const target = addDays(first, 21);

  it('prefers the same venue at the same time, even a few days later than another venue', () => {
    const otherVenueFirstDay = slot(target, { venueId: 'clinic' });
    const sameVenueOtherTime = slot(target, { startTime: '14:00' });
    const sameVenueSameTime = slot(addDays(target, 3));
    const result = proposed(
      proposeFollowUp(request(first, [otherVenueFirstDay, sameVenueOtherTime, sameVenueSameTime])),
    );
    expect(result.best).toBe(sameVenueSameTime);
    // The nearest alternatives follow: the first allowed day, the same venue before another.
    expect(result.alternatives).toEqual([sameVenueOtherTime, otherVenueFirstDay]);
  });

  it('without the same venue and time, takes the nearest day, the same venue, then the closest time', () => {
    const laterSameVenue = slot(addDays(target, 1), { startTime: '10:30' });
    const firstDayOtherVenueCloseTime = slot(target, { venueId: 'clinic', startTime: '10:30' });
    const firstDayOtherVenueFarTime = slot(target, { venueId: 'clinic', startTime: '16:00' });
    const firstDaySameVenueFarTime = slot(target, { startTime: '15:00' });
    const result = proposed(
      proposeFollowUp(
        request(first, [
          laterSameVenue,
          firstDayOtherVenueFarTime,
          firstDayOtherVenueCloseTime,
          firstDaySameVenueFarTime,
        ]),
      ),
    );
    expect(result.best).toBe(firstDaySameVenueFarTime);
    // One alternative per venue and day: the clinic's closest time, then the next day.
    expect(result.alternatives).toEqual([firstDayOtherVenueCloseTime, laterSameVenue]);
  });

  it('skips full and closed slots, and days the resident is too young for', () => {
    const full = slot(target, { remaining: 0 });
    const closed = slot(addDays(target, 1), { open: false });
    const open = slot(addDays(target, 2));
    expect(proposed(proposeFollowUp(request(first, [full, closed, open]))).best).toBe(open);

    // Turns 12 on 2021-06-03: a slot on 2021-06-02 does not qualify, 2021-06-03 does.
    const young = { status: 'active' as const, birthDate: '2009-06-03' };
    const tooYoung = slot('2021-06-02');
    const birthday = slot('2021-06-03', { startTime: '16:00' });
    expect(proposed(proposeFollowUp(request(first, [tooYoung, birthday], { coupon: young }))).best).toBe(
      birthday,
    );
  });

  it('limits the alternatives', () => {
    const candidates = Array.from({ length: 10 }, (_, i) => slot(addDays(target, i)));
    const result = proposed(proposeFollowUp(request(first, candidates, { alternativeCount: 3 })));
    expect(result.best).toBe(candidates[0]);
    expect(result.alternatives).toEqual(candidates.slice(1, 4));
  });
});
