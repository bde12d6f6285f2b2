/**
 * The manager's coupon list import and dashboard end to end, by the keyboard: the real browser mode
 * (its own SQLite file) attached to a real hub (server/, PGlite in this process) with a manager's
 * login, in Chromium.
 *
 * - Import: a Shift_JIS CSV with bad rows is chosen in the browser's file chooser (opened with Enter),
 *   streamed to the desk process and read on the hub; the preview names every bad row by number with
 *   its reason in Japanese and the row of a municipality no venue takes; the import runs with a
 *   progress bar and the report on screen says 3 new; the coupons reach the desk's database by sync.
 * - Dashboard: the free seats and the online bookings of today move after an online booking made
 *   through the hub's public API, without a reload (the data-changed event).
 *
 * Screenshots go to test-results/e2e/manager-*.png.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { addDays, todayIn } from '../../domain/calendar.ts';
import { buildHubApp } from '../../server/http/build-hub-app.ts';
import type { HubSql } from '../../server/store/hub-sql.ts';
import { migrate } from '../../server/store/migrate.ts';
import { openPgliteEngine } from '../../server/store/pglite-engine.ts';
import { createFixture, type Fixture, fixtureMunicipality } from '../integration/hub-support.ts';
import { encodeShiftJis } from '../integration/shift-jis.ts';
import { deskCredentials, freePort } from '../integration/sync-support.ts';
import { type BrowserMode, ensureRendererBuilt, repoRoot, startBrowserMode } from './browser-mode.ts';
import { launchChromium } from './chromium.ts';
import { rowsWhere } from './phone-desk-page.ts';

const screenshotDir = join(repoRoot, 'test-results', 'e2e');
const soon = { timeout: 20_000, interval: 250 };
const code = fixtureMunicipality.code;

let sql: HubSql;
let fx: Fixture;
let hub: FastifyInstance;
let hubUrl: string;
let desk: BrowserMode;
let dataDir: string;
let browser: Browser;
let today: string;
let slotId: string;
const contexts: BrowserContext[] = [];
let pageErrors: string[] = [];

/** Japanese headers in their own order, as a municipality's system writes them, in Shift_JIS. */
const list = [
  '券番号,氏名,フリガナ,生年月日,性別,自治体コード,住所',
  `0000900001,青葉 一郎,アオバ イチロウ,昭和22年4月1日,男,${code},千代田区1-1`,
  `000900002,青葉 二郎,アオバ ジロウ,S23.5.2,男,${code},`, // 9 digits
  `0000900003,青葉 三子,アオバ ミツコ,昭和64年1月8日,女,${code},`, // 昭和 ended on the 7th
  `0000900004,青葉 四郎,アオバ シロウ,2099-01-01,男,${code},`, // born after today
  `0000900001,青葉 五郎,アオバ ゴロウ,1950-05-05,男,${code},`, // the ticket of row 2 again
  '0000900006,青葉 六子,アオバ ロクコ,1951-06-06,女,131024,', // a municipality no venue takes
  `0000900007,青葉 七郎,アオバ シチロウ,1952-07-07,男,${code},`,
];

beforeAll(async () => {
  ensureRendererBuilt();
  today = todayIn('Asia/Tokyo');
  sql = await openPgliteEngine(':memory:');
  await migrate(sql);
  fx = await createFixture(sql);
  slotId = await fx.slot({ date: addDays(today, 2), capacity: 10, startTime: '10:00', endTime: '10:30' });
  await fx.slot({ date: addDays(today, 9), capacity: 20 });
  const port = await freePort();
  hub = await buildHubApp({ sql, logLevel: 'error', rateLimits: false });
  await hub.listen({ host: '127.0.0.1', port });
  hubUrl = `http://127.0.0.1:${port}/`;
  const credentials = await deskCredentials(sql, { role: 'manager', name: '管理PC' });
  dataDir = mkdtempSync(join(tmpdir(), 'desk-manager-e2e-'));
  desk = await startBrowserMode({ dataDir, args: ['--empty', '--no-demo-hub'] });
  const saved = await desk.call('saveSyncSettings', { hubUrl, ...credentials });
  expect(saved).toMatchObject({ ok: true, value: { outcome: 'saved' } });
  browser = await launchChromium();
  mkdirSync(screenshotDir, { recursive: true });
  writeFileSync(join(dataDir, '接種券リスト_SJIS.csv'), encodeShiftJis(`${list.join('\r\n')}\r\n`));
});

afterAll(async () => {
  if (desk) writeFileSync(join(screenshotDir, 'manager-desk.log'), desk.output());
  for (const context of contexts.splice(0)) await context.close();
  await browser?.close();
  await desk?.stop();
  await hub?.close();
  await sql?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function openArea(hash: string, heading: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'ja-JP' });
  contexts.push(context);
  const page = await context.newPage();
  pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(desk.url);
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  await expect
    .poll(() => page.locator('[data-sync-state]').getAttribute('data-sync-state'), soon)
    .toBe('idle');
  await page.evaluate((h) => {
    window.location.hash = h;
  }, hash);
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  return page;
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({
    path: join(screenshotDir, `manager-${name}.png`),
    fullPage: true,
    animations: 'disabled',
  });
}

