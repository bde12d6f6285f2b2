/**
 * The slot generation form (one weekly pattern): the values as typed, turned into the hub's body and
 * checked by the domain's own rule (domain/supply/slot-generation.ts, the one the hub applies), each
 * problem put beside the field it concerns. And the preview as a calendar: one grid per month, each
 * day with the slots it would get, the slots already there, the overlaps, or why it is skipped.
 */
import type { SlotGenerationPreview } from '../../../../domain/api/methods/manager.ts';
import { maxSeatsPerSlot } from '../../../../domain/booking-rules/slot-change.ts';
import {
  addDays,
  dayOfWeek,
  daysBetween,
  daysInMonth,
  type IsoDate,
  isoDateParts,
  toIsoDate,
} from '../../../../domain/calendar.ts';
import { type SlotGenerationBody, slotGenerationBodyIssues } from '../../../../domain/hub-api/manager-api.ts';
import {
  maxGenerationDays,
  maxSlotMinutes,
  minSlotMinutes,
} from '../../../../domain/supply/slot-generation.ts';
import { type FieldProblem, type FieldProblems, readWholeNumber } from './field-problems.ts';

export interface GenerationFormValues {
  venueId: string;
  productId: string;
  from: IsoDate;
  to: IsoDate;
  /** 0 = Sunday … 6 = Saturday. */
  daysOfWeek: number[];
  startTime: string;
  endTime: string;
  slotMinutes: string;
  lunch: boolean;
  lunchStart: string;
  lunchEnd: string;
  capacity: string;
  callCenterReserve: string;
  closureDays: IsoDate[];
  openOnHolidays: boolean;
}
export type GenerationField = keyof GenerationFormValues;

/** Next month, weekdays 9:00–16:00 with a lunch break, 30-minute slots of 10 seats (2 for the call center). */
export function defaultGenerationValues(today: IsoDate): GenerationFormValues {
  const { y, m } = isoDateParts(today);
  const [ny, nm] = m === 12 ? [y + 1, 1] : [y, m + 1];
  return {
    venueId: '',
    productId: '',
    from: toIsoDate(ny, nm, 1),
    to: toIsoDate(ny, nm, daysInMonth(ny, nm)),
    daysOfWeek: [1, 2, 3, 4, 5],
    startTime: '09:00',
    endTime: '16:00',
    slotMinutes: '30',
    lunch: true,
    lunchStart: '12:00',
    lunchEnd: '13:00',
    capacity: '10',
    callCenterReserve: '2',
    closureDays: [],
    openOnHolidays: false,
  };
}

export type GenerationFormCheck =
  | { ok: true; venueId: string; body: SlotGenerationBody }
  | { ok: false; problems: FieldProblems<GenerationField> };

/** The problem the domain rule names at a path of the body, as a form field. */
function problemAt(path: string): [GenerationField, FieldProblem] | null {
  const at = path.replace(/^patterns\.0\./u, '');
  if (at === 'from') return ['from', { kind: 'not_before_today' }];
  if (at === 'to') return ['to', { kind: 'range_too_long', days: maxGenerationDays }];
  if (at === 'daysOfWeek') return ['daysOfWeek', { kind: 'pick_one' }];
  if (at === 'startTime' || at === 'endTime') return [at, { kind: 'time_order' }];
  if (at.startsWith('lunchBreak')) return ['lunchEnd', { kind: 'lunch_inside' }];
  if (at === 'slotMinutes') return ['slotMinutes', { kind: 'no_slot_fits' }];
  if (at === 'capacity') return ['capacity', { kind: 'whole_number', min: 0, max: maxSeatsPerSlot }];
  if (at === 'callCenterReserve') return ['callCenterReserve', { kind: 'reserve_above_capacity' }];
  if (at.startsWith('closureDays')) return ['closureDays', { kind: 'date' }];
  return null;
}

/** The form field a path of the method's input names (the hub's VALIDATION answer). */
export function generationFieldOf(path: string): GenerationField | undefined {
  if (path === 'venueId') return 'venueId';
  if (path === 'generation.productId') return 'productId';
  return problemAt(path.replace(/^generation\./u, ''))?.[0];
}

