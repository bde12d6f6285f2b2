/**
 * Times of day as 'HH:MM' strings (00:00–23:59, a wall clock in Japan for slots), and minutes since
 * midnight for arithmetic. Japan keeps one offset all year, so minutes of the wall clock are real minutes.
 */

export const minutesPerDay = 24 * 60;

const clockTimePattern = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;

export function isClockTime(s: string): boolean {
  return clockTimePattern.test(s);
}

/** '09:30' → 570. */
export function minutesOfClockTime(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

/** 570 → '09:30'; minutes from 0 to 1439. */
export function clockTimeOfMinutes(minutes: number): string {
  if (!Number.isInteger(minutes) || minutes < 0 || minutes >= minutesPerDay) {
    throw new RangeError('clockTimeOfMinutes: minutes must be a whole number from 0 to 1439');
  }
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}
