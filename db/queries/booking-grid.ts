/**
 * The bookings grid: filter, sort and page over booking_grid (the narrow projection kept by the
 * triggers of migration 003), then read the full rows of the one page by id. Every sort order has
 * its own index, so a page deep in 2,000,000 bookings skips index entries, not joined rows.
 * Free text matches the START of a booking number, ticket number, phone number, reading or name.
 */
import type {
  BookingFilter,
  BookingGridColumn,
  BookingGridRow,
  BookingPage,
  BookingSort,
} from '../../domain/api/methods/bookings.ts';
import type { BookingChannel } from '../../domain/api/methods/overview.ts';
import { bookingNumberAlphabet, normalizeBookingNumberInput } from '../../domain/booking-number.ts';
import type { BookingStatus } from '../../domain/booking-status.ts';
import { ageOn } from '../../domain/calendar.ts';
import { isKanaReading, readingKey } from '../../domain/kana.ts';
import { phoneKey } from '../../domain/phone.ts';
import type { Database } from '../sqlite-driver.ts';
import { cachedStatement } from '../statement-cache.ts';

/**
 * The ORDER BY columns of each grid column; the rowid breaks ties so paging is stable. Each list is
 * exactly the columns of one index of migration 003 or 007 (an index ends with the rowid), so a page
 * is read in index order without sorting anything, in either direction. Inside one slot time the
 * date-ordered lists go on by status, channel and dose, and the others end with the date: the columns
 * those indexes carry so that filtered rows are passed inside the index.
 */
const sortColumns: Record<BookingGridColumn, readonly string[]> = {
  bookingNumber: ['booking_number', 'date'],
  slot: ['date', 'start_time', 'venue_kana', 'status', 'channel', 'dose_number'],
  venue: ['venue_kana', 'date', 'start_time'],
  dose: ['dose_number', 'date', 'start_time', 'venue_kana', 'status', 'channel'],
  name: ['name', 'date'],
  reading: ['name_kana_key', 'birth_date', 'date'],
  birthDate: ['birth_date', 'date'],
  // Older first when ascending by age means later birth dates first: the birth date reversed.
  age: ['birth_date', 'date'],
  phone: ['phone_key', 'date'],
  channel: ['channel', 'date', 'start_time', 'venue_kana', 'status', 'dose_number'],
  status: ['status', 'date', 'start_time', 'venue_kana', 'channel', 'dose_number'],
  // By the creator's name (migration 007), each person's bookings together; online bookings have none
  // and come first.
  createdBy: ['created_by_name', 'created_by', 'created_at', 'date'],
  createdAt: ['created_at', 'date'],
};

const highestCodePoint = '\u{10FFFF}';

interface WhereClause {
  sql: string;
  params: Record<string, string | number>;
}

/**
 * A prefix test, prefix <= column < prefix + U+10FFFF, that SQLite answers from the column's index
 * unless `byIndex` is false (then `+column` makes it a test on rows found another way).
 */
function prefixTerm(
  column: string,
  name: string,
  prefix: string,
  params: WhereClause['params'],
  byIndex: boolean,
): string {
  params[`${name}Lo`] = prefix;
  params[`${name}Hi`] = prefix + highestCodePoint;
  const ref = `${byIndex ? '' : '+'}g.${column}`;
  return `(${ref} >= :${name}Lo AND ${ref} < :${name}Hi)`;
}

const bookingNumberPrefix = new RegExp(`^[${bookingNumberAlphabet}]{1,9}$`, 'u');

