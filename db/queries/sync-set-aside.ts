/**
 * Hub rows this desk could not read, kept aside as received (db/migrations/010-set-aside-rows-refusal-columns.ts):
 * listed on the 同期 screen by entity and id, with the fields that did not parse; a later readable row
 * of the same entity and id (or its deletion) takes the entry away, and so does reading it again once
 * this desk can (sync-apply.ts reapplySetAsideRows).
 */
import type { SetAsideRow } from '../../domain/api/methods/sync.ts';
import type { Database } from '../sqlite-driver.ts';
import { cachedStatement } from '../statement-cache.ts';
import type { ReceivedHubRow } from './hub-rows.ts';

/** `row.entity` as the hub named it: an entity this version does not know is set aside too. */
export function setRowAside(
  db: Database,
  row: ReceivedHubRow,
  /** Paths of the fields that did not parse (no values). */
  fields: readonly string[],
  at: Date,
): void {
  cachedStatement(
    db,
    `INSERT INTO sync_set_aside_rows (entity, entity_id, op, payload, fields, first_seen_at, last_seen_at)
     VALUES (:entity, :id, :op, :payload, :fields, :at, :at)
     ON CONFLICT (entity, entity_id) DO UPDATE SET op = excluded.op, payload = excluded.payload,
       fields = excluded.fields, last_seen_at = excluded.last_seen_at`,
  ).run({
    entity: row.entity,
    id: row.id,
    op: row.op,
    payload: JSON.stringify(row.payload ?? null),
    fields: JSON.stringify(fields),
    at: at.toISOString(),
  });
}

/** Every row aside as it was received, the oldest first, to be read again. */
export function setAsideRowsAsReceived(db: Database): ReceivedHubRow[] {
  return cachedStatement<
    [],
    { entity: string; entity_id: string; op: ReceivedHubRow['op']; payload: string }
  >(
    db,
    'SELECT entity, entity_id, op, payload FROM sync_set_aside_rows ORDER BY first_seen_at, entity, entity_id',
  )
    .all()
    .map((row) => ({ entity: row.entity, id: row.entity_id, op: row.op, payload: JSON.parse(row.payload) }));
}

/** The row was read after all (or deleted on the hub): it is no longer aside. */
export function clearSetAsideRow(db: Database, entity: string, id: string): void {
  cachedStatement(db, 'DELETE FROM sync_set_aside_rows WHERE entity = ? AND entity_id = ?').run(entity, id);
}

export function hasSetAsideRows(db: Database): boolean {
  return (
    cachedStatement<[], number>(db, 'SELECT EXISTS (SELECT 1 FROM sync_set_aside_rows)').pluck().get() === 1
  );
}

export function setAsideRowCount(db: Database): number {
  return cachedStatement<[], number>(db, 'SELECT count(*) FROM sync_set_aside_rows').pluck().get() ?? 0;
}

/** The newest first. */
export function setAsideRows(db: Database, limit = 50): SetAsideRow[] {
  return cachedStatement<
    [number],
    { entity: string; entity_id: string; fields: string; first_seen_at: string; last_seen_at: string }
  >(
    db,
    `SELECT entity, entity_id, fields, first_seen_at, last_seen_at FROM sync_set_aside_rows
      ORDER BY last_seen_at DESC, entity, entity_id LIMIT ?`,
  )
    .all(limit)
    .map((row) => ({
      entity: row.entity,
      id: row.entity_id,
      fields: JSON.parse(row.fields) as string[],
      firstSeenAt: row.first_seen_at,
      lastSeenAt: row.last_seen_at,
    }));
}
