/**
 * The bookings grid, the daily list and the venue day end to end: the real browser mode (demo city
 * in a fresh data folder) in Debian's Chromium. Filter the grid and find a booking, open it from the
 * keyboard, print-preview and export the day's list (a real download), check the resident in at the
 * venue and see the status change in the grid. Figures are checked against the SQLite file itself;
 * screenshots and the printed PDF's pages go to test-results/e2e/ to be looked at.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { formatBookingNumber } from '../../domain/booking-number.ts';
import { todayIn } from '../../domain/calendar.ts';
import {
  type BrowserMode,
  ensureRendererBuilt,
  openDeskDatabase,
  repoRoot,
  startBrowserMode,
} from './browser-mode.ts';
import { launchChromium } from './chromium.ts';

const shots = join(repoRoot, 'test-results', 'e2e');

let browser: Browser;
let desk: BrowserMode;
let dataDir: string;
let context: BrowserContext;
let page: Page;
let target: Target;
const pageErrors: string[] = [];

interface Target {
  bookingId: string;
  bookingNumber: string;
  name: string;
  date: string;
  venueId: string;
  venueName: string;
  /** Bookings on the venue's list that day. */
  listCount: number;
  /** All bookings of that venue from that date on (the grid's venue + date filter). */
  venueFromDateCount: number;
}

function query<T>(sql: string, ...params: unknown[]): T {
  const db = openDeskDatabase(desk.databasePath);
  try {
    return db.prepare(sql).get(...params) as T;
  } finally {
    db.close();
  }
}

function findTarget(): Target {
  const today = todayIn('Asia/Tokyo');
  const day = query<{ venueId: string; venueName: string; date: string; listCount: number }>(
    `SELECT s.venue_id AS venueId, v.name AS venueName, s.date, count(*) AS listCount
       FROM bookings b JOIN slots s ON s.id = b.slot_id JOIN venues v ON v.id = s.venue_id
      WHERE s.date >= ? AND v.kind = 'community_center'
        AND b.status IN ('provisional', 'confirmed', 'checked_in', 'vaccinated', 'no_show')
      GROUP BY s.venue_id, s.date ORDER BY s.date, listCount DESC LIMIT 1`,
    today,
  );
  const booking = query<{ bookingId: string; bookingNumber: string; name: string }>(
    `SELECT b.id AS bookingId, b.booking_number AS bookingNumber, c.name
       FROM bookings b JOIN slots s ON s.id = b.slot_id JOIN coupons c ON c.id = b.coupon_id
      WHERE s.venue_id = ? AND s.date = ? AND b.status = 'confirmed' ORDER BY s.start_time LIMIT 1`,
    day.venueId,
    day.date,
  );
  const { n } = query<{ n: number }>(
    'SELECT count(*) AS n FROM bookings b JOIN slots s ON s.id = b.slot_id WHERE s.venue_id = ? AND s.date >= ?',
    day.venueId,
    day.date,
  );
  return { ...day, ...booking, venueFromDateCount: n };
}

async function screenshot(name: string): Promise<void> {
  await page.screenshot({ path: join(shots, name), animations: 'disabled' });
}

async function goTo(hash: string, heading: string): Promise<void> {
  await page.evaluate((h) => {
    window.location.hash = h;
  }, hash);
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
}

/** Picks an option of a Mantine Select / MultiSelect by typing part of its label. */
async function choose(label: string, option: string): Promise<void> {
  const input = page.getByRole('combobox', { name: label, exact: true });
  await input.click();
  await input.fill(option.slice(0, 4));
  await page.getByRole('option', { name: option, exact: true }).click();
  await page.keyboard.press('Escape');
}

function gridRow(bookingNumber: string) {
  return page.getByRole('grid').locator(`tr[data-booking-number="${bookingNumber}"]`);
}

