/**
 * The bookings grid over real SQLite: the booking_grid projection follows every kind of change
 * (triggers), each filter and each sort order give what a plain join over all bookings gives, pages
 * put together are the whole result, and viewing a page is audited.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { countBookings, listBookingsPage, pageQuery } from '../../db/queries/booking-grid.ts';
import {
  type BookingFilter,
  type BookingGridColumn,
  type BookingGridRow,
  bookingGridColumns,
} from '../../domain/api/contract.ts';
import { ageOn } from '../../domain/calendar.ts';
import { readingKey } from '../../domain/kana.ts';
import { createApiHandlers } from '../../electron/node/api-handlers.ts';
import { createDispatcher } from '../../electron/node/dispatch.ts';
import { type BookingsFixture, fixtureToday, openBookingsFixture } from './bookings-fixture.ts';
import { type GridSortFacts, inGridOrder } from './grid-sort-order.ts';

let fixture: BookingsFixture;

interface Reference {
  row: BookingGridRow;
  gridId: number;
  venueKana: string;
  ticket: string;
  kanaKey: string;
  phoneKey: string;
}

interface RefRecord {
  id: string;
  booking_number: string;
  date: string;
  start_time: string;
  end_time: string;
  venue_id: string;
  venue_name: string;
  venue_kana: string;
  dose_number: number;
  name: string;
  name_kana: string;
  name_kana_key: string;
  birth_date: string;
  ticket_number: string;
  phone_key: string;
  contact_phone: string;
  phone: string;
  channel: BookingGridRow['channel'];
  status: BookingGridRow['status'];
  created_by: string | null;
  display_name: string | null;
  created_at: string;
  grid_id: number;
}

/** Every booking through a plain join, the way the grid should present it. */
function referenceRows(): Reference[] {
  const records = fixture.db
    .prepare(
      `SELECT b.id, b.booking_number, s.date, s.start_time, s.end_time, s.venue_id, v.name AS venue_name,
              v.name_kana AS venue_kana, b.dose_number, c.name, c.name_kana, c.name_kana_key, c.birth_date,
              c.ticket_number, c.phone_key, b.contact_phone,
              CASE WHEN b.contact_phone = '' THEN c.phone ELSE b.contact_phone END AS phone,
              b.channel, b.status, b.created_by, st.display_name, b.created_at, g.id AS grid_id
         FROM bookings b JOIN slots s ON s.id = b.slot_id JOIN venues v ON v.id = s.venue_id
         JOIN coupons c ON c.id = b.coupon_id LEFT JOIN staff st ON st.id = b.created_by
         JOIN booking_grid g ON g.booking_id = b.id`,
    )
    .all() as RefRecord[];
  return records.map((r) => ({
    row: {
      id: r.id,
      bookingNumber: r.booking_number,
      date: r.date,
      startTime: r.start_time,
      endTime: r.end_time,
      venueId: r.venue_id,
      venueName: r.venue_name,
      doseNumber: r.dose_number,
      name: r.name,
      nameKana: r.name_kana,
      birthDate: r.birth_date,
      age: ageOn(r.birth_date, r.date),
      phone: r.phone,
      channel: r.channel,
      status: r.status,
      createdBy: r.created_by ? { id: r.created_by, name: r.display_name } : null,
      createdAt: r.created_at,
    },
    gridId: r.grid_id,
    venueKana: r.venue_kana,
    ticket: r.ticket_number,
    kanaKey: r.name_kana_key,
    phoneKey: r.contact_phone === '' ? r.phone_key : r.contact_phone.replace(/\D/g, ''),
  }));
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const sortFacts = (r: Reference): GridSortFacts => ({
  gridId: r.gridId,
  bookingNumber: r.row.bookingNumber,
  date: r.row.date,
  startTime: r.row.startTime,
  venueKana: r.venueKana,
  doseNumber: r.row.doseNumber,
  name: r.row.name,
  kanaKey: r.kanaKey,
  birthDate: r.row.birthDate,
  phoneKey: r.phoneKey,
  channel: r.row.channel,
  status: r.row.status,
  createdBy: r.row.createdBy?.id ?? '',
  createdByName: r.row.createdBy?.name ?? '',
  createdAt: r.row.createdAt,
});

function expectedOrder(rows: Reference[], column: BookingGridColumn, desc: boolean): string[] {
  return inGridOrder(rows, sortFacts, column, desc).map((r) => r.row.id);
}

function allPages(
  filter: BookingFilter,
  column: BookingGridColumn,
  desc: boolean,
  pageSize = 173,
): BookingGridRow[] {
  const rows: BookingGridRow[] = [];
  for (let offset = 0; ; offset += pageSize) {
    const page = listBookingsPage(fixture.db, filter, { column, desc }, offset, pageSize);
    rows.push(...page.rows);
    if (page.rows.length < pageSize) return rows;
  }
}

beforeAll(() => {
  fixture = openBookingsFixture();
});

afterAll(() => fixture?.close());

describe('the booking_grid projection', () => {
  test('has one row per booking with the joined columns, after the demo load', () => {
    const { db } = fixture;
    expect(db.prepare('SELECT count(*) FROM booking_grid').pluck().get()).toBe(
      db.prepare('SELECT count(*) FROM bookings').pluck().get(),
    );
    const mismatched = db
      .prepare(
        `SELECT count(*) FROM booking_grid g JOIN bookings b ON b.id = g.booking_id
           JOIN slots s ON s.id = b.slot_id JOIN coupons c ON c.id = b.coupon_id
          WHERE g.date <> s.date OR g.start_time <> s.start_time OR g.status <> b.status
             OR g.name_kana_key <> c.name_kana_key OR g.ticket_number <> c.ticket_number`,
      )
      .pluck()
      .get();
    expect(mismatched).toBe(0);
  });

  test('follows status changes, coupon edits, slot moves and deletes', () => {
    const { db } = fixture;
    const booking = db
      .prepare("SELECT id, coupon_id, slot_id FROM bookings WHERE status = 'confirmed' LIMIT 1")
      .get() as {
      id: string;
      coupon_id: string;
      slot_id: string;
    };
    const grid = () =>
      db
        .prepare(
          'SELECT status, name, name_kana_key, date, start_time FROM booking_grid WHERE booking_id = ?',
        )
        .get(booking.id) as Record<string, string> | undefined;
    const write = db.transaction(() => {
      db.prepare("UPDATE bookings SET status = 'cancelled' WHERE id = ?").run(booking.id);
      expect(grid()?.status).toBe('cancelled');
      db.prepare("UPDATE coupons SET name = '試験　花子', name_kana_key = 'シケンハナコ' WHERE id = ?").run(
        booking.coupon_id,
      );
      expect(grid()).toMatchObject({ name: '試験　花子', name_kana_key: 'シケンハナコ' });
      db.prepare(
        "UPDATE slots SET date = '2030-01-07', start_time = '08:00', end_time = '08:30' WHERE id = ?",
      ).run(booking.slot_id);
      expect(grid()).toMatchObject({ date: '2030-01-07', start_time: '08:00' });
      db.prepare('DELETE FROM bookings WHERE id = ?').run(booking.id);
      expect(grid()).toBeUndefined();
      throw new Error('roll back');
    });
    expect(() => write()).toThrow('roll back');
    expect(grid()?.status).toBe('confirmed');
  });
});

describe('filters', () => {
  const cases: Array<[string, BookingFilter, (r: Reference) => boolean]> = [
    ['no filter', {}, () => true],
    [
      'a date range',
      { dateFrom: fixtureToday, dateTo: '2025-06-06' },
      (r) => r.row.date >= fixtureToday && r.row.date <= '2025-06-06',
    ],
    ['channels', { channels: ['phone', 'walk_in'] }, (r) => r.row.channel !== 'online'],
    [
      'statuses',
      { statuses: ['vaccinated', 'no_show'] },
      (r) => ['vaccinated', 'no_show'].includes(r.row.status),
    ],
    ['dose 2', { doses: [2] }, (r) => r.row.doseNumber === 2],
  ];
  for (const [name, filter, keep] of cases) {
    test(`${name}: the count and the rows are those of a plain join`, () => {
      const reference = referenceRows().filter(keep);
      expect(reference.length).toBeGreaterThan(0);
      expect(countBookings(fixture.db, filter)).toBe(reference.length);
      expect(allPages(filter, 'slot', false).map((r) => r.id)).toEqual(
        expectedOrder(reference, 'slot', false),
      );
    });
  }

  test('venue and date range together', () => {
    const all = referenceRows();
    const venueId = all[0]!.row.venueId;
    const filter: BookingFilter = { venueIds: [venueId], dateFrom: fixtureToday };
    const reference = all.filter((r) => r.row.venueId === venueId && r.row.date >= fixtureToday);
    expect(countBookings(fixture.db, filter)).toBe(reference.length);
    expect(allPages(filter, 'name', true).map((r) => r.id)).toEqual(expectedOrder(reference, 'name', true));
  });

  test('free text finds by the start of a booking number, ticket number, reading or phone', () => {
    const all = referenceRows();
    const sample = all[Math.floor(all.length / 2)]!;
    const byText = (text: string) => allPages({ text }, 'bookingNumber', false).map((r) => r.id);
    // Booking number typed in lower case with a hyphen.
    const numberStart =
      `${sample.row.bookingNumber.slice(0, 4)}-${sample.row.bookingNumber.slice(4, 6)}`.toLowerCase();
    expect(byText(numberStart)).toContain(sample.row.id);
    expect(byText(sample.row.bookingNumber)).toEqual([sample.row.id]);
    // Ticket number with its leading zeros, in full-width digits.
    const zeroTicket = all.find((r) => r.ticket.startsWith('000'))!;
    const fullWidth = zeroTicket.ticket.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
    expect(byText(fullWidth)).toEqual(
      all
        .filter((r) => r.ticket === zeroTicket.ticket)
        .map((r) => r.row.id)
        .sort((a, b) => {
          const ra = all.find((x) => x.row.id === a)!;
          const rb = all.find((x) => x.row.id === b)!;
          return compareText(ra.row.bookingNumber, rb.row.bookingNumber) || ra.gridId - rb.gridId;
        }),
    );
    // Reading typed in hiragana: every booking whose reading starts with it.
    const hiragana = sample.row.nameKana
      .slice(0, 3)
      .replace(/[\u30A1-\u30F6]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0x60));
    const kanaMatches = all.filter((r) => r.kanaKey.startsWith(readingKey(hiragana)));
    expect(countBookings(fixture.db, { text: hiragana })).toBe(kanaMatches.length);
    // Phone number as written, with hyphens.
    const withPhone = all.find((r) => r.row.phone.includes('-'))!;
    expect(byText(withPhone.row.phone)).toContain(withPhone.row.id);
    // Nothing for text that can be none of these.
    expect(countBookings(fixture.db, { text: 'zz!!' })).toBe(0);
  });

  test('a text that matches most bookings pages in the sort order: the same rows as the plain join', () => {
    // '0' starts nearly every phone number: thousands of matches, more than 100 per row of a 10-row
    // page, which the grid finds by walking the sort index instead of sorting every match
    // (db/queries/booking-grid.ts, textMatchesBroadly).
    const reference = referenceRows().filter((r) => r.ticket.startsWith('0') || r.phoneKey.startsWith('0'));
    expect(reference.length).toBeGreaterThan(100 * 10);
    expect(countBookings(fixture.db, { text: '0' })).toBe(reference.length);
    for (const [column, desc] of [
      ['slot', false],
      ['name', true],
      ['createdAt', true],
    ] as const) {
      expect(allPages({ text: '0' }, column, desc, 10).map((r) => r.id)).toEqual(
        expectedOrder(reference, column, desc),
      );
    }
  });
});

