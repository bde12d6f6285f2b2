/**
 * Refusals of the hub that are not about seats, end to end: the desk's hub login (the staff account
 * in its sync settings) may not do what the screen sent. A real hub (PGlite in this process) and two
 * browser-mode desks: one signed in to the hub as venue staff (who may not take phone bookings), one
 * as an operator (who may not record venue marks). What the screens say must name the account, in
 * Japanese and in English, and never offer "another slot" for it.
 *
 * Screenshots go to test-results/e2e/hub-refusals-*.png.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { addDays, todayIn } from '../../domain/calendar.ts';
import { formatEraDate } from '../../domain/era-date.ts';
import { buildHubApp } from '../../server/http/build-hub-app.ts';
import type { HubSql } from '../../server/store/hub-sql.ts';
import { migrate } from '../../server/store/migrate.ts';
import { openPgliteEngine } from '../../server/store/pglite-engine.ts';
import { createFixture, type Fixture } from '../integration/hub-support.ts';
import { deskCredentials, freePort } from '../integration/sync-support.ts';
import { type BrowserMode, ensureRendererBuilt, repoRoot, startBrowserMode } from './browser-mode.ts';
import { launchChromium } from './chromium.ts';
import { CountedKeyboard, moveTo, rowsWhere, waitForFocus } from './phone-desk-page.ts';

const screenshotDir = join(repoRoot, 'test-results', 'e2e');
const soon = { timeout: 60_000, interval: 250 };

let sql: HubSql;
let fx: Fixture;
let hub: FastifyInstance;
let hubUrl: string;
let browser: Browser;
let today: string;
const desks: BrowserMode[] = [];
const dataDirs: string[] = [];
const contexts: BrowserContext[] = [];
let pageErrors: string[] = [];

async function startDesk(role: string): Promise<BrowserMode> {
  const dataDir = mkdtempSync(join(tmpdir(), `desk-refusal-${role}-`));
  dataDirs.push(dataDir);
  const desk = await startBrowserMode({ dataDir, args: ['--empty', '--no-demo-hub'] });
  desks.push(desk);
  const token = new URL(desk.url).hash.replace('#token=', '');
  const saved = await fetch(`${desk.origin}/api/call/saveSyncSettings`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ hubUrl, ...(await deskCredentials(sql, { role })) }),
  });
  expect(await saved.json()).toMatchObject({ ok: true, value: { outcome: 'saved' } });
  return desk;
}

beforeAll(async () => {
  ensureRendererBuilt();
  today = todayIn('Asia/Tokyo');
  sql = await openPgliteEngine(':memory:');
  await migrate(sql);
  fx = await createFixture(sql);
  await fx.slot({ date: today, startTime: '10:00', endTime: '10:30', capacity: 5 });
  await fx.slot({ date: addDays(today, 3), capacity: 5 });
  const port = await freePort();
  hub = await buildHubApp({ sql, logLevel: 'error', rateLimits: false });
  await hub.listen({ host: '127.0.0.1', port });
  hubUrl = `http://127.0.0.1:${port}/`;
  browser = await launchChromium();
  mkdirSync(screenshotDir, { recursive: true });
});

afterAll(async () => {
  for (const context of contexts.splice(0)) await context.close();
  await browser?.close();
  for (const desk of desks) await desk.stop();
  await hub?.close();
  await sql?.close();
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

async function openDesk(desk: BrowserMode, hash: string, heading: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'ja-JP' });
  contexts.push(context);
  const page = await context.newPage();
  pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(desk.url);
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
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width: 1440, height: Math.max(height, 1000) });
  await page.screenshot({ path: join(screenshotDir, `hub-refusals-${name}.png`), animations: 'disabled' });
}

async function switchToEnglish(page: Page): Promise<void> {
  await page.getByRole('banner').getByText('English', { exact: true }).click();
  await page.waitForFunction(() => document.documentElement.lang === 'en');
}

describe('the hub refuses the desk’s login, not the seat', () => {
  test('a phone booking sent with a venue-staff login: the hold, the result and the callback name the account', async () => {
    const desk = await startDesk('venue_staff');
    const [caller] = await fx.coupons(1);
    const page = await openDesk(desk, '#/phone-booking', '電話予約');
    await expect.poll(() => page.getByTestId('hub-status').getAttribute('data-hub'), soon).toBe('online');
    const keys = new CountedKeyboard(page);
    await waitForFocus(page, '[data-field="search-main"]');
    await keys.dictate(caller!.ticketNumber);
    await keys.press('Enter');
    await waitForFocus(page, '[data-field="verify-birth"]');
    await keys.dictate(formatEraDate(caller!.birthDate, 'short'));
    await keys.press('Enter');
    await waitForFocus(page, '[data-cell]');
    await moveTo(page, keys, fx.venueId, addDays(today, 3));
    await keys.press('Enter');
    await waitForFocus(page, '[data-testid="slot-times"] [data-option]');
    await keys.press('Enter');
    await page.getByRole('heading', { name: '2回目の予約' }).waitFor();
    // The hold is refused for the account: said at once, before the operator confirms.
    const local = page.getByTestId('seat-hold-local');
    await expect.poll(() => local.getAttribute('data-why'), soon).toBe('forbidden');
    expect(await local.textContent()).toContain('このアカウントの権限では予約できません（ハブが拒否）');
    await keys.press('End');
    await keys.press('Enter'); // no dose 2
    await page.getByTestId('confirm-summary').waitFor();
    await keys.press('F9');

    const badge = page.getByTestId('booking-status');
    await expect.poll(() => badge.textContent(), soon).toBe('受付不可（折り返し連絡へ）');
    const result = (await page.getByTestId('call-result').textContent()) ?? '';
    expect(result).toContain('理由：このアカウントの権限では予約できません（ハブが拒否）');
    expect(result).toContain('同期の設定のログイン');
    expect(result).not.toContain('別の枠');
    await shot(page, '1-phone-result');
    const [stored] = rowsWhere<{ status: string; reject_code: string }>(
      desk.databasePath,
      'SELECT status, reject_code FROM bookings WHERE coupon_id = ?',
      caller!.id,
    );
    expect(stored).toEqual({ status: 'rejected', reject_code: 'FORBIDDEN' });

    await keys.press('F2');
    await waitForFocus(page, '[data-field="search-main"]');
    const reason = page.getByTestId('callback-tasks').getByTestId('callback-reason');
    await reason.first().waitFor();
    const [task] = await reason.allTextContents();
    expect(task).toContain('理由：このアカウントの権限では予約できません（ハブが拒否）');
    expect(task).not.toContain('別の枠');
    await shot(page, '2-callback');

    await switchToEnglish(page);
    await expect
      .poll(() => reason.first().textContent())
      .toContain('Reason: This account may not book (refused by the hub)');
    expect(await reason.first().textContent()).not.toContain('another slot');
    await shot(page, '3-callback-en');
    expect(pageErrors).toEqual([]);
  }, 240_000);

  test('a venue mark sent with an operator login: the venue-day row says the hub refused the account', async () => {
    const desk = await startDesk('operator');
    const [resident] = await fx.coupons(1);
    const page = await openDesk(desk, '#/venue-day', '会場受付');
    await page.getByRole('button', { name: '予約なしの来場を受付' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('券番号').fill(resident!.ticketNumber);
    await dialog.getByRole('button', { name: '検索' }).click();
    await dialog.getByLabel('枠', { exact: true }).click();
    await page.getByRole('option', { name: /10:00/ }).click();
    await dialog.getByRole('button', { name: '登録して受付' }).click();
    await dialog.waitFor({ state: 'hidden' });

    // The walk-in reaches the hub (operators may record one); its check-in mark is refused.
    const refusal = page.getByTestId('hub-refusal');
    await refusal.waitFor({ timeout: 60_000 });
    expect(await refusal.textContent()).toBe(
      'ハブが記録を受け付けませんでした（ハブの状態に戻しました）：このアカウントの権限では会場の記録はできません（ハブが拒否）。同期の設定のログインを管理責任者に確かめてもらってください',
    );
    expect(await page.locator('tbody tr').first().getAttribute('data-status')).toBe('confirmed');
    await shot(page, '4-venue-day');

    await switchToEnglish(page);
    await expect
      .poll(() => refusal.textContent())
      .toContain('This account may not record venue marks (refused by the hub)');
    await shot(page, '5-venue-day-en');
    expect(pageErrors).toEqual([]);
  }, 240_000);
});
