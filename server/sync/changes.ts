/** Pulling the change log since a cursor, for one municipality (plus rows meant for every municipality). */
import type { ChangesPage, SyncEntity } from '../../domain/hub-api/sync-api.ts';
import { HubError } from '../hub-error.ts';
import { changeLogHead, readChanges } from '../store/change-log.ts';
import type { SqlExecutor } from '../store/hub-sql.ts';

export const defaultChangesPageSize = 1000;

const tooOld = () =>
  new HubError('RESNAPSHOT', 'The cursor is outside the change log this hub keeps; take a new snapshot.');

export async function changesSince(
  sql: SqlExecutor,
  options: { since: number; limit?: number; municipalityCode: string | null },
): Promise<ChangesPage> {
  const limit = options.limit ?? defaultChangesPageSize;
  const head = await changeLogHead(sql);
  // Older than the log keeps, or from another database (a cursor beyond the head): start over.
  if (options.since < head.retainedFrom - 1 || options.since > head.lastSeq) {
    throw tooOld();
  }
  const rows = await readChanges(sql, {
    since: options.since,
    upTo: head.lastSeq,
    limit,
    ...(options.municipalityCode ? { municipalityCode: options.municipalityCode } : {}),
  });
  // The log may have been pruned between reading the head and the rows: the page could miss rows.
  if (options.since < (await changeLogHead(sql)).retainedFrom - 1) throw tooOld();
  // A full page may have more after it. A short one holds every row up to the horizon read before it
  // (every seq up to it is settled, see store/change-log.ts), so the cursor may skip to that horizon
  // even when the rows in between belong to other municipalities.
  const lastRow = rows[rows.length - 1]?.seq ?? options.since;
  const cursor = rows.length === limit ? lastRow : Math.max(options.since, head.lastSeq, lastRow);
  return {
    changes: rows.map((r) => ({
      seq: r.seq,
      entity: r.entity as SyncEntity,
      id: r.entityId,
      op: r.op,
      payload: r.payload,
    })),
    cursor,
    headSeq: head.lastSeq,
    hasMore: rows.length === limit,
  };
}
