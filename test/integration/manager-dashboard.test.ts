/**
 * The manager's dashboard on a real SQLite file with bookings laid out by hand, so that every figure
 * is known: the heat map's cells (closed slots, held seats, an inactive venue), bookings per day in
 * Japan's days (a booking at 23:59 and one at 00:00), free seats in the next 7 / 14 / 28 days (a
 * started slot left out), dose-2 shortfalls, the role check, and the .xlsx / CSV export read back.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, type Database, openDatabase } from '../../db/open-database.ts';
import { managerDashboard } from '../../db/queries/manager-dashboard.ts';
import type { ExportOutcome, ManagerDashboard } from '../../domain/api/contract.ts';
import type { ApiResult } from '../../domain/api/errors.ts';
import type { StaffRole } from '../../domain/vocabulary/index.ts';
import { createApiHandlers } from '../../electron/node/api-handlers.ts';
import { createDispatcher } from '../../electron/node/dispatch.ts';
import { DownloadStore } from '../../electron/node/export/download-store.ts';
import { parseCsv } from './csv-records.ts';

/** 10:00 in Japan on 2030-06-10. */
const now = new Date('2030-06-10T01:00:00Z');
let dir: string;
let db: Database;

function seed(db: Database): void {
  const at = '2030-05-01T00:00:00.000Z';
  const product = db.prepare(
    `INSERT INTO vaccine_products (id, name, manufacturer, doses_in_series, interval_min_days, interval_max_days, min_age_years)
     VALUES (?, ?, 'Test', ?, ?, ?, 12)`,
  );
  product.run('P', '二回ワクチン', 2, 21, 28);
  product.run('Q', '一回ワクチン', 1, 0, 0);
  const venue = db.prepare(
    `INSERT INTO venues (id, municipality_code, name, name_kana, kind, address, active, updated_at)
     VALUES (?, '131016', ?, ?, ?, '東京都', ?, ?)`,
  );
  venue.run('A', 'A公民館', 'エーコウミンカン', 'community_center', 1, at);
  venue.run('B', 'B医院', 'ビーイイン', 'clinic', 1, at);
  venue.run('C', 'C閉鎖会場', 'シーヘイサ', 'mass_site', 0, at);
  const slot = db.prepare(
    `INSERT INTO slots (id, venue_id, product_id, date, start_time, end_time, capacity, status, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  slot.run('A1', 'A', 'P', '2030-06-10', '09:00', '09:30', 4, 'open', at); // started at 10:00
  slot.run('A2', 'A', 'P', '2030-06-10', '14:00', '14:30', 4, 'open', at);
  slot.run('A3', 'A', 'P', '2030-06-12', '10:00', '10:30', 10, 'closed', at);
  slot.run('A4', 'A', 'P', '2030-06-16', '10:00', '10:30', 5, 'open', at);
  slot.run('A5', 'A', 'P', '2030-06-20', '10:00', '10:30', 6, 'open', at);
  slot.run('A6', 'A', 'P', '2030-07-01', '10:00', '10:30', 2, 'open', at);
  slot.run('B1', 'B', 'Q', '2030-06-11', '10:00', '10:30', 3, 'open', at);
  slot.run('B2', 'B', 'Q', '2030-07-07', '10:00', '10:30', 8, 'open', at);
  slot.run('B3', 'B', 'Q', '2030-07-08', '10:00', '10:30', 100, 'open', at); // past every span
  slot.run('C1', 'C', 'Q', '2030-06-11', '10:00', '10:30', 50, 'open', at); // inactive venue
  const coupon = db.prepare(
    `INSERT INTO coupons (id, municipality_code, ticket_number, name, name_kana, name_kana_key, birth_date, sex, updated_at)
     VALUES (?, '131016', ?, '住民', 'ジュウミン', 'ジュウミン', '1950-01-01', 'F', ?)`,
  );
  const booking = db.prepare(
    `INSERT INTO bookings (id, booking_number, coupon_id, slot_id, dose_number, channel, status, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  let n = 0;
  const book = (
    couponId: string,
    slotId: string,
    dose: number,
    channel: string,
    status: string,
    created: string,
  ) => {
    n += 1;
    if (dose === 1 || !db.prepare('SELECT 1 FROM coupons WHERE id = ?').get(couponId)) {
      coupon.run(couponId, String(n).padStart(10, '0'), at);
    }
    booking.run(`b${n}`, `N${n}`, couponId, slotId, dose, channel, status, created, created);
  };
  book('c1', 'A1', 1, 'phone', 'confirmed', '2030-06-01T03:00:00.000Z');
  book('c1', 'A6', 2, 'phone', 'confirmed', '2030-06-01T03:00:00.000Z');
  book('c2', 'A1', 1, 'phone', 'confirmed', '2030-06-09T14:59:00.000Z'); // 23:59 on 06-09 in Japan
  book('c3', 'A1', 1, 'online', 'confirmed', '2030-06-09T15:00:00.000Z'); // 00:00 on 06-10 in Japan
  book('c4', 'A2', 1, 'online', 'confirmed', '2030-06-10T00:30:00.000Z');
  book('c5', 'A2', 1, 'online', 'cancelled', '2030-06-10T00:40:00.000Z');
  book('c6', 'A2', 1, 'phone', 'held', '2030-06-10T00:50:00.000Z');
  book('c7', 'A3', 1, 'phone', 'confirmed', '2030-05-20T01:00:00.000Z');
  book('c8', 'A3', 1, 'phone', 'confirmed', '2030-05-20T01:00:00.000Z');
  for (const c of ['c9', 'c10', 'c11', 'c12'])
    book(c, 'A4', 2, 'phone', 'confirmed', '2030-05-13T16:00:00.000Z');
  book('c13', 'A4', 2, 'phone', 'confirmed', '2030-05-13T14:00:00.000Z'); // 05-13 in Japan: before the chart
  book('c14', 'B1', 1, 'walk_in', 'vaccinated', '2030-06-10T01:00:00.000Z');
  book('c15', 'B1', 1, 'phone', 'rejected', '2030-06-10T01:00:00.000Z');
  for (let i = 0; i < 10; i++) book(`cc${i}`, 'C1', 1, 'phone', 'confirmed', '2030-01-01T00:00:00.000Z');
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dashboard-'));
  db = openDatabase(join(dir, 'desk.sqlite'));
  seed(db);
});
afterAll(() => {
  closeDatabase(db);
  rmSync(dir, { recursive: true, force: true });
});

describe('the manager dashboard', () => {
  it('fills the heat map per active venue and day: open slots only, held seats taken, closed days apart', () => {
    const dashboard = managerDashboard(db, now);
    expect(dashboard.today).toBe('2030-06-10');
    expect(dashboard.fillRateDays).toHaveLength(28);
    expect(dashboard.fillRateDays[0]).toBe('2030-06-10');
    expect(dashboard.fillRateDays.at(-1)).toBe('2030-07-07');
    // Clinics before community centres (the overview's order); the inactive venue is left out.
    expect(dashboard.venues.map((v) => v.name)).toEqual(['B医院', 'A公民館']);
    const cells = (name: string) =>
      Object.fromEntries(
        dashboard.venues
          .find((v) => v.name === name)!
          .days.filter((d) => d.slotCount > 0)
          .map((d) => [d.date, [d.slotCount, d.openSlotCount, d.capacity, d.occupied]]),
      );
    expect(cells('A公民館')).toEqual({
      '2030-06-10': [2, 2, 8, 5],
      '2030-06-12': [1, 0, 0, 0],
      '2030-06-16': [1, 1, 5, 5],
      '2030-06-20': [1, 1, 6, 0],
      '2030-07-01': [1, 1, 2, 1],
    });
    expect(cells('B医院')).toEqual({ '2030-06-11': [1, 1, 3, 1], '2030-07-07': [1, 1, 8, 0] });
  });

  it("counts bookings on the day they were made in Japan, by channel, without holds and the hub's rejections", () => {
    const { bookingsByDay } = managerDashboard(db, now);
    expect(bookingsByDay).toHaveLength(28);
    expect(bookingsByDay[0]!.date).toBe('2030-05-14');
    expect(bookingsByDay.at(-1)!.date).toBe('2030-06-10');
    const busy = bookingsByDay.filter(
      (d) => d.byChannel.phone + d.byChannel.online + d.byChannel.walk_in > 0,
    );
    expect(busy).toEqual([
      { date: '2030-05-14', byChannel: { phone: 4, online: 0, walk_in: 0 } },
      { date: '2030-05-20', byChannel: { phone: 2, online: 0, walk_in: 0 } },
      { date: '2030-06-01', byChannel: { phone: 2, online: 0, walk_in: 0 } },
      { date: '2030-06-09', byChannel: { phone: 1, online: 0, walk_in: 0 } },
      { date: '2030-06-10', byChannel: { phone: 0, online: 3, walk_in: 1 } },
    ]);
  });

  it('counts free seats in the next 7, 14 and 28 days: open slots of active venues not started yet', () => {
    expect(managerDashboard(db, now).remaining).toEqual([
      { days: 7, through: '2030-06-16', slotCount: 3, capacity: 12, remaining: 4 },
      { days: 14, through: '2030-06-23', slotCount: 4, capacity: 18, remaining: 10 },
      { days: 28, through: '2030-07-07', slotCount: 6, capacity: 28, remaining: 19 },
    ]);
    // An hour earlier the 09:00 slot had not started: its one free seat counts.
    const before = managerDashboard(db, new Date('2030-06-09T23:30:00Z'));
    expect(before.remaining[0]).toMatchObject({ slotCount: 4, capacity: 16, remaining: 5 });
  });

  it('warns of dose-2 shortfalls: residents whose follow-up window at the venue has too few free seats', () => {
    expect(managerDashboard(db, now).shortfalls).toEqual([
      {
        venueId: 'A',
        venueName: 'A公民館',
        productId: 'P',
        productName: '二回ワクチン',
        date: '2030-06-10',
        needing: 3,
        short: 2,
        window: { from: '2030-07-01', to: '2030-07-08' },
        windowSlots: 1,
        windowFreeSeats: 1,
      },
      {
        venueId: 'A',
        venueName: 'A公民館',
        productId: 'P',
        productName: '二回ワクチン',
        date: '2030-06-12',
        needing: 2,
        short: 2,
        window: { from: '2030-07-03', to: '2030-07-10' },
        // No slot of the product made there in that window yet.
        windowSlots: 0,
        windowFreeSeats: 0,
      },
    ]);
  });

  describe('through the dispatcher', () => {
    let downloads: DownloadStore;
    const call = async <T>(role: StaffRole, method: string, input: unknown): Promise<ApiResult<T>> => {
      const dispatch = createDispatcher(
        createApiHandlers({ db, appVersion: 'test', transport: 'browser', downloads }),
        { enforceRoles: true },
      );
      return (await dispatch(method, input, {
        session: { staffId: 'manager-test', displayName: '管理', role },
      })) as ApiResult<T>;
    };
    beforeAll(() => {
      downloads = new DownloadStore(join(dir, 'downloads'));
    });

    it('is for managers only', async () => {
      for (const role of ['operator', 'venue_staff', 'admin'] as const) {
        const answer = await call(role, 'manager.getDashboard', {});
        expect(answer).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      }
      const answer = await call<ManagerDashboard>('manager', 'manager.getDashboard', {});
      expect(answer.ok).toBe(true);
    });

    it('exports the figures as .xlsx (a sheet per chart) and CSV (one figure a line)', async () => {
      const xlsx = await call<ExportOutcome>('manager', 'manager.exportDashboard', { format: 'xlsx' });
      if (!xlsx.ok || xlsx.value.delivery.kind !== 'download') throw new Error('no download');
      const taken = downloads.take(xlsx.value.delivery.downloadId)!;
      expect(xlsx.value.fileName).toMatch(/^ダッシュボード_\d{4}-\d{2}-\d{2}_全会場\.xlsx$/u);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile(taken.path);
      expect(workbook.worksheets.map((s) => s.name)).toEqual([
        '充足率（%）',
        '日別予約数',
        '空き枠',
        '2回目の不足',
      ]);
      const fill = workbook.getWorksheet('充足率（%）')!;
      expect(fill.getRow(1).getCell(1).value).toBe('会場');
      expect(fill.getRow(2).getCell(1).value).toBe('B医院');
      expect(fill.getRow(3).getCell(1).value).toBe('A公民館');
      downloads.discard(xlsx.value.delivery.downloadId);

      const csv = await call<ExportOutcome>('manager', 'manager.exportDashboard', { format: 'csv' });
      if (!csv.ok || csv.value.delivery.kind !== 'download') throw new Error('no download');
      const text = readFileSync(downloads.take(csv.value.delivery.downloadId)!.path, 'utf8').replace(
        /^\uFEFF/u,
        '',
      );
      const records = parseCsv(text);
      expect(records[0]).toEqual(['表', '会場', '日付', '項目', '値']);
      // Today's dashboard (the real clock): every figure line has five fields, numbers where counts go.
      expect(records.slice(1).every((r) => r.length === 5)).toBe(true);
      expect(records.some((r) => r[0] === '日別予約数')).toBe(true);
      downloads.discard(csv.value.delivery.downloadId);
    });
  });
});
