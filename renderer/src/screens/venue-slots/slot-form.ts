/**
 * The change panel's fields checked with the domain rules (parseSeatCount, decideSlotChange), so the
 * manager reads the same refusal beside the field that the desk process or the hub would give; and
 * the change to send: only the fields that differ from the slot as it was shown.
 */
import type { SlotCapacityRow } from '../../../../domain/api/methods/venue-slots.ts';
import {
  decideSlotChange,
  maxSeatsPerSlot,
  parseSeatCount,
  type SeatCountError,
  type SlotOpenStatus,
} from '../../../../domain/booking-rules/slot-change.ts';

export interface SlotFormValues {
  capacity: string;
  reserve: string;
  status: SlotOpenStatus;
}

export type FieldProblem =
  | { kind: SeatCountError; max: number }
  | { kind: 'belowBooked'; n: number }
  | { kind: 'reserveAboveCapacity'; capacity: number };

export interface SlotChangeInput {
  capacity?: number;
  callCenterReserve?: number;
  status?: SlotOpenStatus;
}

export type SlotFormCheck =
  | { ok: true; change: SlotChangeInput; changed: boolean }
  | { ok: false; capacity: FieldProblem | null; reserve: FieldProblem | null };

export const seatsTaken = (row: SlotCapacityRow): number =>
  row.booked.phone + row.booked.online + row.booked.walk_in + row.held;

export function formValuesOf(row: SlotCapacityRow): SlotFormValues {
  return { capacity: String(row.capacity), reserve: String(row.callCenterReserve), status: row.status };
}

export function checkSlotForm(row: SlotCapacityRow, values: SlotFormValues): SlotFormCheck {
  const capacity = parseSeatCount(values.capacity);
  const reserve = parseSeatCount(values.reserve);
  if (!capacity.ok || !reserve.ok) {
    return {
      ok: false,
      capacity: capacity.ok ? null : { kind: capacity.error, max: maxSeatsPerSlot },
      reserve: reserve.ok ? null : { kind: reserve.error, max: maxSeatsPerSlot },
    };
  }
  const decision = decideSlotChange(
    {
      capacity: row.capacity,
      callCenterReserve: row.callCenterReserve,
      status: row.status,
      bookedOnline: row.booked.online,
      bookedPhone: row.booked.phone,
      bookedWalkIn: row.booked.walk_in,
      held: row.held,
    },
    { capacity: capacity.value, callCenterReserve: reserve.value, status: values.status },
  );
  if (!decision.ok) {
    return decision.reason === 'capacity_below_booked'
      ? { ok: false, capacity: { kind: 'belowBooked', n: decision.seatsTaken }, reserve: null }
      : { ok: false, capacity: null, reserve: { kind: 'reserveAboveCapacity', capacity: decision.capacity } };
  }
  const change: SlotChangeInput = {};
  if (capacity.value !== row.capacity) change.capacity = capacity.value;
  if (reserve.value !== row.callCenterReserve) change.callCenterReserve = reserve.value;
  if (values.status !== row.status) change.status = values.status;
  return { ok: true, change, changed: decision.changed };
}
