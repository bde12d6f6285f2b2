/**
 * Phone desk lookups at city scale: 1,000,000 coupons and 2,000,000 bookings in a local store (a temp
 * file, migrated like any desk database), generated with plain prepared inserts. Measured, p50/p99:
 * - ticket lookup: the desk's query (couponsByTicket) and the whole findCaller call through the
 *   dispatcher (input parsing, zod, role check, the audit row it writes), against the bare indexed
 *   `SELECT ... WHERE ticket_number = ?`;
 * - reading search (start of the reading + birth date): couponsByReading against the bare query;
 * - opening the caller file after the birth date matched (coupon, doses, bookings, eligibility).
 * The desk and the bare query alternate call by call over the same random keys, so neither runs on a
 * warmer cache. Run: `node_modules/.bin/node bench/phone-lookup.bench.ts` (or `npm run bench -- phone`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeDatabase, type Database, openDatabase } from '../db/open-database.ts';
import { loadCallerFile } from '../db/queries/caller-file.ts';
import { couponsByReading, couponsByTicket } from '../db/queries/caller-lookup.ts';
import { setMunicipality } from '../db/queries/meta.ts';
import { phoneDeskMethods } from '../domain/api/methods/phone-desk.ts';
import { addDays } from '../domain/calendar.ts';
import { readingKey } from '../domain/kana.ts';
import { createDispatcherFor } from '../electron/node/dispatch.ts';
import { createPhoneDeskHandlers } from '../electron/node/handlers/phone-desk-handlers.ts';

export interface PhoneLookupOptions {
  coupons?: number;
  bookings?: number;
  lookups?: number;
  print?: boolean;
}

const families = [
  'サトウ',
  'スズキ',
  'タカハシ',
  'タナカ',
  'ワタナベ',
  'イトウ',
  'ヤマモト',
  'ナカムラ',
  'コバヤシ',
  'カトウ',
  'ヨシダ',
  'ヤマダ',
  'ササキ',
  'ヤマグチ',
  'マツモト',
  'イノウエ',
  'キムラ',
  'ハヤシ',
  'シミズ',
  'ヤマザキ',
  'モリ',
  'アベ',
  'イケダ',
  'ハシモト',
  'ヤマシタ',
  'イシカワ',
  'ナカジマ',
  'マエダ',
  'フジタ',
  'オガワ',
  'ゴトウ',
  'オカダ',
  'ハセガワ',
  'ムラカミ',
  'コンドウ',
  'イシイ',
  'サイトウ',
  'サカモト',
  'エンドウ',
  'アオキ',
];
const givens = [
  'ヒロシ',
  'タカシ',
  'キヨシ',
  'イサム',
  'ミノル',
  'マサオ',
  'カズオ',
  'シゲル',
  'トシオ',
  'ススム',
  'カズコ',
  'ヨウコ',
  'ケイコ',
  'ヨシコ',
  'サチコ',
  'ヒロコ',
  'カズエ',
  'フミコ',
  'ミチコ',
  'ハナコ',
];

/** A small deterministic generator, so every run measures the same data. */
function lcg(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const ticketOf = (i: number) => String((i * 7919 + 104_729) % 10_000_000_000).padStart(10, '0');
const birthDateOf = (i: number) => addDays('1921-01-01', (i * 37) % 31_000);
const readingOf = (i: number) =>
  `${families[i % families.length]}\u3000${givens[Math.floor(i / 40) % givens.length]}`;

function generate(db: Database, couponCount: number, bookingCount: number): void {
  const random = lcg(2021);
  const at = '2021-05-01T00:00:00.000Z';
  // The bookings grid's projection triggers (another concern, measured in its own bench) would only
  // slow the generation down; the lookups measured here never read it.
  for (const name of db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'booking_grid%'")
    .pluck()
    .all() as string[]) {
    db.exec(`DROP TRIGGER ${name}`);
  }
  db.exec(`
    INSERT INTO vaccine_products (id, name, manufacturer, doses_in_series, interval_min_days, interval_max_days,
      min_age_years) VALUES ('pfizer', 'ファイザー社ワクチン', 'P', 2, 21, 42, 12);
  `);
  const venue = db.prepare(
    `INSERT INTO venues (id, municipality_code, name, name_kana, kind, area, address, updated_at)
     VALUES (?, '112992', ?, ?, 'mass_site', '中央地区', '青葉台市', ?)`,
  );
  const slot = db.prepare(
    `INSERT INTO slots (id, venue_id, product_id, date, start_time, end_time, capacity, call_center_reserve,
       updated_at) VALUES (?, ?, 'pfizer', ?, ?, ?, 60, 10, ?)`,
  );
  const coupon = db.prepare(
    `INSERT INTO coupons (id, municipality_code, ticket_number, name, name_kana, name_kana_key, birth_date, sex,
       address, phone, phone_key, status, updated_at) VALUES (?, '112992', ?, ?, ?, ?, ?, 'F', '', ?, ?, 'active', ?)`,
  );
  const booking = db.prepare(
    `INSERT INTO bookings (id, booking_number, coupon_id, slot_id, dose_number, channel, status, contact_phone,
       created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, '', ?, ?)`,
  );
  const slotIds: string[] = [];
  db.transaction(() => {
    for (let v = 0; v < 8; v++) {
      venue.run(`venue-${v}`, `会場${v}`, `カイジョウ${v}`, at);
      for (let d = 0; d < 200; d++) {
        const date = addDays('2021-04-01', d);
        for (let s = 0; s < 16; s++) {
          const start = 9 * 60 + s * 30;
          const time = (m: number) =>
            `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
          const id = `slot-${v}-${d}-${s}`;
          slot.run(id, `venue-${v}`, date, time(start), time(start + 30), at);
          slotIds.push(id);
        }
      }
    }
  })();
  db.transaction(() => {
    for (let i = 0; i < couponCount; i++) {
      const reading = readingOf(i);
      const phone = `048${String(i).padStart(7, '0')}`;
      coupon.run(
        `coupon-${i}`,
        ticketOf(i),
        `氏名${i}`,
        reading,
        readingKey(reading),
        birthDateOf(i),
        phone,
        phone,
        at,
      );
    }
  })();
  const statuses = ['confirmed', 'confirmed', 'confirmed', 'vaccinated', 'provisional', 'cancelled'] as const;
  db.transaction(() => {
    for (let i = 0; i < bookingCount; i++) {
      const couponIndex = i % couponCount;
      booking.run(
        `booking-${i}`,
        `B${String(i).padStart(7, '0')}`,
        `coupon-${couponIndex}`,
        slotIds[Math.floor(random() * slotIds.length)]!,
        i < couponCount ? 1 : 2,
        random() < 0.7 ? 'online' : 'phone',
        statuses[Math.floor(random() * statuses.length)]!,
        at,
        at,
      );
    }
  })();
  db.exec('ANALYZE');
}

const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;

interface Latency {
  p50: number;
  p99: number;
}

function latency(times: number[]): Latency {
  const sorted = [...times].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}

/** Runs `a` and `b` alternately on the same inputs; returns both latency lists. */
async function alternate<T>(
  inputs: readonly T[],
  a: (input: T) => unknown,
  b: (input: T) => unknown,
): Promise<[Latency, Latency]> {
  const timesA: number[] = [];
  const timesB: number[] = [];
  for (const [i, input] of inputs.entries()) {
    const order: Array<[typeof a, number[]]> =
      i % 2 === 0
        ? [
            [a, timesA],
            [b, timesB],
          ]
        : [
            [b, timesB],
            [a, timesA],
          ];
    for (const [run, times] of order) {
      const started = performance.now();
      await run(input);
      times.push(performance.now() - started);
    }
  }
  return [latency(timesA), latency(timesB)];
}

export interface PhoneLookupFigures {
  coupons: number;
  bookings: number;
  generateMs: number;
  lookups: number;
  ticket: { desk: Latency; handler: Latency; bare: Latency };
  reading: { desk: Latency; bare: Latency; matchesP50: number };
  callerFile: Latency;
  plans: { ticket: string; reading: string };
}

export async function run(options: PhoneLookupOptions = {}): Promise<PhoneLookupFigures> {
  const couponCount = options.coupons ?? 1_000_000;
  const bookingCount = options.bookings ?? 2_000_000;
  const lookups = options.lookups ?? 2_000;
  const dir = mkdtempSync(join(tmpdir(), 'vaccine-desk-phone-bench-'));
  const db = openDatabase(join(dir, 'desk.sqlite'));
  try {
    setMunicipality(db, { code: '112992', name: '青葉台市' });
    const started = performance.now();
    generate(db, couponCount, bookingCount);
    const generateMs = performance.now() - started;

    const random = lcg(7);
    const pick = () => Math.floor(random() * couponCount);
    // One lookup in ten is a ticket nobody has (a misheard digit).
    const tickets = Array.from({ length: lookups }, (_, i) =>
      i % 10 === 9 ? '9999999999' : ticketOf(pick()),
    );
    const bareTicket = db.prepare(
      'SELECT id, name, name_kana, ticket_number, status FROM coupons WHERE ticket_number = ?',
    );
    const [deskTicket, bareTicketLatency] = await alternate(
      tickets,
      (ticket) => couponsByTicket(db, ticket, null),
      (ticket) => bareTicket.all(ticket),
    );

    const session = { staffId: 'bench', displayName: 'bench', role: 'operator' as const };
    const dispatch = createDispatcherFor(
      phoneDeskMethods,
      createPhoneDeskHandlers({ db, appVersion: 'bench', transport: 'browser' }),
      { enforceRoles: true },
    );
    const [handler] = await alternate(
      tickets,
      (ticket) => dispatch('findCaller', { by: 'ticket', ticket }, { session }),
      (ticket) => bareTicket.all(ticket),
    );

    // The family name (or the whole reading) as the caller spells it, with the birth date.
    const readings = Array.from({ length: lookups }, (_, i) => {
      const index = pick();
      const full = readingKey(readingOf(index));
      return { prefix: i % 2 === 0 ? full.slice(0, full.length - 3) : full, birthDate: birthDateOf(index) };
    });
    const bareReading = db.prepare(
      `SELECT id, name, name_kana, ticket_number, status FROM coupons
        WHERE birth_date = ? AND name_kana_key >= ? AND name_kana_key < ? LIMIT 21`,
    );
    const matches: number[] = [];
    const [deskReading, bareReadingLatency] = await alternate(
      readings,
      (r) => matches.push(couponsByReading(db, r.prefix, r.birthDate).candidates.length),
      (r) => bareReading.all(r.birthDate, r.prefix, `${r.prefix}\uFFFF`),
    );

    const files = Array.from({ length: Math.min(lookups, 1_000) }, () => `coupon-${pick()}`);
    const fileTimes: number[] = [];
    for (const couponId of files) {
      const t0 = performance.now();
      loadCallerFile(db, couponId, '2021-05-10');
      fileTimes.push(performance.now() - t0);
    }

    const plan = (sql: string, ...params: unknown[]) =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>)
        .map((r) => r.detail)
        .join('; ');
    const figures: PhoneLookupFigures = {
      coupons: couponCount,
      bookings: bookingCount,
      generateMs,
      lookups,
      ticket: { desk: deskTicket, handler, bare: bareTicketLatency },
      reading: {
        desk: deskReading,
        bare: bareReadingLatency,
        matchesP50: percentile(
          [...matches].sort((a, b) => a - b),
          50,
        ),
      },
      callerFile: latency(fileTimes),
      plans: {
        ticket: plan('SELECT id FROM coupons WHERE ticket_number = ?', '0000000001'),
        reading: plan(
          'SELECT id FROM coupons WHERE name_kana_key >= ? AND name_kana_key < ? AND birth_date = ?',
          'ヤマダ',
          'ヤマダ\uFFFF',
          '1947-04-01',
        ),
      },
    };
    if (options.print ?? true) printFigures(figures);
    return figures;
  } finally {
    closeDatabase(db);
    rmSync(dir, { recursive: true, force: true });
  }
}

function printFigures(f: PhoneLookupFigures): void {
  const ms = (value: number) => `${value < 1 ? value.toFixed(3) : value.toFixed(2)} ms`;
  const both = (l: Latency) => `p50 ${ms(l.p50)} / p99 ${ms(l.p99)}`;
  const n = (value: number) => value.toLocaleString('en-US');
  const lines: Array<[string, string]> = [
    [
      'data',
      `${n(f.coupons)} coupons, ${n(f.bookings)} bookings, generated in ${(f.generateMs / 1000).toFixed(1)} s`,
    ],
    ['ticket: bare indexed SELECT', both(f.ticket.bare)],
    ['ticket: couponsByTicket', both(f.ticket.desk)],
    ['ticket: findCaller (dispatch+audit)', both(f.ticket.handler)],
    ['reading: bare indexed SELECT', both(f.reading.bare)],
    ['reading: couponsByReading', `${both(f.reading.desk)} (${f.reading.matchesP50} match(es) at p50)`],
    ['caller file after the check', both(f.callerFile)],
    ['', `${n(f.lookups)} lookups each, desk and bare alternating`],
    ['plan: ticket', f.plans.ticket],
    ['plan: reading', f.plans.reading],
  ];
  const width = Math.max(...lines.map(([name]) => name.length));
  for (const [name, value] of lines) console.info(`${name.padEnd(width)}  ${value}`);
}

if (import.meta.main) {
  const scale = Number(process.env.PHONE_BENCH_SCALE ?? 1);
  await run({ coupons: Math.round(1_000_000 * scale), bookings: Math.round(2_000_000 * scale) });
}
