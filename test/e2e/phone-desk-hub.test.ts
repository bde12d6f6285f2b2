/**
 * The phone desk with a real hub, end to end and keyboard only: the hub (server/, PGlite in this
 * process) is stopped and started again on the same port while browser mode (the real desk process,
 * its own SQLite file) syncs with it and Chromium drives the screen.
 *
 * - Holds: choosing a slot holds its seat on the hub (a row in `holds`) with a countdown on screen;
 *   F8 extends it; Esc and F2 give it back; a hold that runs out says so, and the booking still goes;
 *   the last seat held by another desktop: the hub refuses, the desk says so and goes back to the grid.
 * - Live counts: an online booking arriving through sync lowers the grid's count without a reload.
 * - Hub unreachable: the booking is provisional (仮予約), confirmed (確定) once the hub is back.
 * - The last seat: taken online while the desk was cut off, the desk's booking comes back rejected,
 *   becomes a callback task with the reason in Japanese, and two keys start the rebooking.
 *
 * Screenshots go to test-results/e2e/phone-desk-hub-*.png.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { addDays, todayIn } from '../../domain/calendar.ts';
import { formatEraDate } from '../../domain/era-date.ts';
import type { HoldPolicy } from '../../server/booking/hold-seats.ts';
import { buildHubApp } from '../../server/http/build-hub-app.ts';
import type { HubSql } from '../../server/store/hub-sql.ts';
import { migrate } from '../../server/store/migrate.ts';
import { openPgliteEngine } from '../../server/store/pglite-engine.ts';
import { createFixture, type Fixture, type FixtureCoupon } from '../integration/hub-support.ts';
import { type DeskCredentials, deskCredentials, freePort } from '../integration/sync-support.ts';
import { type BrowserMode, ensureRendererBuilt, repoRoot, startBrowserMode } from './browser-mode.ts';
import { launchChromium } from './chromium.ts';
import { CountedKeyboard, moveTo, rowsWhere, waitForFocus } from './phone-desk-page.ts';

const screenshotDir = join(repoRoot, 'test-results', 'e2e');
/** Short holds, so that the warning colour shows at once and a hold runs out within the test. */
const holdPolicy: HoldPolicy = { holdMinutes: 1, extendMinutes: 5, maxTotalMinutes: 15 };

let sql: HubSql;
let fx: Fixture;
let hubPort: number;
let hub: FastifyInstance | null = null;
let desk: BrowserMode;
let dataDir: string;
let browser: Browser;
let today: string;
const contexts: BrowserContext[] = [];
let pageErrors: string[] = [];
/** Waits for something the desk or the hub does next (not a speed requirement). */
const soon = { timeout: 15_000, interval: 200 };

/** The hub's HTTP side on a port; the database (and so every booking and hold) outlives it. */
async function serveHub(port: number): Promise<FastifyInstance> {
  const app = await buildHubApp({ sql, logLevel: 'error', rateLimits: false, holdPolicy });
  await app.listen({ host: '127.0.0.1', port });
  return app;
}

async function stopHub(): Promise<void> {
  await hub?.close();
  hub = null;
}

const hubUrl = (port = hubPort) => `http://127.0.0.1:${port}/`;

async function bookOnline(coupon: FixtureCoupon, slotId: string, port = hubPort): Promise<void> {
  const answer = await fetch(new URL('api/v1/public/bookings', hubUrl(port)), {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
    body: JSON.stringify({ ticketNumber: coupon.ticketNumber, birthDate: coupon.birthDate, slotId }),
  });
  expect(answer.status).toBe(201);
}

/** Another desktop holding a seat, straight through the hub's sync API; `release` gives it back. */
async function holdAsAnotherDesk(
  credentials: DeskCredentials,
  slotId: string,
): Promise<{ release: () => Promise<void> }> {
  const headers = { 'content-type': 'application/json', 'x-hub-protocol': '1' };
  const login = await fetch(new URL('api/v1/sync/login', hubUrl()), {
    method: 'POST',
    headers,
    body: JSON.stringify({
      deviceId: credentials.deviceId,
      deviceSecret: credentials.deviceSecret,
      login: credentials.staffLogin,
      password: credentials.password,
    }),
  });
  const { token } = (await login.json()) as { token: string };
  const signedIn = { ...headers, authorization: `Bearer ${token}` };
  const holdId = randomUUID();
  const hold = await fetch(new URL('api/v1/sync/holds', hubUrl()), {
    method: 'POST',
    headers: signedIn,
    body: JSON.stringify({ holdId, slotId }),
  });
  expect(hold.status).toBe(200);
  return {
    release: async () => {
      const released = await fetch(new URL(`api/v1/sync/holds/${holdId}/release`, hubUrl()), {
        method: 'POST',
        headers: signedIn,
        body: '{}',
      });
      expect(released.status).toBe(200);
    },
  };
}

