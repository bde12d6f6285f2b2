/**
 * The sync round's audit step: this desktop's audit entries go to the hub with their hashes, after
 * those the hub says it holds (domain/hub-api/desk-audit-api.ts), in requests of up to 500. What the
 * hub acknowledges is remembered (audit_hub_copies), so `desk audit-verify` can tell entries removed
 * here later. Entries are never taken off the desk: the chain stays whole on both sides.
 */
import { auditEntriesAfter, auditHubCopy, recordAuditHubCopy } from '../../../db/queries/audit-chain.ts';
import type { Database } from '../../../db/sqlite-driver.ts';
import {
  type DeskAuditEntry,
  maxDeskAuditEntriesPerRequest,
} from '../../../domain/hub-api/desk-audit-api.ts';
import type { HubClient } from './hub-client.ts';

/** At most this many requests a round; the rest go in the next one. */
const maxRequestsPerRound = 20;

export async function pushAuditChain(deps: {
  db: Database;
  client: HubClient;
  token: string;
  origin: string;
  deviceId: string;
}): Promise<{ sent: number }> {
  const { db, origin, deviceId } = deps;
  let held = auditHubCopy(db, origin, deviceId);
  let sent = 0;
  for (let request = 0; request < maxRequestsPerRound; request++) {
    const entries = auditEntriesAfter(db, held, maxDeskAuditEntriesPerRequest);
    if (entries.length === 0) break;
    const answer = await deps.client.pushAuditEntries(
      deps.token,
      entries.map(
        (e): DeskAuditEntry => ({
          chainSeq: e.chainSeq,
          at: e.at,
          staffId: e.staffId,
          action: e.action,
          entity: e.entity,
          entityIds: [...e.entityIds],
          detail: e.detail,
          prevHash: e.prevHash ?? '',
          entryHash: e.entryHash ?? '',
        }),
      ),
    );
    recordAuditHubCopy(db, { origin, deviceId, chainSeq: answer.heldThrough, entryHash: answer.heldHash });
    // The hub holds less than this desk thought (its store restored): send again from there.
    if (answer.heldThrough === held) break;
    if (answer.heldThrough > held) sent += answer.heldThrough - held;
    held = answer.heldThrough;
  }
  return { sent };
}
