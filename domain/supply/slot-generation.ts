/**
 * Slot generation: a venue's weekly pattern over a date range becomes slots, the same way for the
 * hub's preview and apply and for the desk's calendar.
 *
 * - A pattern names days of the week, opening hours, the slot length, an optional lunch break, the
 *   capacity and the call-center reserve of each slot. The morning runs from the start to the lunch
 *   break, the afternoon from the end of the break; each part holds as many whole slots as fit.
 * - Japanese national holidays (substitute holidays and 国民の休日 included: domain/calendar.ts) and
 *   the listed closure days are skipped and reported, when the pattern would have opened on them.
 * - Dates are calendar dates and times wall-clock times in Japan, which keeps one offset all year:
 *   no day has 23 or 25 hours, whatever zone the machine runs in.
 * - The natural key of a slot is venue + date + start time. An existing slot with the same date, start,
 *   end and product is already there (generating again adds nothing); any other existing slot whose
 *   time meets a new one is an overlap, which the hub refuses (the preview lists them).
 */

import {
  maxReserveReleaseDays,
  maxReserveReleaseHours,
  type ReserveReleaseRule,
} from '../booking-rules/capacity.ts';
import { maxSeatsPerSlot } from '../booking-rules/slot-change.ts';
import { addDays, dayOfWeek, daysBetween, holidayName, type IsoDate, isValidIsoDate } from '../calendar.ts';
import { clockTimeOfMinutes, isClockTime, minutesOfClockTime } from '../clock-time.ts';

export interface LunchBreak {
  startTime: string;
  endTime: string;
}

export interface WeeklyPattern {
  /** 0 = Sunday … 6 = Saturday. */
  daysOfWeek: number[];
  startTime: string;
  endTime: string;
  slotMinutes: number;
  lunchBreak: LunchBreak | null;
  capacity: number;
  callCenterReserve: number;
}

export interface SlotGenerationRequest {
  from: IsoDate;
  to: IsoDate;
  patterns: WeeklyPattern[];
  /** Days the venue is closed (臨時休診, an event in the hall). */
  closureDays: IsoDate[];
  /** Open on national holidays as well (default: holidays are skipped). */
  openOnHolidays?: boolean | undefined;
  /** When the call-center reserve of the new slots opens to the online channel. */
  reserveRelease: ReserveReleaseRule;
}

export interface PlannedSlot {
  date: IsoDate;
  startTime: string;
  endTime: string;
  capacity: number;
  callCenterReserve: number;
  reserveReleaseDays: number;
  reserveReleaseHours: number | null;
}

export type SkippedDay =
  | { date: IsoDate; reason: 'holiday'; holidayName: string }
  | { date: IsoDate; reason: 'closure' };

/** A slot the venue has already (any status: a closed slot still holds its time). */
export interface ExistingSlot {
  id: string;
  date: IsoDate;
  startTime: string;
  endTime: string;
  productId: string;
}

export interface SlotOverlap {
  slot: Pick<PlannedSlot, 'date' | 'startTime' | 'endTime'>;
  existing: ExistingSlot;
}

export interface SlotGenerationPlan {
  /** The slots to create, by date and start time. */
  slots: PlannedSlot[];
  /** Generated slots the venue has already (same date, times and product): not created again. */
  existing: Array<{ slot: PlannedSlot; existingId: string }>;
  /** Days the pattern would have opened on but skips, by date. */
  skipped: SkippedDay[];
  /** New slots whose time meets an existing slot of the venue; the hub refuses the whole generation. */
  overlaps: SlotOverlap[];
}

/** At most this many days in one generation (a year, leap day included). */
export const maxGenerationDays = 366;
/** At most this many slots in one generation. */
export const maxGeneratedSlots = 20_000;
export const minSlotMinutes = 5;
export const maxSlotMinutes = 480;

export interface GenerationIssue {
  /** Dotted path of the field, as the API's VALIDATION fields name it. */
  path: string;
  message: string;
}

/** The start and end times of the slots one pattern makes in a day. */
export function slotTimesOfDay(pattern: WeeklyPattern): Array<{ startTime: string; endTime: string }> {
  const start = minutesOfClockTime(pattern.startTime);
  const end = minutesOfClockTime(pattern.endTime);
  const parts = pattern.lunchBreak
    ? [
        [start, minutesOfClockTime(pattern.lunchBreak.startTime)],
        [minutesOfClockTime(pattern.lunchBreak.endTime), end],
      ]
    : [[start, end]];
  const times: Array<{ startTime: string; endTime: string }> = [];
  for (const [from, to] of parts as Array<[number, number]>) {
    for (let t = from; t + pattern.slotMinutes <= to; t += pattern.slotMinutes) {
      times.push({ startTime: clockTimeOfMinutes(t), endTime: clockTimeOfMinutes(t + pattern.slotMinutes) });
    }
  }
  return times;
}

