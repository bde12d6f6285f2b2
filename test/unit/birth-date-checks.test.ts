/** Wrong birth dates in a row per coupon, counted by the desk process within a window. */
import { describe, expect, it } from 'vitest';
import {
  birthDateCheckRule,
  birthDateWarningDue,
  createBirthDateChecks,
} from '../../domain/birth-date-checks.ts';

const start = new Date('2026-12-02T01:00:00Z');
const minutesLater = (m: number) => new Date(start.getTime() + m * 60_000);

describe('wrong birth dates in a row', () => {
  it('counts per coupon and warns from the third', () => {
    const checks = createBirthDateChecks();
    expect([1, 2, 3, 4].map((m) => checks.record('c1', false, minutesLater(m)))).toEqual([1, 2, 3, 4]);
    expect([1, 2, 3, 4].map(birthDateWarningDue)).toEqual([false, false, true, true]);
    expect(checks.failures('c1', minutesLater(5))).toBe(4);
    expect(checks.failures('c2', minutesLater(5))).toBe(0);
    expect(checks.record('c2', false, minutesLater(5))).toBe(1);
  });

  it('a match answers the wrong dates before it and starts the count again', () => {
    const checks = createBirthDateChecks();
    for (const m of [1, 2, 3]) checks.record('c1', false, minutesLater(m));
    expect(checks.record('c1', true, minutesLater(4))).toBe(3);
    expect(checks.failures('c1', minutesLater(4))).toBe(0);
    expect(checks.record('c1', false, minutesLater(5))).toBe(1);
  });

  it('a wrong date counts for the window only', () => {
    const checks = createBirthDateChecks();
    const window = birthDateCheckRule.windowMinutes;
    checks.record('c1', false, minutesLater(0));
    checks.record('c1', false, minutesLater(10));
    expect(checks.record('c1', false, minutesLater(window - 1))).toBe(3);
    expect(checks.failures('c1', minutesLater(window))).toBe(2);
    expect(checks.failures('c1', minutesLater(window + 10))).toBe(1);
    expect(checks.record('c1', false, minutesLater(3 * window))).toBe(1);
  });
});
