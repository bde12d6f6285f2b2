/**
 * Capacity in bulk: which slots (a day, the week of a day, or a period, of one venue or all; all of
 * them or those ticked) and what to set (capacity, call-center reserve, open/closed; blank: keep).
 * All ticked: the selection goes to the hub as the period itself, so slots this desktop has not heard
 * of yet are changed too; some ticked: as those slots.
 */

import { maxSeatsPerSlot } from '../../../../domain/booking-rules/slot-change.ts';
import type { IsoDate } from '../../../../domain/calendar.ts';
import type { BulkSlotChangeBody, SlotSelection } from '../../../../domain/hub-api/manager-api.ts';
import { type SlotRange, weekOf } from '../venue-slots/slot-range.ts';
import { type FieldProblems, readWholeNumber } from './field-problems.ts';

export type BulkScope = 'day' | 'week' | 'range';

export interface BulkFormValues {
  capacity: string;
  callCenterReserve: string;
  status: 'keep' | 'open' | 'closed';
}
export type BulkField = keyof BulkFormValues;

export function bulkRange(scope: BulkScope, day: IsoDate, range: SlotRange): SlotRange {
  if (scope === 'day') return { from: day, to: day };
  if (scope === 'week') return weekOf(day);
  return range;
}

export type BulkChangeCheck =
  | { ok: true; change: BulkSlotChangeBody['change'] }
  | { ok: false; problems: FieldProblems<BulkField>; nothing: boolean };

export function checkBulkChange(values: BulkFormValues): BulkChangeCheck {
  const problems: FieldProblems<BulkField> = {};
  const change: BulkSlotChangeBody['change'] = {};
  const seats = (field: 'capacity' | 'callCenterReserve') => {
    if (values[field].trim() === '') return;
    const read = readWholeNumber(values[field], 0, maxSeatsPerSlot);
    if (read.ok) change[field] = read.value;
    else problems[field] = read.problem;
  };
  seats('capacity');
  seats('callCenterReserve');
  if (
    change.capacity !== undefined &&
    change.callCenterReserve !== undefined &&
    change.callCenterReserve > change.capacity
  ) {
    problems.callCenterReserve = { kind: 'reserve_above_capacity' };
  }
  if (values.status !== 'keep') change.status = values.status;
  if (Object.keys(problems).length > 0) return { ok: false, problems, nothing: false };
  if (Object.keys(change).length === 0) return { ok: false, problems, nothing: true };
  return { ok: true, change };
}

/** The selection sent: the period (of the venue, if one) when every listed slot is ticked, else the ticked ones. */
export function bulkSelection(
  venueId: string | null,
  range: SlotRange,
  listed: readonly string[],
  ticked: ReadonlySet<string>,
): SlotSelection | null {
  const chosen = listed.filter((id) => ticked.has(id));
  if (chosen.length === 0) return null;
  if (chosen.length === listed.length)
    return { ...(venueId ? { venueId } : {}), from: range.from, to: range.to };
  return { slotIds: chosen };
}