function textCondition(raw: string, params: WhereClause['params'], byIndex: boolean): string | null {
  const text = raw.normalize('NFKC').trim();
  if (text === '') return null;
  const terms: string[] = [];
  const bookingNumber = normalizeBookingNumberInput(text);
  if (bookingNumberPrefix.test(bookingNumber)) {
    terms.push(prefixTerm('booking_number', 'number', bookingNumber, params, byIndex));
  }
  const digits = text.replace(/[\s\-()]/gu, '');
  if (/^\+?\d+$/u.test(digits)) {
    if (/^\d+$/u.test(digits)) terms.push(prefixTerm('ticket_number', 'ticket', digits, params, byIndex));
    terms.push(prefixTerm('phone_key', 'phone', phoneKey(text), params, byIndex));
  }
  if (isKanaReading(text)) {
    terms.push(prefixTerm('name_kana_key', 'kana', readingKey(text), params, byIndex));
  } else if (/[^\x20-\x7e]/u.test(text)) {
    terms.push(prefixTerm('name', 'name', text, params, byIndex));
  }
  // Text that can be none of these matches nothing.
  return terms.length > 0 ? `(${terms.join(' OR ')})` : '0';
}

/** `textByIndex: false` finds rows another way (a sort index) and only tests them for the text. */
export function bookingWhere(filter: BookingFilter, options: { textByIndex?: boolean } = {}): WhereClause {
  const parts: string[] = [];
  const params: WhereClause['params'] = {};
  if (filter.dateFrom) {
    parts.push('g.date >= :dateFrom');
    params.dateFrom = filter.dateFrom;
  }
  if (filter.dateTo) {
    parts.push('g.date <= :dateTo');
    params.dateTo = filter.dateTo;
  }
  const lists: Array<[string, readonly (string | number)[] | undefined]> = [
    ['venue_id', filter.venueIds],
    ['channel', filter.channels],
    ['status', filter.statuses],
    ['dose_number', filter.doses],
  ];
  for (const [column, values] of lists) {
    if (!values || values.length === 0) continue;
    if (values.length === 1) {
      // An equality lets an index that leads with this column give the date order without a sort.
      parts.push(`g.${column} = :${column}`);
      params[column] = values[0]!;
    } else {
      // One SQL text whatever the number of values, so prepared statements are reused.
      parts.push(`g.${column} IN (SELECT value FROM json_each(:${column}))`);
      params[column] = JSON.stringify(values);
    }
  }
  if (filter.text !== undefined) {
    const condition = textCondition(filter.text, params, options.textByIndex ?? true);
    if (condition) parts.push(condition);
  }
  return { sql: parts.length > 0 ? `WHERE ${parts.join(' AND ')}` : '', params };
}

export function countBookings(db: Database, filter: BookingFilter): number {
  const where = bookingWhere(filter);
  return cachedStatement<[WhereClause['params']], number>(
    db,
    `SELECT count(*) FROM booking_grid g ${where.sql}`,
  )
    .pluck()
    .get(where.params) as number;
}

/**
 * With a text filter that matches few rows, the matches are found through the text indexes and then
 * sorted: `+column` keeps SQLite from walking a sort index instead and testing every row, which costs
 * a full scan when the text matches little (a booking number). A text that matches many rows (a common
 * family name alone) is the other way round: sorting every match takes seconds (200,000 matches in the
 * bench), while walking the sort index meets a page of matches within a few thousand rows; there the
 * text test is kept off its index (see prefixTerm). `textMatchesBroadly` tells the two apart.
 */
function orderBy(sort: BookingSort, sortMatches: boolean): string {
  const descending = sort.column === 'age' ? !sort.desc : sort.desc;
  const direction = descending ? 'DESC' : 'ASC';
  const prefix = sortMatches ? '+' : '';
  return [...sortColumns[sort.column], 'id'].map((column) => `${prefix}g.${column} ${direction}`).join(', ');
}

/**
 * A text is "broad" (see orderBy) when it matches at least this many rows per row of the page: sorting
 * every match then costs more than walking the sort index, which reads about (all rows / matches) rows
 * per row of the page. At 2,000,000 bookings and pages of 100 the two cross near 10,000 matches.
 */
const broadMatchesPerPageRow = 100;

/** Counts the matches only up to the threshold, through the text indexes: a few milliseconds at most. */
function textMatchesBroadly(db: Database, where: WhereClause, limit: number): boolean {
  const threshold = broadMatchesPerPageRow * limit;
  const matches = cachedStatement<[WhereClause['params']], number>(
    db,
    `SELECT count(*) FROM (SELECT 1 FROM booking_grid g ${where.sql} LIMIT :threshold)`,
  )
    .pluck()
    .get({ ...where.params, threshold }) as number;
  return matches >= threshold;
}

