/**
 * Closing a slot that has bookings, end to end in demo mode (browser mode beside its demo hub, as a
 * manager, keyboard only): 停止 then Enter does not close at once but lists the residents the closure
 * strands (booking number, name, time) with 戻る focused; Enter there changes nothing; Tab and Enter
 * close it through the hub. The daily list then marks those residents 要連絡・枠停止, the phone desk's
 * callback list names them, and reopening the slot takes the mark away.
 * Screenshots: test-results/e2e/slot-closure-*.png.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { formatBookingNumber } from '../../domain/booking-number.ts';
import { strandedByClosureStatuses } from '../../domain/booking-status.ts';
import { todayIn } from '../../domain/calendar.ts';
import { dailyListColumns } from '../../domain/daily-list-layout.ts';
import {
  type BrowserMode,
  ensureRendererBuilt,
  openDeskDatabase,
  repoRoot,
  startBrowserMode,
  waitForOutput,
} from './browser-mode.ts';
import { launchChromium } from './chromium.ts';
import { focusedText } from './overview-page.ts';
import { focusSlotsGrid, moveToSlot, openSlotsScreen } from './venue-slots-page.ts';

const screenshotDir = join(repoRoot, 'test-results', 'e2e');

let browser: Browser;
let desk: BrowserMode;
let dataDir: string;
let today: string;
const contexts: BrowserContext[] = [];
let pageErrors: string[] = [];

beforeAll(async () => {
  ensureRendererBuilt();
  dataDir = mkdtempSync(join(tmpdir(), 'desk-slot-closure-e2e-'));
  desk = await startBrowserMode({ dataDir, args: ['--no-simulate'] });
  browser = await launchChromium();
  today = todayIn('Asia/Tokyo');
  mkdirSync(screenshotDir, { recursive: true });
  await waitForOutput(desk, /\[sync\] snapshot of \d+ rows/, 240_000);
});

afterAll(async () => {
  for (const context of contexts.splice(0)) await context.close();
  await browser?.close();
  await desk?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

interface Stranded {
  slotId: string;
  date: string;
  venueName: string;
  status: string;
  residents: Array<{ bookingNumber: string; name: string }>;
}

/** The slot as the desktop's own copy has it, with the residents a closure would strand. */
function slotWithResidents(slotId: string): Stranded {
  const db = openDeskDatabase(desk.databasePath);
  try {
    const slot = db
      .prepare(
        'SELECT s.id, s.date, s.status, v.name AS venueName FROM slots s JOIN venues v ON v.id = s.venue_id WHERE s.id = ?',
      )
      .get(slotId) as { date: string; status: string; venueName: string };
    const residents = db
      .prepare(
        `SELECT b.booking_number AS bookingNumber, c.name FROM bookings b JOIN coupons c ON c.id = b.coupon_id
          WHERE b.slot_id = ? AND b.status IN (${strandedByClosureStatuses.map(() => '?').join(', ')})
          ORDER BY c.name_kana_key, b.booking_number`,
      )
      .all(slotId, ...strandedByClosureStatuses) as Stranded['residents'];
    return { slotId, ...slot, residents };
  } finally {
    db.close();
  }
}

async function openApp(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'ja-JP' });
  contexts.push(context);
  const page = await context.newPage();
  pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(desk.url);
  await page.getByRole('banner').getByText('同期: 最新', { exact: true }).waitFor({ timeout: 60_000 });
  return page;
}

async function goTo(page: Page, hash: string, heading: string): Promise<void> {
  await page.evaluate((h) => {
    window.location.hash = h;
  }, hash);
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
}

/** The 状態 cell of each resident's row on the printed daily list of the slot's day and venue. */
async function dailyListStates(page: Page, slot: Stranded): Promise<string[]> {
  await goTo(page, '#/daily-lists', '接種予定者リスト');
  await page.getByLabel('接種日', { exact: true }).fill(slot.date);
  const venue = page.getByRole('combobox', { name: '会場', exact: true });
  await venue.click();
  await venue.fill(slot.venueName.slice(0, 4));
  await page.getByRole('option', { name: slot.venueName, exact: true }).click();
  await page.keyboard.press('Escape');
  const sheet = page.locator(`section.print-sheet[data-venue="${slot.venueName}"]`);
  await sheet.waitFor();
  const statusColumn = dailyListColumns.findIndex((c) => c.key === 'status');
  const states: string[] = [];
  for (const resident of slot.residents) {
    const row = sheet.locator(`tbody tr[data-booking-number="${resident.bookingNumber}"]`);
    await row.waitFor();
    states.push(((await row.locator('td').nth(statusColumn).textContent()) ?? '').trim());
  }
  return states;
}

