/**
 * What a date of birth may be wherever one is entered or imported (the hub's coupon import; the
 * desk's birth-date fields can take it too): not after today in Japan. `now` is the caller's clock.
 */

import { type IsoDate, todayIn } from './calendar.ts';
import { japanTimeZone } from './vocabulary/terms.ts';

/** True when the date of birth is after today in Japan (a typo such as 2099 for 1999, or 令和 for 昭和). */
export function isBirthDateAfterToday(birthDate: IsoDate, now: Date): boolean {
  return birthDate > todayIn(japanTimeZone, now);
}
