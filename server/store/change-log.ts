/**
 * The change log: every change on the hub appends rows (seq, entity, entity_id, op, payload,
 * municipality_code) in the same transaction as the change itself; desktops pull them by seq.
 *
 * Numbers come from the sequence change_log_seq (migrations/009), taken by the INSERT that appends
 * the transaction's rows, its last statement: no lock, so writers commit side by side. They may then
 * become visible out of order (a transaction that took 10 can commit after one that took 11), so a
 * reader serves rows only up to the horizon, hub_change_log_horizon(): the highest N such that every
 * number up to N is settled — its row committed, or a 'gap' row for a number whose transaction
 * rolled back. Finding it waits (briefly) for the writers still committing a number below it, so a
 * reader following `seq > cursor` never skips a row. Per entity, numbers still follow commit order:
 * a writer takes its numbers while it holds the locks of the rows it changed, after whatever wrote
 * them before has committed.
 *
 * Telling that the log grew (pokes, NOTIFY) happens after the commit: change-announcer.ts.
 *
 * Sharding by municipality_code (see migrations/001) would give each shard its own sequence; a
 * desktop follows the log of its own municipality.
 */

import type { HubRecordOf } from '../../domain/hub-api/records.ts';
import type { SyncEntity } from '../../domain/vocabulary/terms.ts';
import type { HubSql, SqlExecutor } from './hub-sql.ts';

export type ChangeEntity = SyncEntity;

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

/** Channel of the NOTIFY sent after each commit that appended changes; the payload is its last seq. */
export const changeLogChannel = 'hub_change_log';

/** Collects a transaction's changes; the last change of an entity row wins. */
export class ChangeRecorder {
  readonly #entries = new Map<string, ChangeEntry>();

  /** `payload`: the entity's record (domain/hub-api/records.ts), as a desktop parses it. */
  upsert<E extends ChangeEntity>(
    entity: E,
    entityId: string,
    payload: HubRecordOf<E>,
    municipalityCode: string | null,
  ): void {
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
 * Appends the entries with fresh sequence numbers, in their order. Call last in the transaction (the
 * horizon waits for numbers taken and not yet committed). Returns the last seq, or null when there
 * was nothing.
 */
export async function appendChanges(
  tx: SqlExecutor,
  entries: ChangeEntry[],
  at: Date,
): Promise<number | null> {
  if (entries.length === 0) return null;
  // The function scan yields the entries in order, and nextval() is evaluated row by row as they come.
  const [appended] = await tx.query<{ last_seq: number }>(
    `WITH appended AS (
       INSERT INTO change_log (seq, committed_at, entity, entity_id, op, payload, municipality_code)
       SELECT nextval('change_log_seq'), $1, t.entity, t.entity_id, t.op, t.payload::jsonb, t.municipality_code
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
         AS t (entity, entity_id, op, payload, municipality_code)
       RETURNING seq
     )
     SELECT max(seq) AS last_seq FROM appended`,
    [
      at,
      entries.map((e) => e.entity),
      entries.map((e) => e.entityId),
      entries.map((e) => e.op),
      entries.map((e) => (e.payload === null ? null : JSON.stringify(e.payload))),
      entries.map((e) => e.municipalityCode),
    ],
  );
  return appended!.last_seq;
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

/**
 * Rows after `since` and up to `upTo` (a horizon from changeLogHead, else the horizon now), oldest
 * first, for one municipality (plus rows for every municipality) or all.
 */
export async function readChanges(
  sql: SqlExecutor,
  options: { since: number; upTo?: number; limit: number; municipalityCode?: string },
): Promise<ChangeLogRow[]> {
  const upTo = options.upTo ?? (await changeLogHead(sql)).lastSeq;
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
     WHERE seq > $1 AND seq <= $4 AND op <> 'gap'
       AND ($3::text IS NULL OR municipality_code = $3 OR municipality_code IS NULL)
     ORDER BY seq
     LIMIT $2`,
    [options.since, options.limit, options.municipalityCode ?? null, upTo],
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

/** How long finding the horizon may wait for a writer that is committing a number below it. */
export const horizonWaitMs = 200;

/** The last horizon found through each database handle: once settled, a number stays settled. */
const horizonsFound = new WeakMap<SqlExecutor, number>();

/**
 * lastSeq: the horizon, every seq up to it settled (see the module comment); retainedFrom: the
 * oldest seq still kept (older cursors must resnapshot).
 */
export async function changeLogHead(
  sql: SqlExecutor,
  waitMs = horizonWaitMs,
): Promise<{ lastSeq: number; retainedFrom: number }> {
  const [row] = await sql.query<{ last_seq: number; retained_from: number }>(
    'SELECT hub_change_log_horizon($1, $2) AS last_seq, retained_from FROM change_log_head WHERE id = 1',
    [waitMs, horizonsFound.get(sql) ?? 0],
  );
  if (!row) throw new Error('change_log_head is missing: run the migrations');
  horizonsFound.set(sql, Math.max(horizonsFound.get(sql) ?? 0, row.last_seq));
  return { lastSeq: row.last_seq, retainedFrom: row.retained_from };
}

/** Rows deleted per prune at most, so the head stays locked only briefly; the next run goes on. */
export const pruneBatchRows = 50_000;

/**
 * Forgets the log older than `before`: deletes the rows from the start of the log up to the first
 * one committed at or after `before` (never past the horizon) and moves retained_from past them, in
 * one transaction, so a cursor older than that gets RESNAPSHOT. The head row is locked first, so two
 * prunes do not cut at once (committed_at follows seq closely but not strictly, hence a cut at the
 * first young row rather than dropping every old one). Returns how many rows went.
 */
export async function pruneChangeLog(
  sql: HubSql,
  before: Date,
): Promise<{ pruned: number; retainedFrom: number }> {
  return sql.transaction(async (tx) => {
    const [head] = await tx.query<{ retained_from: number }>(
      'SELECT retained_from FROM change_log_head WHERE id = 1 FOR UPDATE',
    );
    if (!head) throw new Error('change_log_head is missing: run the migrations');
    const { lastSeq: horizon } = await changeLogHead(tx);
    const [young] = await tx.query<{ seq: number }>(
      'SELECT seq FROM change_log WHERE committed_at >= $1 ORDER BY seq LIMIT 1',
      [before],
    );
    const keepFrom = Math.min(
      young ? young.seq : horizon + 1,
      horizon + 1,
      head.retained_from + pruneBatchRows,
    );
    if (keepFrom <= head.retained_from) return { pruned: 0, retainedFrom: head.retained_from };
    // The horizon is kept at least up to the cut, so that no reader looks for numbers below it.
    await tx.query(
      'UPDATE change_log_head SET retained_from = $1::bigint, last_seq = GREATEST(last_seq, $1::bigint - 1) WHERE id = 1',
      [keepFrom],
    );
    const [deleted] = await tx.query<{ n: number }>(
      'WITH gone AS (DELETE FROM change_log WHERE seq < $1 RETURNING 1) SELECT count(*)::int AS n FROM gone',
      [keepFrom],
    );
    return { pruned: deleted?.n ?? 0, retainedFrom: keepFrom };
  });
}
