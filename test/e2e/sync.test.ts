/**
 * Demo mode end to end: browser mode on a fresh profile starts beside its local demo hub, takes the
 * demo city from it, and a booking made through the hub's public API (what the resident page and LINE
 * call) shows up on the desktop's overview in Chromium without a reload, and one made on the
 * resident booking page shows up in the desktop's bookings list the same way. The sync screen shows the
 * state, "sync now" works, the settings form explains bad input in Japanese, and hub rows the desk could
 * not read are listed by kind, id and field, never with their values.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { setRowAside } from '../../db/queries/sync-set-aside.ts';
import { addDays, todayIn } from '../../domain/calendar.ts';
import {
  type BrowserMode,
  ensureRendererBuilt,
  openDeskDatabase,
  repoRoot,
  startBrowserMode,
  waitForOutput,
} from './browser-mode.ts';
import { launchChromium } from './chromium.ts';
import { readExpectedDay } from './expected-overview.ts';
import { expectOverviewShows, tabTo, waitForDay } from './overview-page.ts';
import { uiText } from './ui-text.ts';

const screenshotDir = join(repoRoot, 'test-results', 'e2e');
const hubAddressPattern = /Resident booking page \(demo\):\s+(http:\/\/127\.0\.0\.1:\d+\/)/;

let browser: Browser;
let desk: BrowserMode;
let dataDir: string;
let hubUrl: string;
const contexts: BrowserContext[] = [];
let pageErrors: string[] = [];

beforeAll(async () => {
  ensureRendererBuilt();
  dataDir = mkdtempSync(join(tmpdir(), 'desk-sync-e2e-'));
  desk = await startBrowserMode({ dataDir, args: ['--no-simulate'] });
  browser = await launchChromium();
  mkdirSync(screenshotDir, { recursive: true });
  hubUrl = (await waitForOutput(desk, hubAddressPattern, 240_000))[1]!;
  await waitForOutput(desk, /\[sync\] snapshot of \d+ rows/, 240_000);
});

afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close();
});

afterAll(async () => {
  await browser?.close();
  await desk?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function openApp(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'ja-JP' });
  contexts.push(context);
  const page = await context.newPage();
  pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(desk.url);
  return page;
}

/** An adult of the demo city with no booking and no recorded dose, from the desktop's own copy. */
function freeResident(): { ticketNumber: string; birthDate: string } {
  const db = openDeskDatabase(desk.databasePath);
  try {
    return db
      .prepare(
        `SELECT c.ticket_number AS ticketNumber, c.birth_date AS birthDate FROM coupons c
          WHERE c.status = 'active' AND c.birth_date < '1990-01-01'
            AND NOT EXISTS (SELECT 1 FROM bookings b WHERE b.coupon_id = c.id)
            AND NOT EXISTS (SELECT 1 FROM coupon_doses d WHERE d.coupon_id = c.id)
          ORDER BY c.ticket_number LIMIT 1`,
      )
      .get() as { ticketNumber: string; birthDate: string };
  } finally {
    db.close();
  }
}

/** The earliest slot the online channel can still book, from the hub's public API. */
async function firstBookableSlot(): Promise<{ id: string; date: string }> {
  const venues = (await (await fetch(new URL('api/v1/public/venues', hubUrl))).json()) as {
    venues: Array<{ id: string }>;
  };
  let best: { id: string; date: string } | null = null;
  const from = todayIn('Asia/Tokyo');
  for (const venue of venues.venues) {
    const answer = (await (
      await fetch(
        new URL(`api/v1/public/slots?venueId=${venue.id}&from=${from}&to=${addDays(from, 14)}`, hubUrl),
      )
    ).json()) as { slots: Array<{ id: string; date: string; remaining: number }> };
    for (const slot of answer.slots) {
      if (slot.remaining > 0 && (!best || slot.date < best.date)) best = { id: slot.id, date: slot.date };
    }
  }
  if (!best) throw new Error('the demo hub has no bookable slot in the next two weeks');
  return best;
}

