/**
 * Contract methods of the bookings grid: every booking of every channel, paged, sorted and filtered
 * by the desktop process (never all rows in the renderer), and one booking with its history.
 */

import { z } from 'zod';
import { type BookingStatus, bookingStatuses } from '../../booking-status.ts';
import { bookingEventActions } from '../../hub-api/records.ts';
import type { StaffRole } from '../../vocabulary/index.ts';
import { isoDateSchema, method } from '../method-spec.ts';
import { type BookingChannel, bookingChannels, type VenueKind } from './overview.ts';
import type { HubRejection } from './phone-desk.ts';

/** Who may see residents' bookings: everyone who works with them (not the account administrator). */
export const bookingViewerRoles: readonly StaffRole[] = ['operator', 'venue_staff', 'manager'];

/** The grid's columns, in display order; every one of them sorts. */
export const bookingGridColumns = [
  'bookingNumber',
  'slot',
  'venue',
  'dose',
  'name',
  'reading',
  'birthDate',
  'age',
  'phone',
  'channel',
  'status',
  'createdBy',
  'createdAt',
] as const;
export type BookingGridColumn = (typeof bookingGridColumns)[number];

export const bookingGridPageMax = 200;

export const bookingFilterSchema = z
  .object({
    /** Slot dates, both ends included. */
    dateFrom: isoDateSchema.optional(),
    dateTo: isoDateSchema.optional(),
    venueIds: z.array(z.string().min(1).max(64)).max(100).optional(),
    channels: z.array(z.enum(bookingChannels)).max(bookingChannels.length).optional(),
    statuses: z.array(z.enum(bookingStatuses)).max(bookingStatuses.length).optional(),
    doses: z.array(z.number().int().min(1).max(9)).max(9).optional(),
    /** Start of a booking number, ticket number, reading (kana), name or phone number. */
    text: z.string().max(64).optional(),
  })
  .strict();
export type BookingFilter = z.infer<typeof bookingFilterSchema>;

export const bookingSortSchema = z.object({ column: z.enum(bookingGridColumns), desc: z.boolean() }).strict();
export type BookingSort = z.infer<typeof bookingSortSchema>;

export interface BookingGridRow {
  id: string;
  bookingNumber: string;
  date: string;
  startTime: string;
  endTime: string;
  venueId: string;
  venueName: string;
  doseNumber: number;
  name: string;
  nameKana: string;
  birthDate: string;
  /** Completed years on the slot's date. */
  age: number;
  phone: string;
  channel: BookingChannel;
  status: BookingStatus;
  /** The staff member who took the booking (name null: not known on this desk); null for online bookings. */
  createdBy: { id: string; name: string | null } | null;
  createdAt: string;
}

export interface BookingPage {
  offset: number;
  rows: BookingGridRow[];
}

/** Everything that happens to a booking, as its history shows it. */
export const bookingHistoryActions = [
  'created',
  /** The changes the hub records too (moved, cancelled, the marks, undone). */
  ...bookingEventActions,
  'walk_in',
  /** The hub accepted a provisional booking (or move): now confirmed. */
  'hub_confirmed',
  /** The hub refused this desk's booking, move, cancellation or venue mark (with its `rejection`). */
  'hub_refused_booking',
  'hub_refused_move',
  'hub_refused_cancel',
  'hub_refused_mark',
] as const;
export type BookingHistoryAction = (typeof bookingHistoryActions)[number];

/** Where a booking was (or went): the slot's venue, date and start time. */
export interface HistorySlot {
  venueName: string;
  date: string;
  startTime: string;
}

/** Who made a change: a staff member (name null when this desk does not know it), the resident online, the hub. */
export type HistoryActor = { kind: 'staff'; name: string | null } | { kind: 'resident' } | { kind: 'hub' };

export interface BookingHistoryEntry {
  at: string;
  by: HistoryActor;
  action: BookingHistoryAction;
  fromStatus: BookingStatus | null;
  toStatus: BookingStatus | null;
  lotNumber: string | null;
  /** A move: the old and the new slot. */
  fromSlot: HistorySlot | null;
  toSlot: HistorySlot | null;
  /** A cancellation: its reason (phone-desk cancelReasons). */
  reason: string | null;
  /** A hub refusal: its code and reasons. */
  rejection: HubRejection | null;
  /** The channel a booking was made through ('created' only). */
  channel: BookingChannel | null;
}

export interface BookingDetail extends BookingGridRow {
  ticketNumber: string;
  sex: 'M' | 'F' | 'U';
  address: string;
  productName: string;
  notes: string;
  rejection: HubRejection | null;
  vaccineLot: string | null;
  history: BookingHistoryEntry[];
}

export interface VenueChoice {
  id: string;
  name: string;
  kind: VenueKind;
  active: boolean;
}

export const bookingsMethods = {
  /** One page of the grid. Recorded in the audit log as a view of those bookings. */
  listBookings: method<BookingPage>()({
    input: z
      .object({
        filter: bookingFilterSchema,
        sort: bookingSortSchema,
        offset: z.number().int().min(0).max(100_000_000),
        limit: z.number().int().min(1).max(bookingGridPageMax),
      })
      .strict(),
    roles: bookingViewerRoles,
  }),
  countBookings: method<{ total: number }>()({
    input: z.object({ filter: bookingFilterSchema }).strict(),
    roles: bookingViewerRoles,
  }),
  /** One booking with its history; recorded in the audit log. */
  getBooking: method<BookingDetail>()({
    input: z.object({ bookingId: z.string().min(1).max(64) }).strict(),
    roles: bookingViewerRoles,
  }),
  /** Venues for filters and pickers, active first, in Japanese reading order. */
  listVenueChoices: method<VenueChoice[]>()({
    input: z.object({}).strict(),
    roles: bookingViewerRoles,
  }),
};
