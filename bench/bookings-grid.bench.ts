/**
 * The bookings grid at 2,000,000 bookings: one page (100 rows: ids from booking_grid, then the full
 * rows by id) and the count, p50 / p99 over many runs per kind of query, beside the same page read
 * by a plain join over bookings, slots, venues and coupons (what the grid would do without its
 * projection), measured in the same run on the same file.
 * Run: `node_modules/.bin/node bench/bookings-grid.bench.ts [bookings]` (or `npm run bench -- bookings-grid`).
 */
import { closeDatabase, openDatabase } from '../db/open-database.ts';
import { countBookings, listBookingsPage, pageQuery } from '../db/queries/booking-grid.ts';
import { type BookingFilter, type BookingSort, bookingGridColumns } from '../domain/api/contract.ts';
import { addDays } from '../domain/calendar.ts';
import { benchFirstDay, benchStore } from './bookings-bench-data.ts';

const bookings = Number(process.argv[2] ?? 2_000_000);
const store = benchStore(bookings);
const db = openDatabase(store.path);
const pageSize = 100;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;
}

function measure(runs: number, work: (i: number) => unknown): { p50: number; p99: number; max: number } {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    work(i);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99), max: times.at(-1)! };
}

const fmt = (ms: number) => `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;
const rows: Array<[string, string, string, string]> = [];
const report = (name: string, m: { p50: number; p99: number; max: number }) =>
  rows.push([name, fmt(m.p50), fmt(m.p99), fmt(m.max)]);

const total = countBookings(db, {});
const middleDay = addDays(benchFirstDay, Math.floor(store.days / 2));
const monthFilter: BookingFilter = { dateFrom: middleDay, dateTo: addDays(middleDay, 30) };
const page = (filter: BookingFilter, sort: BookingSort, offset: number) =>
  listBookingsPage(db, filter, sort, offset, pageSize);
let seed = 7;
const randomOffset = (max: number) => {
  seed = (seed * 48271) % 2147483647;
  return Math.floor((seed / 2147483647) * Math.max(0, max - pageSize));
};

// Warm the page cache once over the indexes the runs use.
for (const column of bookingGridColumns) page({}, { column, desc: false }, 0);

report(
  'first page, today onward, by date and time',
  measure(200, () => page({ dateFrom: middleDay }, { column: 'slot', desc: false }, 0)),
);
// Each column in each direction: the first page from today on (the screen's default) and a random
// page anywhere in 2 M, with the index the query plan walks (never a sort of the rows).
const plans: Array<[string, string]> = [];
for (const column of bookingGridColumns) {
  for (const desc of [false, true]) {
    const sort = { column, desc };
    const name = `${column} ${desc ? 'desc' : 'asc'}`;
    report(
      `${name}: first page from today on`,
      measure(60, () => page({ dateFrom: middleDay }, sort, 0)),
    );
    report(
      `${name}: random page anywhere`,
      measure(30, () => page({}, sort, randomOffset(total))),
    );
    const query = pageQuery(db, {}, sort, 0, pageSize);
    const plan = db.prepare(`EXPLAIN QUERY PLAN ${query.sql}`).all(query.params) as Array<{ detail: string }>;
    plans.push([name, plan.map((step) => step.detail).join('; ')]);
  }
}
report(
  'random page anywhere in 2M, by reading',
  measure(200, () => page({}, { column: 'reading', desc: false }, randomOffset(total))),
);
report(
  'random page anywhere in 2M, by created at (desc)',
  measure(200, () => page({}, { column: 'createdAt', desc: true }, randomOffset(total))),
);
const monthCount = countBookings(db, monthFilter);
report(
  'venue + a month, by name, random page',
  measure(200, (i) =>
    page(
      { ...monthFilter, venueIds: [`v${i % 12}`] },
      { column: 'name', desc: false },
      randomOffset(monthCount / 12),
    ),
  ),
);
report(
  'status + channel + dose filter, by slot, random page',
  measure(200, () =>
    page(
      { statuses: ['confirmed'], channels: ['phone'], doses: [2] },
      { column: 'slot', desc: false },
      randomOffset(200_000),
    ),
  ),
);
// Readings typed in full (each 1 % of the bench's bookings), and a family name alone, which in
// this synthetic city of ten family names matches 10 % (200,000 bookings): the worst case.
const fullReadings = ['すずきはなこ', 'たなかたろう', 'こばやしよしこ', 'かとういちろう'];
report(
  'free text: a full reading (1 %), by slot',
  measure(100, (i) => page({ text: fullReadings[i % 4] }, { column: 'slot', desc: false }, 0)),
);
report(
  'free text: a family name matching 10 %, by slot (worst case)',
  measure(10, (i) => page({ text: ['すずき', 'たなか'][i % 2] }, { column: 'slot', desc: false }, 0)),
);
report(
  'free text: booking number prefix',
  measure(200, (i) =>
    page({ text: ['K7', 'AF3', 'X9', 'PR'][i % 4] }, { column: 'bookingNumber', desc: false }, 0),
  ),
);
report(
  'count, no filter',
  measure(50, () => countBookings(db, {})),
);
report(
  'count, a month',
  measure(100, () => countBookings(db, monthFilter)),
);
report(
  'count, a full reading',
  measure(100, (i) => countBookings(db, { text: fullReadings[i % 4] })),
);

// The baseline: the same page by a plain join, ordered by the joined columns.
const plainJoin = db.prepare(
  `SELECT b.id, b.booking_number, s.date, s.start_time, v.name, c.name, c.name_kana, c.birth_date, b.channel, b.status
     FROM bookings b JOIN slots s ON s.id = b.slot_id JOIN venues v ON v.id = s.venue_id
     JOIN coupons c ON c.id = b.coupon_id
    ORDER BY c.name_kana_key, c.birth_date, b.id LIMIT ? OFFSET ?`,
);
report(
  'BASELINE plain join, random page by reading (no projection)',
  measure(3, () => plainJoin.all(pageSize, randomOffset(total))),
);
const plainMonth = db.prepare(
  `SELECT b.id FROM bookings b JOIN slots s ON s.id = b.slot_id JOIN coupons c ON c.id = b.coupon_id
    WHERE s.date BETWEEN ? AND ? AND s.venue_id = ? ORDER BY c.name, b.id LIMIT ? OFFSET ?`,
);
report(
  'BASELINE plain join, venue + a month, by name',
  measure(20, (i) =>
    plainMonth.all(
      monthFilter.dateFrom,
      monthFilter.dateTo,
      `v${i % 12}`,
      pageSize,
      randomOffset(monthCount / 12),
    ),
  ),
);

console.info(
  `bookings grid over ${total.toLocaleString('en-US')} bookings (${store.days} days; store ${
    store.buildMs === null ? 'reused' : `built in ${(store.buildMs / 1000).toFixed(0)} s`
  }), page = ${pageSize} rows`,
);
const width = Math.max(...rows.map((r) => r[0].length));
console.info(`${'query'.padEnd(width)}  ${'p50'.padStart(10)}  ${'p99'.padStart(10)}  ${'max'.padStart(10)}`);
for (const [name, p50, p99, max] of rows) {
  console.info(`${name.padEnd(width)}  ${p50.padStart(10)}  ${p99.padStart(10)}  ${max.padStart(10)}`);
}
console.info('\nquery plan per sort (no filter)');
for (const [name, plan] of plans) console.info(`${name.padEnd(width)}  ${plan}`);
closeDatabase(db);
