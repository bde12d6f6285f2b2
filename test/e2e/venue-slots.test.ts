/**
 * The venues and slots screen end to end: the real browser mode on the local demo city (no hub, so
 * changes go into this desktop's SQLite file) in Chromium, driven by the keyboard only. A manager
 * opens 会場・枠, moves to a slot with bookings, raises its capacity (typed in full-width digits) and
 * sees the remaining seats grow on the overview; a capacity below the booked seats is refused beside
 * the field and changes nothing. Screenshots at 1366×768 and 1920×1080 go to test-results/e2e/.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { seatOccupyingStatuses } from '../../domain/booking-status.ts';
import { daysBetween, todayIn } from '../../domain/calendar.ts';
import {
  type BrowserMode,
  ensureRendererBuilt,
  openDeskDatabase,
  repoRoot,
  startBrowserMode,
} from './browser-mode.ts';
import { launchChromium } from './chromium.ts';
import { readExpectedDay } from './expected-overview.ts';
import { expectOverviewShows, focusedText, tabTo, waitForDay } from './overview-page.ts';
import { uiText } from './ui-text.ts';
import { activeSlotId, moveToSlot, openSlotsScreen } from './venue-slots-page.ts';

const screenshotDir = join(repoRoot, 'test-results', 'e2e');

let browser: Browser;
let desk: BrowserMode;
let dataDir: string;
let today: string;
const contexts: BrowserContext[] = [];
let pageErrors: string[] = [];

beforeAll(async () => {
  ensureRendererBuilt();
  dataDir = mkdtempSync(join(tmpdir(), 'desk-slots-e2e-'));
  // No hub: the desk's own demo city, where a manager's change is made locally.
  desk = await startBrowserMode({ dataDir, args: ['--no-demo-hub'] });
  browser = await launchChromium();
  today = todayIn('Asia/Tokyo');
  mkdirSync(screenshotDir, { recursive: true });
});

afterAll(async () => {
  for (const context of contexts.splice(0)) await context.close();
  await browser?.close();
  await desk?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function openApp(viewport: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'ja-JP' });
  contexts.push(context);
  const page = await context.newPage();
  pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(desk.url);
  await page.getByRole('heading', { level: 1, name: '今日の概要' }).waitFor();
  return page;
}

interface SlotState {
  id: string;
  venueName: string;
  date: string;
  capacity: number;
  status: string;
  taken: number;
}

function slotState(slotId: string): SlotState {
  const db = openDeskDatabase(desk.databasePath);
  try {
    return db
      .prepare(
        `SELECT s.id, v.name AS venueName, s.date, s.capacity, s.status,
                (SELECT count(*) FROM bookings b WHERE b.slot_id = s.id
                   AND b.status IN (${seatOccupyingStatuses.map(() => '?').join(', ')})) AS taken
           FROM slots s JOIN venues v ON v.id = s.venue_id WHERE s.id = ?`,
      )
      .get(...seatOccupyingStatuses, slotId) as SlotState;
  } finally {
    db.close();
  }
}

const fullWidth = (n: number) => String(n).replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)));

/** ↓ until the active slot is open, today or later, with at least one seat taken. */
function moveToBookedSlot(page: Page): Promise<SlotState> {
  return moveToSlot(page, (slotId) => {
    const slot = slotState(slotId);
    return slot.status === 'open' && slot.taken > 0 && slot.date >= today ? slot : null;
  });
}

async function stepOverviewTo(page: Page, date: string): Promise<void> {
  const steps = daysBetween(today, date);
  if (steps > 0) {
    await tabTo(page, '次の日');
    for (let i = 0; i < steps; i++) await page.keyboard.press('Enter');
  }
  await waitForDay(page, date, 'ja');
}

const remainingOf = (date: string, venueName: string) =>
  readExpectedDay(desk.databasePath, date).venues.find((v) => v.name === venueName)!.remaining;

