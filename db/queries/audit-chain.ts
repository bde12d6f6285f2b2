/**
 * The desk's audit chain (domain/audit-chain.ts spells the encoding; migration 012 made the columns,
 * the head and the triggers): hashing an entry, and verifying the whole chain the way
 * `npm run desk -- audit-verify` reports it. The verifier trusts nothing in the file: it recomputes every
 * link, compares the end of the chain with its head row, and with what the hubs acknowledged holding
 * of it (audit_hub_copies), so that rows removed at the end show too.
 */
import { createHash } from 'node:crypto';
import {
  type AuditChainBreak,
  auditGenesisHash,
  checkAuditLinks,
  type StoredAuditLink,
} from '../../domain/audit-chain.ts';
import type { Database } from '../sqlite-driver.ts';

export const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

export interface AuditEventRow {
  id: number;
  chain_seq: number | null;
  at: string;
  staff_id: string | null;
  action: string;
  entity: string;
  entity_ids: string;
  detail: string;
  prev_hash: string | null;
  entry_hash: string | null;
}

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

export function storedLinkOf(row: AuditEventRow): StoredAuditLink {
  return {
    rowId: row.id,
    chainSeq: row.chain_seq ?? 0,
    at: row.at,
    staffId: row.staff_id,
    action: row.action,
    entity: row.entity,
    entityIds: parseJson(row.entity_ids) as string[],
    detail: parseJson(row.detail) as Record<string, unknown>,
    prevHash: row.prev_hash,
    entryHash: row.entry_hash,
  };
}

export const chainRowColumns =
  'id, chain_seq, at, staff_id, action, entity, entity_ids, detail, prev_hash, entry_hash';

export interface DeskChainReport {
  entries: number;
  headSeq: number;
  headHash: string;
  broken: AuditChainBreak | null;
}

const pageSize = 2000;

/** Recomputes every link in chain order; the first place it fails is reported. */
export function verifyDeskAuditChain(db: Database): DeskChainReport {
  const head = db.prepare('SELECT chain_seq, entry_hash FROM audit_chain_head WHERE id = 1').get() as
    | { chain_seq: number; entry_hash: string }
    | undefined;
  const headSeq = head?.chain_seq ?? 0;
  const headHash = head?.entry_hash ?? auditGenesisHash;
  const breaks: AuditChainBreak[] = [];
  if (!head) breaks.push({ position: 1, entryId: null, problem: 'the chain head row is gone: deleted' });

  const page = db.prepare(
    `SELECT ${chainRowColumns} FROM audit_events WHERE chain_seq >= ? ORDER BY chain_seq, id LIMIT ${pageSize}`,
  );
  let state = { expected: 1, prev: auditGenesisHash, broken: null as AuditChainBreak | null };
  for (;;) {
    const rows = page.all(state.expected) as AuditEventRow[];
    state = checkAuditLinks(rows.map(storedLinkOf), state, sha256Hex);
    if (state.broken) {
      breaks.push(state.broken);
      break;
    }
    if (rows.length < pageSize) break;
  }
  const entries = state.expected - 1;
  if (!state.broken && head && (headSeq !== entries || headHash !== state.prev)) {
    breaks.push(
      headSeq > entries
        ? {
            position: entries + 1,
            entryId: null,
            problem: `the chain ends at position ${entries} but its head names position ${headSeq}: entries removed at the end`,
          }
        : {
            position: headSeq + 1,
            entryId: null,
            problem: `entries after the head (position ${headSeq}): inserted without the chain's triggers`,
          },
    );
  }

  // Rows with no place at all: written past the triggers.
  const outside = db
    .prepare('SELECT id FROM audit_events WHERE chain_seq IS NULL OR chain_seq < 1 ORDER BY id LIMIT 1')
    .get() as { id: number } | undefined;
  if (outside) {
    const before = db
      .prepare('SELECT max(chain_seq) FROM audit_events WHERE id < ? AND chain_seq >= 1')
      .pluck()
      .get(outside.id) as number | null;
    breaks.push({
      position: (before ?? 0) + 1,
      entryId: outside.id,
      problem: 'an entry without a place in the chain: inserted',
    });
  }

  // What a hub acknowledged holding must still be here, unchanged.
  const copies = db
    .prepare('SELECT origin, device_id, chain_seq, entry_hash FROM audit_hub_copies ORDER BY chain_seq')
    .all() as Array<{ origin: string; device_id: string; chain_seq: number; entry_hash: string }>;
  for (const copy of copies) {
    if (copy.chain_seq < 1) continue;
    const here = db
      .prepare('SELECT id, entry_hash FROM audit_events WHERE chain_seq = ? ORDER BY id LIMIT 1')
      .get(copy.chain_seq) as { id: number; entry_hash: string | null } | undefined;
    if (!here) {
      breaks.push({
        position: Math.min(copy.chain_seq, entries + 1),
        entryId: null,
        problem: `the hub holds ${copy.chain_seq} entries of this chain; only ${entries} are here: removed`,
      });
    } else if (here.entry_hash !== copy.entry_hash) {
      breaks.push({
        position: copy.chain_seq,
        entryId: here.id,
        problem: 'it differs from the entry the hub received: rewritten',
      });
    }
  }

  breaks.sort((a, b) => a.position - b.position);
  return { entries, headSeq, headHash, broken: breaks[0] ?? null };
}

/** How far a hub acknowledged holding this desktop's chain (0: nothing yet). */
export function auditHubCopy(db: Database, origin: string, deviceId: string): number {
  const held = db
    .prepare('SELECT chain_seq FROM audit_hub_copies WHERE origin = ? AND device_id = ?')
    .pluck()
    .get(origin, deviceId) as number | undefined;
  return held ?? 0;
}

export function recordAuditHubCopy(
  db: Database,
  copy: { origin: string; deviceId: string; chainSeq: number; entryHash: string },
): void {
  db.prepare(
    `INSERT INTO audit_hub_copies (origin, device_id, chain_seq, entry_hash) VALUES (?, ?, ?, ?)
     ON CONFLICT (origin, device_id) DO UPDATE SET chain_seq = excluded.chain_seq, entry_hash = excluded.entry_hash`,
  ).run(copy.origin, copy.deviceId, copy.chainSeq, copy.entryHash);
}

/** The chain's entries after `afterSeq`, in order, as a hub takes them. */
export function auditEntriesAfter(db: Database, afterSeq: number, limit: number): StoredAuditLink[] {
  const rows = db
    .prepare(`SELECT ${chainRowColumns} FROM audit_events WHERE chain_seq > ? ORDER BY chain_seq LIMIT ?`)
    .all(afterSeq, limit) as AuditEventRow[];
  return rows.map(storedLinkOf);
}
