/**
 * Pointing a desktop that runs on the local demo city at a real hub, end to end in Chromium: 保存して接続
 * does not wipe the data silently but names what goes (venues, bookings, coupons, as counted in the
 * desktop's own database) with キャンセル focused; Enter there keeps everything and stores nothing;
 * Tab and Enter remove it and take the hub's data instead. Screenshot:
 * test-results/e2e/sync-settings-clear-confirm.png.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { buildHubApp } from '../../server/http/build-hub-app.ts';
import type { HubSql } from '../../server/store/hub-sql.ts';
import { migrate } from '../../server/store/migrate.ts';
import { openPgliteEngine } from '../../server/store/pglite-engine.ts';
import { createFixture } from '../integration/hub-support.ts';
import { type DeskCredentials, deskCredentials, freePort } from '../integration/sync-support.ts';
import {
  type BrowserMode,
  ensureRendererBuilt,
  openDeskDatabase,
  repoRoot,
  startBrowserMode,
} from './browser-mode.ts';
import { launchChromium } from './chromium.ts';
import { focusedText } from './overview-page.ts';
import { uiText } from './ui-text.ts';

const screenshotDir = join(repoRoot, 'test-results', 'e2e');

let sql: HubSql;
let hub: FastifyInstance;
let hubUrl: string;
let credentials: DeskCredentials;
let desk: BrowserMode;
let dataDir: string;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  ensureRendererBuilt();
  sql = await openPgliteEngine(':memory:');
  await migrate(sql);
  const fx = await createFixture(sql);
  await fx.slot({ date: '2030-06-20' });
  await fx.coupons(7);
  const port = await freePort();
  hub = await buildHubApp({ sql, logLevel: 'error', rateLimits: false });
  await hub.listen({ host: '127.0.0.1', port });
  hubUrl = `http://127.0.0.1:${port}/`;
  credentials = await deskCredentials(sql, { role: 'manager' });
  dataDir = mkdtempSync(join(tmpdir(), 'desk-settings-switch-e2e-'));
  // No hub: the desk's own demo city.
  desk = await startBrowserMode({ dataDir, args: ['--no-demo-hub'] });
  browser = await launchChromium();
  mkdirSync(screenshotDir, { recursive: true });
});

afterAll(async () => {
  for (const context of contexts.splice(0)) await context.close();
  await browser?.close();
  await desk?.stop();
  await hub?.close();
  await sql?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

function localCounts(): { venues: number; bookings: number; coupons: number; settings: number } {
  const db = openDeskDatabase(desk.databasePath);
  try {
    const count = (table: string) => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
    return {
      venues: count('venues'),
      bookings: count('bookings'),
      coupons: count('coupons'),
      settings: count('sync_settings'),
    };
  } finally {
    db.close();
  }
}

async function fillAndSave(page: Page): Promise<void> {
  await page.getByLabel('ハブのアドレス').fill(hubUrl);
  await page.getByLabel('端末ID').fill(credentials.deviceId);
  await page.getByLabel('端末の秘密鍵').fill(credentials.deviceSecret);
  await page.getByLabel('ログインID').fill(credentials.staffLogin);
  await page.getByLabel('パスワード', { exact: true }).fill(credentials.password);
  await page.getByRole('button', { name: '保存して接続' }).click();
}

test('switching from the demo city to a hub says what will be removed and asks, キャンセル first', async () => {
  const t = await uiText('ja');
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'ja-JP' });
  contexts.push(context);
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(desk.url);
  await page.getByRole('heading', { level: 1, name: '今日の概要' }).waitFor();
  await page.getByRole('navigation').getByRole('link', { name: '同期', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: '同期' }).waitFor();

  const before = localCounts();
  expect(before).toMatchObject({ venues: 8, coupons: 50_000, settings: 0 });
  await fillAndSave(page);
  const dialog = page.getByRole('dialog', { name: t('syncView.clearing.title') });
  await dialog.waitFor();
  await dialog.getByText(t('syncView.clearing.source.demo_city'), { exact: true }).waitFor();
  const items = await dialog
    .getByRole('list', { name: '消去されるデータ' })
    .getByRole('listitem')
    .allTextContents();
  const n = (value: number) => value.toLocaleString('ja-JP');
  expect(items).toEqual([
    `会場 ${n(before.venues)}件`,
    `予約 ${n(before.bookings)}件`,
    `接種券 ${n(before.coupons)}件`,
  ]);
  // The focused, default button keeps the data.
  expect(await focusedText(page)).toBe('キャンセル（データを残す）');
  await page.screenshot({ path: join(screenshotDir, 'sync-settings-clear-confirm.png') });
  await page.keyboard.press('Enter');
  await dialog.waitFor({ state: 'hidden' });
  await page.getByText(t('syncView.outcome.confirm_clear'), { exact: true }).waitFor();
  expect(localCounts()).toEqual(before);

  // Asked again and agreed to: the demo city goes, the hub's data comes.
  await page.getByRole('button', { name: '保存して接続' }).click();
  await dialog.waitFor();
  await page.keyboard.press('Tab');
  expect(await focusedText(page)).toBe('消去して接続する');
  await page.keyboard.press('Enter');
  await page.getByText(t('syncView.outcome.saved'), { exact: true }).waitFor({ timeout: 30_000 });
  await expect
    .poll(() => localCounts(), { timeout: 60_000 })
    .toEqual({ venues: 1, bookings: 0, coupons: 7, settings: 1 });
  expect(pageErrors).toEqual([]);
});
