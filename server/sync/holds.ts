/**
 * The operators' holds through the sync API: create (idempotent by the desktop's hold id), extend,
 * release. A hold belongs to the desktop that made it; another desktop cannot see it as its own.
 * Expiry is the maintenance sweep's job (and every booking of the slot sweeps first).
 */
import { slotHasStarted } from '../../domain/booking-rules/slot-start.ts';
import type { HoldRecord } from '../../domain/hub-api/records.ts';
import type { CreateHoldBody } from '../../domain/hub-api/sync-api.ts';
import { slotStarted } from '../booking/booking-checks.ts';
import { extendHold, type HoldPolicy, placeHold, releaseHold } from '../booking/hold-seats.ts';
import { claimKey, requestHash, saveAnswer, storedAnswer } from '../booking/idempotency.ts';
import { sweepExpiredHolds } from '../booking/seat-counters.ts';
import type { Clock } from '../clock.ts';
import { HubError } from '../hub-error.ts';
import type { HubSql } from '../store/hub-sql.ts';
import { runHubTransaction } from '../store/hub-transaction.ts';
import { type HoldRow, holdRecordOf } from '../store/records.ts';
import type { SyncSession } from './device-sessions.ts';
import { holdRoles, requireRole } from './session-roles.ts';

export interface HoldDeps {
  sql: HubSql;
  clock: Clock;
  holdPolicy: HoldPolicy;
}

const scope = 'sync-hold';

const holdEnded = () =>
  new HubError('HOLD_EXPIRED', 'This hold has ended (expired, released or booked); take a new one.');

async function activeHold(sql: HubSql, holdId: string, deviceId: string, now: Date): Promise<HoldRecord> {
  const [row] = await sql.query<HoldRow>(
    'SELECT * FROM holds WHERE id = $1 AND device_id = $2 AND expires_at > $3',
    [holdId, deviceId, now],
  );
  if (!row) throw holdEnded();
  return holdRecordOf(row);
}

/**
 * Takes a seat in the slot for the phone channel (the call-center reserve included), unless the slot
 * has started (SLOT_STARTED) or has no seat (SLOT_FULL). The same hold
 * id again answers the hold as it is now (HOLD_EXPIRED once it has ended), never a second seat;
 * the same id for another slot is IDEMPOTENCY_CONFLICT.
 */
export async function createHold(
  deps: HoldDeps,
  session: SyncSession,
  body: CreateHoldBody,
): Promise<HoldRecord> {
  requireRole(session, holdRoles);
  const now = deps.clock();
  const hash = requestHash({ slotId: body.slotId, deviceId: session.deviceId });
  if (await storedAnswer(deps.sql, scope, body.holdId, hash)) {
    return activeHold(deps.sql, body.holdId, session.deviceId, now);
  }
  const { result } = await runHubTransaction(deps.sql, now, async (tx) => {
    if (await claimKey(tx, scope, body.holdId, hash, now)) return null;
    const [slot] = await tx.query<{
      municipality_code: string;
      held: number;
      date: string;
      start_time: string;
    }>('SELECT municipality_code, held, date, start_time FROM slots WHERE id = $1', [body.slotId]);
    if (!slot || (session.municipalityCode && slot.municipality_code !== session.municipalityCode)) {
      throw new HubError('VALIDATION', 'No such slot.', {
        fields: [{ path: 'slotId', message: 'unknown slot' }],
      });
    }
    if (slotHasStarted({ date: slot.date, startTime: slot.start_time }, now)) throw slotStarted();
    if (slot.held > 0) await sweepExpiredHolds(tx, [body.slotId]);
    const row = await placeHold(
      tx,
      {
        id: body.holdId,
        slotId: body.slotId,
        municipalityCode: slot.municipality_code,
        staffId: session.staffId,
        deviceId: session.deviceId,
      },
      deps.holdPolicy,
    );
    if (!row) throw new HubError('SLOT_FULL', 'No seat is left in this slot for the phone channel.');
    await saveAnswer(tx, scope, body.holdId, { status: 200, body: { slotId: body.slotId } });
    return holdRecordOf(row);
  });
  return result ?? activeHold(deps.sql, body.holdId, session.deviceId, now);
}

export async function extendSessionHold(
  deps: HoldDeps,
  session: SyncSession,
  holdId: string,
): Promise<HoldRecord> {
  requireRole(session, holdRoles);
  const { result } = await runHubTransaction(deps.sql, deps.clock(), (tx) =>
    extendHold(tx, holdId, session.deviceId, deps.holdPolicy),
  );
  if (!result) throw holdEnded();
  return holdRecordOf(result);
}

/** Gives the seat back. True when the hold was still running; releasing an ended hold is not an error. */
export async function releaseSessionHold(
  deps: HoldDeps,
  session: SyncSession,
  holdId: string,
): Promise<boolean> {
  requireRole(session, holdRoles);
  const now = deps.clock();
  const { result } = await runHubTransaction(deps.sql, now, (tx) =>
    releaseHold(tx, holdId, session.deviceId),
  );
  return result !== null && result.expires_at > now;
}
