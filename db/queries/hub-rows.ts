/**
 * A row of the hub's snapshot or change log as the desk reads it: one parse per row, against its
 * entity's schema (domain/hub-api/records.ts). A row that does not parse is not applied and not
 * dropped: the caller sets it aside (sync-set-aside.ts) with the fields at fault, and goes on with the
 * rest of the page.
 */
import type { z } from 'zod';
import {
  type HubRecordOf,
  type HubRecordSchemas,
  hubRecordSchemas,
  hubTombstoneSchema,
} from '../../domain/hub-api/records.ts';
import { isSyncEntity, type SyncEntity } from '../../domain/vocabulary/terms.ts';

/** A row as received: the envelope read, the payload not yet. `entity` as the hub named it. */
export interface ReceivedHubRow {
  entity: string;
  id: string;
  op: 'upsert' | 'delete';
  payload: unknown;
}

/** A row that parsed: its entity's record, or a tombstone. */
export type ParsedHubRow =
  | { [E in SyncEntity]: { op: 'upsert'; entity: E; id: string; record: HubRecordOf<E> } }[SyncEntity]
  | { op: 'delete'; entity: SyncEntity; id: string };

export type HubRowParse = { ok: true; row: ParsedHubRow } | { ok: false; fields: string[] };

/** The paths of the fields at fault ('capacity', 'productIds.0'), never their values. */
function faultyFields(error: z.ZodError): string[] {
  return [...new Set(error.issues.map((issue) => issue.path.join('.') || '(record)'))];
}

/** The record of an upsert, parsed with its entity's schema, or the fields that did not parse. */
export function parseHubRecord<E extends SyncEntity>(
  entity: E,
  payload: unknown,
): { ok: true; record: HubRecordOf<E> } | { ok: false; fields: string[] } {
  const parsed = (hubRecordSchemas[entity] as HubRecordSchemas[E]).safeParse(payload);
  return parsed.success
    ? { ok: true, record: parsed.data as HubRecordOf<E> }
    : { ok: false, fields: faultyFields(parsed.error) };
}

/** A coupon dose's id, `<couponId>:<doseNumber>`, taken apart. */
export function couponDoseKey(id: string): { couponId: string; doseNumber: number } | null {
  const cut = id.lastIndexOf(':');
  const doseNumber = Number(id.slice(cut + 1));
  return cut > 0 && Number.isInteger(doseNumber) ? { couponId: id.slice(0, cut), doseNumber } : null;
}

/** The id a record is known by in the snapshot and the change log. */
function idOfRecord(row: ParsedHubRow & { op: 'upsert' }): string {
  switch (row.entity) {
    case 'municipality':
      return row.record.code;
    case 'coupon_dose':
      return `${row.record.couponId}:${row.record.doseNumber}`;
    default:
      return row.record.id;
  }
}

export function parseHubRow(row: ReceivedHubRow): HubRowParse {
  if (!isSyncEntity(row.entity)) return { ok: false, fields: ['entity'] };
  if (row.op === 'delete') {
    const tombstone = hubTombstoneSchema.safeParse(row);
    if (!tombstone.success) return { ok: false, fields: faultyFields(tombstone.error) };
    if (row.entity === 'coupon_dose' && couponDoseKey(row.id) === null) return { ok: false, fields: ['id'] };
    return { ok: true, row: { op: 'delete', entity: row.entity, id: row.id } };
  }
  const parsed = parseHubRecord(row.entity, row.payload);
  if (!parsed.ok) return parsed;
  const upsert = { op: 'upsert', entity: row.entity, id: row.id, record: parsed.record } as ParsedHubRow & {
    op: 'upsert';
  };
  // A record filed under another id than its own: which of the two is meant cannot be told.
  return idOfRecord(upsert) === row.id ? { ok: true, row: upsert } : { ok: false, fields: ['id'] };
}
