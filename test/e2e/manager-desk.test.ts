/**
 * The manager's desk (運営管理) end to end: a real hub (server/, PGlite in this process), browser mode
 * (the real desk process on its own SQLite file) synced with it as a manager, and Chromium driving the
 * screen mostly by the keyboard (Enter submits each form).
 *
 * A manager registers a vaccine and a venue offering it, generates a month of weekday slots and sees a
 * national holiday skipped in the calendar preview, changes a week's capacity (and sees a cut below
 * two online bookings refused with the residents named), then cancels a day's session and moves its
 * residents to other slots of the venue. Every step is checked on the hub and in the desk's own copy.
 * Screenshots go to test-results/e2e/manager-*.png.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, onTestFailed, test } from 'vitest';
import {
  addDays,
  dayOfWeek,
  daysInMonth,
  holidayName,
  isoDateParts,
  todayIn,
  toIsoDate,
} from '../../domain/calendar.ts';
import { buildHubApp } from '../../server/http/build-hub-app.ts';
import type { HubSql } from '../../server/store/hub-sql.ts';
import { migrate } from '../../server/store/migrate.ts';
import { openPgliteEngine } from '../../server/store/pglite-engine.ts';
import { createFixture, type Fixture, fixtureMunicipality } from '../integration/hub-support.ts';
import { deskCredentials, freePort } from '../integration/sync-support.ts';
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
let fx: Fixture;
let hub: FastifyInstance;
let hubUrl: string;
let desk: BrowserMode;
let dataDir: string;
let browser: Browser;
let today: string;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];

/** The first month after this one with a national holiday on a weekday (the generation's month). */
function monthWithWeekdayHoliday(from: string): { from: string; to: string; holiday: string; name: string } {
  let { y, m } = isoDateParts(from);
  for (let i = 0; i < 24; i++) {
    [y, m] = m === 12 ? [y + 1, 1] : [y, m + 1];
    for (let d = 1; d <= daysInMonth(y, m); d++) {
      const date = toIsoDate(y, m, d);
      const name = holidayName(date);
      if (name && dayOfWeek(date) >= 1 && dayOfWeek(date) <= 5) {
        return { from: toIsoDate(y, m, 1), to: toIsoDate(y, m, daysInMonth(y, m)), holiday: date, name };
      }
    }
  }
  throw new Error('no month with a weekday holiday');
}

const slashDate = (iso: string) => {
  const { y, m, d } = isoDateParts(iso);
  return `${y}/${m}/${d}`;
};

const localRows = <T>(query: string, ...params: unknown[]): T[] => {
  const db = openDeskDatabase(desk.databasePath);
  try {
    return db.prepare(query).all(...params) as T[];
  } finally {
    db.close();
  }
};

async function bookOnline(slotId: string): Promise<{ bookingNumber: string }> {
  const coupon = await fx.coupon();
  const answer = await fetch(new URL('api/v1/public/bookings', hubUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
    body: JSON.stringify({ ticketNumber: coupon.ticketNumber, birthDate: coupon.birthDate, slotId }),
  });
  expect(answer.status).toBe(201);
  const body = (await answer.json()) as { bookings: Array<{ bookingNumber: string }> };
  return body.bookings[0]!;
}

beforeAll(async () => {
  ensureRendererBuilt();
  today = todayIn('Asia/Tokyo');
  sql = await openPgliteEngine(':memory:');
  await migrate(sql);
  fx = await createFixture(sql);
  const port = await freePort();
  hub = await buildHubApp({ sql, logLevel: 'error', rateLimits: false });
  await hub.listen({ host: '127.0.0.1', port });
  hubUrl = `http://127.0.0.1:${port}/`;
  const credentials = await deskCredentials(sql, { role: 'manager', displayName: '運営 花子' });
  dataDir = mkdtempSync(join(tmpdir(), 'desk-manager-e2e-'));
  desk = await startBrowserMode({ dataDir, args: ['--empty', '--no-demo-hub'] });
  const saved = (await desk.call('saveSyncSettings', { hubUrl, ...credentials })) as {
    ok: boolean;
    value?: { outcome: string };
  };
  expect(saved).toMatchObject({ ok: true, value: { outcome: 'saved' } });
  browser = await launchChromium();
  mkdirSync(screenshotDir, { recursive: true });
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

async function openManagerDesk(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'ja-JP' });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(desk.url);
  await page.getByRole('heading', { level: 1, name: '今日の概要' }).waitFor();
  await page.getByRole('link', { name: '運営管理' }).click();
  await page.getByRole('heading', { level: 1, name: '運営管理' }).waitFor();
  return page;
}