/** From the slot's row in the grid: Enter, then the 受付 control to `to` with the arrow keys. */
async function openAndSetStatus(page: Page, to: '停止' | '受付中'): Promise<void> {
  await page.keyboard.press('Enter');
  await page.getByRole('dialog', { name: '枠の変更' }).waitFor();
  // 定員 → コールセンター枠 → 受付.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await page.keyboard.press(to === '停止' ? 'ArrowRight' : 'ArrowLeft');
  expect(await focusedText(page)).toBe(to);
}

test('closing a slot with bookings lists who is affected, asks, and the daily list marks them', async () => {
  const page = await openApp();
  await openSlotsScreen(page);
  const slot = await moveToSlot(page, (slotId) => {
    const found = slotWithResidents(slotId);
    return found.status === 'open' && found.date > today && found.residents.length > 0 ? found : null;
  });
  const n = slot.residents.length;

  await openAndSetStatus(page, '停止');
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: '枠の変更' });
  await dialog.getByText(`この枠を停止すると、予約済みの${n}名に連絡が必要です`, { exact: true }).waitFor();
  // The safe button has the focus: Enter by habit does not close the slot.
  expect(await focusedText(page)).toBe('戻る（Esc）');
  const table = dialog.getByRole('table', { name: `停止で影響を受ける予約（${n}名）` });
  const shown = await table
    .locator('tbody tr')
    .evaluateAll((rows) =>
      rows.map((r) => Array.from(r.querySelectorAll('td'), (td) => td.textContent?.trim() ?? '')),
    );
  expect(shown.map((cells) => [cells[0], cells[1]])).toEqual(
    slot.residents.map((r) => [formatBookingNumber(r.bookingNumber), r.name]),
  );
  // Every row shows the slot's time.
  expect(new Set(shown.map((cells) => cells[3])).size).toBe(1);
  expect(shown[0]![3]).toMatch(/^\d\d:\d\d〜\d\d:\d\d$/);
  await page.screenshot({ path: join(screenshotDir, 'slot-closure-confirm.png') });

  await page.keyboard.press('Enter');
  await page.getByRole('textbox', { name: '定員' }).waitFor();
  expect(slotWithResidents(slot.slotId).status).toBe('open');
  // Back on the 受付 control, still at 停止: Enter asks again, Tab + Enter closes.
  expect(await focusedText(page)).toBe('停止');
  await page.keyboard.press('Enter');
  await dialog.getByText(`この枠を停止すると、予約済みの${n}名に連絡が必要です`, { exact: true }).waitFor();
  await page.keyboard.press('Tab');
  expect(await focusedText(page)).toBe(`${n}名の予約がある枠を停止する`);
  await page.keyboard.press('Enter');
  await dialog.waitFor({ state: 'hidden' });
  await page.getByText(`予約済みの${n}名が折り返し連絡の対象です。`, { exact: false }).waitFor();
  expect(slotWithResidents(slot.slotId).status).toBe('closed');

  // The daily list marks them instead of 予約; the bookings are still there.
  expect(await dailyListStates(page, slot)).toEqual(slot.residents.map(() => '要連絡・枠停止'));
  expect(slotWithResidents(slot.slotId).residents).toEqual(slot.residents);
  await page.screenshot({ path: join(screenshotDir, 'slot-closure-daily-list.png') });

  // The phone desk's callback list names them, with the reason.
  await goTo(page, '#/phone-booking', '電話予約');
  const tasks = page.getByTestId('callback-tasks');
  for (const resident of slot.residents) {
    const task = tasks.locator('div').filter({ hasText: resident.name }).first();
    await task.waitFor();
  }
  expect(await tasks.getByText(/管理責任者がこの枠を停止しました/).count()).toBeGreaterThanOrEqual(n);
  await page.screenshot({ path: join(screenshotDir, 'slot-closure-callbacks.png') });
  // Alt+5 and Enter open the first resident's booking for a move to another slot.
  await page.keyboard.press('Alt+5');
  expect(await focusedText(page)).toBe('電話して日時を変更 (Enter)');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: /^変更先の会場と日にち（\d回目）$/ }).waitFor();

  // Reopening (no question: nobody is stranded by it) takes the mark away.
  await goTo(page, '#/venues', '会場・枠');
  await focusSlotsGrid(page);
  await moveToSlot(page, (slotId) => (slotId === slot.slotId ? slotId : null));
  await openAndSetStatus(page, '受付中');
  await page.keyboard.press('Enter');
  await page.getByRole('dialog', { name: '枠の変更' }).waitFor({ state: 'hidden' });
  await expect.poll(() => slotWithResidents(slot.slotId).status).toBe('open');
  expect(await dailyListStates(page, slot)).toEqual(slot.residents.map(() => '予約'));
  expect(pageErrors).toEqual([]);
});