describe('sorting', () => {
  const filter: BookingFilter = { dateFrom: '2025-05-28', dateTo: '2025-06-10' };
  for (const column of bookingGridColumns) {
    test(`by ${column}, both directions, paged`, () => {
      const reference = referenceRows().filter(
        (r) => r.row.date >= '2025-05-28' && r.row.date <= '2025-06-10',
      );
      for (const desc of [false, true]) {
        const paged = allPages(filter, column, desc);
        expect(paged.map((r) => r.id)).toEqual(expectedOrder(reference, column, desc));
      }
    });
  }

  // What the screen asks for: everything, or from today on (its default). A page must come from walking
  // an index in the sort order, never from sorting the matching rows (at 2,000,000 bookings a sort of
  // all of them takes seconds per page). The file has no ANALYZE statistics, as on a desk.
  for (const [name, plainFilter] of [
    ['no filter', {}],
    ['from today on', { dateFrom: fixtureToday }],
  ] as Array<[string, BookingFilter]>) {
    test(`${name}: every column in both directions is read from an index, with nothing sorted`, () => {
      for (const column of bookingGridColumns) {
        for (const desc of [false, true]) {
          const query = pageQuery(fixture.db, plainFilter, { column, desc }, 500, 100);
          const plan = (
            fixture.db.prepare(`EXPLAIN QUERY PLAN ${query.sql}`).all(query.params) as Array<{
              detail: string;
            }>
          ).map((step) => step.detail);
          expect({ column, desc, plan }).toEqual({
            column,
            desc,
            plan: [expect.stringMatching(/^(SCAN|SEARCH) g USING INDEX booking_grid_by_\w+( \(.*\))?$/)],
          });
        }
      }
    });
  }

  test('a page carries the full row as the grid shows it', () => {
    const reference = new Map(referenceRows().map((r) => [r.row.id, r.row]));
    const page = listBookingsPage(fixture.db, filter, { column: 'createdBy', desc: true }, 40, 25);
    expect(page.offset).toBe(40);
    expect(page.rows).toHaveLength(25);
    for (const row of page.rows) expect(row).toEqual(reference.get(row.id));
  });
});

