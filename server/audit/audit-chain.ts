/**
 * The audit log as a hash chain (store/migrations/012). Writers only INSERT entries, without any
 * lock, inside the transaction of their change (audit-log.ts; the online booking's by a trigger), so
 * concurrent bookings never queue on the chain. Sealing, afterwards, gives each committed entry its
 * place: under the row lock of audit_chain_head it takes the unsealed entries in id order and sets
 *
 *   chain_seq  = the head's chain_seq + 1, + 2, …
 *   prev_hash  = the entry_hash of the entry before (64 zeros before the first)
 *   entry_hash = lowercase hex SHA-256 of the UTF-8 bytes of  prev_hash + "\n" + canonical
 *
 * where `canonical` is the canonical JSON (domain/canonical-json.ts: keys sorted, no whitespace) of
 * the array [chain_seq, id, at, staff_id, device_id, action, entity, entity_id, municipality_code,
 * detail]: chain_seq and id as decimal strings, `at` as UTC ISO-8601 with microseconds
 * (2030-06-01T00:00:00.000000Z), the uuids in lowercase, absent values as null, `detail` the JSON
 * object. The hash covers the position, so an entry edited, deleted, inserted or moved breaks the
 * chain at that place, whoever did it (a table owner can disable the append-only triggers, not
 * recompute history unseen: `hub audit-verify` recomputes every link). Rewriting the whole chain from
 * some entry on stays possible for someone who knows this encoding, so keep the head that
 * audit-verify prints somewhere else (a ticket, a printed report) now and then: a later head must
 * extend it.
 *
 * A hub process seals shortly after each commit that appended entries (auditSealerOf), the
 * maintenance every 30 s, and audit-verify before it checks.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../domain/canonical-json.ts';
import type { HubSql, SqlExecutor } from '../store/hub-sql.ts';

export const genesisHash = '0'.repeat(64);

interface ChainRow {
  id: number;
  at_text: string;
  staff_id: string | null;
  device_id: string | null;
  action: string;
  entity: string;
  entity_id: string;
  municipality_code: string | null;
  detail: unknown;
  chain_seq: number | null;
  prev_hash: string | null;
  entry_hash: string | null;
}

const rowColumns = `id, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at_text,
  staff_id::text AS staff_id, device_id::text AS device_id, action, entity, entity_id, municipality_code,
  detail, chain_seq, prev_hash, entry_hash`;

export function auditEntryHash(prevHash: string, chainSeq: number, row: ChainRow): string {
  const canonical = canonicalJson([
    String(chainSeq),
    String(row.id),
    row.at_text,
    row.staff_id,
    row.device_id,
    row.action,
    row.entity,
    row.entity_id,
    row.municipality_code,
    row.detail,
  ]);
  return createHash('sha256').update(`${prevHash}\n${canonical}`, 'utf8').digest('hex');
}

const sealBatch = 1000;

async function sealOnce(tx: SqlExecutor): Promise<number> {
  const [head] = await tx.query<{ chain_seq: number; entry_hash: string }>(
    'SELECT chain_seq, entry_hash FROM audit_chain_head FOR UPDATE',
  );
  const rows = await tx.query<ChainRow>(
    `SELECT ${rowColumns} FROM audit_log WHERE chain_seq IS NULL ORDER BY id LIMIT ${sealBatch}`,
  );
  if (rows.length === 0) return 0;
  let seq = head!.chain_seq;
  let prev = head!.entry_hash;
  const sealed = rows.map((row) => {
    seq += 1;
    const hash = auditEntryHash(prev, seq, row);
    const link = { id: row.id, seq, prev, hash };
    prev = hash;
    return link;
  });
  await tx.query(
    `UPDATE audit_log a SET chain_seq = u.seq, prev_hash = u.prev, entry_hash = u.hash
       FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[]) AS u (id, seq, prev, hash)
      WHERE a.id = u.id`,
    [sealed.map((s) => s.id), sealed.map((s) => s.seq), sealed.map((s) => s.prev), sealed.map((s) => s.hash)],
  );
  await tx.query('UPDATE audit_chain_head SET chain_seq = $1, entry_hash = $2', [seq, prev]);
  return rows.length;
}

/** Seals every committed unsealed entry; returns how many. Safe to run from several processes at once. */
export async function sealAuditChain(sql: HubSql): Promise<number> {
  let total = 0;
  for (;;) {
    const sealed = await sql.transaction(sealOnce);
    total += sealed;
    if (sealed < sealBatch) return total;
  }
}

