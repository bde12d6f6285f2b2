/**
 * The hub's audit log: one append-only row per change (store/migrations/003), written in the
 * transaction of the change itself, so a change is never without its entry; sealed into a hash chain
 * after the commit (audit-chain.ts). Entries name records by id only, never a resident's data.
 */

import type { HubSql } from '../store/hub-sql.ts';
import { type HubTx, runHubTransaction } from '../store/hub-transaction.ts';
import type { BookingRow } from '../store/records.ts';

export interface AuditEntry {
  action: string;
  entity: string;
  entityId: string;
  municipalityCode: string | null;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
}

/**
 * Who an entry names: a staff member at a desktop, or nobody (the hub's command line, a resident
 * online); a refused sign-in names what is known of the two.
 */
export type AuditActor = { staffId: string | null; deviceId: string | null } | null;

export async function appendAudit(tx: HubTx, session: AuditActor, entry: AuditEntry): Promise<void> {
  await appendAudits(tx, session, [entry]);
}

/** Several entries of one change (a bulk change names every slot it changed), in one statement. */
export async function appendAudits(
  tx: HubTx,
  session: AuditActor,
  entries: readonly AuditEntry[],
): Promise<void> {
  if (entries.length === 0) return;
  tx.markAudited();
  await tx.query(
    `INSERT INTO audit_log (at, staff_id, device_id, action, entity, entity_id, municipality_code, detail)
     SELECT $1::timestamptz, $2::uuid, $3::uuid, t.action, t.entity, t.entity_id, t.municipality_code, t.detail
       FROM unnest($4::text[], $5::text[], $6::text[], $7::text[], $8::jsonb[]) WITH ORDINALITY
         AS t (action, entity, entity_id, municipality_code, detail, n)
      ORDER BY t.n`,
    [
      tx.now,
      session?.staffId ?? null,
      session?.deviceId ?? null,
      entries.map((e) => e.action),
      entries.map((e) => e.entity),
      entries.map((e) => e.entityId),
      entries.map((e) => e.municipalityCode),
      entries.map((e) => JSON.stringify({ before: e.before, after: e.after })),
    ],
  );
}

/**
 * A request refused for the role (FORBIDDEN), in a transaction of its own (the refused change wrote
 * nothing): who, at which desktop, and what they tried (a route or a mutation kind).
 */
export async function auditRefusal(
  sql: HubSql,
  now: Date,
  actor: AuditActor,
  attempt: { entity: 'route' | 'mutation'; entityId: string; municipalityCode: string | null; what: string },
): Promise<void> {
  await runHubTransaction(sql, now, (tx) =>
    appendAudit(tx, actor, {
      action: 'access.refused',
      entity: attempt.entity,
      entityId: attempt.entityId,
      municipalityCode: attempt.municipalityCode,
      before: {},
      after: { attempted: attempt.what },
    }),
  );
}

/**
 * A booking made, on any channel: ids only. The online channel's is written by the database with the
 * same fields (store/migrations/012 audit_online_booking).
 */
export function bookingMadeAudit(row: BookingRow): AuditEntry {
  return {
    action: 'booking.book',
    entity: 'booking',
    entityId: row.id,
    municipalityCode: row.municipality_code,
    before: {},
    after: {
      couponId: row.coupon_id,
      slotId: row.slot_id,
      doseNumber: row.dose_number,
      channel: row.channel,
      status: row.status,
    },
  };
}

/** A booking cancelled (by a desk with its reason, or by the resident online). */
export function bookingCancelledAudit(
  before: BookingRow,
  after: BookingRow,
  reason: string | null,
): AuditEntry {
  return {
    action: 'booking.cancel',
    entity: 'booking',
    entityId: after.id,
    municipalityCode: after.municipality_code,
    before: { status: before.status },
    after: { status: after.status, reason },
  };
}

const sameValue = (a: unknown, b: unknown): boolean =>
  a === b || (typeof a === 'object' && a !== null && JSON.stringify(a) === JSON.stringify(b));

/** The fields whose values differ (lists compared by their items), as {before, after} halves. */
export function changedFields<T extends Record<string, unknown>>(
  before: T,
  after: T,
): { before: Partial<T>; after: Partial<T> } {
  const out = { before: {} as Partial<T>, after: {} as Partial<T> };
  for (const key of Object.keys(after) as (keyof T)[]) {
    if (!sameValue(before[key], after[key])) {
      out.before[key] = before[key];
      out.after[key] = after[key];
    }
  }
  return out;
}
