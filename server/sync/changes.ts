/** Pulling the change log since a cursor, for one municipality (plus rows meant for every municipality). */
import type { HubRow } from '../../domain/hub-api/records.ts';
import type { HubChangesPage } from '../../domain/hub-api/sync-api.ts';
import { HubError } from '../hub-error.ts';
import { changeLogHead, readChanges } from '../store/change-log.ts';
import type { SqlExecutor } from '../store/hub-sql.ts';

export const defaultChangesPageSize = 1000;

const tooOld = () =>
  new HubError('RESNAPSHOT', 'The cursor is outside the change log this hub keeps; take a new snapshot.');

export async function changesSince(
  sql: SqlExecutor,
  options: {
    since: number;
    limit?: number;
    municipalityCode: string | null;
    /** Venue staff: their venues (see forVenues). */
    venueIds?: readonly string[] | null;
  },
): Promise<HubChangesPage> {
  const limit = options.limit ?? defaultChangesPageSize;
  const head = await changeLogHead(sql);
  // Older than the log keeps, or from another database (a cursor beyond the head): start over.
  if (options.since < head.retainedFrom - 1 || options.since > head.lastSeq) {
    throw tooOld();
  }
  const rows = await readChanges(sql, {
    since: options.since,
    upTo: head.lastSeq,
    limit,
    ...(options.municipalityCode ? { municipalityCode: options.municipalityCode } : {}),
  });
  // The log may have been pruned between reading the head and the rows: the page could miss rows.
  if (options.since < (await changeLogHead(sql)).retainedFrom - 1) throw tooOld();
  // A full page may have more after it. A short one holds every row up to the horizon read before it
  // (every seq up to it is settled, see store/change-log.ts), so the cursor may skip to that horizon
  // even when the rows in between belong to other municipalities.
  const lastRow = rows[rows.length - 1]?.seq ?? options.since;
  const cursor = rows.length === limit ? lastRow : Math.max(options.since, head.lastSeq, lastRow);
  // Each payload was written as its entity's record (ChangeRecorder.upsert), a tombstone's as null.
  const changes = rows.map(
    (r) => ({ seq: r.seq, entity: r.entity, id: r.entityId, op: r.op, payload: r.payload }) as Change,
  );
  return {
    changes: options.venueIds ? await forVenues(sql, changes, options.venueIds) : changes,
    cursor,
    headSeq: head.lastSeq,
    hasMore: rows.length === limit,
  };
}

/** A change as the log holds it: the entity and its record's type go together. */
type Change = HubRow & { seq: number };

/**
 * What venue staff receive: a booking now in a slot of another venue arrives as a deletion (one moved
 * away leaves their lists; one that never was there deletes nothing), and the events of such bookings
 * are left out.
 */
async function forVenues(
  sql: SqlExecutor,
  changes: Change[],
  venueIds: readonly string[],
): Promise<Change[]> {
  const slotIds = changes.flatMap((c) =>
    c.entity === 'booking' && c.op === 'upsert' ? [c.payload.slotId] : [],
  );
  const eventBookingIds = changes.flatMap((c) =>
    c.entity === 'booking_event' && c.op === 'upsert' ? [c.payload.bookingId] : [],
  );
  if (slotIds.length === 0 && eventBookingIds.length === 0) return changes;
  const [ours] = await sql.query<{ slot_ids: string[]; booking_ids: string[] }>(
    `SELECT ARRAY(SELECT id FROM slots WHERE id = ANY($1::text[]) AND venue_id = ANY($3::text[])) AS slot_ids,
            ARRAY(SELECT b.id::text FROM bookings b JOIN slots s ON s.id = b.slot_id
                   WHERE b.id = ANY($2::uuid[]) AND s.venue_id = ANY($3::text[])) AS booking_ids`,
    [slotIds, eventBookingIds, venueIds],
  );
  const ourSlots = new Set(ours!.slot_ids);
  const ourBookings = new Set(ours!.booking_ids);
  return changes.flatMap((c): Change[] => {
    if (c.entity === 'booking' && c.op === 'upsert' && !ourSlots.has(c.payload.slotId)) {
      return [{ ...c, op: 'delete', payload: null }];
    }
    if (c.entity === 'booking_event' && c.op === 'upsert' && !ourBookings.has(c.payload.bookingId)) return [];
    return [c];
  });
}