/** The whole page; the notices (fixed at the bottom) are left out when they would float over the middle of it. */
async function shot(page: Page, name: string, { notices = false } = {}): Promise<void> {
  await page.screenshot({
    path: join(screenshotDir, `manager-${name}.png`),
    fullPage: true,
    animations: 'disabled',
    ...(notices ? {} : { style: '.mantine-Notifications-root { display: none !important; }' }),
  });
}

/** The field of exactly this label (a required field's label ends in " *"). */
const field = (scope: Page | Locator, label: string) =>
  scope
    .getByLabel(new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}( \\*)?$`))
    .filter({ visible: true });

/** A Select or MultiSelect: type to filter, Enter takes the first option. */
async function choose(page: Page, label: string, text: string): Promise<void> {
  // The label names the input and its option list.
  const input = field(page, label).first();
  await input.click();
  await input.fill(text);
  await page.getByRole('option', { name: text }).first().waitFor();
  await page.keyboard.press('Enter');
}

async function typeDate(page: Page, label: string, iso: string): Promise<void> {
  const input = field(page, label);
  await input.fill(slashDate(iso));
  await input.press('Tab');
}

test('a manager sets up a venue, generates a month of slots, shapes capacity and cancels a session', async () => {
  const page = await openManagerDesk();
  onTestFailed(() => shot(page, 'failed'));
  const month = monthWithWeekdayHoliday(today);

  // ── a vaccine ──
  await page.getByRole('button', { name: '新しいワクチンを登録' }).click();
  const productDialog = page.getByRole('dialog', { name: 'ワクチンの登録' });
  await productDialog.getByLabel('名称').fill('テスト用ワクチンＢ');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Test Maker');
  await productDialog.getByLabel('次の接種までの最短日数').fill('２１');
  await productDialog.getByLabel('次の接種までの最長日数').fill('5');
  await page.keyboard.press('Enter');
  // Checked here first: the window the wrong way round, said beside the field; nothing sent.
  await productDialog.getByText('最短の間隔以上の日数にしてください。').waitFor();
  await productDialog.getByLabel('次の接種までの最長日数').fill('56');
  await page.keyboard.press('Enter');
  await page.getByText('「テスト用ワクチンB」を登録しました（ハブに反映済み）').waitFor();
  const productRow = page.getByRole('row').filter({ hasText: 'テスト用ワクチンB' });
  await expect.poll(() => productRow.textContent(), soon).toContain('21〜56日');
  const [hubProduct] = await sql.query<{ id: string }>(
    "SELECT id FROM vaccine_products WHERE name = 'テスト用ワクチンB'",
  );
  expect(hubProduct).toBeDefined();
  expect(localRows('SELECT 1 FROM vaccine_products WHERE id = ?', hubProduct!.id)).toHaveLength(1);
  await shot(page, 'products', { notices: true });

  // ── a venue offering it ──
  await page.getByRole('tab', { name: '会場' }).click();
  await page.getByRole('button', { name: '新しい会場を登録' }).click();
  const venueDialog = page.getByRole('dialog', { name: '会場の登録' });
  await field(venueDialog, '会場名').fill('南町コミュニティセンター');
  await venueDialog.getByLabel('会場名のフリガナ').fill('ミナミマチコミュニティセンター');
  await field(venueDialog, '住所').fill('東京都千代田区南町5-1');
  await venueDialog.getByLabel('電話番号').fill('03-5555-0101');
  await choose(page, '会場の自治体', `テスト区（${fixtureMunicipality.code}）`);
  await venueDialog
    .getByLabel('行き方・駐車場・入口（電話予約の読み上げに使います）')
    .fill('正面玄関から2階ホールへ');
  await choose(page, '取り扱うワクチン', 'テスト用ワクチンB');
  await page.keyboard.press('Escape');
  await venueDialog.getByRole('button', { name: '登録（Enter）' }).click();
  await page.getByText('「南町コミュニティセンター」を登録しました（ハブに反映済み）').waitFor();
  const [hubVenue] = await sql.query<{ id: string; access_notes: string; product_ids: string[] }>(
    "SELECT id, access_notes, product_ids FROM venues WHERE name = '南町コミュニティセンター'",
  );
  expect(hubVenue).toMatchObject({ access_notes: '正面玄関から2階ホールへ', product_ids: [hubProduct!.id] });
  await page.getByRole('row').filter({ hasText: '南町コミュニティセンター' }).waitFor();
  await shot(page, 'venues', { notices: true });

  // ── a month of slots, the holiday skipped in the preview ──
  await page.getByRole('tab', { name: '枠の作成' }).click();
  await choose(page, '会場', '南町コミュニティセンター');
  // The venue offers one vaccine: it is chosen already.
  await expect.poll(() => field(page, 'ワクチン').inputValue(), soon).toBe('テスト用ワクチンB');
  await typeDate(page, '開始日', month.from);
  await typeDate(page, '終了日', month.to);
  await page.getByRole('button', { name: 'カレンダーで確認' }).click();
  const holidayCell = page.locator(`[data-date="${month.holiday}"]`);
  await expect.poll(() => holidayCell.getAttribute('data-state'), soon).toBe('holiday');
  expect(await holidayCell.textContent()).toContain(month.name);
  expect(await holidayCell.textContent()).toContain('祝日休み');
  const applyButton = page.getByRole('button', { name: /枠を作成する$/ });
  const planned = Number((await applyButton.textContent())!.replace(/\D/g, ''));
  expect(planned).toBeGreaterThan(0);
  await shot(page, 'generation-preview');
  await applyButton.click();
  await page.locator('[data-generation-done]').waitFor(soon);
  const generated = await sql.query<{ id: string; date: string }>(
    'SELECT id, date::text AS date FROM slots WHERE venue_id = $1 ORDER BY date, start_time',
    [hubVenue!.id],
  );
  expect(generated).toHaveLength(planned);
  expect(generated.some((s) => s.date === month.holiday)).toBe(false);
  // In this desktop's copy when the answer came.
  expect(localRows('SELECT 1 FROM slots WHERE venue_id = ?', hubVenue!.id)).toHaveLength(planned);
  await shot(page, 'generation-done');
  // The same request again makes nothing new.
  await page.getByRole('button', { name: 'カレンダーで確認' }).click();
  await page.getByText('新しく作成する枠はありません。').waitFor(soon);
  expect(await page.getByRole('button', { name: /枠を作成する$/ }).isDisabled()).toBe(true);

  // ── a week's capacity ──
  const firstMonday = generated.map((s) => s.date).find((d) => dayOfWeek(d) === 1 && d !== month.holiday)!;
  const weekSlots = generated.filter((s) => s.date >= firstMonday && s.date <= addDays(firstMonday, 6));
  const crowded = weekSlots[0]!;
  const booked = [await bookOnline(crowded.id), await bookOnline(crowded.id)];
  await page.getByRole('tab', { name: '定員の一括変更' }).click();
  await choose(page, '会場', '南町コミュニティセンター');
  await typeDate(page, '日付', firstMonday);
  await page.getByText(`${weekSlots.length}枠中${weekSlots.length}枠を選択`).waitFor(soon);
  // A cut below the two online bookings: refused by the hub, the residents named, nothing changed.
  await field(page, '定員').fill('1');
  await page.keyboard.press('Enter');
  const refusal = page.locator('[data-below-booked]');
  await refusal.waitFor(soon);
  expect(await refusal.textContent()).toContain('山田 太郎');
  for (const b of booked) expect(await refusal.textContent()).toContain(b.bookingNumber.slice(0, 2));
  expect(
    (
      await sql.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM slots WHERE venue_id = $1 AND capacity = 1',
        [hubVenue!.id],
      )
    )[0]!.n,
  ).toBe(0);
  await shot(page, 'capacity-refused');
  await field(page, '定員').fill('１２');
  await field(page, 'コールセンター枠').fill('3');
  await page.keyboard.press('Enter');
  await page.locator('[data-bulk-done]').waitFor(soon);
  expect(await page.locator('[data-bulk-done]').textContent()).toContain(
    `${weekSlots.length}枠を変更しました`,
  );
  const changed = await sql.query<{ capacity: number; call_center_reserve: number }>(
    'SELECT capacity, call_center_reserve FROM slots WHERE id = ANY($1::text[])',
    [weekSlots.map((s) => s.id)],
  );
  expect(changed.every((s) => s.capacity === 12 && s.call_center_reserve === 3)).toBe(true);
  expect(
    localRows<{ capacity: number }>(
      `SELECT capacity FROM slots WHERE id IN (${weekSlots.map(() => '?').join(', ')})`,
      ...weekSlots.map((s) => s.id),
    ).every((s) => s.capacity === 12),
  ).toBe(true);
  await shot(page, 'capacity-done');

  // ── cancel that day's session and move its residents ──
  await page.getByRole('tab', { name: '接種回の中止' }).click();
  await choose(page, '会場', '南町コミュニティセンター');
  await typeDate(page, '日付', crowded.date);
  await page.getByRole('button', { name: '影響を確認' }).click();
  const plan = page.locator('[data-session-plan]');
  await plan.waitFor(soon);
  expect(await plan.textContent()).toContain('2名が予約しています。2名を移動でき');
  expect(await plan.textContent()).toContain('山田 太郎');
  await shot(page, 'session-plan');
  await page.getByRole('button', { name: '中止して2名を移動する' }).click();
  const confirm = page.getByRole('dialog', { name: '接種回の中止' });
  // 戻る has the focus: confirming takes a Tab and Enter.
  await expect.poll(() => page.evaluate(() => document.activeElement?.textContent), soon).toBe('戻る');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await confirm.waitFor({ state: 'hidden', timeout: 30_000 });
  const outcome = page.locator('[data-session-outcome]');
  await outcome.waitFor(soon);
  expect(await outcome.locator('[data-outcome="moved"]').count()).toBe(2);
  const daySlots = generated.filter((s) => s.date === crowded.date).map((s) => s.id);
  const hubBookings = await sql.query<{ slot_id: string; status: string }>(
    'SELECT slot_id, status FROM bookings WHERE booking_number = ANY($1::text[])',
    [booked.map((b) => b.bookingNumber)],
  );
  expect(hubBookings.every((b) => b.status === 'confirmed' && !daySlots.includes(b.slot_id))).toBe(true);
  const closed = await sql.query<{ status: string }>('SELECT status FROM slots WHERE id = ANY($1::text[])', [
    daySlots,
  ]);
  expect(closed.every((s) => s.status === 'closed')).toBe(true);
  expect(
    localRows<{ slot_id: string }>(
      `SELECT slot_id FROM bookings WHERE booking_number IN (?, ?)`,
      ...booked.map((b) => b.bookingNumber),
    ).every((b) => !daySlots.includes(b.slot_id)),
  ).toBe(true);
  await shot(page, 'session-done');

  // The same screen in English.
  await page.getByText('English', { exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Manager desk' }).waitFor();
  expect(await outcome.textContent()).toContain('2 residents moved');
  await shot(page, 'session-done-en');

  expect(pageErrors).toEqual([]);
});