describe('through the API', () => {
  const session = { staffId: 'staff-audit-test', displayName: 'テスト', role: 'venue_staff' as const };
  const dispatch = () =>
    createDispatcher(createApiHandlers({ db: fixture.db, appVersion: 'test', transport: 'browser' }), {
      enforceRoles: true,
    });

  test('a grid page view is audited with who and which bookings, without the search text', async () => {
    const before = fixture.db
      .prepare('SELECT coalesce(max(id), 0) FROM audit_events')
      .pluck()
      .get() as number;
    const result = await dispatch()(
      'listBookings',
      { filter: { text: 'やま' }, sort: { column: 'reading', desc: false }, offset: 0, limit: 20 },
      { session },
    );
    expect(result.ok).toBe(true);
    const rows = (result as { ok: true; value: { rows: BookingGridRow[] } }).value.rows;
    expect(rows.length).toBeGreaterThan(0);
    const audit = fixture.db
      .prepare('SELECT staff_id, action, entity_ids, detail FROM audit_events WHERE id > ?')
      .all(before) as Array<{ staff_id: string; action: string; entity_ids: string; detail: string }>;
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ staff_id: 'staff-audit-test', action: 'booking.grid.view' });
    expect(JSON.parse(audit[0]!.entity_ids)).toEqual(rows.map((r) => r.id));
    expect(audit[0]!.detail).not.toContain('やま');
  });

  test('the account administrator may not list bookings; a bad sort column is refused', async () => {
    const asAdmin = await dispatch()(
      'countBookings',
      { filter: {} },
      { session: { ...session, role: 'admin' } },
    );
    expect(asAdmin).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const badSort = await dispatch()(
      'listBookings',
      { filter: {}, sort: { column: 'name; DROP TABLE bookings', desc: false }, offset: 0, limit: 10 },
      { session },
    );
    expect(badSort).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  test('a booking opens with its history, and opening it is audited', async () => {
    const id = fixture.db
      .prepare("SELECT id FROM bookings WHERE channel = 'phone' LIMIT 1")
      .pluck()
      .get() as string;
    const result = await dispatch()('getBooking', { bookingId: id }, { session });
    expect(result).toMatchObject({ ok: true, value: { id, history: [{ action: 'created' }] } });
    const last = fixture.db
      .prepare('SELECT action, entity_ids FROM audit_events ORDER BY id DESC LIMIT 1')
      .get();
    expect(last).toEqual({ action: 'booking.view', entity_ids: JSON.stringify([id]) });
    expect(await dispatch()('getBooking', { bookingId: 'no-such' }, { session })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });
});
