/**
 * The desk UI end to end: the real browser mode (demo city in a fresh data folder) driven in Debian's
 * Chromium by keyboard, labels and visible text; figures checked against the SQLite file itself.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { addDays, todayIn } from '../../domain/calendar.ts';
import { type BrowserMode, ensureRendererBuilt, repoRoot, startBrowserMode } from './browser-mode.ts';
import { launchChromium } from './chromium.ts';
import { datesWithSlots, readExpectedDay, readMeta } from './expected-overview.ts';
import { expectOverviewShows, focusedText, tabTo, waitForDay } from './overview-page.ts';
import { eraLineText, uiText } from './ui-text.ts';

const screenshotDir = join(repoRoot, 'test-results', 'e2e');
// The README's picture is refreshed on purpose (`npm run screenshots`), not by every test run.
const readmeScreenshot =
  process.env.UPDATE_README_SCREENSHOTS === '1'
    ? join(repoRoot, 'docs', 'screenshots', 'overview.png')
    : null;

let browser: Browser;
let desk: BrowserMode;
let dataDir: string;
let today: string;
const contexts: BrowserContext[] = [];
let pageErrors: string[] = [];

beforeAll(async () => {
  ensureRendererBuilt();
  dataDir = mkdtempSync(join(tmpdir(), 'desk-e2e-'));
  desk = await startBrowserMode({ dataDir });
  browser = await launchChromium();
  today = todayIn('Asia/Tokyo');
  mkdirSync(screenshotDir, { recursive: true });
});

afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close();
});

afterAll(async () => {
  await browser?.close();
  await desk?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function openApp(url = desk.url): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'ja-JP' });
  contexts.push(context);
  const page = await context.newPage();
  pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(url);
  return page;
}

async function htmlLang(page: Page): Promise<string> {
  return page.evaluate(() => document.documentElement.lang);
}

async function navLabels(page: Page, name: string): Promise<string[]> {
  const texts = await page.getByRole('navigation', { name }).getByRole('link').allInnerTexts();
  return texts.map((s) => s.trim());
}

/** Grows the viewport to the page's height so the fixed navbar spans the whole picture. */
async function screenshot(page: Page, ...paths: string[]): Promise<void> {
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width: 1440, height: Math.max(height, 800) });
  for (const path of paths) {
    mkdirSync(dirname(path), { recursive: true });
    await page.screenshot({ path, animations: 'disabled' });
  }
}

describe('the shell', () => {
  test('opens in Japanese with Japanese navigation, the デモ badge and the municipality', async () => {
    const page = await openApp();
    await page.getByRole('heading', { level: 1, name: '今日の概要' }).waitFor();

    expect(await htmlLang(page)).toBe('ja');
    expect(await page.title()).toBe('接種予約デスク');
    expect(await navLabels(page, 'メインメニュー')).toEqual([
      '今日の概要',
      '電話予約',
      '予約一覧',
      '接種予定者リスト',
      '会場受付',
      '前日確認電話',
      '会場・枠',
      '運営管理',
      'ダッシュボード',
      '接種券リスト取込',
      '同期',
      '管理',
    ]);
    const header = page.getByRole('banner');
    await header.getByText('デモ', { exact: true }).waitFor();
    await header.getByText(readMeta(desk.databasePath, 'municipality.name')!, { exact: true }).waitFor();
    await header.getByText('同期: 未設定', { exact: true }).waitFor();
    // The token has left the visible address.
    expect(page.url()).not.toContain('token');
    expect(pageErrors).toEqual([]);
  });

  test('the navbar is reached with Tab, shows focus, and opens its last area (管理)', async () => {
    const page = await openApp();
    await page.getByRole('heading', { level: 1, name: '今日の概要' }).waitFor();

    await tabTo(page, '管理');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    expect(outline).not.toBe('none');
    await page.keyboard.press('Enter');

    await page.getByRole('heading', { level: 1, name: '管理' }).waitFor();
    expect(new URL(page.url()).hash).toBe('#/admin');
    // Every area is built: 管理 opens on the audit log for the demo session (a manager).
    await page.getByRole('tab', { name: '監査ログ', selected: true }).waitFor();
    const current = page
      .getByRole('navigation', { name: 'メインメニュー' })
      .getByRole('link', { name: '管理', exact: true });
    expect(await current.getAttribute('aria-current')).toBe('page');
    await screenshot(page, join(screenshotDir, 'admin-ja.png'));

    await page
      .getByRole('navigation', { name: 'メインメニュー' })
      .getByRole('link', { name: '今日の概要' })
      .focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: '今日の概要' }).waitFor();
    expect(pageErrors).toEqual([]);
  });

  test('at 1280 wide the navbar shows icons; a label shows on hover and goes once the link is used', async () => {
    const page = await openApp();
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByRole('heading', { level: 1, name: '今日の概要' }).waitFor();
    const link = page
      .getByRole('navigation', { name: 'メインメニュー' })
      .getByRole('link', { name: '電話予約' });
    expect(((await link.textContent()) ?? '').trim()).toBe('');
    await link.hover();
    const label = page.getByRole('tooltip');
    await label.waitFor();
    expect(await label.textContent()).toBe('電話予約');

    await link.click();
    await page.getByRole('heading', { level: 1, name: '電話予約' }).waitFor();
    // The pointer still rests on the link: its label no longer covers the page just opened.
    await expect.poll(() => page.getByRole('tooltip').count()).toBe(0);
    await page.mouse.move(700, 400);
    await link.hover();
    await page.getByRole('tooltip').waitFor();
    // The keyboard: the label shows with the focus, and Escape puts it away where it is.
    await page.mouse.move(700, 400);
    await expect.poll(() => page.getByRole('tooltip').count()).toBe(0);
    await link.focus();
    await page.getByRole('tooltip').waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('tooltip').count()).toBe(0);
    expect(await link.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(pageErrors).toEqual([]);
  });
});

