/**
 * The reminder call list end to end: the real browser mode (demo city in a fresh data folder) in
 * Debian's Chromium. Open the screen from the navigation with the keyboard, see tomorrow (Japan
 * time) chosen, record outcomes with 1 / 2 / 3 / 0 and the arrow keys, watch the counts follow,
 * preview and print to A4 landscape, export .xlsx and CSV (real downloads, read back). Figures are
 * checked against the SQLite file; screenshots at 1280×800 and 1024 wide go to test-results/e2e/.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Database } from '../../db/sqlite-driver.ts';
import { addDays, todayIn } from '../../domain/calendar.ts';
import { reminderCallColumns } from '../../domain/reminder-call-layout.ts';
import {
  type BrowserMode,
  ensureRendererBuilt,
  openDeskDatabase,
  repoRoot,
  startBrowserMode,
} from './browser-mode.ts';
import { launchChromium } from './chromium.ts';
import { tabTo } from './overview-page.ts';
import { dayHeadingText } from './ui-text.ts';

const shots = join(repoRoot, 'test-results', 'e2e');

let browser: Browser;
let desk: BrowserMode;
let dataDir: string;
let context: BrowserContext;
let page: Page;
const pageErrors: string[] = [];
let tomorrow: string;
/** The day the test works on: tomorrow when it has phone bookings, else the next day that has. */
let day: { date: string; count: number };
let bookingOrder: string[];

function db<T>(run: (database: Database) => T): T {
  const database = openDeskDatabase(desk.databasePath);
  try {
    return run(database);
  } finally {
    database.close();
  }
}

function phoneBookingsOn(date: string): number {
  return db(
    (d) =>
      d
        .prepare(
          `SELECT count(*) FROM bookings b JOIN slots s ON s.id = b.slot_id
            WHERE s.date = ? AND b.channel = 'phone' AND b.status IN ('provisional', 'confirmed')`,
        )
        .pluck()
        .get(date) as number,
  );
}

function nextDayWithCalls(after: string): { date: string; count: number } {
  return db(
    (d) =>
      d
        .prepare(
          `SELECT s.date, count(*) AS count FROM bookings b JOIN slots s ON s.id = b.slot_id
            WHERE s.date > ? AND b.channel = 'phone' AND b.status IN ('provisional', 'confirmed')
            GROUP BY s.date ORDER BY s.date LIMIT 1`,
        )
        .get(after) as { date: string; count: number },
  );
}

function outcomeOf(bookingId: string): string | null {
  return db(
    (d) =>
      (d.prepare('SELECT outcome FROM reminder_calls WHERE booking_id = ?').pluck().get(bookingId) as
        | string
        | undefined) ?? null,
  );
}

function lastAuditDetail(action: string): Record<string, unknown> {
  return db((d) =>
    JSON.parse(
      d
        .prepare('SELECT detail FROM audit_events WHERE action = ? ORDER BY id DESC LIMIT 1')
        .pluck()
        .get(action) as string,
    ),
  );
}

const table = () => page.locator('table.reminder-call-table');
const rows = () => table().locator('tbody tr');
const countBox = (key: string) => page.locator(`[data-count="${key}"]`);

async function focusedBookingId(): Promise<string | null> {
  return page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.bookingId ?? null);
}

async function expectCounts(expected: Record<string, number>): Promise<void> {
  for (const [key, n] of Object.entries(expected)) {
    await expect
      .poll(() => countBox(key).locator('p').last().textContent(), { message: key, timeout: 5_000 })
      .toBe(`${n}名`);
  }
}

/** Nothing sticks out sideways: neither the page nor the list scrolls horizontally. */
async function expectNoSidewaysScroll(): Promise<void> {
  const overflow = await page.evaluate(() => {
    const wide = (el: Element | null) => (el ? el.scrollWidth - el.clientWidth : 0);
    return {
      page: wide(document.scrollingElement),
      main: wide(document.querySelector('main')),
      list: wide(document.querySelector('.reminder-call-table')?.parentElement ?? null),
    };
  });
  expect(overflow).toEqual({ page: 0, main: 0, list: 0 });
}

