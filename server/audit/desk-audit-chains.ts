/**
 * The desks' audit chains on the hub (store/migrations/016, domain/hub-api/desk-audit-api.ts). A desk
 * sends its entries in chain order after the ones the hub holds for its device; the hub recomputes each
 * link (domain/audit-chain.ts) and keeps an entry only when it continues the device's chain, so what is
 * kept always verifies from position 1. An entry that would break the chain, or that differs from one
 * already kept at its position, is refused as a whole (AUDIT_CHAIN_BROKEN) and the refusal audited.
 * `hub audit-verify` recomputes every device's chain (verifyDeskAuditChains).
 */
import { createHash } from 'node:crypto';
import {
  type AuditChainBreak,
  auditGenesisHash,
  auditLinkText,
  checkAuditLinks,
  type StoredAuditLink,
} from '../../domain/audit-chain.ts';
import type {
  DeskAuditEntry,
  DeskAuditPushBody,
  DeskAuditPushResponse,
} from '../../domain/hub-api/desk-audit-api.ts';
import { HubError } from '../hub-error.ts';
import type { HubSql } from '../store/hub-sql.ts';
import { runHubTransaction } from '../store/hub-transaction.ts';
import type { SyncSession } from '../sync/device-sessions.ts';
import { appendAudit } from './audit-log.ts';

const deskAuditReceivedAction = 'desk_audit.received';

const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

class ChainRefusal extends Error {
  readonly position: number;
  constructor(position: number, message: string) {
    super(message);
    this.position = position;
  }
}

/** Keeps the entries that continue this device's chain; answers how far the hub now holds it. */
export async function receiveDeskAuditEntries(
  deps: { sql: HubSql; clock: () => Date },
  session: SyncSession,
  body: DeskAuditPushBody,
): Promise<DeskAuditPushResponse> {
  const now = deps.clock();
  try {
    const { result } = await runHubTransaction(deps.sql, now, async (tx) => {
      // One desk's sends are taken one at a time (a retried request racing its first try).
      await tx.query('SELECT 1 FROM devices WHERE id = $1 FOR UPDATE', [session.deviceId]);
      const [last] = await tx.query<{ chain_seq: number; entry_hash: string }>(
        `SELECT chain_seq, entry_hash FROM desk_audit_log WHERE device_id = $1
          ORDER BY chain_seq DESC LIMIT 1`,
        [session.deviceId],
      );
      let heldThrough = last?.chain_seq ?? 0;
      let heldHash = last?.entry_hash ?? auditGenesisHash;
      const entries = [...body.entries].sort((a, b) => a.chainSeq - b.chainSeq);

      const again = entries.filter((e) => e.chainSeq <= heldThrough);
      if (again.length > 0) {
        const kept = await tx.query<{ chain_seq: number; entry_hash: string }>(
          'SELECT chain_seq, entry_hash FROM desk_audit_log WHERE device_id = $1 AND chain_seq = ANY($2::bigint[])',
          [session.deviceId, again.map((e) => e.chainSeq)],
        );
        const keptHash = new Map(kept.map((k) => [k.chain_seq, k.entry_hash]));
        const differing = again.find((e) => keptHash.get(e.chainSeq) !== e.entryHash);
        if (differing) {
          throw new ChainRefusal(differing.chainSeq, 'differs from the entry the hub holds at its position');
        }
      }

      const fresh: Array<DeskAuditEntry & { entryHash: string }> = [];
      for (const entry of entries.filter((e) => e.chainSeq > heldThrough)) {
        if (entry.chainSeq !== heldThrough + 1) break; // a gap: sent again from heldThrough + 1
        if (entry.prevHash !== heldHash) {
          throw new ChainRefusal(entry.chainSeq, 'does not follow the entry the hub holds before it');
        }
        const computed = sha256Hex(auditLinkText(heldHash, entry));
        if (computed !== entry.entryHash) throw new ChainRefusal(entry.chainSeq, 'does not match its hash');
        fresh.push(entry);
        heldThrough = entry.chainSeq;
        heldHash = computed;
      }
      if (fresh.length > 0) {
        await tx.query(
          `INSERT INTO desk_audit_log (device_id, chain_seq, at, staff_id, action, entity, entity_ids, detail,
                                       prev_hash, entry_hash, received_at)
           SELECT $1::uuid, t.seq, t.at, t.staff_id, t.action, t.entity, t.entity_ids, t.detail, t.prev, t.hash, $2
             FROM unnest($3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::jsonb[], $9::jsonb[],
                         $10::text[], $11::text[])
               AS t (seq, at, staff_id, action, entity, entity_ids, detail, prev, hash)`,
          [
            session.deviceId,
            now,
            fresh.map((e) => e.chainSeq),
            fresh.map((e) => e.at),
            fresh.map((e) => e.staffId),
            fresh.map((e) => e.action),
            fresh.map((e) => e.entity),
            fresh.map((e) => JSON.stringify(e.entityIds)),
            fresh.map((e) => JSON.stringify(e.detail)),
            fresh.map((e) => e.prevHash),
            fresh.map((e) => e.entryHash),
          ],
        );
      }
      if (fresh.length > 0) {
        // The hub's own chain anchors how far it holds this desk's: rows cut off here later show.
        await appendAudit(tx, session, {
          action: deskAuditReceivedAction,
          entity: 'device',
          entityId: session.deviceId,
          municipalityCode: session.municipalityCode,
          before: {},
          after: { heldThrough, heldHash },
        });
      }
      return { heldThrough, heldHash };
    });
    return result;
  } catch (error) {
    if (!(error instanceof ChainRefusal)) throw error;
    await runHubTransaction(deps.sql, now, (tx) =>
      appendAudit(tx, session, {
        action: 'desk_audit.refused',
        entity: 'device',
        entityId: session.deviceId,
        municipalityCode: session.municipalityCode,
        before: {},
        after: { position: error.position, problem: error.message },
      }),
    );
    throw new HubError(
      'AUDIT_CHAIN_BROKEN',
      `The audit entry at position ${error.position} ${error.message}; nothing of this request was kept.`,
    );
  }
}

