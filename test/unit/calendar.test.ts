import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  addDays,
  ageOn,
  dayOfWeek,
  daysBetween,
  daysInMonth,
  holidayName,
  isJapaneseHoliday,
  isLeapYear,
  isoDateParts,
  isValidIsoDate,
  parseIsoDate,
  todayIn,
  toIsoDate,
} from '../../domain/calendar.ts';

describe('isValidIsoDate / parseIsoDate', () => {
  it('accepts real dates, leap days included', () => {
    for (const ok of [
      '2021-02-28',
      '2020-02-29',
      '2000-02-29',
      '2021-12-31',
      '2021-04-30',
      '0001-01-01',
      '9999-12-31',
    ]) {
      expect(isValidIsoDate(ok)).toBe(true);
    }
    expect(parseIsoDate('1947-04-01')).toEqual({ y: 1947, m: 4, d: 1 });
  });

  it('rejects impossible dates and other shapes', () => {
    for (const bad of [
      '2021-02-29',
      '1900-02-29',
      '2100-02-29',
      '2021-04-31',
      '2021-13-01',
      '2021-00-10',
      '2021-01-00',
      '2021-01-32',
      '0000-01-01',
      '2021-1-1',
      '20210101',
      ' 2021-01-01',
      '2021-01-01T00:00',
      '２０２１-０１-０１',
      '',
    ]) {
      expect(isValidIsoDate(bad)).toBe(false);
      expect(parseIsoDate(bad)).toBeNull();
    }
  });

  it('isoDateParts throws where parseIsoDate returns null', () => {
    expect(isoDateParts('2020-02-29')).toEqual({ y: 2020, m: 2, d: 29 });
    expect(() => isoDateParts('2021-02-29')).toThrow(RangeError);
  });
});

describe('leap years and month lengths', () => {
  it('follows the Gregorian rule', () => {
    expect([1900, 2000, 2020, 2021, 2100, 2400].map(isLeapYear)).toEqual([
      false,
      true,
      true,
      false,
      false,
      true,
    ]);
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((m) => daysInMonth(2021, m))).toEqual([
      31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
    ]);
    expect(daysInMonth(2024, 2)).toBe(29);
  });
});

describe('toIsoDate', () => {
  it('pads year, month and day', () => {
    expect(toIsoDate(1947, 4, 1)).toBe('1947-04-01');
    expect(toIsoDate(5, 1, 9)).toBe('0005-01-09');
  });

  it('throws on impossible dates', () => {
    expect(() => toIsoDate(2021, 2, 29)).toThrow(RangeError);
    expect(() => toIsoDate(2021, 13, 1)).toThrow(RangeError);
    expect(() => toIsoDate(2021, 1, 1.5)).toThrow(RangeError);
  });
});

describe('addDays / daysBetween', () => {
  it('crosses month, year and leap-day boundaries', () => {
    expect(addDays('2021-01-31', 1)).toBe('2021-02-01');
    expect(addDays('2021-02-28', 1)).toBe('2021-03-01');
    expect(addDays('2020-02-28', 1)).toBe('2020-02-29');
    expect(addDays('2020-02-29', 1)).toBe('2020-03-01');
    expect(addDays('2021-12-31', 1)).toBe('2022-01-01');
    expect(addDays('2021-03-01', -1)).toBe('2021-02-28');
    expect(addDays('2020-03-01', -1)).toBe('2020-02-29');
    expect(addDays('2021-01-01', 365)).toBe('2022-01-01');
    expect(addDays('2020-01-01', 366)).toBe('2021-01-01');
    expect(addDays('2021-05-10', 0)).toBe('2021-05-10');
  });

  it('gives the dose-2 dates of the usual intervals', () => {
    expect(addDays('2021-05-10', 21)).toBe('2021-05-31');
    expect(addDays('2021-05-10', 28)).toBe('2021-06-07');
    expect(daysBetween('2021-05-10', '2021-05-31')).toBe(21);
    expect(daysBetween('2021-05-31', '2021-05-10')).toBe(-21);
  });

  it('works for years below 100 (no 19xx mapping)', () => {
    expect(addDays('0099-12-31', 1)).toBe('0100-01-01');
    expect(daysBetween('0001-01-01', '0002-01-01')).toBe(365);
  });

  it('round-trips over many days', () => {
    let iso = '1988-12-25';
    for (let i = 0; i < 3000; i++) {
      const next = addDays(iso, 1);
      expect(daysBetween(iso, next)).toBe(1);
      expect(addDays(next, -1)).toBe(iso);
      iso = next;
    }
    expect(daysBetween('1988-12-25', iso)).toBe(3000);
    for (const n of [-1000, -59, 1, 29, 365, 366, 10_000]) {
      expect(daysBetween('2000-02-29', addDays('2000-02-29', n))).toBe(n);
    }
  });

  it('rejects bad input', () => {
    expect(() => addDays('2021-02-30', 1)).toThrow(RangeError);
    expect(() => addDays('2021-02-01', 0.5)).toThrow(RangeError);
    expect(() => daysBetween('2021-02-01', 'tomorrow')).toThrow(RangeError);
  });
});

