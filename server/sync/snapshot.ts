/**
 * The snapshot a new desktop starts from, in pages. The sequence number S is read BEFORE the first
 * row, and every page reads the rows as they are now (keyset paging, no long transaction): a row
 * may already show a change made after S, which is harmless, because the desktop then pulls the
 * change log since S and re-applies every later change in order, ending at the same state as the
 * hub. The cursor is opaque to the desktop: {s: S, e: entity index, k: last key, t: the rows counted
 * when the snapshot began, answered as `totalRows` on every page for the desktop's progress bar}.
 */
import { z } from 'zod';
import type { SnapshotPage, SyncEntity } from '../../domain/hub-api/sync-api.ts';
import { HubError } from '../hub-error.ts';
import { changeLogHead } from '../store/change-log.ts';
import type { SqlExecutor } from '../store/hub-sql.ts';
import {
  type BookingEventRow,
  type BookingRow,
  bookingEventRecordOf,
  bookingRecordOf,
  type CouponRow,
  couponRecordOf,
  type HoldRow,
  holdRecordOf,
  type ProductRow,
  productRecordOf,
  type SlotRow,
  type StaffRow,
  slotRecordOf,
  staffRecordOf,
  type VenueRow,
  venueRecordOf,
} from '../store/records.ts';

export const defaultSnapshotPageSize = 2000;

type Key = Array<string | number>;

interface SnapshotRow {
  key: Key;
  id: string;
  payload: unknown;
}

type Source = (
  sql: SqlExecutor,
  municipality: string | null,
  after: Key | null,
  limit: number,
  now: Date,
  /** Venue staff: the bookings (and their events) of these venues only. */
  venueIds: readonly string[] | null,
) => Promise<SnapshotRow[]>;

/** Rows of one table after a key, in key order, mapped to the records the change log carries. */
function byId<R extends { id: string }>(
  table: string,
  toRecord: (row: R) => unknown,
  options: { municipal: boolean; idType?: 'uuid' } = { municipal: true },
): Source {
  return async (sql, municipality, after, limit) => {
    const idType = options.idType ?? 'text';
    const rows = await sql.query<R>(
      `SELECT * FROM ${table}
       WHERE ($1::text IS NULL OR ${options.municipal ? 'municipality_code = $1' : 'TRUE /* shared by all municipalities */'})
         AND ($2::text IS NULL OR id > $2::${idType})
       ORDER BY id LIMIT $3`,
      [municipality, after ? String(after[0]) : null, limit],
    );
    return rows.map((row) => ({ key: [row.id], id: row.id, payload: toRecord(row) }));
  };
}

const sources: Record<SyncEntity, Source> = {
  municipality: async (sql, municipality, after, limit) => {
    const rows = await sql.query<{ code: string; name: string }>(
      `SELECT code, name FROM municipalities WHERE ($1::text IS NULL OR code = $1) AND ($2::text IS NULL OR code > $2)
       ORDER BY code LIMIT $3`,
      [municipality, after ? String(after[0]) : null, limit],
    );
    return rows.map((r) => ({ key: [r.code], id: r.code, payload: { code: r.code, name: r.name } }));
  },
  vaccine_product: byId<ProductRow & { id: string }>('vaccine_products', productRecordOf, {
    municipal: false,
  }),
  venue: byId<VenueRow>('venues', venueRecordOf),
  slot: byId<SlotRow>('slots', slotRecordOf),
  coupon: byId<CouponRow>('coupons', couponRecordOf),
  coupon_dose: async (sql, municipality, after, limit) => {
    const rows = await sql.query<{
      coupon_id: string;
      dose_number: number;
      date: string;
      product_id: string | null;
    }>(
      `SELECT d.* FROM coupon_doses d JOIN coupons c ON c.id = d.coupon_id
       WHERE ($1::text IS NULL OR c.municipality_code = $1)
         AND ($2::text IS NULL OR (d.coupon_id, d.dose_number) > ($2::text, $3::int))
       ORDER BY d.coupon_id, d.dose_number LIMIT $4`,
      [municipality, after ? String(after[0]) : null, after ? Number(after[1]) : 0, limit],
    );
    return rows.map((d) => ({
      key: [d.coupon_id, d.dose_number],
      id: `${d.coupon_id}:${d.dose_number}`,
      payload: { couponId: d.coupon_id, doseNumber: d.dose_number, date: d.date, productId: d.product_id },
    }));
  },
  booking: async (sql, municipality, after, limit, _now, venueIds) => {
    const rows = await sql.query<BookingRow>(
      `SELECT * FROM bookings
       WHERE ($1::text IS NULL OR municipality_code = $1) AND ($2::text IS NULL OR id > $2::uuid)
         AND ($4::text[] IS NULL OR slot_id IN (SELECT id FROM slots WHERE venue_id = ANY($4::text[])))
       ORDER BY id LIMIT $3`,
      [municipality, after ? String(after[0]) : null, limit, venueIds],
    );
    return rows.map((row) => ({ key: [row.id], id: row.id, payload: bookingRecordOf(row) }));
  },
  // Staff of this municipality and those of every municipality (id and name only).
  staff: async (sql, municipality, after, limit) => {
    const rows = await sql.query<StaffRow>(
      `SELECT id, display_name FROM staff
       WHERE ($1::text IS NULL OR municipality_code = $1 OR municipality_code IS NULL)
         AND ($2::text IS NULL OR id > $2::uuid)
       ORDER BY id LIMIT $3`,
      [municipality, after ? String(after[0]) : null, limit],
    );
    return rows.map((r) => ({ key: [r.id], id: r.id, payload: staffRecordOf(r) }));
  },
  booking_event: async (sql, municipality, after, limit, _now, venueIds) => {
    const rows = await sql.query<BookingEventRow>(
      `SELECT * FROM booking_events
       WHERE ($1::text IS NULL OR municipality_code = $1) AND ($2::bigint IS NULL OR id > $2::bigint)
         AND ($4::text[] IS NULL OR booking_id IN (SELECT b.id FROM bookings b JOIN slots s ON s.id = b.slot_id
                                                    WHERE s.venue_id = ANY($4::text[])))
       ORDER BY id LIMIT $3`,
      [municipality, after ? Number(after[0]) : null, limit, venueIds],
    );
    return rows.map((r) => ({ key: [r.id], id: String(r.id), payload: bookingEventRecordOf(r) }));
  },
  hold: async (sql, municipality, after, limit, now) => {
    const rows = await sql.query<HoldRow>(
      `SELECT * FROM holds
       WHERE ($1::text IS NULL OR municipality_code = $1) AND ($2::text IS NULL OR id > $2::uuid) AND expires_at > $4
       ORDER BY id LIMIT $3`,
      [municipality, after ? String(after[0]) : null, limit, now],
    );
    return rows.map((h) => ({ key: [h.id], id: h.id, payload: holdRecordOf(h) }));
  },
};

