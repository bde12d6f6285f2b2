/**
 * The change log: every change on the hub appends rows (seq, entity, entity_id, op, payload,
 * municipality_code) in the same transaction as the change itself; desktops pull them by seq.
 *
 * How a reader never skips a row: sequence numbers come from the single row of change_log_head,
 * taken with `UPDATE … SET last_seq = last_seq + n RETURNING last_seq` as the LAST statement before
 * COMMIT. That row lock is held until the transaction ends, so the next writer can only take its
 * numbers after this one has committed (or rolled back, which returns its numbers unused: no gaps).
 * Sequence numbers therefore become visible in order, and every committed seq ≤ N is visible once
 * N is. The price is that writers of the log serialize for the short moment between taking the
 * numbers and committing; bookings of different slots still run in parallel up to that point.
 * (The alternative, a sequence plus serving only seqs below pg_snapshot_xmin, needs
 * pg_current_xact_id bookkeeping per row; the counter row is simpler and works the same in PGlite.)
 *
 * Sharding by municipality_code (see migrations/001) turns the counter into one row per
 * municipality; a desktop follows the log of its own municipality.
 */
import type { HubSql, SqlExecutor } from './hub-sql.ts';

export const changeEntities = [
  'municipality',
  'vaccine_product',
  'venue',
  'slot',
  'coupon',
  'coupon_dose',
  'booking',
  'hold',
  'staff',
  'booking_event',
] as const;
export type ChangeEntity = (typeof changeEntities)[number];

export type ChangeOp = 'upsert' | 'delete';

export interface ChangeEntry {
  entity: ChangeEntity;
  entityId: string;
  op: ChangeOp;
  /** The row as the desktop stores it; null for a delete. */
  payload: object | null;
  /** null: concerns every municipality. */
  municipalityCode: string | null;
}

/** Channel of the NOTIFY sent with each commit that appended changes; the payload is the last seq. */
export const changeLogChannel = 'hub_change_log';

/** Collects a transaction's changes; the last change of an entity row wins. */
export class ChangeRecorder {
  readonly #entries = new Map<string, ChangeEntry>();

  upsert(entity: ChangeEntity, entityId: string, payload: object, municipalityCode: string | null): void {
    this.#put({ entity, entityId, op: 'upsert', payload, municipalityCode });
  }

  delete(entity: ChangeEntity, entityId: string, municipalityCode: string | null): void {
    this.#put({ entity, entityId, op: 'delete', payload: null, municipalityCode });
  }

  get entries(): ChangeEntry[] {
    return [...this.#entries.values()];
  }

  #put(entry: ChangeEntry): void {
    const key = `${entry.entity}\u0000${entry.entityId}`;
    this.#entries.delete(key);
    this.#entries.set(key, entry);
  }
}

/**
 * Appends the entries with fresh sequence numbers and queues a NOTIFY. Call last in the
 * transaction (see the module comment). Returns the last seq, or null when there was nothing.
 */
export async function appendChanges(
  tx: SqlExecutor,
  entries: ChangeEntry[],
  at: Date,
): Promise<number | null> {
  if (entries.length === 0) return null;
  // One statement, so the head row is locked only for this statement and the COMMIT after it.
  const [head] = await tx.query<{ last_seq: number }>(
    `WITH head AS (
       UPDATE change_log_head SET last_seq = last_seq + $1 WHERE id = 1 RETURNING last_seq
     ), appended AS (
       INSERT INTO change_log (seq, committed_at, entity, entity_id, op, payload, municipality_code)
       SELECT head.last_seq - $1 + t.ord, $2, t.entity, t.entity_id, t.op, t.payload::jsonb, t.municipality_code
       FROM head, unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
         WITH ORDINALITY AS t (entity, entity_id, op, payload, municipality_code, ord)
     )
     SELECT last_seq, pg_notify($8, last_seq::text) FROM head`,
    [
      entries.length,
      at,
      entries.map((e) => e.entity),
      entries.map((e) => e.entityId),
      entries.map((e) => e.op),
      entries.map((e) => (e.payload === null ? null : JSON.stringify(e.payload))),
      entries.map((e) => e.municipalityCode),
      changeLogChannel,
    ],
  );
  if (!head) throw new Error('change_log_head is missing: run the migrations');
  return head.last_seq;
}