export function checkGenerationForm(values: GenerationFormValues, today: IsoDate): GenerationFormCheck {
  const problems: FieldProblems<GenerationField> = {};
  if (values.venueId === '') problems.venueId = { kind: 'required' };
  if (values.productId === '') problems.productId = { kind: 'required' };
  if (values.daysOfWeek.length === 0) problems.daysOfWeek = { kind: 'pick_one' };
  const minutes = readWholeNumber(values.slotMinutes, minSlotMinutes, maxSlotMinutes);
  const capacity = readWholeNumber(values.capacity, 0, maxSeatsPerSlot);
  const reserve = readWholeNumber(values.callCenterReserve, 0, maxSeatsPerSlot);
  if (!minutes.ok) problems.slotMinutes = minutes.problem;
  if (!capacity.ok) problems.capacity = capacity.problem;
  if (!reserve.ok) problems.callCenterReserve = reserve.problem;
  for (const [field, time] of [
    ['startTime', values.startTime],
    ['endTime', values.endTime],
    ...(values.lunch
      ? [['lunchStart', values.lunchStart] as const, ['lunchEnd', values.lunchEnd] as const]
      : []),
  ] as const) {
    if (!/^\d{2}:\d{2}$/u.test(time)) problems[field] = { kind: 'required' };
  }
  if (Object.keys(problems).length > 0 || !minutes.ok || !capacity.ok || !reserve.ok)
    return { ok: false, problems };

  const body: SlotGenerationBody = {
    productId: values.productId,
    from: values.from,
    to: values.to,
    patterns: [
      {
        daysOfWeek: [...values.daysOfWeek].sort(),
        startTime: values.startTime,
        endTime: values.endTime,
        slotMinutes: minutes.value,
        lunchBreak: values.lunch ? { startTime: values.lunchStart, endTime: values.lunchEnd } : null,
        capacity: capacity.value,
        callCenterReserve: reserve.value,
      },
    ],
    closureDays: [...new Set(values.closureDays)].sort(),
    openOnHolidays: values.openOnHolidays,
  };
  for (const issue of slotGenerationBodyIssues(body, today)) {
    const found = problemAt(issue.path);
    if (found) problems[found[0]] ??= found[1];
  }
  return Object.keys(problems).length > 0
    ? { ok: false, problems }
    : { ok: true, venueId: values.venueId, body };
}

// ── the preview as a calendar ──

export interface CalendarDay {
  date: IsoDate;
  /** Inside the generation's range. */
  inRange: boolean;
  /** Slots this day would get. */
  newSlots: number;
  /** Slots of the pattern already there (not made again). */
  existing: number;
  /** New slots that meet existing ones (the generation is refused while there are any). */
  overlaps: number;
  skipped: { reason: 'holiday'; holidayName: string } | { reason: 'closure' } | null;
}

export interface CalendarMonth {
  year: number;
  month: number;
  /** Weeks from Sunday to Saturday; null outside the month. */
  weeks: Array<Array<CalendarDay | null>>;
}

export function generationCalendar(
  preview: SlotGenerationPreview,
  from: IsoDate,
  to: IsoDate,
): CalendarMonth[] {
  const count = (dates: ReadonlyArray<{ date: string }>) => {
    const byDate = new Map<string, number>();
    for (const { date } of dates) byDate.set(date, (byDate.get(date) ?? 0) + 1);
    return byDate;
  };
  const newSlots = count(preview.slots);
  const existing = count(preview.existing);
  // One overlap per new slot, however many existing slots it meets.
  const overlaps = count([...new Map(preview.overlaps.map((o) => [`${o.date} ${o.startTime}`, o])).values()]);
  const skipped = new Map(preview.skipped.map((s) => [s.date, s]));

  const months: CalendarMonth[] = [];
  const first = isoDateParts(from);
  const last = isoDateParts(to);
  let [y, m] = [first.y, first.m];
  while (y < last.y || (y === last.y && m <= last.m)) {
    const start = toIsoDate(y, m, 1);
    const days = daysInMonth(y, m);
    const cells: Array<CalendarDay | null> = Array.from({ length: dayOfWeek(start) }, () => null);
    for (let d = 0; d < days; d++) {
      const date = addDays(start, d);
      const skip = skipped.get(date);
      cells.push({
        date,
        inRange: date >= from && date <= to,
        newSlots: newSlots.get(date) ?? 0,
        existing: existing.get(date) ?? 0,
        overlaps: overlaps.get(date) ?? 0,
        skipped: !skip
          ? null
          : skip.reason === 'holiday'
            ? { reason: 'holiday', holidayName: skip.holidayName ?? '' }
            : { reason: 'closure' },
      });
    }
    while (cells.length % 7 !== 0) cells.push(null);
    const weeks: Array<Array<CalendarDay | null>> = [];
    for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
    months.push({ year: y, month: m, weeks });
    [y, m] = m === 12 ? [y + 1, 1] : [y, m + 1];
  }
  return months;
}

/** Days of the range the slots fall on (for the summary line). */
export function daysWithSlots(preview: SlotGenerationPreview): number {
  return new Set(preview.slots.map((s) => s.date)).size;
}

/** How many days a range has, both ends counted. */
export const rangeDays = (from: IsoDate, to: IsoDate): number => daysBetween(from, to) + 1;
