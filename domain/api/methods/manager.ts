/**
 * The manager's desk (issue 12): the `manager.*` family of contract methods, for managers only.
 * Vaccine products, venues, slot generation, capacity in bulk and cancelling a session. Every change
 * goes to the hub at once (domain/hub-api/manager-api.ts) and the desk then pulls, so the local copy
 * shows it; nothing is ever queued: without a live session with the hub a change is refused (reason
 * `hub_offline`, or `no_hub` on a desktop attached to no hub) and nothing changes anywhere.
 *
 * Refusals the manager acts on (an overlap with existing slots, a capacity cut below the seats booked)
 * come back as answers naming what stands in the way; the others as ApiErrors: VALIDATION with the
 * failing fields (the hub's checks named by the same paths as the input), or CONFLICT / FORBIDDEN /
 * NOT_FOUND with a `reason` issue (managerRefusals).
 */
import { z } from 'zod';
import type { SlotOverlapView } from '../../hub-api/errors.ts';
import {
  bulkSlotChangeBodySchema,
  createProductBodySchema,
  createVenueBodySchema,
  type ManagerCatalog,
  productChangeBodySchema,
  type SlotGenerationPreview,
  sessionCancellationBodySchema,
  slotGenerationBodySchema,
} from '../../hub-api/manager-api.ts';
import { idInput } from '../../hub-api/public-api.ts';
import type { HubProductRecord } from '../../hub-api/records.ts';
import { venueChangeBodySchema } from '../../hub-api/sync-api.ts';
import { method } from '../method-spec.ts';
import { managerRoles } from './manager-roles.ts';
import type { BookingChannel } from './overview.ts';
import type { SlotCapacityRow } from './venue-slots.ts';

/**
 * Why a manager's request was refused, as the `reason` issue of the ApiError:
 * - no_hub: this desktop takes its data from no hub (the definitions live on the hub);
 * - hub_offline: attached to a hub that cannot be reached now (nothing changed anywhere);
 * - hub_forbidden: this desktop's login on the hub is not a manager's;
 * - not_found: no such product, venue or slot on the hub;
 * - hub_refused: another refusal of the hub, with a `hubCode` issue.
 */
export const managerRefusals = [
  'no_hub',
  'hub_offline',
  'hub_forbidden',
  'not_found',
  'hub_refused',
] as const;
export type ManagerRefusal = (typeof managerRefusals)[number];

export type { HubProductRecord, ManagerCatalog, SlotGenerationPreview };
export type ManagerVenue = ManagerCatalog['venues'][number];

/** A slot as the manager's screens name it (from this desktop's copy; the venue's name may be ''). */
export type ManagerSlotSummary = Pick<
  SlotCapacityRow,
  'slotId' | 'venueId' | 'venueName' | 'date' | 'startTime' | 'endTime'
>;

/** A booking a manager's change would affect, with who it is (read from this desktop's copy). */
export interface AffectedBooking {
  bookingId: string;
  bookingNumber: string;
  /** '' when this desktop has not received the booking yet. */
  name: string;
  nameKana: string;
  doseNumber: number;
  channel: BookingChannel | null;
}

export type SlotGenerationAnswer =
  | {
      outcome: 'generated';
      /** Slots made by this request. */
      created: number;
      /** Slots of the pattern that were there already (not made again). */
      existing: number;
      skipped: SlotGenerationPreview['skipped'];
    }
  /** Refused as a whole: these new slots meet existing ones of the venue; nothing was made. */
  | { outcome: 'overlap'; overlaps: SlotOverlapView[] };

/** A slot whose capacity cut is refused, with the bookings that hold its seats. */
export interface SlotInTheWay extends ManagerSlotSummary {
  /** Seats booked and held. */
  seatsTaken: number;
  /** Of those, seats held by operators on the phone (they end within minutes). */
  held: number;
  bookings: AffectedBooking[];
}

export type BulkSlotChangeAnswer =
  | { outcome: 'changed'; changed: number; unchanged: number }
  /** Nothing changed: these slots have more seats booked or held than the capacity asked. */
  | { outcome: 'below_booked'; slots: SlotInTheWay[] };

export interface SessionResident extends AffectedBooking {
  from: ManagerSlotSummary;
  /** Where the bulk move would put the resident; null: no fitting seat (a callback task). */
  to: ManagerSlotSummary | null;
}

export interface SessionCancellationPlan {
  /** Every resident booked in the slots, by slot and reading. */
  residents: SessionResident[];
}

export type SessionResidentResult = AffectedBooking & { from: ManagerSlotSummary } & (
    | { outcome: 'moved'; to: ManagerSlotSummary }
    /** Left in the closed slot: a callback task on every desk. `code`: NO_SEAT, or the hub's last refusal. */
    | { outcome: 'callback'; code: string }
  );

export interface SessionCancellationOutcome {
  /** Slots closed by this request. */
  closedSlots: number;
  results: SessionResidentResult[];
}

const productId = idInput;
const venueId = idInput;

export const managerMethods = {
  /** Products, venues (with what a manager defines on them) and municipalities, read from the hub. */
  'manager.getCatalog': method<ManagerCatalog>()({
    input: z.object({}).strict(),
    roles: managerRoles,
  }),
  'manager.createProduct': method<{ product: HubProductRecord }>()({
    input: z.object({ product: createProductBodySchema }).strict(),
    roles: managerRoles,
  }),
  'manager.changeProduct': method<{ product: HubProductRecord }>()({
    input: z.object({ productId, change: productChangeBodySchema }).strict(),
    roles: managerRoles,
  }),
  /** No new slots or venues for it; its slots and bookings stay. */
  'manager.retireProduct': method<{ product: HubProductRecord }>()({
    input: z.object({ productId }).strict(),
    roles: managerRoles,
  }),
  'manager.createVenue': method<{ venue: ManagerVenue }>()({
    input: z.object({ venue: createVenueBodySchema }).strict(),
    roles: managerRoles,
  }),
  /** Edits a venue; `change.active: false` closes it (its slots and bookings stay), true opens it again. */
  'manager.changeVenue': method<{ venue: ManagerVenue }>()({
    input: z.object({ venueId, change: venueChangeBodySchema }).strict(),
    roles: managerRoles,
  }),
  /** The slots a generation would make, the days it skips (holidays named) and the overlaps; changes nothing. */
  'manager.previewSlotGeneration': method<SlotGenerationPreview>()({
    input: z.object({ venueId, generation: slotGenerationBodySchema }).strict(),
    roles: managerRoles,
  }),
  /** Atomic on the hub; the same request again makes nothing new. */
  'manager.generateSlots': method<SlotGenerationAnswer>()({
    input: z.object({ venueId, generation: slotGenerationBodySchema }).strict(),
    roles: managerRoles,
  }),
  /** A day, a week, a venue or a set of slots: capacity, call-center reserve, open/closed; all or nothing. */
  'manager.changeSlotsInBulk': method<BulkSlotChangeAnswer>()({
    input: bulkSlotChangeBodySchema,
    roles: managerRoles,
  }),
  /** Every resident booked in the slots and where the bulk move would put them; audited as a view. */
  'manager.previewSessionCancellation': method<SessionCancellationPlan>()({
    input: sessionCancellationBodySchema,
    roles: managerRoles,
  }),
  /** Closes the slots, moves each resident it can (one hub operation each); the rest become callback tasks. */
  'manager.cancelSession': method<SessionCancellationOutcome>()({
    input: sessionCancellationBodySchema,
    roles: managerRoles,
  }),
};