export interface DeskChainReport {
  deviceId: string;
  entries: number;
  headHash: string;
  broken: AuditChainBreak | null;
}

interface KeptRow {
  chain_seq: number;
  at: string;
  staff_id: string | null;
  action: string;
  entity: string;
  entity_ids: string[];
  detail: Record<string, unknown>;
  prev_hash: string;
  entry_hash: string;
}

const verifyPage = 5000;

/** Recomputes every device's chain from position 1; each device's first broken link is reported. */
export async function verifyDeskAuditChains(sql: HubSql): Promise<DeskChainReport[]> {
  // The last receipt of each device in the hub's own (chained) audit log.
  const anchors = await sql.query<{ device_id: string; held_through: number; held_hash: string }>(
    `SELECT DISTINCT ON (entity_id) entity_id AS device_id,
            (detail->'after'->>'heldThrough')::bigint AS held_through, detail->'after'->>'heldHash' AS held_hash
       FROM audit_log WHERE action = $1 AND entity = 'device' ORDER BY entity_id, id DESC`,
    [deskAuditReceivedAction],
  );
  const anchorOf = new Map(anchors.map((a) => [a.device_id, a]));
  const kept = await sql.query<{ device_id: string }>(
    'SELECT DISTINCT device_id::text AS device_id FROM desk_audit_log',
  );
  const devices = [...new Set([...kept.map((d) => d.device_id), ...anchorOf.keys()])].sort();
  const reports: DeskChainReport[] = [];
  for (const deviceId of devices) {
    let state = { expected: 1, prev: auditGenesisHash, broken: null as AuditChainBreak | null };
    for (;;) {
      const rows = await sql.query<KeptRow>(
        `SELECT chain_seq, at, staff_id, action, entity, entity_ids, detail, prev_hash, entry_hash
           FROM desk_audit_log WHERE device_id = $1 AND chain_seq >= $2 ORDER BY chain_seq LIMIT ${verifyPage}`,
        [deviceId, state.expected],
      );
      const links: StoredAuditLink[] = rows.map((r) => ({
        rowId: r.chain_seq,
        chainSeq: r.chain_seq,
        at: r.at,
        staffId: r.staff_id,
        action: r.action,
        entity: r.entity,
        entityIds: r.entity_ids,
        detail: r.detail,
        prevHash: r.prev_hash,
        entryHash: r.entry_hash,
      }));
      state = checkAuditLinks(links, state, sha256Hex);
      if (state.broken || rows.length < verifyPage) break;
    }
    const entries = state.expected - 1;
    const anchor = anchorOf.get(deviceId);
    if (!state.broken && anchor) {
      const [atAnchor] = await sql.query<{ entry_hash: string }>(
        'SELECT entry_hash FROM desk_audit_log WHERE device_id = $1 AND chain_seq = $2',
        [deviceId, anchor.held_through],
      );
      if (!atAnchor || anchor.held_through > entries) {
        state.broken = {
          position: entries + 1,
          entryId: null,
          problem: `the hub's audit log records receiving ${anchor.held_through} entries; ${entries} are here: removed at the end`,
        };
      } else if (atAnchor.entry_hash !== anchor.held_hash) {
        state.broken = {
          position: anchor.held_through,
          entryId: anchor.held_through,
          problem: "it differs from the entry the hub's audit log records receiving: rewritten",
        };
      }
    }
    reports.push({ deviceId, entries, headHash: state.prev, broken: state.broken });
  }
  return reports;
}
