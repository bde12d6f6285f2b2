/**
 * The audit log as the manager's audit view reads it (domain/api/methods/audit-log.ts): entries newest
 * first, filtered by person, action, time and the records named, with the person's name from the staff
 * directory. A resident is found by their ticket number or a record id: the coupon and its bookings.
 */
import type { AuditEntryView } from '../../domain/api/methods/audit-log.ts';
import { canonicalJson } from '../../domain/canonical-json.ts';
import type { Database } from '../sqlite-driver.ts';
import { cachedStatement } from '../statement-cache.ts';

export interface AuditQuery {
  staffId: string | null;
  action: string | null;
  /** ISO instants; `before` excluded. */
  fromAt: string | null;
  beforeAt: string | null;
  /** Entries naming any of these records; null: any entry. */
  recordIds: readonly string[] | null;
}

interface Row {
  id: number;
  chain_seq: number | null;
  at: string;
  staff_id: string | null;
  staff_name: string | null;
  action: string;
  entity: string;
  entity_ids: string;
  detail: string;
}

function whereOf(query: AuditQuery): { sql: string; params: unknown[] } {
  const conditions: Array<[unknown, string]> = [
    [query.staffId, 'a.staff_id = ?'],
    [query.action, 'a.action = ?'],
    [query.fromAt, 'a.at >= ?'],
    [query.beforeAt, 'a.at < ?'],
    [
      query.recordIds === null ? null : JSON.stringify(query.recordIds),
      'EXISTS (SELECT 1 FROM json_each(a.entity_ids) j WHERE j.value IN (SELECT value FROM json_each(?)))',
    ],
  ];
  const used = conditions.filter(([value]) => value !== null);
  return {
    sql: used.length ? `WHERE ${used.map(([, sql]) => sql).join(' AND ')}` : '',
    params: used.map(([value]) => value),
  };
}

const viewOf = (row: Row): AuditEntryView => {
  let entityIds: string[] = [];
  let detail = row.detail;
  try {
    entityIds = JSON.parse(row.entity_ids) as string[];
    detail = canonicalJson(JSON.parse(row.detail));
  } catch {
    // shown as stored
  }
  return {
    id: row.id,
    chainSeq: row.chain_seq ?? 0,
    at: row.at,
    staffId: row.staff_id,
    staffName: row.staff_name ?? '',
    action: row.action,
    entity: row.entity,
    entityIds,
    detail,
  };
};

const selectEntries = `SELECT a.id, a.chain_seq, a.at, a.staff_id, s.display_name AS staff_name, a.action, a.entity,
       a.entity_ids, a.detail
  FROM audit_events a LEFT JOIN staff s ON s.id = a.staff_id`;

export function countAuditEntries(db: Database, query: AuditQuery): number {
  const where = whereOf(query);
  return db
    .prepare(`SELECT count(*) FROM audit_events a ${where.sql}`)
    .pluck()
    .get(...where.params) as number;
}

export function auditEntriesPage(
  db: Database,
  query: AuditQuery,
  offset: number,
  limit: number,
): AuditEntryView[] {
  const where = whereOf(query);
  return (
    db
      .prepare(`${selectEntries} ${where.sql} ORDER BY a.id DESC LIMIT ? OFFSET ?`)
      .all(...where.params, limit, offset) as Row[]
  ).map(viewOf);
}

/** Every matching entry, newest first, a batch at a time (an export of a long log). */
export function* auditEntriesInBatches(
  db: Database,
  query: AuditQuery,
  batch = 2000,
): Generator<AuditEntryView[]> {
  const where = whereOf(query);
  const statement = db.prepare(
    `${selectEntries} ${where.sql ? `${where.sql} AND` : 'WHERE'} a.id < ? ORDER BY a.id DESC LIMIT ?`,
  );
  let before = Number.MAX_SAFE_INTEGER;
  for (;;) {
    const rows = statement.all(...where.params, before, batch) as Row[];
    if (rows.length === 0) return;
    yield rows.map(viewOf);
    before = rows.at(-1)!.id;
    if (rows.length < batch) return;
  }
}

/** The people and actions in the log, for the filters. */
export function auditFilterChoices(db: Database): {
  staff: Array<{ id: string; name: string }>;
  actions: string[];
} {
  const staff = cachedStatement<[], { id: string; name: string | null }>(
    db,
    `SELECT p.staff_id AS id, s.display_name AS name
       FROM (SELECT DISTINCT staff_id FROM audit_events WHERE staff_id IS NOT NULL) p
       LEFT JOIN staff s ON s.id = p.staff_id`,
  )
    .all()
    .map((p) => ({ id: p.id, name: p.name ?? '' }))
    .sort((a, b) => (a.name || a.id).localeCompare(b.name || b.id, 'ja'));
  const actions = cachedStatement(db, 'SELECT DISTINCT action FROM audit_events ORDER BY action')
    .pluck()
    .all() as string[];
  return { staff, actions };
}

/** The records a resident filter names: the coupons with this ticket number or id, and their bookings. */
export function residentRecordIds(
  db: Database,
  resident: { ticketNumber: string | null; recordId: string },
): string[] {
  const coupons = cachedStatement(
    db,
    `SELECT id FROM coupons WHERE ticket_number = @ticketNumber OR id = @recordId
     UNION SELECT coupon_id FROM bookings WHERE id = @recordId`,
  )
    .pluck()
    .all(resident) as string[];
  if (coupons.length === 0) return [];
  const bookings = db
    .prepare('SELECT id FROM bookings WHERE coupon_id IN (SELECT value FROM json_each(?))')
    .pluck()
    .all(JSON.stringify(coupons)) as string[];
  return [...coupons, ...bookings];
}
