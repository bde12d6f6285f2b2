/**
 * Handlers of the venues and slots screen (domain/api/methods/venue-slots.ts). A change goes where the
 * authority on capacity is: to the hub at once when this desktop is attached to one (offline: refused,
 * nothing changes locally behind the hub's back), else into the local store under the same domain
 * rule. Refusals come back as ApiErrors with a `reason` issue the screen puts into words.
 */
import { appendAudit } from '../../../db/queries/audit.ts';
import {
  changeSlotLocally,
  listSlotCapacity,
  recordHubSlotChange,
  slotCapacityRow,
  slotCapacityVenues,
} from '../../../db/queries/slot-capacity.ts';
import { slotResidents } from '../../../db/queries/slot-closures.ts';
import { type ApiError, type ApiErrorCode, type ApiIssue, refusal } from '../../../domain/api/errors.ts';
import {
  type SlotChangeRefusal,
  type SlotChangeResult,
  slotCapacityEditorRoles,
  type venueSlotMethods,
} from '../../../domain/api/methods/venue-slots.ts';
import { seatsTakenOfMessage } from '../../../domain/booking-rules/slot-change.ts';
import type { SlotChangeBody } from '../../../domain/hub-api/sync-api.ts';
import type { ApiHandlerDeps, HandlersOf } from './handler-types.ts';

const refused = (code: ApiErrorCode, reason: SlotChangeRefusal, extra: ApiIssue[] = []): ApiError =>
  refusal(code, 'slot change', reason, extra);

export function createVenueSlotHandlers(deps: ApiHandlerDeps): HandlersOf<typeof venueSlotMethods> {
  const { db } = deps;
  const attached = () => deps.sync?.attachedToHub ?? false;
  const announce = () => deps.events?.emit({ type: 'data-changed', scopes: ['slots'] });

  return {
    listSlotCapacity: ({ venueId, from, to }, ctx) => ({
      from,
      to,
      venueId,
      venues: slotCapacityVenues(db),
      slots: listSlotCapacity(db, { venueId, from, to }),
      canChange: slotCapacityEditorRoles.includes(ctx.session.role),
      changeTarget: attached() ? 'hub' : 'local',
    }),

    listSlotResidents: ({ slotId }, ctx) => {
      const found = slotResidents(db, slotId);
      if (!found) throw refused('NOT_FOUND', 'not_found');
      appendAudit(db, {
        staffId: ctx.session.staffId,
        action: 'slot.residents.view',
        entity: 'booking',
        entityIds: found.residents.map((r) => r.bookingId),
        detail: { slotId, rowCount: found.residents.length },
      });
      return found;
    },

    changeSlotCapacity: async ({ slotId, capacity, callCenterReserve, status }, ctx) => {
      const change = { capacity, callCenterReserve, status };
      if (!attached() || !deps.sync) {
        const result = changeSlotLocally(db, { slotId, staffId: ctx.session.staffId, ...change });
        if (!result.ok) throw localRefusal(result);
        if (result.changed) announce();
        return { slot: result.slot, via: 'local', changed: result.changed } satisfies SlotChangeResult;
      }

      const before = slotCapacityRow(db, slotId);
      if (!before) throw refused('NOT_FOUND', 'not_found');
      const body: SlotChangeBody = {
        ...(capacity !== undefined ? { capacity } : {}),
        ...(callCenterReserve !== undefined ? { callCenterReserve } : {}),
        ...(status !== undefined ? { status } : {}),
      };
      const answer = await deps.sync.changeSlot(slotId, body);
      switch (answer.kind) {
        case 'unavailable':
          throw refused('CONFLICT', 'hub_offline');
        case 'refused':
          throw hubRefusal(answer.code, answer.message, {
            seatsTaken: before.booked.phone + before.booked.online + before.booked.walk_in + before.held,
            capacity: capacity ?? before.capacity,
          });
        case 'changed': {
          const written = recordHubSlotChange(db, {
            before,
            answer: answer.slot,
            staffId: ctx.session.staffId,
          });
          announce();
          return {
            slot: written.slot ?? before,
            via: 'hub',
            changed: written.changed,
          } satisfies SlotChangeResult;
        }
      }
    },
  };
}

function localRefusal(result: Exclude<ReturnType<typeof changeSlotLocally>, { ok: true }>): ApiError {
  switch (result.reason) {
    case 'not_found':
      return refused('NOT_FOUND', 'not_found');
    case 'capacity_below_booked':
      return refused('CONFLICT', 'capacity_below_booked', [
        { path: 'seatsTaken', message: String(result.seatsTaken) },
      ]);
    case 'reserve_above_capacity':
      return refused('CONFLICT', 'reserve_above_capacity', [
        { path: 'capacity', message: String(result.capacity) },
      ]);
  }
}

/** The hub's refusal in the desk's terms; `local` is what this desktop knows, for when the hub's words say less. */
function hubRefusal(
  code: string,
  message: string,
  local: { seatsTaken: number; capacity: number },
): ApiError {
  switch (code) {
    case 'CAPACITY_BELOW_BOOKED': {
      // The hub's own figure (it counts every desktop's holds); this desktop's count if the words differ.
      const taken = seatsTakenOfMessage(message) ?? local.seatsTaken;
      return refused('CONFLICT', 'capacity_below_booked', [{ path: 'seatsTaken', message: String(taken) }]);
    }
    case 'VALIDATION':
      // The only check the hub makes beyond this contract's: the reserve above the capacity.
      return refused('CONFLICT', 'reserve_above_capacity', [
        { path: 'capacity', message: String(local.capacity) },
      ]);
    case 'FORBIDDEN':
      return refused('FORBIDDEN', 'hub_forbidden');
    case 'NOT_FOUND':
      return refused('NOT_FOUND', 'not_found');
    default:
      return refused('CONFLICT', 'hub_refused', [{ path: 'hubCode', message: code }]);
  }
}
