/**
 * Where sync stands (the one row of sync_state): which hub the local data came from, the cursor in
 * the hub's change log, an unfinished snapshot's page cursor, and the last problem. Every write that
 * moves the cursor happens in the same transaction as the rows it covers (see sync-apply.ts).
 */
import type { SyncProblemCode } from '../../domain/api/methods/sync.ts';
import type { Database } from '../sqlite-driver.ts';
import { cachedStatement } from '../statement-cache.ts';

export interface SyncStateRow {
  /** The hub the local data came from (its address, or the demo hub's store); null before the first snapshot. */
  origin: string | null;
  deviceId: string | null;
  cursor: number;
  /** True once a snapshot was applied completely: from then on only pulls move the cursor. */
  ready: boolean;
  headSeq: number | null;
  /** An unfinished snapshot: its sequence number, the next page's cursor and the rows applied so far. */
  snapshot: { seq: number; next: string | null; rows: number } | null;
  lastPullAt: string | null;
  lastPushAt: string | null;
  problem: { code: SyncProblemCode; detail: string; at: string } | null;
}

interface Row {
  hub_url: string | null;
  device_id: string | null;
  cursor: number;
  ready: number;
  head_seq: number | null;
  snapshot_seq: number | null;
  snapshot_next: string | null;
  snapshot_rows: number;
  last_pull_at: string | null;
  last_push_at: string | null;
  last_error: string | null;
  last_error_code: string | null;
  last_error_at: string | null;
}

export function readSyncState(db: Database): SyncStateRow {
  const row = cachedStatement<[], Row>(
    db,
    `SELECT hub_url, device_id, cursor, ready, head_seq, snapshot_seq, snapshot_next, snapshot_rows,
            last_pull_at, last_push_at, last_error, last_error_code, last_error_at
       FROM sync_state WHERE id = 1`,
  ).get();
  if (!row) throw new Error('sync_state has no row');
  return {
    origin: row.hub_url,
    deviceId: row.device_id,
    cursor: row.cursor,
    ready: row.ready === 1,
    headSeq: row.head_seq,
    snapshot:
      row.snapshot_seq === null
        ? null
        : { seq: row.snapshot_seq, next: row.snapshot_next, rows: row.snapshot_rows },
    lastPullAt: row.last_pull_at,
    lastPushAt: row.last_push_at,
    problem:
      row.last_error_code === null
        ? null
        : {
            code: row.last_error_code as SyncProblemCode,
            detail: row.last_error ?? '',
            at: row.last_error_at ?? '',
          },
  };
}

/**
 * Names the hub the local data comes from; the copy starts over (not ready, cursor 0, never pulled
 * from it: the first snapshot is the first sync again).
 */
export function setSyncOrigin(db: Database, origin: string, deviceId: string | null): void {
  cachedStatement(
    db,
    `UPDATE sync_state SET hub_url = ?, device_id = ?, cursor = 0, ready = 0, head_seq = NULL,
            snapshot_seq = NULL, snapshot_next = NULL, snapshot_rows = 0, last_pull_at = NULL WHERE id = 1`,
  ).run(origin, deviceId);
}

export function setSyncDevice(db: Database, deviceId: string): void {
  cachedStatement(db, 'UPDATE sync_state SET device_id = ? WHERE id = 1').run(deviceId);
}

/** A snapshot page was applied: where the next page starts (null: that was the last page). */
export function recordSnapshotPage(db: Database, seq: number, next: string | null, rows: number): void {
  cachedStatement(
    db,
    'UPDATE sync_state SET snapshot_seq = ?, snapshot_next = ?, snapshot_rows = ? WHERE id = 1',
  ).run(seq, next, rows);
}

/** The last snapshot page is in: pulls continue from the snapshot's sequence number. */
export function completeSnapshot(db: Database, seq: number, at: Date): void {
  cachedStatement(
    db,
    `UPDATE sync_state SET cursor = ?, ready = 1, snapshot_seq = NULL, snapshot_next = NULL, snapshot_rows = 0,
            head_seq = max(coalesce(head_seq, 0), ?), last_pull_at = ? WHERE id = 1`,
  ).run(seq, seq, at.toISOString());
}

/** Forgets an unfinished snapshot (the hub cannot finish it any more), keeping the data already applied. */
export function abandonSnapshot(db: Database): void {
  // Holds come whole with the next snapshot; a tombstone missed in the gap must not keep a seat taken.
  cachedStatement(db, 'DELETE FROM hub_holds').run();
  cachedStatement(
    db,
    'UPDATE sync_state SET snapshot_seq = NULL, snapshot_next = NULL, snapshot_rows = 0, ready = 0 WHERE id = 1',
  ).run();
}

export function advanceCursor(db: Database, cursor: number, headSeq: number, at: Date): void {
  cachedStatement(db, 'UPDATE sync_state SET cursor = ?, head_seq = ?, last_pull_at = ? WHERE id = 1').run(
    cursor,
    headSeq,
    at.toISOString(),
  );
}

export function recordPush(db: Database, at: Date): void {
  cachedStatement(db, 'UPDATE sync_state SET last_push_at = ? WHERE id = 1').run(at.toISOString());
}

export function recordHeadSeq(db: Database, headSeq: number): void {
  cachedStatement(db, 'UPDATE sync_state SET head_seq = max(coalesce(head_seq, 0), ?) WHERE id = 1').run(
    headSeq,
  );
}

export function recordSyncProblem(db: Database, code: SyncProblemCode, detail: string, at: Date): void {
  cachedStatement(
    db,
    'UPDATE sync_state SET last_error_code = ?, last_error = ?, last_error_at = ? WHERE id = 1',
  ).run(code, detail.slice(0, 500), at.toISOString());
}

export function clearSyncProblem(db: Database): void {
  cachedStatement(
    db,
    'UPDATE sync_state SET last_error_code = NULL, last_error = NULL, last_error_at = NULL WHERE id = 1',
  ).run();
}
