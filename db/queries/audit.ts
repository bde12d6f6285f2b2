/**
 * The audit log: who viewed, changed or exported which records. Append-only (the schema's triggers
 * refuse UPDATE and DELETE). `detail` names what happened, never personal data itself: ids yes,
 * names, birth dates, phones and ticket numbers no.
 */
import type { Database } from '../sqlite-driver.ts';
import { cachedStatement } from '../statement-cache.ts';

export interface AuditEntry {
  staffId: string | null;
  /** What was done, e.g. 'booking.create', 'coupon.view', 'daily-list.export'. */
  action: string;
  /** The kind of record, e.g. 'booking', 'coupon'. */
  entity: string;
  entityIds: readonly string[];
  detail?: Record<string, unknown>;
}

/** Appends one event and returns its id. */
export function appendAudit(db: Database, entry: AuditEntry, now: Date = new Date()): number {
  const result = cachedStatement(
    db,
    'INSERT INTO audit_events (at, staff_id, action, entity, entity_ids, detail) VALUES (?, ?, ?, ?, ?, ?)',
  ).run(
    now.toISOString(),
    entry.staffId,
    entry.action,
    entry.entity,
    JSON.stringify(entry.entityIds),
    JSON.stringify(entry.detail ?? {}),
  );
  return Number(result.lastInsertRowid);
}
