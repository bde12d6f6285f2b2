/**
 * The demo's slots: 30-minute slots in each venue's weekly hours, on every working day of the
 * generated range (no Sundays, no national holidays, no New Year closure), a few closed.
 */
import { addDays, dayOfWeek, isJapaneseHoliday } from '../calendar.ts';
import type { SlotRecord } from '../vocabulary/index.ts';
import { demoProducts } from './products.ts';
import type { SeededRandom } from './random.ts';
import type { VenuePlan } from './venues.ts';

export const slotMinutes = 30;

/** A day venues may open, and how many days it lies from today (negative: history). */
export interface WorkingDay {
  date: string;
  offset: number;
}

/** Municipal offices close from December 29 to January 3. */
function isNewYearClosure(date: string): boolean {
  const monthDay = date.slice(5);
  return monthDay >= '12-29' || monthDay <= '01-03';
}

export function workingDays(today: string, firstOffset: number, lastOffset: number): WorkingDay[] {
  const days: WorkingDay[] = [];
  for (let offset = firstOffset; offset <= lastOffset; offset++) {
    const date = addDays(today, offset);
    if (dayOfWeek(date) === 0 || isJapaneseHoliday(date) || isNewYearClosure(date)) continue;
    days.push({ date, offset });
  }
  return days;
}

const toMinutes = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
const toTime = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

export function generateSlots(
  random: SeededRandom,
  venues: readonly VenuePlan[],
  days: readonly WorkingDay[],
  updatedAt: string,
): SlotRecord[] {
  // One clinic closes for a whole day in the second week (臨時休診), as clinics do.
  const closedClinic = venues.find((v) => v.record.kind === 'clinic');
  const closedDay = days.find((d) => d.offset >= 8 && closedClinic?.hours.has(dayOfWeek(d.date)))?.date;

  const slots: SlotRecord[] = [];
  for (const day of days) {
    const weekday = dayOfWeek(day.date);
    for (const venue of venues) {
      const sessions = venue.hours.get(weekday);
      if (!sessions) continue;
      const wholeDayClosed = venue === closedClinic && day.date === closedDay;
      for (const session of sessions) {
        for (
          let start = toMinutes(session.from);
          start + slotMinutes <= toMinutes(session.to);
          start += slotMinutes
        ) {
          slots.push({
            id: random.uuid(),
            venueId: venue.record.id,
            productId: demoProducts[venue.product].id,
            date: day.date,
            startTime: toTime(start),
            endTime: toTime(start + slotMinutes),
            capacity: venue.seatsPerSlot,
            callCenterReserve: venue.reserveSeats,
            status: wholeDayClosed || random.chance(0.015) ? 'closed' : 'open',
            updatedAt,
          });
        }
      }
    }
  }
  return slots;
}
