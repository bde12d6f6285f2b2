/**
 * The audit log: who viewed, changed or exported which records. Append-only (the schema's triggers
 * refuse UPDATE and DELETE) and hash-chained (migration 012, domain/audit-chain.ts): each entry takes
 * the next place after the chain's head and carries the hash of the entry before. `detail` names what
 * happened, never personal data itself: ids yes, names, birth dates, phones and ticket numbers no.
 */
import { auditLinkText } from '../../domain/audit-chain.ts';
import type { Database } from '../sqlite-driver.ts';
import { cachedStatement } from '../statement-cache.ts';
import { sha256Hex } from './audit-chain.ts';

export interface AuditEntry {
  staffId: string | null;
  /** What was done, e.g. 'booking.create', 'coupon.view', 'daily-list.export'. */
  action: string;
  /** The kind of record, e.g. 'booking', 'coupon'. */
  entity: string;
  entityIds: readonly string[];
  detail?: Record<string, unknown>;
}

/** Appends one event at the end of the chain and returns its id. */
export function appendAudit(db: Database, entry: AuditEntry, now: Date = new Date()): number {
  // Hashed as it is stored and read back (JSON text), so the verifier computes the same.
  const entityIdsText = JSON.stringify(entry.entityIds);
  const detailText = JSON.stringify(entry.detail ?? {});
  const append = db.transaction(() => {
    const head = cachedStatement<[], { chain_seq: number; entry_hash: string }>(
      db,
      'SELECT chain_seq, entry_hash FROM audit_chain_head WHERE id = 1',
    ).get()!;
    const link = {
      chainSeq: head.chain_seq + 1,
      at: now.toISOString(),
      staffId: entry.staffId,
      action: entry.action,
      entity: entry.entity,
      entityIds: JSON.parse(entityIdsText) as string[],
      detail: JSON.parse(detailText) as Record<string, unknown>,
    };
    const result = cachedStatement(
      db,
      `INSERT INTO audit_events (at, staff_id, action, entity, entity_ids, detail, chain_seq, prev_hash, entry_hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      link.at,
      link.staffId,
      link.action,
      link.entity,
      entityIdsText,
      detailText,
      link.chainSeq,
      head.entry_hash,
      sha256Hex(auditLinkText(head.entry_hash, link)),
    );
    return Number(result.lastInsertRowid);
  });
  return append();
}