/** Tabs until the focused element's accessible text matches; fails after `max` presses. */
async function tabTo(page: Page, text: RegExp, max = 40): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(
      () => document.activeElement?.textContent ?? document.activeElement?.getAttribute('aria-label') ?? '',
    );
    if (text.test(focused)) return;
  }
  throw new Error(`no focusable element matching ${text}`);
}

const problemCells = (page: Page, row: number) =>
  page.locator(`[data-problem-row="${row}"] td`).allTextContents();

describe('a manager at the desk', () => {
  test('imports a Shift_JIS coupon list with bad rows and reads the report on screen', async () => {
    const page = await openArea('#/coupon-import', '接種券リストの取り込み');
    await tabTo(page, /^ファイルを選ぶ…$/u);
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('Enter')]);
    await chooser.setFiles(join(dataDir, '接種券リスト_SJIS.csv'));

    const heading = page.getByRole('heading', { level: 2, name: '「接種券リスト_SJIS.csv」の確認結果' });
    await heading.waitFor(soon);
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent ?? ''))
      .toContain('確認結果');
    await expect.poll(() => page.getByText('形式: CSV（Shift_JIS）').count()).toBe(1);
    expect(await page.locator('[data-figure="データ行"]').textContent()).toBe('7');
    expect(await page.locator('[data-figure="取り込む行"]').textContent()).toBe('3');
    expect(await page.locator('[data-figure="取り込めない行"]').textContent()).toBe('4');
    expect(await problemCells(page, 3)).toEqual(['3', '券番号', '10桁の数字ではありません']);
    expect(await problemCells(page, 4)).toEqual(['4', '生年月日', 'その元号にはない日付です']);
    expect(await problemCells(page, 5)).toEqual(['5', '生年月日', '今日より後の日付です']);
    expect(await problemCells(page, 6)).toEqual(['6', '券番号', '2行目と同じ券です']);
    const notServed = page.getByRole('alert').filter({ hasText: '会場のない自治体の券（1行）' });
    expect(await notServed.textContent()).toContain('該当する行: 7');
    expect(await notServed.textContent()).toContain('131024');
    // The first rows as stored: the era date read, the reading in katakana, the mapping of each header.
    expect(await page.getByRole('row', { name: /0000900001/u }).textContent()).toContain(
      '昭和22年4月1日（1947-04-01）',
    );
    expect(await page.getByRole('row', { name: /^フリガナ/u }).textContent()).toContain('フリガナ');
    await shot(page, 'import-preview');

    await tabTo(page, /^3行を取り込む$/u);
    await page.keyboard.press('Enter');
    const report = page.getByRole('heading', { level: 2, name: '取り込みが終わりました' });
    await report.waitFor(soon);
    expect(await page.locator('[data-figure="新規"]').textContent()).toBe('3');
    expect(await page.locator('[data-figure="更新"]').textContent()).toBe('0');
    expect(await page.locator('[data-figure="変更なし"]').textContent()).toBe('0');
    expect(await page.locator('[data-figure="取り込めなかった行"]').textContent()).toBe('4');
    expect(await problemCells(page, 4)).toEqual(['4', '生年月日', 'その元号にはない日付です']);
    await shot(page, 'import-report');

    // The coupons reach this desktop through sync; the bad rows never do.
    await expect
      .poll(
        () =>
          rowsWhere<{ ticket_number: string }>(
            desk.databasePath,
            "SELECT ticket_number FROM coupons WHERE ticket_number LIKE '00009%' ORDER BY 1",
          ).map((r) => r.ticket_number),
        soon,
      )
      .toEqual(['0000900001', '0000900006', '0000900007']);
    expect(pageErrors).toEqual([]);
  });

  test('sees the dashboard change after an online booking', async () => {
    const page = await openArea('#/dashboard', 'ダッシュボード');
    const week = page.locator('[data-remaining-days="7"] [data-figure="remaining"]');
    await week.waitFor(soon);
    expect(await week.textContent()).toBe('10席');
    const total = page.locator('[data-figure="bookings-total"]');
    expect(await total.textContent()).toContain('オンライン 0件');
    const heatCell = page.locator(`[data-venue="テスト会場"] [data-date="${addDays(today, 2)}"]`);
    expect(await heatCell.textContent()).toBe('0');
    await shot(page, 'dashboard-before');

    const coupon = await fx.coupon();
    const answer = await fetch(new URL('api/v1/public/bookings', hubUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify({ ticketNumber: coupon.ticketNumber, birthDate: coupon.birthDate, slotId }),
    });
    expect(answer.status).toBe(201);

    await expect.poll(() => week.textContent(), soon).toBe('9席');
    expect(await total.textContent()).toContain('オンライン 1件');
    expect(await heatCell.textContent()).toBe('10');
    expect(await heatCell.getAttribute('aria-label')).toMatch(/テスト会場 .+: 10%（1／10席）/u);
    await shot(page, 'dashboard-after');
    expect(pageErrors).toEqual([]);
  });
});