const seatsProblem = (n: number): string | null =>
  Number.isInteger(n) && n >= 0 && n <= maxSeatsPerSlot
    ? null
    : `a whole number from 0 to ${maxSeatsPerSlot}`;

function patternIssues(pattern: WeeklyPattern, at: string): GenerationIssue[] {
  const issues: GenerationIssue[] = [];
  const issue = (path: string, message: string) => issues.push({ path: `${at}.${path}`, message });
  if (pattern.daysOfWeek.length === 0) issue('daysOfWeek', 'name at least one day of the week');
  if (pattern.daysOfWeek.some((d) => !Number.isInteger(d) || d < 0 || d > 6)) {
    issue('daysOfWeek', 'days are 0 (Sunday) to 6 (Saturday)');
  }
  if (new Set(pattern.daysOfWeek).size !== pattern.daysOfWeek.length)
    issue('daysOfWeek', 'a day named twice');
  const times: Array<[string, string]> = [
    ['startTime', pattern.startTime],
    ['endTime', pattern.endTime],
  ];
  if (pattern.lunchBreak) {
    times.push(['lunchBreak.startTime', pattern.lunchBreak.startTime]);
    times.push(['lunchBreak.endTime', pattern.lunchBreak.endTime]);
  }
  const badTimes = times.filter(([, t]) => !isClockTime(t));
  for (const [path] of badTimes) issue(path, 'a time of day as HH:MM (00:00–23:59)');
  if (
    !Number.isInteger(pattern.slotMinutes) ||
    pattern.slotMinutes < minSlotMinutes ||
    pattern.slotMinutes > maxSlotMinutes
  ) {
    issue('slotMinutes', `a whole number of minutes from ${minSlotMinutes} to ${maxSlotMinutes}`);
  }
  const capacityProblem = seatsProblem(pattern.capacity);
  if (capacityProblem) issue('capacity', capacityProblem);
  const reserveProblem = seatsProblem(pattern.callCenterReserve);
  if (reserveProblem) issue('callCenterReserve', reserveProblem);
  else if (!capacityProblem && pattern.callCenterReserve > pattern.capacity) {
    issue('callCenterReserve', 'at most the capacity');
  }
  if (badTimes.length > 0 || issues.some((i) => i.path === `${at}.slotMinutes`)) return issues;

  const start = minutesOfClockTime(pattern.startTime);
  const end = minutesOfClockTime(pattern.endTime);
  if (end <= start) issue('endTime', 'after the start time');
  else if (pattern.lunchBreak) {
    const lunchStart = minutesOfClockTime(pattern.lunchBreak.startTime);
    const lunchEnd = minutesOfClockTime(pattern.lunchBreak.endTime);
    if (lunchEnd <= lunchStart) issue('lunchBreak.endTime', 'after the start of the break');
    else if (lunchStart <= start || lunchEnd >= end) {
      issue('lunchBreak', 'inside the opening hours, with time before and after it');
    }
  }
  if (issues.length === 0 && slotTimesOfDay(pattern).length === 0) {
    issue('slotMinutes', 'no whole slot fits in the opening hours');
  }
  return issues;
}

const overlapping = (a: { startTime: string; endTime: string }, b: { startTime: string; endTime: string }) =>
  a.startTime < b.endTime && b.startTime < a.endTime;

/**
 * Everything wrong with the request, each with the field it concerns; empty when it can be planned.
 * `today` is the date in Japan: no slot is generated for a past day.
 */