describe('today’s overview', () => {
  test('shows the demo city’s figures for today as the database has them', async () => {
    const page = await openApp();
    await expectOverviewShows(page, readExpectedDay(desk.databasePath, today), 'ja');
    await page.getByText(eraLineText(today), { exact: true }).waitFor();
    expect(pageErrors).toEqual([]);
  });

  test('stepping through the days with the keyboard shows each day’s figures', async () => {
    const page = await openApp();
    await waitForDay(page, today, 'ja');
    await tabTo(page, '次の日');

    // Forward until two days with slots have been seen (passing Sundays and holidays on the way).
    let date = today;
    const daysWithSlots: string[] = [];
    while (daysWithSlots.length < 2) {
      await page.keyboard.press('Enter');
      date = addDays(date, 1);
      expect(date <= addDays(today, 10), 'the demo city has slots within ten days').toBe(true);
      const expected = readExpectedDay(desk.databasePath, date);
      await expectOverviewShows(page, expected, 'ja');
      if (expected.totals.slotCount > 0) daysWithSlots.push(date);
      // Focus stays on the button, so the operator can keep pressing Enter.
      expect(await focusedText(page)).toBe('次の日');
    }
    const [first, second] = daysWithSlots.map((d) => readExpectedDay(desk.databasePath, d).totals);
    expect(first, 'two days with different figures').not.toEqual(second);

    await tabTo(page, '前の日', { backward: true });
    await page.keyboard.press('Enter');
    date = addDays(date, -1);
    await expectOverviewShows(page, readExpectedDay(desk.databasePath, date), 'ja');

    await tabTo(page, '今日');
    await page.keyboard.press('Enter');
    await expectOverviewShows(page, readExpectedDay(desk.databasePath, today), 'ja');
    expect(pageErrors).toEqual([]);
  });

  test('writes screenshots of the overview (the README shows the Japanese one)', async () => {
    const page = await openApp();
    const day = datesWithSlots(desk.databasePath, today)[0]!;
    await waitForDay(page, today, 'ja');
    await tabTo(page, '次の日');
    for (let d = today; d < day; d = addDays(d, 1)) await page.keyboard.press('Enter');
    await expectOverviewShows(page, readExpectedDay(desk.databasePath, day), 'ja');
    // Nothing focused or hovered in the picture.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.mouse.move(0, 0);
    await screenshot(
      page,
      join(screenshotDir, 'overview-ja.png'),
      ...(readmeScreenshot ? [readmeScreenshot] : []),
    );

    await page.getByText('English', { exact: true }).click();
    await expectOverviewShows(page, readExpectedDay(desk.databasePath, day), 'en');
    await screenshot(page, join(screenshotDir, 'overview-en.png'));

    for (const path of [
      join(screenshotDir, 'overview-ja.png'),
      ...(readmeScreenshot ? [readmeScreenshot] : []),
    ]) {
      expect(statSync(path).size).toBeGreaterThan(20_000);
    }
  });
});