export interface ChainBreak {
  /** The chain position where the chain first fails. */
  position: number;
  /** The audit entry found there (null when none is). */
  auditId: number | null;
  problem: string;
}

export interface ChainReport {
  entries: number;
  headSeq: number;
  headHash: string;
  broken: ChainBreak | null;
}

const verifyPage = 5000;

/** Recomputes every link in chain order; the first one that fails is reported. */
export async function verifyAuditChain(sql: HubSql): Promise<ChainReport> {
  await sealAuditChain(sql);
  const [head] = await sql.query<{ chain_seq: number; entry_hash: string }>(
    'SELECT chain_seq, entry_hash FROM audit_chain_head',
  );
  const report = (entries: number, broken: ChainBreak | null): ChainReport => ({
    entries,
    headSeq: head!.chain_seq,
    headHash: head!.entry_hash,
    broken,
  });
  let expected = 1;
  let prev = genesisHash;
  for (;;) {
    const rows = await sql.query<ChainRow>(
      `SELECT ${rowColumns} FROM audit_log WHERE chain_seq >= $1 ORDER BY chain_seq LIMIT ${verifyPage}`,
      [expected],
    );
    for (const row of rows) {
      const seq = row.chain_seq!;
      if (seq !== expected) {
        return report(expected - 1, {
          position: expected,
          auditId: null,
          problem: `no entry at position ${expected} (the next is at ${seq}): deleted`,
        });
      }
      if (row.prev_hash !== prev) {
        return report(expected - 1, {
          position: seq,
          auditId: row.id,
          problem: 'it does not follow the entry before it: inserted, deleted before it or moved',
        });
      }
      const hash = auditEntryHash(prev, seq, row);
      if (row.entry_hash !== hash) {
        return report(expected - 1, {
          position: seq,
          auditId: row.id,
          problem: 'its contents do not match its hash: edited, or moved from another position',
        });
      }
      prev = hash;
      expected += 1;
    }
    if (rows.length < verifyPage) break;
  }
  const entries = expected - 1;
  if (head!.chain_seq !== entries || head!.entry_hash !== prev) {
    return report(entries, {
      position: entries + 1,
      auditId: null,
      problem: `the chain ends at position ${entries} but its head names position ${head!.chain_seq}: entries removed at the end`,
    });
  }
  return report(entries, null);
}

/**
 * Seals soon after commits that appended entries: one sealing at a time per database handle, those
 * asked for meanwhile merged into the next. A failure is left to the next request or the maintenance.
 */
export class AuditSealer {
  readonly #sql: HubSql;
  #timer: NodeJS.Timeout | undefined;
  #running = false;
  #again = false;

  constructor(sql: HubSql) {
    this.#sql = sql;
  }

  schedule(): void {
    if (this.#running) {
      this.#again = true;
      return;
    }
    if (this.#timer) return;
    this.#timer = setTimeout(() => void this.#run(), 20);
    this.#timer.unref();
  }

  async #run(): Promise<void> {
    this.#timer = undefined;
    this.#running = true;
    try {
      await sealAuditChain(this.#sql);
    } catch {
      // The maintenance seals what is left.
    } finally {
      this.#running = false;
      if (this.#again) {
        this.#again = false;
        this.schedule();
      }
    }
  }
}

const sealers = new WeakMap<HubSql, AuditSealer>();

export function auditSealerOf(sql: HubSql): AuditSealer {
  let sealer = sealers.get(sql);
  if (!sealer) {
    sealer = new AuditSealer(sql);
    sealers.set(sql, sealer);
  }
  return sealer;
}
