/**
 * When a slot has started. A slot is a date and an 'HH:MM' start, both in Japanese time; "now" is an
 * instant from the caller's clock (injectable, so tests fix it), read in Asia/Tokyo whatever zone the
 * machine runs in. A slot has started from its start minute on, and every slot of an earlier day has.
 *
 * A started slot can no longer be booked, held or moved into, by the online channel or the phone
 * desk; only a walk-in may still be recorded in it (the venue writes down who came, during the slot
 * or, offline until the next morning, after its day). The hub and the desk both decide with this
 * module, so they never disagree about a slot.
 */

import type { IsoDate } from '../calendar.ts';
import { japanTimeZone } from '../vocabulary/terms.ts';
import type { CapacityChannel } from './capacity.ts';

/** A moment as a wall clock in Japan reads it. */
export interface JapanTime {
  date: IsoDate;
  /** 'HH:MM', 00:00–23:59. */
  time: string;
}

export interface SlotStart {
  date: IsoDate;
  /** 'HH:MM' in Japan. */
  startTime: string;
}

const japanClockFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: japanTimeZone,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** The date and time of day in Japan at `now`. */
export function japanTimeAt(now: Date): JapanTime {
  const parts = japanClockFormat.formatToParts(now);
  const part = (type: Intl.DateTimeFormatPartTypes): string =>
    parts.find((p) => p.type === type)?.value ?? '';
  return {
    date: `${part('year').padStart(4, '0')}-${part('month')}-${part('day')}`,
    time: `${part('hour')}:${part('minute')}`,
  };
}

/** True once the slot's start minute has come in Japan (and for every slot of an earlier day). */
export function slotHasStarted(slot: SlotStart, now: Date | JapanTime): boolean {
  const at = now instanceof Date ? japanTimeAt(now) : now;
  return slot.date < at.date || (slot.date === at.date && slot.startTime <= at.time);
}

/** Whether a booking through `channel` comes too late for the slot: it has started, and it is not a walk-in. */
export function tooLateToBook(slot: SlotStart, channel: CapacityChannel, now: Date | JapanTime): boolean {
  return channel !== 'walk_in' && slotHasStarted(slot, now);
}