/**
 * Another desktop's hold that this desk has not heard of yet (the moment before its pull): written
 * straight into the hub's tables, without a change-log row, so the desk still offers the seat.
 */
async function holdNotYetPulled(slotId: string): Promise<void> {
  await sql.query(
    `INSERT INTO holds (id, municipality_code, slot_id, staff_id, device_id, created_at, expires_at, expires_cap_at)
     SELECT $1, municipality_code, id, NULL, NULL, now(), now() + interval '10 minutes', now() + interval '15 minutes'
       FROM slots WHERE id = $2`,
    [randomUUID(), slotId],
  );
  await sql.query('UPDATE slots SET held = held + 1 WHERE id = $1', [slotId]);
}

const holdsOn = (slotId: string) =>
  sql.query<{ id: string; expires_at: Date }>('SELECT id, expires_at FROM holds WHERE slot_id = $1', [
    slotId,
  ]);
function auditedViewsOf(couponId: string): number {
  return rowsWhere(
    desk.databasePath,
    "SELECT 1 FROM audit_events WHERE action = 'coupon.view' AND entity_ids LIKE '%' || ? || '%'",
    couponId,
  ).length;
}

function localStatusOfCoupon(couponId: string): string | null {
  const [row] = rowsWhere<{ status: string }>(
    desk.databasePath,
    'SELECT status FROM bookings WHERE coupon_id = ?',
    couponId,
  );
  return row?.status ?? null;
}

async function seatsTaken(slotId: string): Promise<{ booked: number; held: number }> {
  const [row] = await sql.query<{ booked: number; held: number }>(
    'SELECT booked_online + booked_phone + booked_walk_in AS booked, held FROM slots WHERE id = $1',
    [slotId],
  );
  return { booked: Number(row!.booked), held: Number(row!.held) };
}
const hubBookingsOf = (couponId: string) =>
  sql.query<{ slot_id: string; dose_number: number; channel: string; status: string }>(
    'SELECT slot_id, dose_number, channel, status FROM bookings WHERE coupon_id = $1 ORDER BY dose_number',
    [couponId],
  );

interface Slots {
  /** Capacity 5, today + 2, 10:00; its follow-up 21 days later at the same time. */
  holdA: string;
  holdAFollowUp: string;
  offlineB: string;
  lastSeatC: string;
  rebookD: string;
  /** Capacity 1, its seat held by another desktop. */
  heldElsewhereE: string;
  /** Capacity 1, its seat held by another desktop that this desk hears of, then released. */
  heldElsewhereH: string;
  /** A booking made online here is moved by phone to moveToG. */
  moveFromF: string;
  moveToG: string;
}
let slots: Slots;
const day = { a: 2, b: 3, c: 4, d: 5, e: 6, f: 7, g: 8, h: 9 };

