/**
 * Holds inside a hub transaction: a hold row plus its seat in slots.held. Every function keeps the
 * two together and records the hold and the slot in the change log (a hold that ends is a
 * tombstone). Lock order as everywhere: hold rows before slot rows (as the expiry sweep does).
 */
import type { CapacityChannel } from '../../domain/booking-rules/capacity.ts';
import type { HubTx } from '../store/hub-transaction.ts';
import { type HoldRow, holdRecordOf } from '../store/records.ts';
import { convertHeldSeat, releaseHeldSeat, takeHeldSeat } from './seat-counters.ts';

/** How long a hold lasts, how far one extension reaches, and the most it can last in all. */
export interface HoldPolicy {
  holdMinutes: number;
  extendMinutes: number;
  maxTotalMinutes: number;
}

export const defaultHoldPolicy: HoldPolicy = { holdMinutes: 5, extendMinutes: 5, maxTotalMinutes: 15 };

const minutesAfter = (at: Date, minutes: number): Date => new Date(at.getTime() + minutes * 60_000);

export interface PlaceHoldInput {
  id: string;
  slotId: string;
  municipalityCode: string;
  staffId: string;
  deviceId: string;
}

/**
 * Takes a seat as a hold; null when the slot has no seat for the phone channel (or is closed). The
 * caller has checked that the slot has not started.
 */
export async function placeHold(
  tx: HubTx,
  input: PlaceHoldInput,
  policy: HoldPolicy,
): Promise<HoldRow | null> {
  const slot = await takeHeldSeat(tx, input.slotId);
  if (!slot) return null;
  const expiresAt = minutesAfter(tx.now, Math.min(policy.holdMinutes, policy.maxTotalMinutes));
  const [row] = await tx.query<HoldRow>(
    `INSERT INTO holds (id, municipality_code, slot_id, staff_id, device_id, created_at, expires_at, expires_cap_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
    [
      input.id,
      input.municipalityCode,
      input.slotId,
      input.staffId,
      input.deviceId,
      tx.now,
      expiresAt,
      minutesAfter(tx.now, policy.maxTotalMinutes),
    ],
  );
  tx.changes.upsert('hold', row!.id, holdRecordOf(row!), row!.municipality_code);
  return row!;
}

/**
 * Pushes the expiry to now + extendMinutes, never past the cap and never earlier than it was.
 * Null when the device has no such unexpired hold.
 */
export async function extendHold(
  tx: HubTx,
  holdId: string,
  deviceId: string,
  policy: HoldPolicy,
): Promise<HoldRow | null> {
  const [row] = await tx.query<HoldRow>(
    `UPDATE holds SET expires_at = GREATEST(expires_at, LEAST($3::timestamptz, expires_cap_at))
     WHERE id = $1 AND device_id = $2 AND expires_at > $4
     RETURNING *`,
    [holdId, deviceId, minutesAfter(tx.now, policy.extendMinutes), tx.now],
  );
  if (!row) return null;
  tx.changes.upsert('hold', row.id, holdRecordOf(row), row.municipality_code);
  return row;
}

/** Ends the device's hold and gives its seat back; the row it deleted, or null when there was none. */
export async function releaseHold(tx: HubTx, holdId: string, deviceId: string): Promise<HoldRow | null> {
  const [row] = await tx.query<HoldRow>('DELETE FROM holds WHERE id = $1 AND device_id = $2 RETURNING *', [
    holdId,
    deviceId,
  ]);
  if (!row) return null;
  tx.changes.delete('hold', row.id, row.municipality_code);
  await releaseHeldSeat(tx, row.slot_id);
  return row;
}

/**
 * A booking takes over the device's unexpired hold on its slot: the hold ends and its seat becomes
 * the booking's (no capacity check: occupancy does not change). False when there is no such hold;
 * the booking must then take a seat of its own.
 */
export async function consumeHold(
  tx: HubTx,
  input: { holdId: string; slotId: string; deviceId: string | null; channel: CapacityChannel },
): Promise<boolean> {
  const [row] = await tx.query<{ id: string; municipality_code: string }>(
    `DELETE FROM holds WHERE id = $1 AND slot_id = $2 AND device_id IS NOT DISTINCT FROM $3 AND expires_at > $4
     RETURNING id, municipality_code`,
    [input.holdId, input.slotId, input.deviceId, tx.now],
  );
  if (!row) return false;
  tx.changes.delete('hold', row.id, row.municipality_code);
  await convertHeldSeat(tx, input.slotId, input.channel);
  return true;
}
