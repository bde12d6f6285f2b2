/**
 * The hub's audit log: one append-only row per staff change (store/migrations/003), written in the
 * transaction of the change itself, so a change is never without its entry.
 */

import type { HubTx } from '../store/hub-transaction.ts';
import type { SyncSession } from '../sync/device-sessions.ts';

export interface AuditEntry {
  action: string;
  entity: string;
  entityId: string;
  municipalityCode: string | null;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
}

export async function appendAudit(tx: HubTx, session: SyncSession, entry: AuditEntry): Promise<void> {
  await tx.query(
    `INSERT INTO audit_log (at, staff_id, device_id, action, entity, entity_id, municipality_code, detail)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb)`,
    [
      tx.now,
      session.staffId,
      session.deviceId,
      entry.action,
      entry.entity,
      entry.entityId,
      entry.municipalityCode,
      JSON.stringify({ before: entry.before, after: entry.after }),
    ],
  );
}

/** The fields whose values differ, as {before, after} halves. */
export function changedFields<T extends Record<string, unknown>>(
  before: T,
  after: T,
): { before: Partial<T>; after: Partial<T> } {
  const out = { before: {} as Partial<T>, after: {} as Partial<T> };
  for (const key of Object.keys(after) as (keyof T)[]) {
    if (before[key] !== after[key]) {
      out.before[key] = before[key];
      out.after[key] = after[key];
    }
  }
  return out;
}
