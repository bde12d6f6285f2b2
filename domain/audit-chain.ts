/**
 * The desk's audit log as a hash chain (desk migration 012), spelled the same on the desk that writes
 * it, the hub that keeps a copy per desktop, and both verify commands. Each entry's place is its
 * `chainSeq` (1, 2, 3 …); its hash is
 *
 *   entryHash = lowercase hex SHA-256 of the UTF-8 bytes of  prevHash + "\n" + canonical
 *
 * where prevHash is the entry before's hash (64 zeros before the first) and `canonical` is the
 * canonical JSON (canonical-json.ts: keys sorted, no whitespace) of the array
 * [chainSeq as a decimal string, at, staffId, action, entity, entityIds, detail]: `at` as the desk
 * wrote it (UTC ISO-8601 with milliseconds), staffId null when nobody was signed in, entityIds the ids
 * of the records, detail the entry's object. Entries name records by id only, never a resident's data.
 * The hash covers the position, so an entry edited, deleted, inserted or moved breaks the chain there.
 */
import { canonicalJson } from './canonical-json.ts';

export const auditGenesisHash = '0'.repeat(64);
export const auditHashPattern = /^[0-9a-f]{64}$/;

/** What of a desk audit entry its hash covers. */
export interface DeskAuditLink {
  chainSeq: number;
  at: string;
  staffId: string | null;
  action: string;
  entity: string;
  entityIds: readonly string[];
  detail: Record<string, unknown>;
}

export function deskAuditCanonical(entry: DeskAuditLink): string {
  return canonicalJson([
    String(entry.chainSeq),
    entry.at,
    entry.staffId,
    entry.action,
    entry.entity,
    entry.entityIds,
    entry.detail,
  ]);
}

/** The text an entry's hash is taken of: the hash before it, a newline, its canonical JSON. */
export function auditLinkText(prevHash: string, entry: DeskAuditLink): string {
  return `${prevHash}\n${deskAuditCanonical(entry)}`;
}

/** Where a chain first fails, as both verify commands report it. */
export interface AuditChainBreak {
  /** The chain position where the chain first fails. */
  position: number;
  /** The entry found there, by its row id (null when none is). */
  entryId: number | null;
  problem: string;
}

/** An entry as a verifier reads it back: its link fields and the hashes stored beside them. */
export interface StoredAuditLink extends DeskAuditLink {
  rowId: number;
  prevHash: string | null;
  entryHash: string | null;
}

/**
 * Checks entries read in chain order, continuing after `expected - 1` entries ending in `prev`;
 * `hash` is SHA-256 in hex (each side brings its own). Answers the first break, or where it got to.
 */
export function checkAuditLinks(
  rows: readonly StoredAuditLink[],
  from: { expected: number; prev: string },
  hash: (text: string) => string,
): { expected: number; prev: string; broken: AuditChainBreak | null } {
  let { expected, prev } = from;
  const broken = (position: number, entryId: number | null, problem: string) => ({
    expected,
    prev,
    broken: { position, entryId, problem },
  });
  for (const row of rows) {
    if (row.chainSeq > expected) {
      return broken(
        expected,
        null,
        `no entry at position ${expected} (the next is at ${row.chainSeq}): deleted`,
      );
    }
    if (row.chainSeq < expected)
      return broken(row.chainSeq, row.rowId, 'a second entry at this position: inserted');
    if (row.prevHash !== prev) {
      return broken(
        expected,
        row.rowId,
        'it does not follow the entry before it: inserted, deleted before it or moved',
      );
    }
    const computed = hash(auditLinkText(prev, row));
    if (row.entryHash !== computed) {
      return broken(
        expected,
        row.rowId,
        'its contents do not match its hash: edited, or moved from another position',
      );
    }
    prev = computed;
    expected += 1;
  }
  return { expected, prev, broken: null };
}
