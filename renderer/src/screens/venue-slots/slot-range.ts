/** The date range of the venues and slots screen: by default this week and next (Monday to Sunday). */
import { maxSlotRangeDays } from '../../../../domain/api/methods/venue-slots.ts';
import {
  addDays,
  dayOfWeek,
  daysBetween,
  type IsoDate,
  isValidIsoDate,
} from '../../../../domain/calendar.ts';

export interface SlotRange {
  from: IsoDate;
  to: IsoDate;
}

/** Monday to Sunday of the week the day is in. */
export function weekOf(day: IsoDate): SlotRange {
  const monday = addDays(day, -((dayOfWeek(day) + 6) % 7));
  return { from: monday, to: addDays(monday, 6) };
}

/** Monday of today's week to Sunday of the week after: the two weeks a manager plans. */
export function thisAndNextWeek(today: IsoDate): SlotRange {
  const { from } = weekOf(today);
  return { from, to: addDays(from, 13) };
}

export type RangeProblem = 'incomplete' | 'backwards' | 'too_long';

export function rangeProblem(range: SlotRange): RangeProblem | null {
  if (!isValidIsoDate(range.from) || !isValidIsoDate(range.to)) return 'incomplete';
  if (range.to < range.from) return 'backwards';
  if (daysBetween(range.from, range.to) >= maxSlotRangeDays) return 'too_long';
  return null;
}
