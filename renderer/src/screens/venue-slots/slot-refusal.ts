/** A refused slot change as the desk answered it (ApiError issues: reason, seatsTaken, capacity, hubCode). */
import { ApiError } from '../../../../domain/api/errors.ts';
import { type SlotChangeRefusal, slotChangeRefusals } from '../../../../domain/api/methods/venue-slots.ts';

export interface SlotRefusal {
  reason: SlotChangeRefusal;
  seatsTaken: number | null;
  capacity: number | null;
  hubCode: string | null;
}

export function slotRefusal(error: unknown): SlotRefusal | null {
  if (!(error instanceof ApiError)) return null;
  const issue = (path: string) => error.issues?.find((i) => i.path === path)?.message ?? null;
  const reason = issue('reason');
  if (!reason || !(slotChangeRefusals as readonly string[]).includes(reason)) return null;
  const number = (path: string) => {
    const value = Number(issue(path) ?? Number.NaN);
    return Number.isInteger(value) ? value : null;
  };
  return {
    reason: reason as SlotChangeRefusal,
    seatsTaken: number('seatsTaken'),
    capacity: number('capacity'),
    hubCode: issue('hubCode'),
  };
}