describe('demo mode: the desktop beside its local demo hub', () => {
  test('a booking made through the hub’s public API appears on the overview without a reload', async () => {
    const slot = await firstBookableSlot();
    const page = await openApp();
    const today = todayIn('Asia/Tokyo');
    await waitForDay(page, today, 'ja');
    // The header says where sync stands.
    await page.getByRole('banner').getByText('同期: 最新', { exact: true }).waitFor({ timeout: 60_000 });
    if (slot.date !== today) {
      await tabTo(page, '次の日');
      for (let date = today; date < slot.date; date = addDays(date, 1)) await page.keyboard.press('Enter');
    }
    const before = readExpectedDay(desk.databasePath, slot.date);
    await expectOverviewShows(page, before, 'ja');

    const resident = freeResident();
    const answer = await fetch(new URL('api/v1/public/bookings', hubUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify({ ...resident, slotId: slot.id }),
    });
    expect(answer.status).toBe(201);

    // The page was not reloaded: the new online booking arrives through sync and the desk's events.
    await expect
      .poll(() => readExpectedDay(desk.databasePath, slot.date).totals.booked.online, { timeout: 30_000 })
      .toBe(before.totals.booked.online + 1);
    await expect
      .poll(
        async () => {
          try {
            await expectOverviewShows(page, readExpectedDay(desk.databasePath, slot.date), 'ja');
            return true;
          } catch {
            return false;
          }
        },
        { timeout: 30_000, interval: 500 },
      )
      .toBe(true);
    await page.screenshot({ path: join(screenshotDir, 'sync-online-booking-arrived.png') });
    expect(pageErrors).toEqual([]);
  });

  test('a booking made on the resident page appears in the desktop’s bookings list without a reload', async () => {
    const resident = freeResident();
    const desktop = await openApp();
    await desktop.getByRole('banner').getByText('同期: 最新', { exact: true }).waitFor({ timeout: 60_000 });
    await desktop.getByRole('link', { name: '予約一覧' }).click();
    await desktop.getByRole('heading', { level: 1, name: '予約一覧' }).waitFor();
    await desktop.getByLabel('検索（前方一致）').fill(resident.ticketNumber);
    await desktop.getByText('条件に合う予約はありません', { exact: true }).waitFor();

    // The resident, on a phone, books on the hub's page (what the desktop does not know about).
    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      locale: 'ja-JP',
    });
    contexts.push(phone);
    const residentPage = await phone.newPage();
    await residentPage.goto(hubUrl);
    await residentPage.getByLabel('接種券番号（10桁）').fill(resident.ticketNumber);
    await residentPage.getByLabel('生年月日').fill(resident.birthDate.replaceAll('-', '/'));
    await residentPage.getByLabel('生年月日').press('Enter');
    await residentPage.getByRole('button', { name: '新しく予約する' }).click();
    await residentPage.getByRole('radio').first().check();
    await residentPage.getByRole('button', { name: '次へ' }).and(residentPage.locator(':visible')).click();
    await residentPage.locator('#time-list input[type=radio]:not(:disabled)').first().check();
    await residentPage.getByRole('button', { name: '次へ' }).and(residentPage.locator(':visible')).click();
    await residentPage.getByRole('button', { name: 'この内容で予約する' }).click();
    await residentPage.getByText('予約が完了しました').waitFor({ timeout: 15_000 });
    const bookingNumber = (await residentPage.locator('.booking-number').first().textContent())!;
    expect(bookingNumber).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);

    // The desktop's list, untouched since the search, now shows it as an online booking.
    const row = desktop.getByRole('row').filter({ hasText: bookingNumber });
    await row.waitFor({ timeout: 30_000 });
    expect(await row.textContent()).toContain('オンライン');
    await desktop.screenshot({ path: join(screenshotDir, 'sync-resident-page-booking-in-list.png') });
    expect(pageErrors).toEqual([]);
  });

  test('the sync screen shows the demo hub, syncs on demand and checks the settings in Japanese', async () => {
    const t = await uiText('ja');
    const page = await openApp();
    const indicator = page.getByRole('banner').getByRole('link', { name: /^同期/ });
    await page.getByRole('banner').getByText('同期: 最新', { exact: true }).waitFor({ timeout: 60_000 });
    await indicator.click();
    await page.getByRole('heading', { level: 1, name: '同期' }).waitFor();
    await page.getByText(t('syncView.demoHub'), { exact: true }).waitFor();
    await page.getByText(t('syncView.liveMode.pokes'), { exact: true }).waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('sync-outbox-count').textContent()).toBe('0件');

    await page.getByRole('button', { name: '同期する' }).click();
    await page.getByText('同期しました', { exact: true }).waitFor();

    await page.getByLabel('ハブのアドレス').fill('hub.example');
    await page.getByLabel('端末ID').fill('12345');
    await page.getByRole('button', { name: '保存して接続' }).click();
    await page.getByText(t('syncView.issue.url'), { exact: true }).waitFor();
    await page.getByText(t('syncView.issue.uuid'), { exact: true }).waitFor();
    await page.getByText(t('syncView.issue.required'), { exact: true }).waitFor();
    await page.screenshot({ path: join(screenshotDir, 'sync-screen.png'), fullPage: true });
    // Nothing was saved: the desktop still syncs from its demo hub.
    expect(await page.getByText(t('syncView.demoHub'), { exact: true }).count()).toBe(1);
    expect(pageErrors).toEqual([]);
  });

  test('the sync screen lists a hub row the desk could not read by kind, id and field, without its values', async () => {
    // A coupon record of a form this desk does not read, as a pull would have set it aside.
    const couponId = randomUUID();
    const db = openDeskDatabase(desk.databasePath, { writable: true });
    try {
      setRowAside(
        db,
        {
          entity: 'coupon',
          id: couponId,
          op: 'upsert',
          payload: { id: couponId, name: '内密 花子', birthDate: '昭和22年4月1日', phone: '090-9876-5432' },
        },
        ['birthDate'],
        new Date(),
      );
    } finally {
      db.close();
    }
    const t = await uiText('ja');
    const page = await openApp();
    await page.getByRole('banner').getByText('同期: 最新', { exact: true }).waitFor({ timeout: 60_000 });
    await page.getByRole('banner').getByRole('link', { name: /^同期/ }).click();
    await page.getByRole('heading', { level: 1, name: '同期' }).waitFor();
    // Read again by the pull that "sync now" runs, and still unreadable: it stays listed.
    await page.getByRole('button', { name: '同期する' }).click();
    await page.getByText('同期しました', { exact: true }).waitFor();
    const section = page.getByRole('region', { name: t('syncView.setAsideTitle') });
    await section.waitFor();
    await section.getByText(t('syncView.setAsideIntro', { count: 1 }), { exact: true }).waitFor();
    const row = section.getByRole('row').filter({ hasText: couponId });
    expect(await row.getByRole('cell').allTextContents()).toEqual([
      t('syncView.entity.coupon'),
      couponId,
      'birthDate',
      expect.any(String),
    ]);
    const text = (await page.locator('body').textContent()) ?? '';
    for (const value of ['内密', '昭和22年', '090-9876-5432']) expect(text).not.toContain(value);
    await section.screenshot({ path: join(screenshotDir, 'sync-set-aside.png') });
    expect(pageErrors).toEqual([]);
  });
});
