/**
 * Bringing the local copy up to the hub: the first snapshot (paged; each page and the next page's
 * cursor in ONE SQLite transaction, so a restart resumes where it stopped) and then pulls of the
 * change log since the cursor (each page and the new cursor in one transaction).
 */

import type { ReceivedHubRow } from '../../../db/queries/hub-rows.ts';
import { beginBulkLoad, finishBulkLoad, storeHasNoBookings } from '../../../db/queries/snapshot-bulk-load.ts';
import {
  type ApplyContext,
  applyHubRows,
  type ChangeScope,
  reapplySetAsideRows,
} from '../../../db/queries/sync-apply.ts';
import { outboxEntries } from '../../../db/queries/sync-outbox.ts';
import { hasSetAsideRows } from '../../../db/queries/sync-set-aside.ts';
import {
  abandonSnapshot,
  advanceCursor,
  completeSnapshot,
  readSyncState,
  recordSnapshotPage,
} from '../../../db/queries/sync-state.ts';
import type { Database } from '../../../db/sqlite-driver.ts';
import type { SnapshotPage } from '../../../domain/hub-api/sync-api.ts';
import { type HubClient, HubRefusedError } from './hub-client.ts';
import { pendingLocalChanges } from './outbox-plan.ts';

export const snapshotPageSize = 5000;
export const changesPageSize = 2000;
/** Negative: KiB (SQLite's convention), so 64 MiB. */
const snapshotCacheSize = -65_536;

export interface MirrorDeps {
  db: Database;
  client: HubClient;
  token: string;
  now: () => Date;
  municipalityCode: string | null;
  onSkipped?: ApplyContext['onSkipped'];
  onSetAside?: ApplyContext['onSetAside'];
}

function applyContext(deps: MirrorDeps): ApplyContext {
  return {
    pending: pendingLocalChanges(outboxEntries(deps.db)),
    municipalityCode: deps.municipalityCode,
    now: deps.now(),
    ...(deps.onSkipped ? { onSkipped: deps.onSkipped } : {}),
    ...(deps.onSetAside ? { onSetAside: deps.onSetAside } : {}),
  };
}

export interface SnapshotProgress {
  rows: number;
  /** The hub's count of the snapshot's rows (null from a hub that does not say). */
  total: number | null;
}

/** 0..1, or undefined while the total is not known (rows changing meanwhile can pass the count). */
export function snapshotFraction(progress: SnapshotProgress): number | undefined {
  if (progress.total === null || progress.total <= 0) return undefined;
  return Math.min(1, progress.rows / progress.total);
}

/**
 * Loads (or resumes) the snapshot. A page cursor the hub no longer accepts (its log moved past the
 * snapshot, or another hub) restarts the snapshot from its first page; rows applied so far stay,
 * since every row is an upsert.
 */
export async function takeSnapshot(
  deps: MirrorDeps,
  onPage: (progress: SnapshotProgress) => void,
): Promise<{ rows: number; seq: number }> {
  return withLoadingCache(deps.db, () => loadSnapshotPages(deps, onPage));
}

/**
 * Random UUID keys scatter the inserts over every index (and a pulled booking over the grid's): a
 * bigger page cache while loading saves re-reading pages (as db/demo-load.ts does).
 */
async function withLoadingCache<T>(db: Database, load: () => Promise<T>): Promise<T> {
  const cacheSize = db.pragma('cache_size', { simple: true }) as number;
  db.pragma(`cache_size = ${snapshotCacheSize}`);
  try {
    return await load();
  } finally {
    if (db.open) db.pragma(`cache_size = ${cacheSize}`);
  }
}

async function loadSnapshotPages(
  deps: MirrorDeps,
  onPage: (progress: SnapshotProgress) => void,
): Promise<{ rows: number; seq: number }> {
  const { db } = deps;
  const resumed = readSyncState(db).snapshot;
  const fetchPage = (pageCursor: string | null) => {
    const request = deps.client.snapshotPage(deps.token, pageCursor, snapshotPageSize);
    // Awaited below; until then a failure must not count as unhandled.
    request.catch(() => {});
    return request;
  };
  let cursor = resumed?.next ?? null;
  let rows = resumed?.rows ?? 0;
  let request = fetchPage(cursor);
  for (;;) {
    let page: SnapshotPage;
    try {
      page = await request;
    } catch (error) {
      const stale = error instanceof HubRefusedError && ['RESNAPSHOT', 'VALIDATION'].includes(error.code);
      if (!stale || cursor === null) throw error;
      db.transaction(() => abandonSnapshot(db)).immediate();
      cursor = null;
      rows = 0;
      request = fetchPage(cursor);
      continue;
    }
    // The next page travels while this one is written.
    if (page.next) request = fetchPage(page.next);
    const context = applyContext(deps);
    const hubRows: ReceivedHubRow[] = page.rows.map((r) => ({
      entity: r.entity,
      id: r.id,
      op: 'upsert',
      payload: r.payload,
    }));
    db.transaction(() => {
      // Into a store without bookings the grid is built once, at the end (snapshot-bulk-load.ts).
      if (cursor === null && storeHasNoBookings(db)) beginBulkLoad(db);
      applyHubRows(db, hubRows, context);
      rows += page.rows.length;
      if (page.next) recordSnapshotPage(db, page.snapshotSeq, page.next, rows);
      else {
        finishBulkLoad(db);
        completeSnapshot(db, page.snapshotSeq, deps.now());
      }
    }).immediate();
    onPage({ rows, total: page.totalRows ?? null });
    if (!page.next) return { rows, seq: page.snapshotSeq };
    cursor = page.next;
  }
}

export interface PullSummary {
  changes: number;
  scopes: Set<ChangeScope>;
  headSeq: number;
}

/** Pulls every change since the cursor. A RESNAPSHOT answer is thrown to the caller. */
export function pullChanges(deps: MirrorDeps): Promise<PullSummary> {
  return withLoadingCache(deps.db, () => pullPages(deps));
}

async function pullPages(deps: MirrorDeps): Promise<PullSummary> {
  const { db } = deps;
  const summary: PullSummary = { changes: 0, scopes: new Set(), headSeq: 0 };
  // Rows set aside by an earlier pull or snapshot, read again first (see reapplySetAsideRows).
  if (hasSetAsideRows(db)) {
    const context = applyContext(deps);
    db.transaction(() => {
      const again = reapplySetAsideRows(db, context);
      for (const scope of again.scopes) summary.scopes.add(scope);
      summary.changes += again.applied;
    }).immediate();
  }
  for (;;) {
    const since = readSyncState(db).cursor;
    const page = await deps.client.changes(deps.token, since, changesPageSize);
    const context = applyContext(deps);
    db.transaction(() => {
      const applied = applyHubRows(db, page.changes, context);
      for (const scope of applied.scopes) summary.scopes.add(scope);
      advanceCursor(db, page.cursor, page.headSeq, deps.now());
    }).immediate();
    summary.changes += page.changes.length;
    summary.headSeq = page.headSeq;
    if (!page.hasMore) return summary;
  }
}
