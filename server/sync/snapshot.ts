/**
 * The snapshot a new desktop starts from, in pages. The sequence number S is read BEFORE the first
 * row, and every page reads the rows as they are now (keyset paging, no long transaction): a row
 * may already show a change made after S, which is harmless, because the desktop then pulls the
 * change log since S and re-applies every later change in order, ending at the same state as the
 * hub. The cursor is opaque to the desktop: {s: S, e: entity index, k: last key, t: the rows counted
 * when the snapshot began, answered as `totalRows` on every page for the desktop's progress bar}.
 */
import { z } from 'zod';
import type { HubRecordOf } from '../../domain/hub-api/records.ts';
import type { HubSnapshotPage, SyncEntity } from '../../domain/hub-api/sync-api.ts';
import { HubError } from '../hub-error.ts';
import { changeLogHead } from '../store/change-log.ts';
import type { SqlExecutor } from '../store/hub-sql.ts';
import {
  type BookingEventRow,
  type BookingRow,
  bookingEventRecordOf,
  bookingRecordOf,
  type CouponDoseRow,
  type CouponRow,
  couponDoseId,
  couponDoseRecordOf,
  couponRecordOf,
  type HoldRow,
  holdRecordOf,
  municipalityRecordOf,
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

interface SnapshotRow<E extends SyncEntity> {
  key: Key;
  id: string;
  payload: HubRecordOf<E>;
}

type Source<E extends SyncEntity> = (
  sql: SqlExecutor,
  municipality: string | null,
  after: Key | null,
  limit: number,
  now: Date,
  /** Venue staff: the bookings (and their events) of these venues only. */
  venueIds: readonly string[] | null,
) => Promise<Array<SnapshotRow<E>>>;

/**
 * One page of rows as one JSON value (json_agg): both drivers otherwise parse every field of every
 * row in JavaScript, most of a page's time. JSON carries timestamptz as text: `timestamps` are the
 * columns turned back into Dates, so the rows are what the record functions take everywhere else.
 * `orderBy` is the page's key order.
 */
async function rowsAsJson<R>(
  sql: SqlExecutor,
  query: string,
  params: readonly unknown[],
  orderBy: string,
  timestamps: readonly string[] = [],
): Promise<R[]> {
  const [page] = await sql.query<{ rows: string | null }>(
    `SELECT json_agg(t ORDER BY ${orderBy})::text AS rows FROM (${query}) t`,
    params,
  );
  const rows = page?.rows ? (JSON.parse(page.rows) as Array<Record<string, unknown>>) : [];
  for (const row of rows) {
    for (const column of timestamps) {
      if (typeof row[column] === 'string') row[column] = new Date(row[column]);
    }
  }
  return rows as R[];
}

/** The keyset condition, written only after the first page so that it is an index range. */
const after = (condition: string, key: Key | null) => (key === null ? '' : `AND ${condition}`);

/** Rows of one table after a key, in key order, mapped to the records the change log carries. */
function byId<E extends SyncEntity, R extends { id: string }>(
  table: string,
  toRecord: (row: R) => HubRecordOf<E>,
  options: { municipal: boolean; idType?: 'uuid'; timestamps: readonly string[] },
): Source<E> {
  return async (sql, municipality, key, limit) => {
    const idType = options.idType ?? 'text';
    const rows = await rowsAsJson<R>(
      sql,
      `SELECT * FROM ${table}
       WHERE ($1::text IS NULL OR ${options.municipal ? 'municipality_code = $1' : 'TRUE /* shared by all municipalities */'})
         ${after(`id > $3::${idType}`, key)}
       ORDER BY id LIMIT $2`,
      key ? [municipality, limit, String(key[0])] : [municipality, limit],
      't.id',
      options.timestamps,
    );
    return rows.map((row) => ({ key: [row.id], id: row.id, payload: toRecord(row) }));
  };
}

const sources: { [E in SyncEntity]: Source<E> } = {
  municipality: async (sql, municipality, key, limit) => {
    const rows = await sql.query<{ code: string; name: string }>(
      `SELECT code, name FROM municipalities WHERE ($1::text IS NULL OR code = $1) ${after('code > $3', key)}
       ORDER BY code LIMIT $2`,
      key ? [municipality, limit, String(key[0])] : [municipality, limit],
    );
    return rows.map((r) => ({ key: [r.code], id: r.code, payload: municipalityRecordOf(r) }));
  },
  vaccine_product: byId<'vaccine_product', ProductRow & { id: string }>('vaccine_products', productRecordOf, {
    municipal: false,
    timestamps: [],
  }),
  venue: byId<'venue', VenueRow>('venues', venueRecordOf, { municipal: true, timestamps: ['updated_at'] }),
  slot: byId<'slot', SlotRow>('slots', slotRecordOf, { municipal: true, timestamps: ['updated_at'] }),
  coupon: byId<'coupon', CouponRow>('coupons', couponRecordOf, {
    municipal: true,
    timestamps: ['updated_at'],
  }),
  coupon_dose: async (sql, municipality, key, limit) => {
    const rows = await rowsAsJson<CouponDoseRow>(
      sql,
      `SELECT d.* FROM coupon_doses d JOIN coupons c ON c.id = d.coupon_id
       WHERE ($1::text IS NULL OR c.municipality_code = $1)
         ${after('(d.coupon_id, d.dose_number) > ($3::text, $4::int)', key)}
       ORDER BY d.coupon_id, d.dose_number LIMIT $2`,
      key ? [municipality, limit, String(key[0]), Number(key[1])] : [municipality, limit],
      't.coupon_id, t.dose_number',
    );
    return rows.map((d) => ({
      key: [d.coupon_id, d.dose_number],
      id: couponDoseId(d),
      payload: couponDoseRecordOf(d),
    }));
  },
  booking: async (sql, municipality, key, limit, _now, venueIds) => {
    const rows = await rowsAsJson<BookingRow>(
      sql,
      `SELECT * FROM bookings
       WHERE ($1::text IS NULL OR municipality_code = $1)
         AND ($3::text[] IS NULL OR slot_id IN (SELECT id FROM slots WHERE venue_id = ANY($3::text[])))
         ${after('id > $4::uuid', key)}
       ORDER BY id LIMIT $2`,
      key ? [municipality, limit, venueIds, String(key[0])] : [municipality, limit, venueIds],
      't.id',
      ['created_at', 'updated_at', 'cancelled_at'],
    );
    return rows.map((row) => ({ key: [row.id], id: row.id, payload: bookingRecordOf(row) }));
  },
  // Staff of this municipality and those of every municipality (id and name only).
  staff: async (sql, municipality, key, limit) => {
    const rows = await rowsAsJson<StaffRow>(
      sql,
      `SELECT id, display_name FROM staff
       WHERE ($1::text IS NULL OR municipality_code = $1 OR municipality_code IS NULL) ${after('id > $3::uuid', key)}
       ORDER BY id LIMIT $2`,
      key ? [municipality, limit, String(key[0])] : [municipality, limit],
      't.id',
    );
    return rows.map((r) => ({ key: [r.id], id: r.id, payload: staffRecordOf(r) }));
  },
  booking_event: async (sql, municipality, key, limit, _now, venueIds) => {
    const rows = await rowsAsJson<BookingEventRow>(
      sql,
      `SELECT * FROM booking_events
       WHERE ($1::text IS NULL OR municipality_code = $1)
         AND ($3::text[] IS NULL OR booking_id IN (SELECT b.id FROM bookings b JOIN slots s ON s.id = b.slot_id
                                                   WHERE s.venue_id = ANY($3::text[])))
         ${after('id > $4::bigint', key)}
       ORDER BY id LIMIT $2`,
      key ? [municipality, limit, venueIds, Number(key[0])] : [municipality, limit, venueIds],
      't.id',
      ['at'],
    );
    return rows.map((r) => ({ key: [r.id], id: String(r.id), payload: bookingEventRecordOf(r) }));
  },
  hold: async (sql, municipality, key, limit, now) => {
    const rows = await rowsAsJson<HoldRow>(
      sql,
      `SELECT * FROM holds
       WHERE ($1::text IS NULL OR municipality_code = $1) AND expires_at > $3 ${after('id > $4::uuid', key)}
       ORDER BY id LIMIT $2`,
      key ? [municipality, limit, now, String(key[0])] : [municipality, limit, now],
      't.id',
      ['created_at', 'expires_at', 'expires_cap_at'],
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
): Promise<HubSnapshotPage> {
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
  const rows: HubSnapshotPage['rows'] = [];
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
    for (const row of page) rows.push({ entity, id: row.id, payload: row.payload } as (typeof rows)[number]);
    if (page.length === want) {
      cursor = { ...cursor, k: page[page.length - 1]!.key };
      return { snapshotSeq: cursor.s, rows, next: encodeCursor(cursor), ...total };
    }
    if (cursor.e === snapshotOrder.length - 1) return { snapshotSeq: cursor.s, rows, next: null, ...total };
    cursor = { ...cursor, e: cursor.e + 1, k: null };
  }
  return { snapshotSeq: cursor.s, rows, next: encodeCursor(cursor), ...total };
}