beforeAll(async () => {
  ensureRendererBuilt();
  today = todayIn('Asia/Tokyo');
  sql = await openPgliteEngine(':memory:');
  await migrate(sql);
  fx = await createFixture(sql);
  slots = {
    holdA: await fx.slot({ date: addDays(today, day.a), capacity: 5 }),
    holdAFollowUp: await fx.slot({ date: addDays(today, day.a + 21), capacity: 5 }),
    offlineB: await fx.slot({ date: addDays(today, day.b), capacity: 5 }),
    lastSeatC: await fx.slot({ date: addDays(today, day.c), capacity: 1 }),
    rebookD: await fx.slot({ date: addDays(today, day.d), capacity: 5 }),
    heldElsewhereE: await fx.slot({ date: addDays(today, day.e), capacity: 1 }),
    heldElsewhereH: await fx.slot({ date: addDays(today, day.h), capacity: 1 }),
    moveFromF: await fx.slot({ date: addDays(today, day.f), capacity: 5 }),
    moveToG: await fx.slot({ date: addDays(today, day.g), capacity: 5 }),
  };
  hubPort = await freePort();
  hub = await serveHub(hubPort);
  const credentials = await deskCredentials(sql);

  dataDir = mkdtempSync(join(tmpdir(), 'desk-phone-hub-e2e-'));
  desk = await startBrowserMode({ dataDir, args: ['--empty', '--no-demo-hub'] });
  const saved = (await desk.call('saveSyncSettings', { hubUrl: hubUrl(), ...credentials })) as {
    ok: boolean;
    value?: { outcome: string };
  };
  expect(saved).toMatchObject({ ok: true, value: { outcome: 'saved' } });
  browser = await launchChromium();
  mkdirSync(screenshotDir, { recursive: true });
});

afterAll(async () => {
  // The desk process's own lines (sync rounds, no personal data), for when a step did not happen.
  if (desk) writeFileSync(join(screenshotDir, 'phone-desk-hub-desk.log'), desk.output());
  for (const context of contexts.splice(0)) await context.close();
  await browser?.close();
  await desk?.stop();
  await stopHub();
  await sql?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function openDesk(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'ja-JP' });
  contexts.push(context);
  const page = await context.newPage();
  pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(desk.url);
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  await page.evaluate(() => {
    window.location.hash = '#/phone-booking';
  });
  await page.getByRole('heading', { level: 1, name: '電話予約' }).waitFor();
  await waitForFocus(page, '[data-field="search-main"]');
  return page;
}

async function shot(page: Page, name: string): Promise<void> {
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width: 1440, height: Math.max(height, 1000) });
  await page.screenshot({ path: join(screenshotDir, `phone-desk-hub-${name}.png`), animations: 'disabled' });
}

async function hubState(page: Page): Promise<string | null> {
  return page.getByTestId('hub-status').getAttribute('data-hub');
}

/** Ticket and birth date as the caller says them, up to the grid. */
async function verify(page: Page, keys: CountedKeyboard, coupon: FixtureCoupon): Promise<void> {
  await waitForFocus(page, '[data-field="search-main"]');
  await keys.dictate(coupon.ticketNumber);
  await keys.press('Enter');
  await waitForFocus(page, '[data-field="verify-birth"]');
  await keys.dictate(formatEraDate(coupon.birthDate, 'short'));
  await keys.press('Enter');
  await waitForFocus(page, '[data-cell]');
}

/** The grid cell of `date`, its first time, then the dose 2 step. */
async function chooseSlot(page: Page, keys: CountedKeyboard, date: string): Promise<void> {
  await moveTo(page, keys, fx.venueId, date);
  await keys.press('Enter');
  await waitForFocus(page, '[data-testid="slot-times"] [data-option]');
  await keys.press('Enter');
  await page.getByRole('heading', { name: '2回目の予約' }).waitFor();
  await waitForFocus(page, '[data-option]');
}

const holdRow = (page: Page, position: 'first' | 'followUp') =>
  page.locator(`[data-testid="seat-hold"][data-position="${position}"]`);

async function countdownSeconds(page: Page, position: 'first' | 'followUp'): Promise<number> {
  const text = (await holdRow(page, position).getByTestId('hold-countdown').textContent()) ?? '';
  const match = /^仮押さえ 残り (\d+):(\d\d)$/.exec(text);
  if (!match) throw new Error(`not a countdown: ${text}`);
  return Number(match[1]) * 60 + Number(match[2]);
}

