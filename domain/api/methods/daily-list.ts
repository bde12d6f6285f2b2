/**
 * Contract methods of the daily vaccination list (接種予定者リスト): the residents expected at a
 * venue (or every venue) on a date in time order, its Excel and CSV exports and its printing.
 * Every view, export and print is recorded in the audit log with the number of records.
 */
import { z } from 'zod';
import type { BookingStatus } from '../../booking-status.ts';
import type { StaffRole } from '../../vocabulary/index.ts';
import { isoDateSchema, method } from '../method-spec.ts';
import type { BookingChannel } from './overview.ts';

export const dailyListRoles: readonly StaffRole[] = ['venue_staff', 'manager'];

/** Who is on the list: bookings that still expect (or have had) the resident at the venue that day. */
export const dailyListStatuses: readonly BookingStatus[] = [
  'provisional',
  'confirmed',
  'checked_in',
  'vaccinated',
  'no_show',
];

export interface DailyListRow {
  bookingId: string;
  slotId: string;
  date: string;
  startTime: string;
  endTime: string;
  bookingNumber: string;
  /** 10 digits, leading zeros kept. */
  ticketNumber: string;
  name: string;
  nameKana: string;
  birthDate: string;
  /** Completed years on the list's date. */
  age: number;
  sex: 'M' | 'F' | 'U';
  phone: string;
  doseNumber: number;
  productName: string;
  channel: BookingChannel;
  status: BookingStatus;
  notes: string;
  /** Set when a manager closed the slot while this booking still expected the resident. */
  slotClosure: SlotClosureMark | null;
}

/** A booking stranded by its slot's closure (domain/booking-status.ts strandedByClosureStatuses). */
export interface SlotClosureMark {
  /** When the slot was closed (as this desktop learned it: the slot's time of change). */
  closedAt: string;
  /** Someone at this desktop recorded calling the resident about it. */
  called: boolean;
}

export interface DailyListSlotTotal {
  slotId: string;
  startTime: string;
  endTime: string;
  count: number;
}

export interface DailyListVenue {
  venueId: string;
  venueName: string;
  rows: DailyListRow[];
  slotTotals: DailyListSlotTotal[];
}

export interface DailyList {
  date: string;
  /** When the list was read (ISO timestamp); printed in the footer. */
  generatedAt: string;
  municipalityName: string | null;
  venues: DailyListVenue[];
}

export const exportFormats = ['xlsx', 'csv'] as const;
export type ExportFormat = (typeof exportFormats)[number];
export const csvEncodings = ['utf-8-bom', 'shift_jis'] as const;
export type CsvEncoding = (typeof csvEncodings)[number];

/** How a written file reaches the user: saved through the desktop's dialog, or downloaded by the browser. */
export type FileDelivery =
  | { kind: 'saved' }
  | { kind: 'cancelled' }
  | { kind: 'download'; downloadId: string };

export interface ExportOutcome {
  fileName: string;
  rowCount: number;
  byteSize: number;
  delivery: FileDelivery;
  /** Characters Shift_JIS cannot hold, written as '?' (always 0 for UTF-8). */
  replacedCharacters: number;
}

/** 'system-dialog': the desktop opened the system print dialog; 'browser': the page prints itself. */
export type PrintOutcome = { mode: 'system-dialog'; printed: boolean } | { mode: 'browser' };

const dailyListTarget = {
  date: isoDateSchema,
  /** null: every venue with bookings that day, one sheet (or section) each. */
  venueId: z.string().min(1).max(64).nullable(),
};

export const dailyListMethods = {
  getDailyList: method<DailyList>()({
    input: z.object(dailyListTarget).strict(),
    roles: dailyListRoles,
  }),
  exportDailyList: method<ExportOutcome>()({
    input: z
      .object({
        ...dailyListTarget,
        format: z.enum(exportFormats),
        csvEncoding: z.enum(csvEncodings).default('utf-8-bom'),
      })
      .strict(),
    roles: dailyListRoles,
  }),
  printDailyList: method<PrintOutcome>()({
    input: z.object(dailyListTarget).strict(),
    roles: dailyListRoles,
  }),
};
