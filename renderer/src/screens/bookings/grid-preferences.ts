/**
 * The bookings grid's column visibility and widths, remembered on this computer (localStorage).
 * Only layout is stored here, never data. A damaged or foreign value is ignored.
 */
import type { ColumnSizingState, ColumnVisibilityState } from '@tanstack/react-table';
import { type BookingGridColumn, bookingGridColumns } from '../../../../domain/api/contract.ts';

const storageKey = 'vaccine-desk.bookings-grid.v1';

export interface GridPreferences {
  columnVisibility: ColumnVisibilityState;
  columnSizing: ColumnSizingState;
}

const isColumn = (key: string): key is BookingGridColumn =>
  (bookingGridColumns as readonly string[]).includes(key);

export function loadGridPreferences(): GridPreferences {
  const empty: GridPreferences = { columnVisibility: {}, columnSizing: {} };
  try {
    const raw = localStorage.getItem(storageKey);
    if (!raw) return empty;
    const value = JSON.parse(raw) as Partial<GridPreferences>;
    const visibility = Object.entries(value.columnVisibility ?? {}).filter(
      ([key, shown]) => isColumn(key) && typeof shown === 'boolean',
    );
    const sizing = Object.entries(value.columnSizing ?? {}).filter(
      ([key, width]) => isColumn(key) && typeof width === 'number' && width >= 40 && width <= 800,
    );
    return { columnVisibility: Object.fromEntries(visibility), columnSizing: Object.fromEntries(sizing) };
  } catch {
    return empty;
  }
}

export function saveGridPreferences(preferences: GridPreferences): void {
  try {
    localStorage.setItem(storageKey, JSON.stringify(preferences));
  } catch {
    // Storage full or disabled: the layout just is not remembered.
  }
}

export function clearGridPreferences(): void {
  localStorage.removeItem(storageKey);
}
