/**
 * Hub rows this desk could not read, kept aside (db/migrations/011-set-aside-rows-refusal-columns.ts): listed on
 * the 同期 screen by entity and id, with the fields that did not parse; a later readable row of the
 * same entity and id (or its deletion) takes the entry away.
 */
import type { SetAsideRow } from '../../domain/api/methods/sync.ts';
import type { Database } from '../sqlite-driver.ts';
import { cachedStatement } from '../statement-cache.ts';

export interface RowToSetAside {
  /** As the hub named it (an entity this version does not know is set aside too). */
  entity: string;
  id: string;
  payload: unknown;
  /** Paths of the fields that did not parse (no values). */
  fields: readonly string[];
}

export function setRowAside(db: Database, row: RowToSetAside, at: Date): void {
  cachedStatement(
    db,
    `INSERT INTO sync_set_aside_rows (entity, entity_id, payload, fields, first_seen_at, last_seen_at)
     VALUES (:entity, :id, :payload, :fields, :at, :at)
     ON CONFLICT (entity, entity_id) DO UPDATE SET payload = excluded.payload, fields = excluded.fields,
       last_seen_at = excluded.last_seen_at`,
  ).run({
    entity: row.entity,
    id: row.id,
    payload: JSON.stringify(row.payload ?? null),
    fields: JSON.stringify(row.fields),
    at: at.toISOString(),
  });
}

/** The row was read after all (or deleted on the hub): it is no longer aside. */
export function clearSetAsideRow(db: Database, entity: string, id: string): void {
  cachedStatement(db, 'DELETE FROM sync_set_aside_rows WHERE entity = ? AND entity_id = ?').run(entity, id);
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
