import { afterEach, describe, expect, it } from 'vitest';
import { isBirthDateAfterToday } from '../../domain/birth-date.ts';

describe('a date of birth is not after today in Japan', () => {
  const originalTz = process.env.TZ;
  afterEach(() => {
    if (originalTz === undefined) delete process.env.TZ;
    else process.env.TZ = originalTz;
  });

  it('refuses a date in the future and takes today, by the date in Japan whatever the machine zone', () => {
    process.env.TZ = 'America/Los_Angeles';
    expect(new Date('2030-06-01T00:00:00Z').getTimezoneOffset()).not.toBe(-540);
    // 2030-06-01 15:30 UTC is already 2030-06-02 in Japan (still the 1st in Los Angeles and UTC).
    const now = new Date('2030-06-01T15:30:00Z');
    expect(isBirthDateAfterToday('2099-01-01', now)).toBe(true);
    expect(isBirthDateAfterToday('2030-06-03', now)).toBe(true);
    expect(isBirthDateAfterToday('2030-06-02', now)).toBe(false);
    expect(isBirthDateAfterToday('1947-04-01', now)).toBe(false);
    // Half an hour before midnight in Japan, the 2nd is still tomorrow.
    expect(isBirthDateAfterToday('2030-06-02', new Date('2030-06-01T14:30:00Z'))).toBe(true);
  });
});