beforeAll(async () => {
  ensureRendererBuilt();
  dataDir = mkdtempSync(join(tmpdir(), 'desk-e2e-bookings-'));
  desk = await startBrowserMode({ dataDir });
  browser = await launchChromium();
  mkdirSync(shots, { recursive: true });
  context = await browser.newContext({
    viewport: { width: 1600, height: 1000 },
    locale: 'ja-JP',
    acceptDownloads: true,
  });
  page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(desk.url);
  await page.getByRole('heading', { level: 1, name: '今日の概要' }).waitFor();
  target = findTarget();
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await desk?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('bookings grid, daily list and venue day', () => {
  test('the grid filters by venue and date in SQLite and finds a booking by its number', async () => {
    await goTo('#/bookings', '予約一覧');
    await page.getByLabel('接種日（から）').fill(target.date);
    await choose('会場', target.venueName);
    const count = page.getByTestId('booking-count');
    await expect
      .poll(() => count.textContent())
      .toBe(`${target.venueFromDateCount.toLocaleString('ja-JP')}件`);
    expect(await page.getByRole('grid').getAttribute('aria-rowcount')).toBe(
      String(target.venueFromDateCount + 1),
    );
    // Only the rows in view are in the DOM.
    expect(await page.getByRole('grid').locator('tbody tr').count()).toBeLessThan(80);
    await screenshot('bookings-grid-ja.png');

    await page.getByLabel('検索（前方一致）').fill(formatBookingNumber(target.bookingNumber).toLowerCase());
    await expect.poll(() => count.textContent()).toBe('1件');
    const row = gridRow(target.bookingNumber);
    await row.waitFor();
    expect(await row.textContent()).toContain(target.name);
    expect(await row.textContent()).toContain('予約確定');

    // The keyboard opens the booking with its history.
    await page.getByRole('grid').focus();
    await page.keyboard.press('Enter');
    const detail = page.locator(`[data-booking-detail="${target.bookingNumber}"]`);
    await detail.waitFor();
    expect(await detail.textContent()).toContain('予約を登録');
    await screenshot('booking-detail-ja.png');
    await page.keyboard.press('Escape');
    await detail.waitFor({ state: 'detached' });
    expect(pageErrors).toEqual([]);
  });

  test('the day’s list previews like the Excel layout, prints to A4 landscape and exports a real .xlsx', async () => {
    await goTo('#/daily-lists', '接種予定者リスト');
    await page.getByLabel('接種日', { exact: true }).fill(target.date);
    await choose('会場', target.venueName);
    const sheet = page.locator(`section.print-sheet[data-venue="${target.venueName}"]`);
    await sheet.waitFor();
    await expect.poll(() => sheet.locator('tbody tr[data-booking-number]').count()).toBe(target.listCount);
    await screenshot('daily-list-preview-ja.png');

    // What the browser's print (Save as PDF) gives.
    await page.emulateMedia({ media: 'print' });
    const pdfPath = join(shots, 'daily-list-print.pdf');
    await page.pdf({ path: pdfPath, preferCSSPageSize: true, printBackground: true });
    await page.emulateMedia({ media: 'screen' });
    const info = spawnSync('pdfinfo', [pdfPath], { encoding: 'utf8' }).stdout;
    const [width, height] = /Page size:\s+([\d.]+) x ([\d.]+)/.exec(info)!.slice(1).map(Number);
    expect(width).toBeCloseTo(841.89, 0);
    expect(height).toBeCloseTo(595.28, 0);
    const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
    expect(pages).toBeGreaterThan(1);
    for (let n = 1; n <= pages; n++) {
      const text = spawnSync('pdftotext', ['-layout', '-f', String(n), '-l', String(n), pdfPath, '-'], {
        encoding: 'utf8',
      }).stdout;
      expect(text, `page ${n}`).toMatch(/時間.*予約番号.*券番号.*氏名.*備考/);
      expect(text).toContain(target.venueName);
      expect(text.replace(/\s+/g, ' ')).toContain(`${n} / ${pages} ページ`);
    }
    spawnSync('pdftoppm', [
      '-r',
      '60',
      '-png',
      '-f',
      '1',
      '-l',
      '2',
      pdfPath,
      join(shots, 'daily-list-print'),
    ]);

    const downloaded = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Excel で出力' }).click();
    const download = await downloaded;
    expect(download.suggestedFilename()).toBe(
      `接種予定者リスト_${target.date}_${target.venueName.replaceAll(' ', '_')}.xlsx`,
    );
    const saved = join(shots, 'daily-list-download.xlsx');
    await download.saveAs(saved);
    expect(readFileSync(saved).subarray(0, 2).toString()).toBe('PK');
    await page.getByText('を出力しました').waitFor();
    const audit = query<{ detail: string }>(
      "SELECT detail FROM audit_events WHERE action = 'daily-list.export' ORDER BY id DESC LIMIT 1",
    );
    expect(JSON.parse(audit.detail)).toMatchObject({
      format: 'xlsx',
      rowCount: target.listCount,
      delivery: 'download',
    });
    expect(pageErrors).toEqual([]);
  });

  test('checking a resident in at the venue shows 受付済 in the grid', async () => {
    await goTo('#/venue-day', '会場受付');
    await page.getByLabel('接種日', { exact: true }).fill(target.date);
    await choose('会場', target.venueName);
    await page.getByLabel('予約番号またはフリガナ').fill(target.bookingNumber.slice(0, 5));
    const row = page.locator(`tr[data-booking-number="${target.bookingNumber}"]`);
    await row.waitFor();
    await row.getByRole('button', { name: `${target.name}さんを受付` }).click();
    await page
      .locator(`tr[data-booking-number="${target.bookingNumber}"][data-status="checked_in"]`)
      .waitFor();
    expect(await row.textContent()).toContain('受付済');
    await screenshot('venue-day-ja.png');
    expect(
      query<{ status: string }>('SELECT status FROM bookings WHERE id = ?', target.bookingId).status,
    ).toBe('checked_in');

    await goTo('#/bookings', '予約一覧');
    await page.getByLabel('接種日（から）').fill(target.date);
    await page.getByLabel('検索（前方一致）').fill(target.bookingNumber);
    const gridBooking = gridRow(target.bookingNumber);
    await gridBooking.waitFor();
    await expect.poll(() => gridBooking.textContent()).toContain('受付済');
    await screenshot('bookings-grid-checked-in-ja.png');
    expect(pageErrors).toEqual([]);
  });
});