/** The statement that reads the ids of one page, in grid order (also what EXPLAIN is asked about). */
export function pageQuery(
  db: Database,
  filter: BookingFilter,
  sort: BookingSort,
  offset: number,
  limit: number,
): { sql: string; params: WhereClause['params'] } {
  const hasText = Boolean(filter.text?.trim());
  const broad = hasText && textMatchesBroadly(db, bookingWhere(filter), limit);
  const where = bookingWhere(filter, { textByIndex: !broad });
  const sortMatches = hasText && !broad;
  return {
    sql: `SELECT g.booking_id FROM booking_grid g ${where.sql}
      ORDER BY ${orderBy(sort, sortMatches)} LIMIT :limit OFFSET :offset`,
    params: { ...where.params, limit, offset },
  };
}

/** The ids of one page, in grid order. */
export function pageBookingIds(
  db: Database,
  filter: BookingFilter,
  sort: BookingSort,
  offset: number,
  limit: number,
): string[] {
  const query = pageQuery(db, filter, sort, offset, limit);
  return cachedStatement<[WhereClause['params']], string>(db, query.sql).pluck().all(query.params);
}

interface GridRowRecord {
  id: string;
  booking_number: string;
  date: string;
  start_time: string;
  end_time: string;
  venue_id: string;
  venue_name: string;
  dose_number: number;
  name: string;
  name_kana: string;
  birth_date: string;
  phone: string;
  channel: BookingChannel;
  status: BookingStatus;
  created_by: string | null;
  created_by_name: string | null;
  created_at: string;
}

export const gridRowSelect = `
  SELECT b.id, b.booking_number, s.date, s.start_time, s.end_time, s.venue_id, v.name AS venue_name,
         b.dose_number, c.name, c.name_kana, c.birth_date,
         CASE WHEN b.contact_phone = '' THEN c.phone ELSE b.contact_phone END AS phone,
         b.channel, b.status, b.created_by, st.display_name AS created_by_name, b.created_at
    FROM bookings b
    JOIN slots s ON s.id = b.slot_id
    JOIN venues v ON v.id = s.venue_id
    JOIN coupons c ON c.id = b.coupon_id
    LEFT JOIN staff st ON st.id = b.created_by`;

export function toGridRow(record: GridRowRecord): BookingGridRow {
  return {
    id: record.id,
    bookingNumber: record.booking_number,
    date: record.date,
    startTime: record.start_time,
    endTime: record.end_time,
    venueId: record.venue_id,
    venueName: record.venue_name,
    doseNumber: record.dose_number,
    name: record.name,
    nameKana: record.name_kana,
    birthDate: record.birth_date,
    age: ageOn(record.birth_date, record.date),
    phone: record.phone,
    channel: record.channel,
    status: record.status,
    createdBy: record.created_by ? { id: record.created_by, name: record.created_by_name } : null,
    createdAt: record.created_at,
  };
}

export function gridRowsByIds(db: Database, ids: readonly string[]): BookingGridRow[] {
  if (ids.length === 0) return [];
  const records = cachedStatement<[string], GridRowRecord>(
    db,
    `${gridRowSelect} WHERE b.id IN (SELECT value FROM json_each(?))`,
  ).all(JSON.stringify(ids));
  const byId = new Map(records.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const record = byId.get(id);
    return record ? [toGridRow(record)] : [];
  });
}

export function listBookingsPage(
  db: Database,
  filter: BookingFilter,
  sort: BookingSort,
  offset: number,
  limit: number,
): BookingPage {
  // One read transaction, so the page's ids and their rows come from the same snapshot.
  const read = db.transaction(() => gridRowsByIds(db, pageBookingIds(db, filter, sort, offset, limit)));
  return { offset, rows: read() };
}