describe('dayOfWeek', () => {
  it('returns 0 for Sunday through 6 for Saturday', () => {
    expect(dayOfWeek('2021-06-13')).toBe(0);
    expect(dayOfWeek('1970-01-01')).toBe(4);
    expect(dayOfWeek('1947-04-01')).toBe(2);
    expect(dayOfWeek('2000-01-01')).toBe(6);
    expect(dayOfWeek('2021-05-01')).toBe(6);
    expect(dayOfWeek('0001-01-01')).toBe(1);
  });

  it('advances by one each day', () => {
    let iso = '2021-01-01';
    let expected = dayOfWeek(iso);
    for (let i = 0; i < 400; i++) {
      iso = addDays(iso, 1);
      expected = (expected + 1) % 7;
      expect(dayOfWeek(iso)).toBe(expected);
    }
  });
});

describe('calendar arithmetic does not depend on the machine time zone', () => {
  const originalTz = process.env.TZ;
  afterEach(() => {
    if (originalTz === undefined) delete process.env.TZ;
    else process.env.TZ = originalTz;
  });

  const offsets: Record<string, number> = {
    'America/New_York': 240,
    'Pacific/Kiritimati': -840,
    'America/St_Johns': 150,
    'Asia/Tokyo': -540,
  };
  for (const [tz, offset] of Object.entries(offsets)) {
    it(`gives the same answers in ${tz}`, () => {
      process.env.TZ = tz;
      // The zone really is in effect for this process (minutes behind UTC on 2021-03-14 noon UTC).
      expect(new Date('2021-03-14T12:00:00Z').getTimezoneOffset()).toBe(offset);
      expect(addDays('2021-03-13', 1)).toBe('2021-03-14'); // US DST starts 03-14
      expect(addDays('2021-03-14', 1)).toBe('2021-03-15');
      expect(addDays('2021-11-07', 1)).toBe('2021-11-08'); // US DST ends 11-07
      expect(daysBetween('2021-03-01', '2021-04-01')).toBe(31);
      expect(daysBetween('2021-10-31', '2021-11-30')).toBe(30);
      expect(dayOfWeek('2021-03-14')).toBe(0);
      expect(todayIn('Asia/Tokyo', new Date('2021-04-30T15:00:00Z'))).toBe('2021-05-01');
    });
  }
});

