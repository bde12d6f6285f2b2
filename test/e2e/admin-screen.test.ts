/**
 * The admin screen (管理) end to end: a real hub (PGlite in this process), browser mode (the real desk
 * process on its own encrypted SQLite file) configured with an admin's hub account, and Chromium
 * driving the screen by the keyboard. An admin adds a staff member (a problem said beside its field
 * first), disables them after a confirmation whose default button is 戻る, and the hub refuses their
 * sign-in; then the audit log tab is filtered by action. Screenshots go to test-results/e2e/admin-*.png.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, onTestFailed, test } from 'vitest';
import { syncProtocolVersion } from '../../domain/hub-api/sync-api.ts';
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

const screenshotDir = join(repoRoot, 'test-results', 'e2e');
const soon = { timeout: 20_000, interval: 200 };

let sql: HubSql;
let hub: FastifyInstance;
let hubUrl: string;
let desk: BrowserMode;
let dataDir: string;
let browser: Browser;
let admin: DeskCredentials;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  ensureRendererBuilt();
  sql = await openPgliteEngine(':memory:');
  await migrate(sql);
  await createFixture(sql);
  const port = await freePort();
  hub = await buildHubApp({ sql, logLevel: 'error', rateLimits: false });
  await hub.listen({ host: '127.0.0.1', port });
  hubUrl = `http://127.0.0.1:${port}/`;
  admin = await deskCredentials(sql, { role: 'admin', displayName: '情報政策課 管理 一郎' });
  dataDir = mkdtempSync(join(tmpdir(), 'desk-admin-e2e-'));
  desk = await startBrowserMode({ dataDir, args: ['--empty', '--no-demo-hub'] });
  const saved = (await desk.call('saveSyncSettings', { hubUrl, ...admin })) as {
    ok: boolean;
    value?: { outcome: string };
  };
  expect(saved).toMatchObject({ ok: true, value: { outcome: 'saved' } });
  browser = await launchChromium();
  mkdirSync(screenshotDir, { recursive: true });
});

afterAll(async () => {
  if (desk) writeFileSync(join(screenshotDir, 'admin-screen.log'), desk.output());
  for (const context of contexts.splice(0)) await context.close();
  await browser?.close();
  await desk?.stop();
  await hub?.close();
  await sql?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function openAdmin(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'ja-JP' });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(desk.url);
  await page.getByRole('heading', { level: 1, name: '今日の概要' }).waitFor();
  await page.getByRole('link', { name: '管理', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: '管理', exact: true }).waitFor();
  return page;
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({
    path: join(screenshotDir, `admin-${name}.png`),
    fullPage: true,
    animations: 'disabled',
  });
}

async function hubSignIn(login: string, password: string): Promise<string | null> {
  const answer = await fetch(new URL('api/v1/sync/login', hubUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-hub-protocol': String(syncProtocolVersion) },
    body: JSON.stringify({ deviceId: admin.deviceId, deviceSecret: admin.deviceSecret, login, password }),
  });
  const body = (await answer.json()) as { error?: { code: string } };
  return answer.ok ? 'ok' : (body.error?.code ?? String(answer.status));
}

test('an admin adds a staff member and disables them; the hub refuses their sign-in', async () => {
  const page = await openAdmin();
  onTestFailed(() => shot(page, 'failed'));
  await page.getByRole('row').filter({ hasText: admin.staffLogin }).waitFor();

  await page.getByRole('button', { name: '職員を追加' }).click();
  const dialog = page.getByRole('dialog', { name: '職員を追加' });
  // The login field has the focus: typed by the keyboard, Tab to the next.
  await page.keyboard.type('new staff');
  await page.keyboard.press('Tab');
  await page.keyboard.type('受付　二郎');
  await dialog.getByLabel(/^仮パスワード/).fill('temporary pass 1');
  await page.keyboard.press('Enter');
  // Checked here first, beside the field; nothing sent.
  await dialog.getByText('3〜64文字の半角英数字・ピリオド・ハイフン・下線で入力してください。').waitFor();
  await shot(page, 'staff-form-problem');
  expect(await sql.query("SELECT 1 FROM staff WHERE display_name = '受付 二郎'")).toHaveLength(0);
  await dialog.getByLabel(/^ログインID/).fill('uketsuke.jiro');
  await page.keyboard.press('Enter');
  await page.getByText('受付 二郎さんのアカウントを作成しました。', { exact: false }).waitFor();
  const row = page.getByRole('row').filter({ hasText: 'uketsuke.jiro' });
  await expect.poll(() => row.textContent(), soon).toContain('初回ログインでパスワード変更');
  expect(await row.textContent()).toContain('コールセンター');
  expect(await hubSignIn('uketsuke.jiro', 'temporary pass 1')).toBe('PASSWORD_CHANGE_REQUIRED');
  await shot(page, 'staff-created');

  await row.getByRole('button', { name: '受付 二郎を停止' }).click();
  const confirm = page.getByRole('dialog', { name: 'アカウントを停止しますか' });
  await confirm.waitFor();
  // 戻る is focused: Enter would go back; Tab then Enter disables.
  await expect.poll(() => page.evaluate(() => document.activeElement?.textContent), soon).toBe('戻る');
  await shot(page, 'staff-disable-confirm');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await page.getByText('受付 二郎さんのアカウントを停止しました。', { exact: false }).waitFor();
  await expect.poll(() => row.textContent(), soon).toContain('停止中');
  const [hubRow] = await sql.query<{ active: boolean }>(
    "SELECT active FROM staff WHERE login = 'uketsuke.jiro'",
  );
  expect(hubRow?.active).toBe(false);
  expect(await hubSignIn('uketsuke.jiro', 'temporary pass 1')).toBe('UNAUTHORIZED');
  await row.getByRole('button', { name: '受付 二郎を再開' }).waitFor();
  await shot(page, 'staff-disabled');

  // Kept on the hub and audited there with ids only.
  const audited = await sql.query<{ action: string; detail: unknown }>(
    "SELECT action, detail FROM audit_log WHERE entity = 'staff' ORDER BY id",
  );
  expect(audited.map((a) => a.action)).toEqual(expect.arrayContaining(['staff.create', 'staff.change']));
  expect(JSON.stringify(audited)).not.toContain('temporary pass 1');
  expect(pageErrors).toEqual([]);
});

test('the audit log tab filters by action, and the view itself is audited', async () => {
  // A view of the log before this one, so that it has more than one action.
  expect(await desk.call('audit.listEntries', { filter: {} })).toMatchObject({ ok: true });
  const page = await openAdmin();
  onTestFailed(() => shot(page, 'failed'));
  await page.getByRole('tab', { name: '監査ログ' }).click();
  const table = page.getByRole('table', { name: '監査ログの記録' });
  await table.waitFor();
  const actionsShown = () =>
    table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-audit-action')));
  await expect.poll(async () => new Set(await actionsShown()).size, soon).toBeGreaterThan(1);
  await shot(page, 'audit-all');

  const actionField = page.getByLabel('操作', { exact: true }).first();
  await actionField.click();
  await actionField.fill('audit.view');
  await page.getByRole('option', { name: 'audit.view' }).waitFor();
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: '絞り込む' }).click();
  await expect.poll(async () => [...new Set(await actionsShown())], soon).toEqual(['audit.view']);
  await page.getByText(/^\d+件$/).waitFor();
  await shot(page, 'audit-filtered');

  const db = openDeskDatabase(desk.databasePath);
  try {
    const views = db
      .prepare("SELECT detail FROM audit_events WHERE action = 'audit.view' ORDER BY id DESC")
      .pluck()
      .all() as string[];
    expect(views.length).toBeGreaterThanOrEqual(2);
    expect(JSON.parse(views[0]!)).toMatchObject({ filter: { action: 'audit.view' } });
  } finally {
    db.close();
  }

  // The same screen in English.
  await page.getByRole('banner').getByText('English', { exact: true }).click();
  await page.getByRole('heading', { level: 2, name: 'Audit log' }).waitFor();
  await page.getByRole('tab', { name: 'Staff' }).click();
  await page.getByRole('button', { name: 'Add a staff member' }).waitFor();
  await page.getByRole('row').filter({ hasText: 'uketsuke.jiro' }).getByText('Disabled').waitFor();
  await shot(page, 'staff-en');
  expect(pageErrors).toEqual([]);
});