export function slotGenerationIssues(request: SlotGenerationRequest, today: IsoDate): GenerationIssue[] {
  const issues: GenerationIssue[] = [];
  const datesOk = isValidIsoDate(request.from) && isValidIsoDate(request.to);
  if (!isValidIsoDate(request.from)) issues.push({ path: 'from', message: 'a date as YYYY-MM-DD' });
  if (!isValidIsoDate(request.to)) issues.push({ path: 'to', message: 'a date as YYYY-MM-DD' });
  if (datesOk) {
    if (request.from < today) issues.push({ path: 'from', message: 'today or later' });
    if (request.to < request.from) issues.push({ path: 'to', message: 'on or after the first day' });
    else if (daysBetween(request.from, request.to) + 1 > maxGenerationDays) {
      issues.push({ path: 'to', message: `at most ${maxGenerationDays} days in one generation` });
    }
  }
  request.closureDays.forEach((d, i) => {
    if (!isValidIsoDate(d)) issues.push({ path: `closureDays.${i}`, message: 'a date as YYYY-MM-DD' });
  });
  if (request.patterns.length === 0)
    issues.push({ path: 'patterns', message: 'at least one weekly pattern' });
  request.patterns.forEach((p, i) => {
    issues.push(...patternIssues(p, `patterns.${i}`));
  });
  const { reserveReleaseDays: days, reserveReleaseHours: hours } = request.reserveRelease;
  if (!Number.isInteger(days) || days < 0 || days > maxReserveReleaseDays) {
    issues.push({
      path: 'reserveRelease.reserveReleaseDays',
      message: `a whole number from 0 to ${maxReserveReleaseDays}`,
    });
  }
  if (
    hours !== null &&
    hours !== undefined &&
    (!Number.isInteger(hours) || hours < 0 || hours > maxReserveReleaseHours)
  ) {
    issues.push({
      path: 'reserveRelease.reserveReleaseHours',
      message: `a whole number from 0 to ${maxReserveReleaseHours}`,
    });
  }
  if (issues.length > 0) return issues;

  // Two patterns open on the same weekday must not make slots at the same time.
  request.patterns.forEach((a, i) => {
    request.patterns.slice(i + 1).forEach((b, k) => {
      if (!a.daysOfWeek.some((d) => b.daysOfWeek.includes(d))) return;
      const clash = slotTimesOfDay(a).some((x) => slotTimesOfDay(b).some((y) => overlapping(x, y)));
      if (clash) {
        issues.push({ path: `patterns.${i + 1 + k}`, message: `its slots meet those of pattern ${i + 1}` });
      }
    });
  });
  return issues;
}

/**
 * The slots the request makes and what stands in their way. Assumes slotGenerationIssues found
 * nothing. `existing` are the venue's slots in the range (of every status and product).
 */
export function planSlotGeneration(
  request: SlotGenerationRequest,
  existing: readonly ExistingSlot[],
  productId: string,
): SlotGenerationPlan {
  const closures = new Set(request.closureDays);
  const existingByDate = new Map<IsoDate, ExistingSlot[]>();
  for (const slot of existing) {
    const list = existingByDate.get(slot.date);
    if (list) list.push(slot);
    else existingByDate.set(slot.date, [slot]);
  }
  const timesByPattern = request.patterns.map((p) => ({
    days: new Set(p.daysOfWeek),
    pattern: p,
    times: slotTimesOfDay(p),
  }));
  const plan: SlotGenerationPlan = { slots: [], existing: [], skipped: [], overlaps: [] };
  const days = daysBetween(request.from, request.to) + 1;
  for (let i = 0; i < days; i++) {
    const date = addDays(request.from, i);
    const weekday = dayOfWeek(date);
    const patterns = timesByPattern.filter((p) => p.days.has(weekday));
    if (patterns.length === 0) continue;
    if (closures.has(date)) {
      plan.skipped.push({ date, reason: 'closure' });
      continue;
    }
    const holiday = holidayName(date);
    if (holiday !== null && !request.openOnHolidays) {
      plan.skipped.push({ date, reason: 'holiday', holidayName: holiday });
      continue;
    }
    const before = existingByDate.get(date) ?? [];
    const made = patterns
      .flatMap(({ pattern, times }) =>
        times.map(
          (t): PlannedSlot => ({
            date,
            ...t,
            capacity: pattern.capacity,
            callCenterReserve: pattern.callCenterReserve,
            reserveReleaseDays: request.reserveRelease.reserveReleaseDays,
            reserveReleaseHours: request.reserveRelease.reserveReleaseHours ?? null,
          }),
        ),
      )
      .sort((a, b) => (a.startTime < b.startTime ? -1 : a.startTime > b.startTime ? 1 : 0));
    for (const slot of made) {
      const same = before.find(
        (e) => e.startTime === slot.startTime && e.endTime === slot.endTime && e.productId === productId,
      );
      if (same) {
        plan.existing.push({ slot, existingId: same.id });
        continue;
      }
      const met = before.filter((e) => overlapping(e, slot));
      if (met.length > 0) {
        for (const e of met) {
          plan.overlaps.push({
            slot: { date, startTime: slot.startTime, endTime: slot.endTime },
            existing: e,
          });
        }
        continue;
      }
      plan.slots.push(slot);
    }
  }
  return plan;
}