describe('the phone desk with a hub', () => {
  test('waits for the first snapshot from the hub', async () => {
    const page = await openDesk();
    await expect
      .poll(() => page.locator('[data-sync-state]').getAttribute('data-sync-state'), {
        timeout: 60_000,
        interval: 500,
      })
      .toBe('idle');
    expect(await hubState(page)).toBe('online');
  });

  test('a chosen slot is held on the hub with a countdown; F8 extends, Esc and F2 release; a hold runs out', async () => {
    const [caller, resident] = await fx.coupons(2);
    const page = await openDesk();
    const keys = new CountedKeyboard(page);
    await verify(page, keys, caller!);

    // Remaining counts move on their own: an online booking arrives through sync while the grid is open.
    const cellA = page.locator(`[data-cell="${fx.venueId} ${addDays(today, day.a)}"]`);
    expect(await cellA.textContent()).toBe('5');
    await bookOnline(resident!, slots.holdA);
    await expect.poll(() => cellA.textContent(), { timeout: 30_000, interval: 250 }).toBe('4');

    await chooseSlot(page, keys, addDays(today, day.a));
    const first = holdRow(page, 'first');
    // Under a minute from the start (the test hub holds for one minute): the warning colour at once.
    await expect.poll(() => first.getAttribute('data-status'), { timeout: 15_000 }).toBe('ending');
    expect(await countdownSeconds(page, 'first')).toBeLessThanOrEqual(60);
    const [heldA] = await holdsOn(slots.holdA);
    expect(heldA).toBeDefined();
    await keys.press('Enter'); // dose 2: same venue and time, 21 days later
    await page.getByTestId('confirm-summary').waitFor();
    await expect.poll(() => holdRow(page, 'followUp').getAttribute('data-status'), soon).toBe('ending');
    expect(await holdsOn(slots.holdAFollowUp)).toHaveLength(1);
    await shot(page, '1-held-warning');

    // F8: five more minutes from now, for both holds, on the hub and on screen.
    await keys.press('F8');
    await expect.poll(() => first.getAttribute('data-status'), soon).toBe('held');
    await expect.poll(() => holdRow(page, 'followUp').getAttribute('data-status'), soon).toBe('held');
    expect(await countdownSeconds(page, 'first')).toBeGreaterThan(4 * 60);
    const [extendedA] = await holdsOn(slots.holdA);
    expect(extendedA!.id).toBe(heldA!.id);
    expect(extendedA!.expires_at.getTime() - heldA!.expires_at.getTime()).toBeGreaterThan(3 * 60_000);
    await shot(page, '2-extended');

    // Esc back to dose 2 gives its seat back; Esc again gives the first one back.
    await keys.press('Escape');
    await page.getByRole('heading', { name: '2回目の予約' }).waitFor();
    await expect.poll(() => holdsOn(slots.holdAFollowUp).then((r) => r.length), soon).toBe(0);
    expect(await holdsOn(slots.holdA)).toHaveLength(1);
    await keys.press('Escape');
    await waitForFocus(page, '[data-cell]');
    await expect.poll(() => holdsOn(slots.holdA).then((r) => r.length), soon).toBe(0);
    expect(await page.getByTestId('seat-holds').count()).toBe(0);

    // Chosen again, then F2 (a new call): released as well.
    await chooseSlot(page, keys, addDays(today, day.a));
    await expect.poll(() => first.getAttribute('data-status'), soon).toBe('ending');
    expect(await holdsOn(slots.holdA)).toHaveLength(1);
    await keys.press('F2');
    await waitForFocus(page, '[data-field="search-main"]');
    await expect.poll(() => holdsOn(slots.holdA).then((r) => r.length), soon).toBe(0);

    // A hold left to run out: the screen says the seat is no longer held; the booking still goes.
    await verify(page, keys, caller!);
    await chooseSlot(page, keys, addDays(today, day.a));
    await expect.poll(() => first.getAttribute('data-status'), soon).toBe('ending');
    await expect
      .poll(() => first.getAttribute('data-status'), { timeout: 90_000, interval: 1_000 })
      .toBe('expired');
    expect(await first.textContent()).toContain('この席はもう確保されていません');
    await keys.press('Enter');
    await page.getByTestId('confirm-summary').waitFor();
    await expect.poll(() => holdRow(page, 'followUp').getAttribute('data-status'), soon).toBe('ending');
    await shot(page, '3-expired');
    await keys.press('F9');
    // The hub first (the desk pushed both), then the screen (it heard back): a failure says which side.
    await expect
      .poll(() => hubBookingsOf(caller!.id), { timeout: 60_000, interval: 500 })
      .toEqual([
        { slot_id: slots.holdA, dose_number: 1, channel: 'phone', status: 'confirmed' },
        { slot_id: slots.holdAFollowUp, dose_number: 2, channel: 'phone', status: 'confirmed' },
      ]);
    await expect
      .poll(() => page.getByTestId('booking-status').textContent(), soon)
      .toBe('確定（ハブ受付済み）');
    // The follow-up's hold became its booking's seat; the run-out one was swept by the booking.
    expect(await holdsOn(slots.holdAFollowUp)).toHaveLength(0);
    expect(await holdsOn(slots.holdA)).toHaveLength(0);
    expect(pageErrors).toEqual([]);
  }, 240_000);

  test('a seat another desktop holds shows as taken here, and comes back when that desktop lets it go', async () => {
    const [caller] = await fx.coupons(1);
    const page = await openDesk();
    const keys = new CountedKeyboard(page);
    await expect.poll(() => hubState(page), { timeout: 60_000, interval: 500 }).toBe('online');
    await verify(page, keys, caller!);
    const cellH = page.locator(`[data-cell="${fx.venueId} ${addDays(today, day.h)}"]`);
    expect(await cellH.getAttribute('data-state')).toBe('bookable');
    expect(await cellH.textContent()).toBe('1');

    const other = await holdAsAnotherDesk(await deskCredentials(sql), slots.heldElsewhereH);
    await expect.poll(() => cellH.getAttribute('data-state'), soon).toBe('full');
    await shot(page, '4a-held-elsewhere');
    // Not choosable: Enter on the full cell opens no times, and no hold is asked for.
    await moveTo(page, keys, fx.venueId, addDays(today, day.h));
    await keys.press('Enter');
    expect(await page.locator('[data-testid="slot-times"] [data-option]').count()).toBe(0);
    expect(await holdsOn(slots.heldElsewhereH)).toHaveLength(1);

    await other.release();
    await expect.poll(() => cellH.textContent(), soon).toBe('1');
    expect(await cellH.getAttribute('data-state')).toBe('bookable');
    expect(await hubBookingsOf(caller!.id)).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  test('the last seat held by another desktop before this desk heard of it: the hub refuses the hold and the desk says so', async () => {
    const [caller] = await fx.coupons(1);
    await holdNotYetPulled(slots.heldElsewhereE);
    const page = await openDesk();
    const keys = new CountedKeyboard(page);
    await expect.poll(() => hubState(page), { timeout: 60_000, interval: 500 }).toBe('online');
    await verify(page, keys, caller!);
    const cellE = page.locator(`[data-cell="${fx.venueId} ${addDays(today, day.e)}"]`);
    expect(await cellE.textContent()).toBe('1');
    await moveTo(page, keys, fx.venueId, addDays(today, day.e));
    await keys.press('Enter');
    await waitForFocus(page, '[data-testid="slot-times"] [data-option]');
    await keys.press('Enter');
    const full = page.getByTestId('hold-full');
    await full.waitFor({ timeout: 15_000 });
    expect(await full.textContent()).toContain('もう満席でした');
    // Back on the grid to choose another slot; the other desktop's hold is untouched.
    await waitForFocus(page, '[data-cell]');
    await shot(page, '4-hold-refused');
    expect(await holdsOn(slots.heldElsewhereE)).toHaveLength(1);
    expect(await hubBookingsOf(caller!.id)).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  test('a change holds the new seat while the caller listens; the hub moves the booking onto that seat', async () => {
    const [caller] = await fx.coupons(1);
    await bookOnline(caller!, slots.moveFromF);
    const page = await openDesk();
    const keys = new CountedKeyboard(page);
    await expect.poll(() => hubState(page), { timeout: 60_000, interval: 500 }).toBe('online');
    await keys.dictate(caller!.ticketNumber);
    await keys.press('Enter');
    await waitForFocus(page, '[data-field="verify-birth"]');
    await keys.dictate(formatEraDate(caller!.birthDate, 'short'));
    await keys.press('Enter');
    // The online booking is there to change: from the dose 2 grid back to the caller, then to its button.
    const changeButton = page.locator('[data-testid="caller-bookings"] button').first();
    await changeButton.waitFor({ timeout: 30_000 });
    await keys.press('Escape');
    for (
      let tab = 0;
      tab < 8 && !(await changeButton.evaluate((el) => el === document.activeElement));
      tab++
    ) {
      await keys.press('Tab');
    }
    await waitForFocus(page, '[data-testid="caller-bookings"] button');
    await keys.press('Enter');
    await waitForFocus(page, '[data-cell]');
    await moveTo(page, keys, fx.venueId, addDays(today, day.g));
    await keys.press('Enter');
    await waitForFocus(page, '[data-testid="slot-times"] [data-option]');
    await keys.press('Enter');
    await page.getByRole('heading', { name: /予約の変更/ }).waitFor();
    const hold = holdRow(page, 'first');
    await expect.poll(() => hold.getAttribute('data-status'), soon).toBe('ending');
    expect(await holdsOn(slots.moveToG)).toHaveLength(1);
    await shot(page, '4b-move-held');

    await keys.press('F9');
    await page.getByRole('heading', { name: '予約を変更しました' }).waitFor();
    await expect
      .poll(() => hubBookingsOf(caller!.id).then((rows) => rows.map((r) => [r.slot_id, r.status])), soon)
      .toEqual([[slots.moveToG, 'confirmed']]);
    // The held seat became the booking's: one seat taken in the new slot, none left held; the old one free.
    expect(await holdsOn(slots.moveToG)).toHaveLength(0);
    expect(await seatsTaken(slots.moveToG)).toEqual({ booked: 1, held: 0 });
    expect(await seatsTaken(slots.moveFromF)).toEqual({ booked: 0, held: 0 });
    await expect
      .poll(() => page.getByTestId('booking-status').textContent(), soon)
      .toBe('確定（ハブ受付済み）');

    // Answered: later bookings changes elsewhere no longer re-read (and audit a view of) this caller.
    const viewsWhenConfirmed = auditedViewsOf(caller!.id);
    const [someoneElse] = await fx.coupons(1);
    await bookOnline(someoneElse!, slots.moveFromF);
    await expect
      .poll(() => localStatusOfCoupon(someoneElse!.id), { timeout: 30_000, interval: 250 })
      .toBe('confirmed');
    expect(auditedViewsOf(caller!.id)).toBe(viewsWhenConfirmed);
    expect(pageErrors).toEqual([]);
  });

  test('with the hub unreachable the booking is provisional, and confirmed once the hub is back', async () => {
    const [caller] = await fx.coupons(1);
    const page = await openDesk();
    const keys = new CountedKeyboard(page);
    await expect.poll(() => page.getByRole('banner').getByText('同期: 最新').count(), soon).toBe(1);
    await stopHub();
    await expect.poll(() => hubState(page), { timeout: 60_000, interval: 500 }).toBe('offline');

    await verify(page, keys, caller!);
    await chooseSlot(page, keys, addDays(today, day.b));
    await keys.press('End');
    await keys.press('Enter'); // no dose 2 this time
    await page.getByTestId('confirm-summary').waitFor();
    // No countdown: the desk says plainly that the seat is counted here and the booking is provisional.
    const local = page.getByTestId('seat-hold-local');
    expect(await local.textContent()).toContain('席はこの端末の残り席数から数え、予約は「仮予約」になります');
    expect(await page.getByTestId('hold-countdown').count()).toBe(0);
    await shot(page, '5-offline-confirm');
    await keys.press('F9');
    const badge = page.getByTestId('booking-status');
    await badge.waitFor();
    expect(await badge.textContent()).toBe('仮予約（ハブ未接続）');
    await shot(page, '6-offline-provisional');
    expect(await hubBookingsOf(caller!.id)).toEqual([]);

    hub = await serveHub(hubPort);
    // The page is not reloaded: the desk pushes when it reaches the hub again and the badge moves on.
    await expect
      .poll(() => badge.textContent(), { timeout: 120_000, interval: 500 })
      .toBe('確定（ハブ受付済み）');
    await shot(page, '7-confirmed-after-reconnect');
    expect(await hubBookingsOf(caller!.id)).toEqual([
      { slot_id: slots.offlineB, dose_number: 1, channel: 'phone', status: 'confirmed' },
    ]);
    expect(pageErrors).toEqual([]);
  }, 240_000);

  test('the last seat taken online while the desk was cut off: rejected, a callback task, rebooked in two keys', async () => {
    const [caller, online] = await fx.coupons(2);
    const page = await openDesk();
    const keys = new CountedKeyboard(page);
    await expect.poll(() => hubState(page), { timeout: 60_000, interval: 500 }).toBe('online');
    await page.getByRole('banner').getByText('同期: 最新').waitFor({ timeout: 60_000 });
    await stopHub();
    await expect.poll(() => hubState(page), { timeout: 60_000, interval: 500 }).toBe('offline');

    // The desk still counts one seat in slot C and books it, provisional.
    await verify(page, keys, caller!);
    expect(await page.locator(`[data-cell="${fx.venueId} ${addDays(today, day.c)}"]`).textContent()).toBe(
      '1',
    );
    await chooseSlot(page, keys, addDays(today, day.c));
    await keys.press('End');
    await keys.press('Enter');
    await page.getByTestId('confirm-summary').waitFor();
    await keys.press('F9');
    const badge = page.getByTestId('booking-status');
    await badge.waitFor();
    expect(await badge.textContent()).toBe('仮予約（ハブ未接続）');

    // Meanwhile a resident takes the seat online, through another hub process on the same database.
    const publicPort = await freePort();
    const publicHub = await serveHub(publicPort);
    try {
      await bookOnline(online!, slots.lastSeatC, publicPort);
    } finally {
      await publicHub.close();
    }
    hub = await serveHub(hubPort);

    await expect
      .poll(() => badge.textContent(), { timeout: 120_000, interval: 500 })
      .toBe('受付不可（折り返し連絡へ）');
    expect(await page.getByTestId('call-result').textContent()).toContain(
      '理由：枠が満席でした（オンラインの予約などが先に入りました）',
    );
    // Nothing is read back or texted for a booking the hub turned down.
    expect(await page.getByTestId('read-back-script').count()).toBe(0);
    expect(await page.getByTestId('booking-number').count()).toBe(0);
    await shot(page, '8-rejected');

    // The next call's screen lists the task with the reason in words.
    await keys.press('F2');
    await waitForFocus(page, '[data-field="search-main"]');
    const tasks = page.getByTestId('callback-tasks');
    await tasks.getByTestId('callback-reason').first().waitFor();
    expect(await tasks.getByTestId('callback-reason').allTextContents()).toEqual([
      '仮予約が受け付けられませんでした。理由：枠が満席でした（オンラインの予約などが先に入りました）。別の枠をご案内してください。',
    ]);
    await shot(page, '9-callback-task');

    // Two keys from the list to the resident's grid: Alt+5 (the first task), Enter.
    keys.reset();
    await keys.press('Alt+5');
    await keys.press('Enter');
    await waitForFocus(page, '[data-cell]');
    console.info(
      `[phone desk] callback task to rebooking grid: ${keys.operatorKeys} keys: ${keys.log.join(' ')}`,
    );
    expect(keys.operatorKeys).toBe(2);
    const cellC = page.locator(`[data-cell="${fx.venueId} ${addDays(today, day.c)}"]`);
    await expect.poll(() => cellC.getAttribute('data-state'), { timeout: 30_000 }).toBe('full');
    await shot(page, '10-rebook-grid');

    await chooseSlot(page, keys, addDays(today, day.d));
    await keys.press('End');
    await keys.press('Enter');
    await page.getByTestId('confirm-summary').waitFor();
    await keys.press('F9');
    await expect
      .poll(() => page.getByTestId('booking-status').textContent(), { timeout: 60_000, interval: 500 })
      .toBe('確定（ハブ受付済み）');
    await keys.press('F2');
    await waitForFocus(page, '[data-field="search-main"]');
    await shot(page, '11-after-rebook');
    // The task was closed as rebooked.
    await expect.poll(() => tasks.textContent(), soon).toContain('折り返しが必要な予約はありません。');

    // On the hub: the online booking holds slot C alone; the caller has the one rebooked seat.
    expect(
      await sql.query<{ channel: string }>('SELECT channel FROM bookings WHERE slot_id = $1', [
        slots.lastSeatC,
      ]),
    ).toEqual([{ channel: 'online' }]);
    expect(await hubBookingsOf(caller!.id)).toEqual([
      { slot_id: slots.rebookD, dose_number: 1, channel: 'phone', status: 'confirmed' },
    ]);
    expect(pageErrors).toEqual([]);
  }, 240_000);
});