async function screenshot(name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(shots, name), animations: 'disabled' });
}

beforeAll(async () => {
  ensureRendererBuilt();
  dataDir = mkdtempSync(join(tmpdir(), 'desk-e2e-reminders-'));
  desk = await startBrowserMode({ dataDir });
  browser = await launchChromium();
  mkdirSync(shots, { recursive: true });
  context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    locale: 'ja-JP',
    timezoneId: 'Asia/Tokyo',
    acceptDownloads: true,
  });
  page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(desk.url);
  await page.getByRole('heading', { level: 1, name: '今日の概要' }).waitFor();
  tomorrow = addDays(todayIn('Asia/Tokyo'), 1);
  const tomorrowCount = phoneBookingsOn(tomorrow);
  day = tomorrowCount > 0 ? { date: tomorrow, count: tomorrowCount } : nextDayWithCalls(tomorrow);
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await desk?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('tomorrow’s reminder call list', () => {
  test('opens from the navigation on tomorrow (Japan time), with an empty state for a day without calls', async () => {
    await tabTo(page, '前日確認電話');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: '前日確認電話' }).waitFor();
    expect(new URL(page.url()).hash).toBe('#/reminder-calls');
    const date = page.getByLabel('予約日');
    expect(await date.inputValue()).toBe(dayHeadingText(tomorrow, 'ja'));
    await page.getByText('明日', { exact: true }).waitFor();

    // A day long past has no bookings: the empty state says so and who would be on the list.
    await date.fill('2000-01-04');
    await page.getByTestId('reminder-empty').waitFor();
    expect(await page.getByTestId('reminder-empty').textContent()).toContain(
      'この日に電話で予約した方はいません',
    );
    await expectCounts({ total: 0, notCalled: 0 });
    expect(await page.getByRole('button', { name: '印刷' }).isDisabled()).toBe(true);
    await screenshot('reminder-calls-empty-ja.png');
    await page.getByRole('button', { name: '明日に戻す' }).click();
    expect(await date.inputValue()).toBe(dayHeadingText(tomorrow, 'ja'));
    expect(pageErrors).toEqual([]);
  });

  test('outcomes are recorded with 1 / 2 / 3 / 0 and the arrow keys; the counts follow', async () => {
    const date = page.getByLabel('予約日');
    if (day.date !== tomorrow) await date.fill(day.date);
    await expect.poll(() => rows().count()).toBe(day.count);
    await expectCounts({ total: day.count, reached: 0, message: 0, no_answer: 0, notCalled: day.count });
    bookingOrder = await rows().evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.bookingId!));
    // Time order.
    const times = await rows().evaluateAll((trs) => trs.map((tr) => tr.querySelector('td p')!.textContent!));
    expect(times).toEqual([...times].sort());
    // The phone is shown hyphenated for dialling.
    expect(await rows().first().locator('.reminder-phone').textContent()).toMatch(
      /^0\d{1,4}-\d{1,4}-\d{3,4}$|^—$/,
    );

    // From the date field, Tab reaches the list in one stop: its first row.
    await date.focus();
    for (let i = 0; i < 15 && (await focusedBookingId()) === null; i++) await page.keyboard.press('Tab');
    expect(await focusedBookingId()).toBe(bookingOrder[0]);

    await page.keyboard.press('1');
    expect(await focusedBookingId()).toBe(bookingOrder[1]);
    await page.keyboard.press('2');
    await page.keyboard.press('3');
    expect(await focusedBookingId()).toBe(bookingOrder[3]);
    // A slip: back up, take the third one back, and record it again.
    await page.keyboard.press('ArrowUp');
    expect(await focusedBookingId()).toBe(bookingOrder[2]);
    await page.keyboard.press('0');
    await expect.poll(() => rows().nth(2).getAttribute('data-outcome'), { timeout: 5_000 }).toBe('none');
    await expectCounts({ no_answer: 0, notCalled: day.count - 2 });
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('3');

    await expect.poll(() => rows().nth(0).getAttribute('data-outcome'), { timeout: 5_000 }).toBe('reached');
    expect(await rows().nth(1).getAttribute('data-outcome')).toBe('message');
    expect(await rows().nth(2).getAttribute('data-outcome')).toBe('no_answer');
    expect(await rows().nth(3).getAttribute('data-outcome')).toBe('none');
    await expectCounts({ total: day.count, reached: 1, message: 1, no_answer: 1, notCalled: day.count - 3 });
    // Saved in the desk's database.
    await expect
      .poll(() => bookingOrder.slice(0, 4).map(outcomeOf))
      .toEqual(['reached', 'message', 'no_answer', null]);
    // The buttons show the outcome too and change it with the mouse.
    const secondName = (await rows().nth(1).locator('td').nth(2).locator('div').first().textContent())!;
    const reachedButton = rows()
      .nth(1)
      .getByRole('button', { name: `${secondName}さん: 連絡済み` });
    expect(await rows().nth(1).getByRole('button', { pressed: true }).textContent()).toContain('留守電');
    await reachedButton.click();
    await expect.poll(() => outcomeOf(bookingOrder[1]!)).toBe('reached');
    await expectCounts({ reached: 2, message: 0 });
    // Pressing the chosen outcome again takes it back; pressing it once more records it again.
    expect(await reachedButton.getAttribute('aria-pressed')).toBe('true');
    await reachedButton.click();
    await expect.poll(() => outcomeOf(bookingOrder[1]!)).toBeNull();
    await expectCounts({ reached: 1, notCalled: day.count - 2 });
    await reachedButton.click();
    await expect.poll(() => outcomeOf(bookingOrder[1]!)).toBe('reached');
    await expectCounts({ reached: 2, notCalled: day.count - 3 });
    await page.keyboard.press('End');
    expect(await focusedBookingId()).toBe(bookingOrder.at(-1));
    await page.keyboard.press('Home');
    expect(await focusedBookingId()).toBe(bookingOrder[0]);

    await screenshot('reminder-calls-1280x800-ja.png');
    await page.setViewportSize({ width: 1024, height: 768 });
    await screenshot('reminder-calls-1024-ja.png');
    await expectNoSidewaysScroll();
    await page.setViewportSize({ width: 1280, height: 800 });
    await expectNoSidewaysScroll();
    expect(pageErrors).toEqual([]);
  });

  test('the print preview is the A4 landscape page, with the outcomes recorded', async () => {
    // Printing from the list view prints the list page, not the buttons.
    expect(await page.locator('section.print-sheet').isVisible()).toBe(false);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('section.print-sheet').isVisible()).toBe(true);
    expect(await table().isVisible()).toBe(false);
    await page.emulateMedia({ media: 'screen' });

    await page.getByText('印刷プレビュー', { exact: true }).click();
    const sheet = page.locator('.print-preview-frame:not(.screen-hidden) section.print-sheet');
    await sheet.waitFor();
    expect(await sheet.locator('tbody tr[data-booking-number]').count()).toBe(day.count);
    expect(await sheet.locator('tbody tr').first().textContent()).toContain('連絡済み');
    expect(await sheet.locator('.print-grand-total').textContent()).toContain(
      `${day.count}名（連絡済み 2・留守電 0・不在 1・未架電 ${day.count - 3}）`,
    );
    await screenshot('reminder-calls-preview-ja.png');

    await page.emulateMedia({ media: 'print' });
    const pdfPath = join(shots, 'reminder-calls-print.pdf');
    await page.pdf({ path: pdfPath, preferCSSPageSize: true, printBackground: true });
    await page.emulateMedia({ media: 'screen' });
    const info = spawnSync('pdfinfo', [pdfPath], { encoding: 'utf8' }).stdout;
    const [width, height] = /Page size:\s+([\d.]+) x ([\d.]+)/.exec(info)!.slice(1).map(Number);
    expect(width).toBeCloseTo(841.89, 0);
    expect(height).toBeCloseTo(595.28, 0);
    const text = spawnSync('pdftotext', ['-layout', '-f', '1', '-l', '1', pdfPath, '-'], {
      encoding: 'utf8',
    }).stdout;
    expect(text).toMatch(/時間.*会場.*予約番号.*氏名.*電話番号.*結果.*メモ/);
    expect(text).toContain('前日確認電話リスト');
    // Only the list is printed: no navigation, no buttons.
    expect(text).not.toContain('接種予定者リスト');
    expect(text).not.toContain('Excel で出力');
    spawnSync('pdftoppm', [
      '-r',
      '60',
      '-png',
      '-f',
      '1',
      '-l',
      '1',
      pdfPath,
      join(shots, 'reminder-calls-print'),
    ]);
    await page.getByText('架電一覧', { exact: true }).click();
    await table().waitFor();
    expect(pageErrors).toEqual([]);
  });

  test('exports a real .xlsx and CSV with the outcomes, each recorded in the audit log', async () => {
    const xlsxDownload = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Excel で出力' }).click();
    const xlsx = await xlsxDownload;
    expect(xlsx.suggestedFilename()).toBe(`前日確認電話リスト_${day.date}_全会場.xlsx`);
    const xlsxPath = join(shots, 'reminder-calls-download.xlsx');
    await xlsx.saveAs(xlsxPath);
    await page.getByText('前日確認電話リスト_', { exact: false }).first().waitFor();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(xlsxPath);
    const sheet = workbook.worksheets[0]!;
    const outcomeColumn = reminderCallColumns.findIndex((c) => c.key === 'outcome') + 1;
    expect(sheet.rowCount).toBe(day.count + 2);
    expect([2, 3, 4, 5].map((n) => sheet.getRow(n).getCell(outcomeColumn).value ?? '')).toEqual([
      '連絡済み',
      '連絡済み',
      '不在',
      '',
    ]);
    expect(lastAuditDetail('reminder-calls.export')).toMatchObject({
      date: day.date,
      format: 'xlsx',
      rowCount: day.count,
      delivery: 'download',
    });

    const csvDownload = page.waitForEvent('download');
    await page.getByRole('button', { name: 'CSV で出力' }).click();
    const csv = await csvDownload;
    const csvPath = join(shots, 'reminder-calls-download.csv');
    await csv.saveAs(csvPath);
    const lines = readFileSync(csvPath, 'utf8')
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines).toHaveLength(day.count + 1);
    expect(lines[0]).toContain('架電結果');
    expect(lines[1]).toContain('連絡済み');
    expect(lines[4]).toContain('未架電');
    expect(lastAuditDetail('reminder-calls.export')).toMatchObject({
      format: 'csv',
      encoding: 'utf-8-bom',
      rowCount: day.count,
    });
    expect(pageErrors).toEqual([]);
  });

  test('reads well in English at 1024 wide', async () => {
    await page.evaluate(() => localStorage.setItem('vaccine-desk.language', 'en'));
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Reminder calls' }).waitFor();
    if (day.date !== tomorrow) await page.getByLabel('Appointment date').fill(day.date);
    await expect.poll(() => rows().count()).toBe(day.count);
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.getByText('Not yet called', { exact: true }).first().waitFor();
    await screenshot('reminder-calls-1024-en.png');
    await expectNoSidewaysScroll();
    await page.evaluate(() => localStorage.setItem('vaccine-desk.language', 'ja'));
    expect(pageErrors).toEqual([]);
  });
});
