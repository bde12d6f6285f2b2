/**
 * The venue × day grid built from the desk's slot list: one cell per venue and day with what the
 * operator needs at a glance (seats left for the phone channel, or why the day cannot be chosen),
 * and the moves of the keyboard cursor across it.
 */
import type { PhoneSlot, PhoneSlotGrid, SlotIneligibility } from '../../../../domain/api/contract.ts';
import { addDays, daysBetween } from '../../../../domain/calendar.ts';

export type CellState = 'bookable' | 'full' | 'closed' | 'none' | 'ineligible';

export interface GridCell {
  venueId: string;
  date: string;
  state: CellState;
  /** Seats left over the bookable slots of the day. */
  remaining: number;
  slots: PhoneSlot[];
  reasons: SlotIneligibility[];
}

export interface CellPosition {
  venueId: string;
  date: string;
}

/** A day "has few seats left" at or below this, so the cell is marked as such. */
export const fewSeats = 3;

export function dayColumns(from: string, days: number): string[] {
  return Array.from({ length: days }, (_, i) => addDays(from, i));
}

export function cellFor(venueId: string, date: string, slots: readonly PhoneSlot[]): GridCell {
  const own = slots.filter((s) => s.venueId === venueId && s.date === date);
  const bookable = own.filter((s) => s.state === 'bookable');
  const reasons = [...new Set(own.flatMap((s) => s.reasons))];
  let state: CellState;
  if (own.length === 0) state = 'none';
  else if (bookable.length > 0) state = 'bookable';
  else if (own.some((s) => s.state === 'full')) state = 'full';
  else if (own.some((s) => s.state === 'ineligible')) state = 'ineligible';
  else state = 'closed';
  return {
    venueId,
    date,
    state,
    remaining: bookable.reduce((n, s) => n + s.remaining, 0),
    slots: own,
    reasons,
  };
}

/** Cells by `${venueId} ${date}` for the venues shown and the grid's days. */
export function gridCells(grid: PhoneSlotGrid, venueIds: readonly string[]): Map<string, GridCell> {
  const byKey = new Map<string, PhoneSlot[]>();
  for (const slot of grid.slots) {
    const key = `${slot.venueId} ${slot.date}`;
    const list = byKey.get(key);
    if (list) list.push(slot);
    else byKey.set(key, [slot]);
  }
  const cells = new Map<string, GridCell>();
  const days = dayColumns(grid.from, daysIn(grid));
  for (const venueId of venueIds) {
    for (const date of days) {
      cells.set(cellKey({ venueId, date }), cellFor(venueId, date, byKey.get(`${venueId} ${date}`) ?? []));
    }
  }
  return cells;
}

export const cellKey = (p: CellPosition) => `${p.venueId} ${p.date}`;

export function daysIn(grid: Pick<PhoneSlotGrid, 'from' | 'to'>): number {
  return daysBetween(grid.from, grid.to) + 1;
}

/**
 * Where the cursor starts: the earliest bookable day of `preferVenueId` when given (a move or a second
 * dose usually stays at the same venue), else the earliest day with a bookable cell (top venue first),
 * from `earliest` on; else the first cell of the earliest day.
 */
export function firstBookableCell(
  cells: ReadonlyMap<string, GridCell>,
  venueIds: readonly string[],
  days: readonly string[],
  earliest: string,
  preferVenueId: string | null = null,
): CellPosition | null {
  const candidates = days.filter((d) => d >= earliest);
  const bookable = (venueId: string, date: string) =>
    cells.get(cellKey({ venueId, date }))?.state === 'bookable';
  if (preferVenueId !== null && venueIds.includes(preferVenueId)) {
    const date = candidates.find((d) => bookable(preferVenueId, d));
    if (date) return { venueId: preferVenueId, date };
  }
  for (const date of candidates) {
    for (const venueId of venueIds) {
      if (bookable(venueId, date)) return { venueId, date };
    }
  }
  const date = candidates[0] ?? days[0];
  const venueId = venueIds[0];
  return date && venueId ? { venueId, date } : null;
}

export type CursorMove = 'left' | 'right' | 'up' | 'down' | 'week-back' | 'week-ahead';

/** The next position; a day outside the shown columns is returned as is (the grid then pages). */
export function moveCursor(
  position: CellPosition,
  move: CursorMove,
  venueIds: readonly string[],
): CellPosition {
  const row = venueIds.indexOf(position.venueId);
  switch (move) {
    case 'left':
      return { ...position, date: addDays(position.date, -1) };
    case 'right':
      return { ...position, date: addDays(position.date, 1) };
    case 'week-back':
      return { ...position, date: addDays(position.date, -7) };
    case 'week-ahead':
      return { ...position, date: addDays(position.date, 7) };
    case 'up':
      return { ...position, venueId: venueIds[Math.max(0, row - 1)] ?? position.venueId };
    case 'down':
      return { ...position, venueId: venueIds[Math.min(venueIds.length - 1, row + 1)] ?? position.venueId };
  }
}
