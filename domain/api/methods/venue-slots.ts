/**
 * Contract methods of the venues and slots screen (会場・枠): the slots of a venue (or all) over a date
 * range with their seats by channel, and a manager's change of a slot's capacity, call-center reserve
 * and open/closed status. The change rule is domain/booking-rules/slot-change.ts. Where a change goes:
 * to the hub's manager route when this desktop is attached to a hub (the hub decides; offline, the
 * change is refused), else straight into the local store.
 */
import { z } from 'zod';
import { maxSeatsPerSlot, parseSeatCount } from '../../booking-rules/slot-change.ts';
import { daysBetween } from '../../calendar.ts';
import { allRoles, type StaffRole } from '../../vocabulary/index.ts';
import { isoDateSchema, method } from '../method-spec.ts';
import type { BookingChannel } from './overview.ts';

/** Everyone may look (read-only); only managers change capacity (enforced by the dispatcher). */
export const slotCapacityViewerRoles: readonly StaffRole[] = allRoles;
export const slotCapacityEditorRoles: readonly StaffRole[] = ['manager'];

/** The longest date range one list covers. */
export const maxSlotRangeDays = 62;

export interface SlotCapacityRow {
  slotId: string;
  venueId: string;
  venueName: string;
  date: string;
  startTime: string;
  endTime: string;
  productName: string;
  capacity: number;
  callCenterReserve: number;
  /** Seat-taking bookings by channel (held ones apart). */
  booked: Record<BookingChannel, number>;
  /** Bookings on hold on this desktop (holds of other desktops are counted by the hub only). */
  held: number;
  /** Free seats of an open slot (capacity − booked − held, never below 0); 0 for a closed one. */
  remaining: number;
  status: 'open' | 'closed';
  updatedAt: string;
}

export interface SlotCapacityVenue {
  id: string;
  name: string;
}

export interface SlotCapacityList {
  from: string;
  to: string;
  venueId: string | null;
  /** Active venues, for the venue picker. */
  venues: SlotCapacityVenue[];
  slots: SlotCapacityRow[];
  /** The caller's role may change slots. */
  canChange: boolean;
  /** Where a change goes: the hub (this desktop is attached to one) or the local store (no hub). */
  changeTarget: 'hub' | 'local';
}

/**
 * Why a change was refused, as the `reason` issue of the ApiError (CONFLICT, NOT_FOUND or FORBIDDEN):
 * - capacity_below_booked: with a `seatsTaken` issue (the hub's figure when the hub refused);
 * - reserve_above_capacity: with a `capacity` issue;
 * - hub_offline: attached to a hub that cannot be reached now (nothing changed anywhere);
 * - hub_forbidden: this desktop's login on the hub is not a manager;
 * - hub_refused: another refusal of the hub, with a `hubCode` issue;
 * - not_found: no such slot (here or on the hub).
 */
export const slotChangeRefusals = [
  'capacity_below_booked',
  'reserve_above_capacity',
  'hub_offline',
  'hub_forbidden',
  'hub_refused',
  'not_found',
] as const;
export type SlotChangeRefusal = (typeof slotChangeRefusals)[number];

export interface SlotChangeResult {
  slot: SlotCapacityRow;
  via: 'hub' | 'local';
  /** False when the values were already so (nothing written, nothing audited). */
  changed: boolean;
}

/**
 * A booking a closure of its slot would strand (domain/booking-status.ts strandedByClosureStatuses):
 * what the manager reads before closing, so that the residents affected are named, not a count.
 */
export interface SlotResident {
  bookingId: string;
  bookingNumber: string;
  name: string;
  nameKana: string;
  doseNumber: number;
  channel: BookingChannel;
}

export interface SlotResidents {
  slotId: string;
  startTime: string;
  endTime: string;
  /** By reading. */
  residents: SlotResident[];
}

const slotId = z.string().min(1).max(64);

/** A seat count as a number or as typed (full-width digits accepted), checked by the domain rule. */
const seatCountInput = z.union([z.number(), z.string().max(20)]).transform((raw, ctx) => {
  const parsed = parseSeatCount(raw);
  if (parsed.ok) return parsed.value;
  ctx.addIssue({
    code: 'custom',
    message:
      parsed.error === 'too_large'
        ? `at most ${maxSeatsPerSlot}`
        : parsed.error === 'negative'
          ? 'not below 0'
          : 'a whole number',
  });
  return z.NEVER;
});

export const venueSlotMethods = {
  listSlotCapacity: method<SlotCapacityList>()({
    input: z
      .object({ venueId: z.string().min(1).max(64).nullable(), from: isoDateSchema, to: isoDateSchema })
      .strict()
      .refine((v) => v.from <= v.to, { path: ['to'], message: 'not before from' })
      .refine((v) => v.from > v.to || daysBetween(v.from, v.to) < maxSlotRangeDays, {
        path: ['to'],
        message: `at most ${maxSlotRangeDays} days`,
      }),
    roles: slotCapacityViewerRoles,
  }),
  /** Who a closure would strand (the bookings still expecting the resident); audited as a view. */
  listSlotResidents: method<SlotResidents>()({
    input: z.object({ slotId }).strict(),
    roles: slotCapacityEditorRoles,
  }),
  changeSlotCapacity: method<SlotChangeResult>()({
    input: z
      .object({
        slotId,
        capacity: seatCountInput.optional(),
        callCenterReserve: seatCountInput.optional(),
        status: z.enum(['open', 'closed']).optional(),
      })
      .strict()
      .refine(
        (v) => v.capacity !== undefined || v.callCenterReserve !== undefined || v.status !== undefined,
        { message: 'name at least one field to change' },
      ),
    roles: slotCapacityEditorRoles,
  }),
};