test('a manager raises a slot’s capacity by keyboard and the overview shows the new remaining seats', async () => {
  const t = await uiText('ja');
  const page = await openApp({ width: 1366, height: 768 });
  await openSlotsScreen(page);
  // Changes go into this desktop's data (no hub), and the screen says so.
  await page.getByText(t('venueSlots.target.local'), { exact: false }).waitFor();
  const slot = await moveToBookedSlot(page);
  const remainingBefore = remainingOf(slot.date, slot.venueName);

  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: '枠の変更' });
  await dialog.waitFor();
  expect(await focusedText(page)).toBe('定員');
  // The field's text is selected on entry: typing replaces it.
  await page.keyboard.type(fullWidth(slot.capacity + 5));
  await page.keyboard.press('Enter');
  await dialog.waitFor({ state: 'hidden' });
  await page
    .getByText(/を変更しました$/)
    .first()
    .waitFor();

  expect(slotState(slot.id).capacity).toBe(slot.capacity + 5);
  const row = page.locator(`tr[data-slot-id="${slot.id}"]`);
  // Date, time, venue, vaccine, then the capacity.
  const capacityCell = row.getByRole('gridcell').nth(4);
  expect((await capacityCell.textContent())?.trim()).toBe(String(slot.capacity + 5));
  // Focus is back on the grid, on the same slot.
  expect(await activeSlotId(page)).toBe(slot.id);
  expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('grid');
  await page.screenshot({ path: join(screenshotDir, 'venue-slots-1366.png') });

  // The overview counts the new seats at once.
  await tabTo(page, '今日の概要', { backward: true });
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: '今日の概要' }).waitFor();
  await stepOverviewTo(page, slot.date);
  expect(remainingOf(slot.date, slot.venueName)).toBe(remainingBefore + 5);
  await expectOverviewShows(page, readExpectedDay(desk.databasePath, slot.date), 'ja');
  expect(pageErrors).toEqual([]);
});

test('a capacity below the booked seats is refused beside the field and changes nothing', async () => {
  const page = await openApp({ width: 1366, height: 768 });
  await openSlotsScreen(page);
  const slot = await moveToBookedSlot(page);

  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: '枠の変更' });
  await dialog.waitFor();
  await page.keyboard.type(String(slot.taken - 1));
  await page.keyboard.press('Enter');
  const message = `予約済み（${slot.taken}名）より少なくできません`;
  await dialog.getByText(message, { exact: true }).waitFor();
  // The message is tied to the field for screen readers.
  const capacity = dialog.getByRole('textbox', { name: '定員' });
  expect(await capacity.getAttribute('aria-invalid')).toBe('true');
  expect(slotState(slot.id).capacity).toBe(slot.capacity);
  await page.screenshot({ path: join(screenshotDir, 'venue-slots-refused-1366.png') });
  // A reserve above the capacity, and a non-integer, are explained the same way.
  await page.keyboard.press('Control+A');
  await page.keyboard.type(String(slot.capacity));
  await page.keyboard.press('Tab');
  await page.keyboard.type(String(slot.capacity + 1));
  await page.keyboard.press('Enter');
  await dialog.getByText(`定員（${slot.capacity}名）より多くできません`, { exact: false }).waitFor();
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.type('2.5');
  await dialog.getByText('整数で入力してください（例: 12）。', { exact: true }).waitFor();

  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  expect(slotState(slot.id)).toMatchObject({ capacity: slot.capacity, status: 'open' });
  expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('grid');
  expect(pageErrors).toEqual([]);
});

test('the full two weeks at 1920×1080, in Japanese and in English', async () => {
  const page = await openApp({ width: 1920, height: 1080 });
  await openSlotsScreen(page);
  await moveToBookedSlot(page);
  await page.screenshot({ path: join(screenshotDir, 'venue-slots-1920.png') });

  await tabTo(page, '日本語', { backward: true });
  await page.keyboard.press('ArrowRight');
  const t = await uiText('en');
  await page.getByRole('heading', { level: 1, name: t('nav.venues') }).waitFor();
  await page.getByRole('columnheader', { name: 'Call-center reserve' }).waitFor();
  await page.getByText(t('venueSlots.target.local'), { exact: false }).waitFor();
  await page.screenshot({ path: join(screenshotDir, 'venue-slots-1920-en.png') });
  expect(pageErrors).toEqual([]);
});