describe('ageOn', () => {
  it('counts completed years with the ordinary birthday', () => {
    expect(ageOn('1947-04-01', '2021-03-31')).toBe(73);
    expect(ageOn('1947-04-01', '2021-04-01')).toBe(74);
    expect(ageOn('1947-04-01', '2021-04-02')).toBe(74);
    expect(ageOn('1946-04-01', '2021-04-01')).toBe(75);
    expect(ageOn('1946-04-02', '2021-04-01')).toBe(74);
  });

  it('handles a 29 February birthday', () => {
    expect(ageOn('1948-02-29', '2021-02-28')).toBe(72);
    expect(ageOn('1948-02-29', '2021-03-01')).toBe(73);
    expect(ageOn('1948-02-29', '2020-02-28')).toBe(71);
    expect(ageOn('1948-02-29', '2020-02-29')).toBe(72);
  });

  it('is 0 on the day of birth and negative before it', () => {
    expect(ageOn('2021-05-01', '2021-05-01')).toBe(0);
    expect(ageOn('2021-05-01', '2022-04-30')).toBe(0);
    expect(ageOn('2021-05-01', '2021-04-30')).toBe(-1);
  });

  it('rejects malformed dates', () => {
    expect(() => ageOn('1947-02-30', '2021-01-01')).toThrow(RangeError);
  });
});

describe('Japanese holidays', () => {
  it('knows national holidays, moved holidays and substitute holidays', () => {
    expect(isJapaneseHoliday('2021-01-01')).toBe(true);
    expect(holidayName('2021-05-05')).toBe('こどもの日');
    expect(holidayName('2021-05-03')).toBe('憲法記念日');
    expect(holidayName('2021-07-23')).toBe('スポーツの日'); // moved for the 2021 Olympics
    expect(holidayName('2021-08-09')).toBe('山の日 振替休日');
    expect(holidayName('2020-05-06')).toBe('憲法記念日 振替休日');
    expect(isJapaneseHoliday('2019-05-01')).toBe(true); // enthronement day
    expect(isJapaneseHoliday('2021-09-23')).toBe(true);
  });

  it('gives English names on request', () => {
    expect(holidayName('2021-05-05', 'en')).toBe("Children's Day");
    expect(holidayName('2021-05-05', 'ja')).toBe('こどもの日');
  });

  it('says no for ordinary days', () => {
    for (const iso of ['2021-05-06', '2021-10-11', '2021-06-14', '2021-12-25']) {
      expect(isJapaneseHoliday(iso)).toBe(false);
      expect(holidayName(iso)).toBeNull();
    }
  });

  it('says no for malformed keys and inherited property names', () => {
    for (const junk of ['', 'constructor', '__proto__', 'toString', '2021-5-5']) {
      expect(isJapaneseHoliday(junk)).toBe(false);
      expect(holidayName(junk)).toBeNull();
    }
  });

  it('finds 16 or more holidays in a recent year', () => {
    let count = 0;
    for (let iso = '2022-01-01'; iso < '2023-01-01'; iso = addDays(iso, 1))
      if (isJapaneseHoliday(iso)) count++;
    expect(count).toBeGreaterThanOrEqual(16);
  });
});

describe('todayIn', () => {
  it('gives the date in Japan whatever the instant in UTC', () => {
    expect(todayIn('Asia/Tokyo', new Date('2021-04-30T14:59:59Z'))).toBe('2021-04-30');
    expect(todayIn('Asia/Tokyo', new Date('2021-04-30T15:00:00Z'))).toBe('2021-05-01');
    expect(todayIn(undefined, new Date('2021-12-31T15:00:00Z'))).toBe('2022-01-01');
  });

  it('follows the requested zone', () => {
    expect(todayIn('UTC', new Date('2021-05-01T03:00:00Z'))).toBe('2021-05-01');
    expect(todayIn('America/New_York', new Date('2021-05-01T03:00:00Z'))).toBe('2021-04-30');
  });

  it('returns a valid ISO date for now', () => {
    expect(isValidIsoDate(todayIn())).toBe(true);
  });

  it('builds one date formatter per zone, however often it is asked (the hub asks on every booking)', () => {
    const built = vi.spyOn(Intl, 'DateTimeFormat');
    try {
      for (let i = 0; i < 50; i++) todayIn('Pacific/Chatham', new Date(Date.UTC(2021, 4, 1, i)));
      expect(todayIn('Pacific/Chatham', new Date('2021-05-01T12:00:00Z'))).toBe('2021-05-02');
      expect(built).toHaveBeenCalledTimes(1);
    } finally {
      built.mockRestore();
    }
  });
});
