/**
 * Emptying the mirrored data before a desktop takes its data from another source (a first attach to a
 * hub after the local demo city, or another hub): venues, slots, products, coupons, bookings, staff
 * (all but the name of this desk's own session) and every table that hangs off them (found through the
 * schema's foreign keys, so tables added later are included). The audit log stays (it is append-only). The outbox is kept unless the caller says it
 * holds only demo changes.
 */

import type { LocalDataToClear } from '../../domain/api/methods/sync.ts';
import { isStoreEmpty } from '../demo-load.ts';
import type { Database } from '../sqlite-driver.ts';
import { getMeta, metaKeys } from './meta.ts';
import { finishBulkLoad } from './snapshot-bulk-load.ts';
import { outboxLength } from './sync-outbox.ts';
import { readSyncState } from './sync-state.ts';

/** The origin of data from the local demo hub (electron/node/demo-hub.ts: `demo-hub:<its store>`). */
export const demoHubOriginPrefix = 'demo-hub:';

const mirroredTables = [
  'vaccine_products',
  'venues',
  'slots',
  'coupons',
  'coupon_doses',
  'bookings',
  'staff',
];

/** Rows of a mirrored table that are this desk's own: the name of its session (db/queries/staff-names.ts). */
const rowsKept: Readonly<Record<string, string>> = { staff: "source = 'session'" };

/** The mirrored tables plus every table that references one of them, directly or not. */
export function tablesHangingOffMirror(db: Database): string[] {
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .pluck()
    .all() as string[];
  const referencing = new Map<string, string[]>();
  for (const table of tables) {
    const parents = (
      db.pragma(`foreign_key_list("${table.replaceAll('"', '""')}")`) as Array<{ table: string }>
    ).map((fk) => fk.table);
    for (const parent of parents) referencing.set(parent, [...(referencing.get(parent) ?? []), table]);
  }
  const found = new Set<string>(mirroredTables);
  const queue = [...mirroredTables];
  while (queue.length > 0) {
    for (const child of referencing.get(queue.pop()!) ?? []) {
      if (!found.has(child)) {
        found.add(child);
        queue.push(child);
      }
    }
  }
  return [...found];
}

export function clearMirroredData(db: Database, options: { dropOutbox: boolean }): void {
  const tables = tablesHangingOffMirror(db);
  db.transaction(() => {
    // Everything referencing these rows goes in the same transaction, so the check at COMMIT passes.
    db.pragma('defer_foreign_keys = ON');
    for (const table of tables) {
      const kept = rowsKept[table];
      db.prepare(`DELETE FROM "${table.replaceAll('"', '""')}"${kept ? ` WHERE NOT (${kept})` : ''}`).run();
    }
    db.prepare('DELETE FROM sync_failures').run();
    db.prepare('DELETE FROM sync_set_aside_rows').run();
    if (options.dropOutbox) db.prepare('DELETE FROM outbox').run();
    const keys = [
      metaKeys.demo,
      metaKeys.demoSeed,
      metaKeys.demoGeneratedFor,
      metaKeys.municipalityCode,
      metaKeys.municipalityName,
    ];
    const forget = db.prepare('DELETE FROM meta WHERE key = ?');
    for (const key of keys) forget.run(key);
    // A first snapshot cut short leaves nothing put aside (the next one starts its own).
    finishBulkLoad(db);
  }).immediate();
}

/**
 * What taking data from `origin` would clear first, or null when nothing would go: the store holds
 * data from elsewhere (the local demo city, the demo hub, another hub) only if it did not come from
 * `origin` and is not empty. The sync loop clears exactly then; the settings ask before it does.
 */
export function dataFromElsewhere(db: Database, origin: string): LocalDataToClear | null {
  const state = readSyncState(db);
  if (state.origin === origin) return null;
  if (state.origin === null && isStoreEmpty(db) && outboxLength(db) === 0) return null;
  const count = (table: string) => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  return {
    source:
      state.origin === null
        ? getMeta(db, metaKeys.demo) === '1'
          ? 'demo_city'
          : 'local'
        : state.origin.startsWith(demoHubOriginPrefix)
          ? 'demo_hub'
          : 'hub',
    hubUrl: state.origin !== null && !state.origin.startsWith(demoHubOriginPrefix) ? state.origin : null,
    venues: count('venues'),
    bookings: count('bookings'),
    coupons: count('coupons'),
  };
}