describe('language', () => {
  test('switching to English with the keyboard works and sticks after a reload', async () => {
    const page = await openApp();
    await waitForDay(page, today, 'ja');

    await tabTo(page, '日本語');
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    const t = await uiText('en');
    await waitForDay(page, today, 'en');
    expect(await navLabels(page, t('app.mainMenu'))).toEqual([
      "Today's overview",
      'Phone booking',
      'Bookings',
      'Daily lists',
      'Venue check-in',
      'Reminder calls',
      'Venues & slots',
      'Manager desk',
      'Dashboard',
      'Import coupons',
      'Sync',
      'Admin',
    ]);
    await page.getByRole('banner').getByText('DEMO', { exact: true }).waitFor();
    expect(await page.title()).toBe('Vaccination Booking Desk');

    await page.reload();
    await waitForDay(page, today, 'en');
    expect(await htmlLang(page)).toBe('en');
    await page.getByRole('heading', { level: 1, name: "Today's overview" }).waitFor();
    // Still signed in after the reload (the token was kept for this tab), so the figures load.
    await expectOverviewShows(page, readExpectedDay(desk.databasePath, today), 'en');

    await tabTo(page, 'English');
    await page.keyboard.press('ArrowLeft');
    await page.waitForFunction(() => document.documentElement.lang === 'ja');
    await waitForDay(page, today, 'ja');
    expect(pageErrors).toEqual([]);
  });
});

describe('errors', () => {
  test('a failed request shows a Japanese message and recovers with 再試行', async () => {
    const page = await openApp();
    await waitForDay(page, today, 'ja');
    const t = await uiText('ja');

    await page.route('**/api/call/getDayOverview', (route) => route.abort('connectionrefused'));
    await tabTo(page, '次の日');
    await page.keyboard.press('Enter');
    const alert = page.getByRole('alert');
    await alert.getByText(t('errors.code.UNAVAILABLE'), { exact: true }).waitFor();
    expect((await alert.textContent())?.replace(/\s+/g, '')).toBe(
      `${t('errors.title')}${t('errors.code.UNAVAILABLE')}${t('errors.retry')}`.replace(/\s+/g, ''),
    );

    await screenshot(page, join(screenshotDir, 'error-ja.png'));

    await page.unroute('**/api/call/getDayOverview');
    await tabTo(page, '再試行');
    await page.keyboard.press('Enter');
    await expectOverviewShows(page, readExpectedDay(desk.databasePath, addDays(today, 1)), 'ja');
    expect(await page.getByRole('alert').count()).toBe(0);
  });

  test('a wrong token gets the translated sign-in message, not a raw error', async () => {
    const page = await openApp(`${desk.origin}/#token=not-the-right-token`);
    const t = await uiText('ja');
    const alert = page.getByRole('alert');
    await alert.getByText(t('errors.code.UNAUTHORIZED'), { exact: true }).waitFor();
    expect(await alert.textContent()).not.toMatch(/error|unauthori[sz]ed|token/i);
    await page.getByRole('heading', { level: 1, name: '今日の概要' }).waitFor();
  });

  test('when the desk process stops, the overview says it cannot reach it', async () => {
    const emptyDir = mkdtempSync(join(tmpdir(), 'desk-e2e-empty-'));
    const emptyDesk = await startBrowserMode({ dataDir: emptyDir, args: ['--empty'] });
    try {
      const page = await openApp(emptyDesk.url);
      const t = await uiText('ja');
      // An empty store: no venues yet.
      await page.getByText(t('overview.noVenues.title'), { exact: true }).waitFor();

      await emptyDesk.stop();
      await tabTo(page, '次の日');
      await page.keyboard.press('Enter');
      await waitForDay(page, addDays(today, 1), 'ja');
      const alert = page.getByRole('alert');
      await alert.getByText(t('errors.code.UNAVAILABLE'), { exact: true }).waitFor();

      await tabTo(page, '再試行');
      await page.keyboard.press('Enter');
      await alert.getByText(t('errors.code.UNAVAILABLE'), { exact: true }).waitFor();
    } finally {
      await emptyDesk.stop();
      rmSync(emptyDir, { recursive: true, force: true });
    }
  });
});