/** The order of a snapshot: parents before the rows that name them. */
const snapshotOrder: readonly SyncEntity[] = [
  'municipality',
  'vaccine_product',
  'staff',
  'venue',
  'slot',
  'coupon',
  'coupon_dose',
  'booking',
  'booking_event',
  'hold',
];
const cursorVersion = 2;

/** The rows the snapshot will have, counted with the sources' own filters (one statement). */
async function snapshotRowCount(sql: SqlExecutor, municipality: string | null, now: Date): Promise<number> {
  const [row] = await sql.query<{ n: string | number }>(
    `SELECT (SELECT count(*) FROM municipalities WHERE $1::text IS NULL OR code = $1)
          + (SELECT count(*) FROM vaccine_products)
          + (SELECT count(*) FROM staff WHERE $1::text IS NULL OR municipality_code = $1 OR municipality_code IS NULL)
          + (SELECT count(*) FROM venues WHERE $1::text IS NULL OR municipality_code = $1)
          + (SELECT count(*) FROM slots WHERE $1::text IS NULL OR municipality_code = $1)
          + (SELECT count(*) FROM coupons WHERE $1::text IS NULL OR municipality_code = $1)
          + (SELECT count(*) FROM coupon_doses d JOIN coupons c ON c.id = d.coupon_id
              WHERE $1::text IS NULL OR c.municipality_code = $1)
          + (SELECT count(*) FROM bookings WHERE $1::text IS NULL OR municipality_code = $1)
          + (SELECT count(*) FROM booking_events WHERE $1::text IS NULL OR municipality_code = $1)
          + (SELECT count(*) FROM holds WHERE ($1::text IS NULL OR municipality_code = $1) AND expires_at > $2)
          AS n`,
    [municipality, now],
  );
  return Number(row?.n ?? 0);
}

const cursorSchema = z.object({
  v: z.literal(cursorVersion),
  s: z.number().int().min(0),
  e: z
    .number()
    .int()
    .min(0)
    .max(snapshotOrder.length - 1),
  k: z
    .array(z.union([z.string(), z.number()]))
    .max(2)
    .nullable(),
  t: z.number().int().min(0).optional(),
});
type Cursor = z.infer<typeof cursorSchema>;

const encodeCursor = (cursor: Cursor): string => Buffer.from(JSON.stringify(cursor)).toString('base64url');

function decodeCursor(text: string): Cursor {
  try {
    return cursorSchema.parse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
  } catch {
    throw new HubError('VALIDATION', 'The snapshot cursor is not valid.', {
      fields: [{ path: 'cursor', message: 'not a cursor from this hub' }],
    });
  }
}

export async function snapshotPage(
  sql: SqlExecutor,
  options: {
    municipalityCode: string | null;
    /** Venue staff: their venues (the bookings of other venues are left out). */
    venueIds?: readonly string[] | null;
    cursor?: string;
    limit?: number;
    now: Date;
  },
): Promise<SnapshotPage> {
  const limit = options.limit ?? defaultSnapshotPageSize;
  const head = await changeLogHead(sql);
  let cursor: Cursor = options.cursor
    ? decodeCursor(options.cursor)
    : {
        v: cursorVersion,
        s: head.lastSeq,
        e: 0,
        k: null,
        t: await snapshotRowCount(sql, options.municipalityCode, options.now),
      };
  if (cursor.s < head.retainedFrom - 1 || cursor.s > head.lastSeq) {
    throw new HubError('RESNAPSHOT', 'This snapshot is too old to finish; start a new one.');
  }
  const total = cursor.t === undefined ? {} : { totalRows: cursor.t };
  const rows: SnapshotPage['rows'] = [];
  while (rows.length < limit) {
    const entity = snapshotOrder[cursor.e]!;
    const want = limit - rows.length;
    const page = await sources[entity](
      sql,
      options.municipalityCode,
      cursor.k,
      want,
      options.now,
      options.venueIds ?? null,
    );
    for (const row of page) rows.push({ entity, id: row.id, payload: row.payload });
    if (page.length === want) {
      cursor = { ...cursor, k: page[page.length - 1]!.key };
      return { snapshotSeq: cursor.s, rows, next: encodeCursor(cursor), ...total };
    }
    if (cursor.e === snapshotOrder.length - 1) return { snapshotSeq: cursor.s, rows, next: null, ...total };
    cursor = { ...cursor, e: cursor.e + 1, k: null };
  }
  return { snapshotSeq: cursor.s, rows, next: encodeCursor(cursor), ...total };
}
