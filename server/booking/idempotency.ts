/**
 * Stored answers for retried requests. A key is claimed by inserting its row inside the request's
 * own transaction: a concurrent request with the same key waits on that row until the first one
 * commits (then replays its answer) or rolls back (then runs itself). Only successful answers are
 * stored; a failed request changed nothing, so running it again is safe.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../domain/canonical-json.ts';
import { HubError } from '../hub-error.ts';
import type { SqlExecutor } from '../store/hub-sql.ts';

export type IdempotencyScope = 'public-booking' | 'sync-mutation' | 'sync-hold';

export interface StoredAnswer {
  status: number;
  body: unknown;
}

/** A stable hash of the normalized request (object keys sorted). */
export function requestHash(request: unknown): string {
  return createHash('sha256').update(canonicalJson(request)).digest('hex');
}

function conflict(): HubError {
  return new HubError(
    'IDEMPOTENCY_CONFLICT',
    'This Idempotency-Key was already used for a different request.',
  );
}

/**
 * The stored answer for (scope, key) if any; IDEMPOTENCY_CONFLICT when it was for another request, or
 * (with `deviceId`: a desktop's mutation) stored for another desktop.
 */
export async function storedAnswer(
  sql: SqlExecutor,
  scope: IdempotencyScope,
  key: string,
  hash: string,
  deviceId: string | null = null,
): Promise<StoredAnswer | null> {
  const [row] = await sql.query<{
    request_hash: string;
    response_status: number;
    response_body: unknown;
    device_id: string | null;
  }>(
    'SELECT request_hash, response_status, response_body, device_id FROM idempotency_keys WHERE scope = $1 AND key = $2',
    [scope, key],
  );
  if (!row) return null;
  // (Answers stored before migration 014 name no desktop.)
  if (
    row.request_hash !== hash ||
    (deviceId !== null && row.device_id !== null && row.device_id !== deviceId)
  )
    throw conflict();
  return { status: row.response_status, body: row.response_body };
}

/**
 * Claims the key inside the current transaction. Returns null when claimed (go on and call
 * saveAnswer before commit), or the answer another request already stored.
 */
export async function claimKey(
  tx: SqlExecutor,
  scope: IdempotencyScope,
  key: string,
  hash: string,
  now: Date,
  deviceId: string | null = null,
): Promise<StoredAnswer | null> {
  const claimed = await tx.query(
    `INSERT INTO idempotency_keys (scope, key, request_hash, response_status, response_body, created_at, device_id)
     VALUES ($1, $2, $3, 0, 'null'::json, $4, $5)
     ON CONFLICT (scope, key) DO NOTHING
     RETURNING key`,
    [scope, key, hash, now, deviceId],
  );
  if (claimed.length > 0) return null;
  const answer = await storedAnswer(tx, scope, key, hash, deviceId);
  if (!answer) throw new Error('idempotency key vanished while claimed');
  return answer;
}

export async function saveAnswer(
  tx: SqlExecutor,
  scope: IdempotencyScope,
  key: string,
  answer: StoredAnswer,
): Promise<void> {
  await tx.query(
    'UPDATE idempotency_keys SET response_status = $3, response_body = $4::json WHERE scope = $1 AND key = $2',
    [scope, key, answer.status, JSON.stringify(answer.body)],
  );
}
