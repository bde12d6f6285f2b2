/**
 * Repeated wrong birth dates on the phone desk. A 10-digit ticket number and a birth date are weak
 * proof (docs/architecture.md, "Data protection"), and a caller who tries date after date is
 * guessing: from the third wrong date in a row for one coupon within the window (a match starts the
 * count again), the operator is told to verify the caller another way, and each such wrong date is
 * audited. The desk process keeps the
 * count, so reloading the screen or starting the call again does not reset it; the window is longer
 * than a call, so hanging up and calling back soon is still counted.
 */
export const birthDateCheckRule = {
  /** Wrong dates in a row that make the desk warn the operator. */
  warnAfter: 3,
  /** How long a wrong date counts. */
  windowMinutes: 30,
} as const;

export function birthDateWarningDue(failedAttempts: number): boolean {
  return failedAttempts >= birthDateCheckRule.warnAfter;
}

export interface BirthDateChecks {
  /** Wrong dates in a row for the coupon still within the window. */
  failures(couponId: string, now: Date): number;
  /** Counts one check: for a mismatch the wrong dates in a row with this one, for a match the ones before. */
  record(couponId: string, match: boolean, now: Date): number;
}

/** Coupons tracked at most; beyond that, coupons whose wrong dates have all run out are forgotten. */
const trackedCoupons = 10_000;

export function createBirthDateChecks(): BirthDateChecks {
  const wrongDates = new Map<string, number[]>();
  const windowStart = (now: Date) => now.getTime() - birthDateCheckRule.windowMinutes * 60_000;
  const recent = (couponId: string, now: Date): number[] =>
    (wrongDates.get(couponId) ?? []).filter((at) => at > windowStart(now));
  const forgetExpired = (now: Date) => {
    for (const [couponId, times] of wrongDates) {
      if (times.every((at) => at <= windowStart(now))) wrongDates.delete(couponId);
    }
  };
  return {
    failures: (couponId, now) => recent(couponId, now).length,
    record(couponId, match, now) {
      const times = recent(couponId, now);
      if (match) {
        wrongDates.delete(couponId);
        return times.length;
      }
      times.push(now.getTime());
      wrongDates.set(couponId, times);
      if (wrongDates.size > trackedCoupons) forgetExpired(now);
      return times.length;
    },
  };
}
