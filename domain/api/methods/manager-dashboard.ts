/**
 * Contract methods of the manager's dashboard (ダッシュボード), all read from this desktop's local
 * store, so it works offline and follows whatever sync brings in:
 * - fill rate per venue and day over the next weeks (a heat map);
 * - bookings made per day by channel over the past weeks;
 * - free seats in the next 7 / 14 / 28 days;
 * - dose-2 shortfalls (domain/supply/dose-two-shortfall.ts): residents booked for a dose whose next
 *   dose finds too few free seats in its window at the same venue.
 * Counting follows today's overview (db/queries/day-overview.ts): seats are those of open slots,
 * taken seats are bookings in a seat-taking status (domain/booking-status.ts). Manager-only, like
 * every `manager.*` method.
 */
import { z } from 'zod';
import type { IsoDate } from '../../calendar.ts';
import type { BookingChannel } from '../../vocabulary/terms.ts';
import { method } from '../method-spec.ts';
import { csvEncodings, type ExportOutcome, exportFormats, type PrintOutcome } from './daily-list.ts';
import { managerRoles } from './manager-roles.ts';

/** Days of the heat map, from today on. */
export const fillRateDays = 28;
/** Days of the bookings chart, up to today. */
export const bookingDays = 28;
/** The spans the free seats are counted over, from today on. */
export const remainingSpans = [7, 14, 28] as const;
export type RemainingSpan = (typeof remainingSpans)[number];

/** One venue's day in the heat map. */
export interface FillRateCell {
  date: IsoDate;
  /** All the venue's slots that day, open or closed. */
  slotCount: number;
  openSlotCount: number;
  /** Seats of the open slots. */
  capacity: number;
  /** Seats taken in the open slots. */
  occupied: number;
}

export interface FillRateVenue {
  venueId: string;
  name: string;
  /** One per heat map day, in date order (a day without slots has slotCount 0). */
  days: FillRateCell[];
}

export interface BookingsOnDay {
  /** The day the bookings were made (Japan). */
  date: IsoDate;
  byChannel: Record<BookingChannel, number>;
}

export interface RemainingSeats {
  days: RemainingSpan;
  /** The last day counted (today + days − 1). */
  through: IsoDate;
  /** Open slots not started yet in the span. */
  slotCount: number;
  capacity: number;
  /** Their free seats, each slot counted as max(capacity − taken, 0). */
  remaining: number;
}

export interface DoseTwoShortfallRow {
  venueId: string;
  venueName: string;
  productId: string;
  productName: string;
  /** The day of the booked doses that need a follow-up. */
  date: IsoDate;
  needing: number;
  /** Of those, how many find no free seat in their window at this venue. */
  short: number;
  window: { from: IsoDate; to: IsoDate };
  /** Open slots of the product at the venue in the window (0: none made there yet), and their free seats. */
  windowSlots: number;
  windowFreeSeats: number;
}

export interface ManagerDashboard {
  today: IsoDate;
  generatedAt: string;
  /** The heat map's days, today first. */
  fillRateDays: IsoDate[];
  /** Active venues, in the overview's order. */
  venues: FillRateVenue[];
  /** Oldest first, ending today. */
  bookingsByDay: BookingsOnDay[];
  remaining: RemainingSeats[];
  /** By date of the booked doses, then venue. */
  shortfalls: DoseTwoShortfallRow[];
}

export const managerDashboardMethods = {
  'manager.getDashboard': method<ManagerDashboard>()({
    input: z.object({}).strict(),
    roles: managerRoles,
  }),
  'manager.exportDashboard': method<ExportOutcome>()({
    input: z
      .object({
        format: z.enum(exportFormats),
        csvEncoding: z.enum(csvEncodings).default('utf-8-bom'),
      })
      .strict(),
    roles: managerRoles,
  }),
  'manager.printDashboard': method<PrintOutcome>()({
    input: z.object({}).strict(),
    roles: managerRoles,
  }),
};
