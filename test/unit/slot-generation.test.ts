import { afterEach, describe, expect, it } from 'vitest';
import {
  type ExistingSlot,
  planSlotGeneration,
  type SlotGenerationRequest,
  slotGenerationIssues,
  slotTimesOfDay,
  type WeeklyPattern,
} from '../../domain/supply/slot-generation.ts';

const weekdays: WeeklyPattern = {
  daysOfWeek: [1, 2, 3, 4, 5],
  startTime: '09:00',
  endTime: '12:00',
  slotMinutes: 30,
  lunchBreak: null,
  capacity: 10,
  callCenterReserve: 2,
};

function request(overrides: Partial<SlotGenerationRequest> = {}): SlotGenerationRequest {
  return {
    from: '2027-01-04',
    to: '2027-01-17',
    patterns: [weekdays],
    closureDays: [],
    reserveRelease: { reserveReleaseDays: 3 },
    ...overrides,
  };
}

const datesOf = (slots: ReadonlyArray<{ date: string }>) => [...new Set(slots.map((s) => s.date))];

describe('slot generation', () => {
  it('makes the slots of each open day and skips 成人の日 (2027-01-11), reporting it by name', () => {
    const plan = planSlotGeneration(request(), [], 'p1');
    expect(datesOf(plan.slots)).toEqual([
      '2027-01-04',
      '2027-01-05',
      '2027-01-06',
      '2027-01-07',
      '2027-01-08',
      '2027-01-12',
      '2027-01-13',
      '2027-01-14',
      '2027-01-15',
    ]);
    expect(plan.skipped).toEqual([{ date: '2027-01-11', reason: 'holiday', holidayName: '成人の日' }]);
    expect(plan.slots.filter((s) => s.date === '2027-01-04')).toEqual(
      ['09:00', '09:30', '10:00', '10:30', '11:00', '11:30'].map((startTime, i) => ({
        date: '2027-01-04',
        startTime,
        endTime: ['09:30', '10:00', '10:30', '11:00', '11:30', '12:00'][i],
        capacity: 10,
        callCenterReserve: 2,
        reserveReleaseDays: 3,
        reserveReleaseHours: null,
      })),
    );
  });

  it('skips a substitute holiday (2027-03-22 春分の日 振替休日) but not the Sunday holiday the pattern does not open on', () => {
    const plan = planSlotGeneration(request({ from: '2027-03-19', to: '2027-03-23' }), [], 'p1');
    expect(datesOf(plan.slots)).toEqual(['2027-03-19', '2027-03-23']);
    expect(plan.skipped).toEqual([
      { date: '2027-03-22', reason: 'holiday', holidayName: '春分の日 振替休日' },
    ]);
  });

  it('opens on holidays when asked to', () => {
    const plan = planSlotGeneration(
      request({ from: '2027-01-11', to: '2027-01-11', openOnHolidays: true }),
      [],
      'p1',
    );
    expect(datesOf(plan.slots)).toEqual(['2027-01-11']);
    expect(plan.skipped).toEqual([]);
  });

  it('skips listed closure days and says so', () => {
    const plan = planSlotGeneration(request({ closureDays: ['2027-01-06', '2027-01-09'] }), [], 'p1');
    expect(datesOf(plan.slots)).not.toContain('2027-01-06');
    // 2027-01-09 is a Saturday, a day the pattern does not open: nothing to skip.
    expect(plan.skipped).toEqual([
      { date: '2027-01-06', reason: 'closure' },
      { date: '2027-01-11', reason: 'holiday', holidayName: '成人の日' },
    ]);
  });

  it('runs across month and year ends and a leap day', () => {
    const everyDay = { ...weekdays, daysOfWeek: [0, 1, 2, 3, 4, 5, 6], startTime: '10:00', endTime: '10:30' };
    const plan = planSlotGeneration(
      request({ from: '2027-12-30', to: '2028-03-01', patterns: [everyDay], openOnHolidays: true }),
      [],
      'p1',
    );
    const dates = datesOf(plan.slots);
    expect(dates).toHaveLength(63);
    expect(dates.slice(0, 4)).toEqual(['2027-12-30', '2027-12-31', '2028-01-01', '2028-01-02']);
    expect(dates).toContain('2028-01-31');
    expect(dates).toContain('2028-02-29');
    expect(dates.at(-1)).toBe('2028-03-01');
  });

  it('leaves out the lunch break: the afternoon starts at its end', () => {
    const day = { ...weekdays, startTime: '09:00', endTime: '16:00', slotMinutes: 45 };
    const times = slotTimesOfDay({ ...day, lunchBreak: { startTime: '12:00', endTime: '13:15' } });
    expect(times.map((t) => `${t.startTime}-${t.endTime}`)).toEqual([
      '09:00-09:45',
      '09:45-10:30',
      '10:30-11:15',
      '11:15-12:00',
      '13:15-14:00',
      '14:00-14:45',
      '14:45-15:30',
    ]);
  });

  it('counts the slot length from the start: only whole slots fit before the break and the end', () => {
    const times = slotTimesOfDay({
      ...weekdays,
      startTime: '09:10',
      endTime: '11:00',
      slotMinutes: 40,
      lunchBreak: { startTime: '10:00', endTime: '10:15' },
    });
    // 09:10-09:50 (09:50-10:30 would run into the break), 10:15-10:55 (10:55 would end after 11:00).
    expect(times).toEqual([
      { startTime: '09:10', endTime: '09:50' },
      { startTime: '10:15', endTime: '10:55' },
    ]);
  });

  describe('against existing slots', () => {
    const existing: ExistingSlot[] = [
      { id: 'same', date: '2027-01-04', startTime: '09:00', endTime: '09:30', productId: 'p1' },
      { id: 'other-product', date: '2027-01-05', startTime: '09:00', endTime: '09:30', productId: 'p2' },
      { id: 'meets', date: '2027-01-06', startTime: '09:15', endTime: '09:45', productId: 'p1' },
      { id: 'after-hours', date: '2027-01-06', startTime: '12:00', endTime: '12:30', productId: 'p1' },
    ];

    it('counts a slot that is there already (same date, times, product) once, and never makes it again', () => {
      const plan = planSlotGeneration(request({ from: '2027-01-04', to: '2027-01-04' }), existing, 'p1');
      expect(plan.existing).toEqual([expect.objectContaining({ existingId: 'same' })]);
      expect(plan.slots.map((s) => s.startTime)).not.toContain('09:00');
      expect(plan.slots).toHaveLength(5);
      expect(plan.overlaps).toEqual([]);
    });

    it('re-running over what it made adds nothing', () => {
      const first = planSlotGeneration(request(), [], 'p1');
      const made = first.slots.map((s, i) => ({ id: `s${i}`, productId: 'p1', ...s }));
      const again = planSlotGeneration(request(), made, 'p1');
      expect(again.slots).toEqual([]);
      expect(again.existing).toHaveLength(first.slots.length);
      expect(again.overlaps).toEqual([]);
    });

    it('reports every new slot meeting an existing one (another product at the same time, or shifted times)', () => {
      const plan = planSlotGeneration(request({ from: '2027-01-05', to: '2027-01-06' }), existing, 'p1');
      expect(
        plan.overlaps.map((o) => [o.slot.date, o.slot.startTime, o.slot.endTime, o.existing.id]),
      ).toEqual([
        ['2027-01-05', '09:00', '09:30', 'other-product'],
        ['2027-01-06', '09:00', '09:30', 'meets'],
        ['2027-01-06', '09:30', '10:00', 'meets'],
      ]);
      // A slot right after the opening hours (12:00) touches 11:30-12:00 without meeting it.
      expect(plan.slots.filter((s) => s.date === '2027-01-06').map((s) => s.startTime)).toEqual([
        '10:00',
        '10:30',
        '11:00',
        '11:30',
      ]);
    });
  });

  describe('the time zone of the machine', () => {
    const zone = process.env.TZ;
    afterEach(() => {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    });

    it('makes the same slots in a zone with daylight saving, across its change (2027-03-14 in New York)', () => {
      const before = planSlotGeneration(request({ from: '2027-03-08', to: '2027-03-19' }), [], 'p1');
      process.env.TZ = 'America/New_York';
      const there = planSlotGeneration(request({ from: '2027-03-08', to: '2027-03-19' }), [], 'p1');
      expect(there).toEqual(before);
      expect(datesOf(there.slots)).toHaveLength(10);
      expect(there.slots.every((s) => s.startTime >= '09:00' && s.endTime <= '12:00')).toBe(true);
    });
  });

  describe('checks', () => {
    const today = '2027-01-01';

    it('accepts a well-formed request', () => {
      expect(slotGenerationIssues(request(), today)).toEqual([]);
    });

    it('names each wrong field', () => {
      const issues = slotGenerationIssues(
        request({
          from: '2026-12-31',
          to: '2026-12-30',
          patterns: [
            {
              ...weekdays,
              endTime: '08:00',
              callCenterReserve: 11,
              daysOfWeek: [1, 1],
            },
          ],
          closureDays: ['2027-02-30'],
          reserveRelease: { reserveReleaseDays: 3, reserveReleaseHours: -1 },
        }),
        today,
      );
      expect(issues.map((i) => i.path)).toEqual([
        'from',
        'to',
        'closureDays.0',
        'patterns.0.daysOfWeek',
        'patterns.0.callCenterReserve',
        'patterns.0.endTime',
        'reserveRelease.reserveReleaseHours',
      ]);
    });

    it('refuses a lunch break outside the hours, a slot longer than the day, a range over a year', () => {
      const path = (r: SlotGenerationRequest) =>
        slotGenerationIssues(r, today).map((i) => [i.path, i.message]);
      expect(
        path(request({ patterns: [{ ...weekdays, lunchBreak: { startTime: '08:00', endTime: '09:30' } }] })),
      ).toEqual([['patterns.0.lunchBreak', 'inside the opening hours, with time before and after it']]);
      expect(path(request({ patterns: [{ ...weekdays, slotMinutes: 240 }] }))).toEqual([
        ['patterns.0.slotMinutes', 'no whole slot fits in the opening hours'],
      ]);
      expect(path(request({ from: '2027-01-01', to: '2028-01-02' }))).toEqual([
        ['to', 'at most 366 days in one generation'],
      ]);
    });

    it('refuses two patterns whose slots meet on a shared weekday', () => {
      const saturdayToo = { ...weekdays, daysOfWeek: [5, 6], startTime: '11:00', endTime: '13:00' };
      expect(slotGenerationIssues(request({ patterns: [weekdays, saturdayToo] }), today)).toEqual([
        { path: 'patterns.1', message: 'its slots meet those of pattern 1' },
      ]);
      const saturdayOnly = { ...saturdayToo, daysOfWeek: [6] };
      expect(slotGenerationIssues(request({ patterns: [weekdays, saturdayOnly] }), today)).toEqual([]);
    });
  });
});