export interface ChangeLogRow {
  seq: number;
  committedAt: Date;
  entity: ChangeEntity;
  entityId: string;
  op: ChangeOp;
  payload: unknown;
  municipalityCode: string | null;
}

/** Rows after `since`, oldest first, for one municipality (plus rows for every municipality) or all. */
export async function readChanges(
  sql: SqlExecutor,
  options: { since: number; limit: number; municipalityCode?: string },
): Promise<ChangeLogRow[]> {
  const rows = await sql.query<{
    seq: number;
    committed_at: Date;
    entity: ChangeEntity;
    entity_id: string;
    op: ChangeOp;
    payload: unknown;
    municipality_code: string | null;
  }>(
    `SELECT seq, committed_at, entity, entity_id, op, payload, municipality_code
     FROM change_log
     WHERE seq > $1 AND ($3::text IS NULL OR municipality_code = $3 OR municipality_code IS NULL)
     ORDER BY seq
     LIMIT $2`,
    [options.since, options.limit, options.municipalityCode ?? null],
  );
  return rows.map((r) => ({
    seq: r.seq,
    committedAt: r.committed_at,
    entity: r.entity,
    entityId: r.entity_id,
    op: r.op,
    payload: r.payload,
    municipalityCode: r.municipality_code,
  }));
}

export async function changeLogHead(sql: SqlExecutor): Promise<{ lastSeq: number; retainedFrom: number }> {
  const [row] = await sql.query<{ last_seq: number; retained_from: number }>(
    'SELECT last_seq, retained_from FROM change_log_head WHERE id = 1',
  );
  if (!row) throw new Error('change_log_head is missing: run the migrations');
  return { lastSeq: row.last_seq, retainedFrom: row.retained_from };
}

/** Rows deleted per prune at most, so the head stays locked only briefly; the next run goes on. */
export const pruneBatchRows = 50_000;

/**
 * Forgets the log older than `before`: deletes the rows from the start of the log up to the first
 * one committed at or after `before` and moves retained_from past them, in one transaction, so a
 * cursor older than that gets RESNAPSHOT. The head row is locked first, so no writer appends while
 * the cut is chosen (committed_at follows seq closely but not strictly, hence a cut at the first
 * young row rather than dropping every old one). Returns how many rows went.
 */
export async function pruneChangeLog(
  sql: HubSql,
  before: Date,
): Promise<{ pruned: number; retainedFrom: number }> {
  return sql.transaction(async (tx) => {
    const [head] = await tx.query<{ last_seq: number; retained_from: number }>(
      'SELECT last_seq, retained_from FROM change_log_head WHERE id = 1 FOR UPDATE',
    );
    if (!head) throw new Error('change_log_head is missing: run the migrations');
    const [young] = await tx.query<{ seq: number }>(
      'SELECT seq FROM change_log WHERE committed_at >= $1 ORDER BY seq LIMIT 1',
      [before],
    );
    const keepFrom = Math.min(young ? young.seq : head.last_seq + 1, head.retained_from + pruneBatchRows);
    if (keepFrom <= head.retained_from) return { pruned: 0, retainedFrom: head.retained_from };
    await tx.query('UPDATE change_log_head SET retained_from = $1 WHERE id = 1', [keepFrom]);
    const [deleted] = await tx.query<{ n: number }>(
      'WITH gone AS (DELETE FROM change_log WHERE seq < $1 RETURNING 1) SELECT count(*)::int AS n FROM gone',
      [keepFrom],
    );
    return { pruned: deleted?.n ?? 0, retainedFrom: keepFrom };
  });
}
