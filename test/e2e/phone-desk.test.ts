/**
 * The phone booking desk end to end: the real browser mode (demo city, fresh data folder) in Chromium,
 * driven by the keyboard only, every key counted; rows checked in the SQLite file. Screenshots of each
 * step go to test-results/e2e/phone-desk-*.png.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { formatBookingNumber, isValidBookingNumber } from '../../domain/booking-number.ts';
import { addDays, daysBetween, todayIn } from '../../domain/calendar.ts';
import { formatEraDate } from '../../domain/era-date.ts';
import { type BrowserMode, ensureRendererBuilt, repoRoot, startBrowserMode } from './browser-mode.ts';
import { launchChromium } from './chromium.ts';
import {
  bookingsOf,
  type Caller,
  CountedKeyboard,
  dayWithSameTimeFollowUp,
  freshShowaCaller,
  moveTo,
  rowsWhere,
  tableCounts,
  venueIdByName,
  waitForFocus,
} from './phone-desk-page.ts';
import { uiText } from './ui-text.ts';

const screenshotDir = join(repoRoot, 'test-results', 'e2e');

let browser: Browser;
let desk: BrowserMode;
let dataDir: string;
let today: string;
const contexts: BrowserContext[] = [];
let pageErrors: string[] = [];

beforeAll(async () => {
  ensureRendererBuilt();
  dataDir = mkdtempSync(join(tmpdir(), 'desk-phone-e2e-'));
  // No hub: the desk as it works when the hub cannot be reached (bookings stay provisional).
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

async function openDesk(on: BrowserMode = desk): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'ja-JP' });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: on.origin });
  contexts.push(context);
  const page = await context.newPage();
  pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  // A desk seeding its demo hub is busy for a while before it serves the page quickly.
  await page.goto(on.url, { timeout: 240_000 });
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  // Opening the screen is not part of the call: the operator keeps it open all day.
  await page.evaluate(() => {
    window.location.hash = '#/phone-booking';
  });
  await page.getByRole('heading', { level: 1, name: '電話予約' }).waitFor();
  // Beside a demo hub, the desk shows the first sync's progress until the hub's data is in.
  await page.locator('[data-field="search-main"]').waitFor({ timeout: 240_000 });
  await waitForFocus(page, '[data-field="search-main"]');
  return page;
}

/** Grows the viewport to the page's height (a full-page capture would scroll the fixed header away). */
async function shot(page: Page, name: string): Promise<void> {
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width: 1440, height: Math.max(height, 1000) });
  await page.screenshot({ path: join(screenshotDir, `phone-desk-${name}.png`), animations: 'disabled' });
}

const saidBirthDate = (caller: Caller) => formatEraDate(caller.birthDate, 'short');

describe('a booking from a fresh call, keyboard only', () => {
  let caller: Caller;
  let bookingNumber = '';

  test('ticket → era birth date → slot → dose 2 → confirm, in under 30 keys beyond what is dictated', async () => {
    caller = freshShowaCaller(desk.databasePath);
    const hall = venueIdByName(desk.databasePath, '青葉台駅前ホール 集団接種会場');
    // Pfizer: dose 2 from 21 days on. A day whose first free time is free again 21 days later.
    const plan = dayWithSameTimeFollowUp(desk.databasePath, hall, today, 21);
    const page = await openDesk();
    const keys = new CountedKeyboard(page);
    await shot(page, '1-search');

    await keys.dictate(caller.ticketNumber);
    await keys.press('Enter');
    await waitForFocus(page, '[data-field="verify-birth"]');
    await keys.dictate(saidBirthDate(caller));
    // The date is echoed in both calendars before it is checked.
    const echo = page.getByTestId('birth-date-echo');
    await expect.poll(() => echo.textContent()).toContain(formatEraDate(caller.birthDate));
    await shot(page, '2-verify');
    await keys.press('Enter');

    await waitForFocus(page, '[data-cell]');
    expect(await page.getByTestId('eligibility').textContent()).toContain('1回目を予約できます。');
    await moveTo(page, keys, hall, plan.date);
    await shot(page, '3-grid');
    await keys.press('Enter');
    await waitForFocus(page, '[data-testid="slot-times"] [data-option]');
    const chosenTime = await page.evaluate(() => document.activeElement?.textContent ?? '');
    expect(chosenTime).toContain(plan.startTime);
    await shot(page, '4-times');
    await keys.press('Enter');

    const proposal = page.getByTestId('follow-up-proposal');
    await proposal.waitFor();
    expect(await proposal.textContent()).toContain(plan.startTime);
    await shot(page, '5-follow-up');
    await keys.press('Enter');

    await page.getByTestId('confirm-summary').waitFor();
    await shot(page, '6-confirm');
    await keys.press('F9');

    const numberCell = page.getByTestId('booking-number').first();
    await numberCell.waitFor();
    bookingNumber = (await numberCell.textContent()) ?? '';
    expect(isValidBookingNumber(bookingNumber)).toBe(true);
    expect(await page.getByTestId('hub-status').getAttribute('data-hub')).toBe('unconfigured');
    expect(await page.getByTestId('booking-status').textContent()).toBe('仮予約（ハブ未接続）');
    expect(await page.getByTestId('read-back-script').textContent()).toContain('予約番号を申し上げます');
    await shot(page, '7-read-back');

    // One key copies the SMS text (the copy button has focus).
    await keys.press('Enter');
    const sms = await page.evaluate(() => navigator.clipboard.readText());
    expect(sms).toContain('【青葉台市 ワクチン接種予約】');

    const rows = bookingsOf(desk.databasePath, caller.id);
    expect(rows.map((r) => [r.dose_number, r.channel, r.status, r.created_by, r.venue_id])).toEqual([
      [1, 'phone', 'provisional', 'demo-manager', hall],
      [2, 'phone', 'provisional', 'demo-manager', hall],
    ]);
    expect([rows[0]!.date, rows[0]!.start_time]).toEqual([plan.date, plan.startTime]);
    expect([rows[1]!.date, rows[1]!.start_time]).toEqual([plan.followUpDate, plan.startTime]);
    expect(formatBookingNumber(rows[0]!.booking_number)).toBe(bookingNumber);
    expect(sms).toContain(bookingNumber);

    const outbox = rowsWhere<{ mutation_id: string; kind: string }>(
      desk.databasePath,
      'SELECT mutation_id, kind FROM outbox WHERE mutation_id IN (?, ?) ORDER BY seq',
      rows[0]!.id,
      rows[1]!.id,
    );
    expect(outbox).toEqual([
      { mutation_id: rows[0]!.id, kind: 'booking.create' },
      { mutation_id: rows[1]!.id, kind: 'booking.create' },
    ]);
    const audit = rowsWhere<{ action: string }>(
      desk.databasePath,
      `SELECT action FROM audit_events WHERE entity_ids LIKE ? OR entity_ids LIKE ? ORDER BY id`,
      `%${rows[0]!.id}%`,
      `%${rows[1]!.id}%`,
    );
    expect(audit.map((a) => a.action)).toEqual(['booking.create', 'booking.create']);

    console.info(
      `[phone desk] happy path: ${keys.operatorKeys} keys beyond the ${keys.dictated} dictated characters: ${keys.log.join(' ')}`,
    );
    expect(keys.operatorKeys).toBeLessThan(30);
    expect(pageErrors).toEqual([]);
  });

  test('change the dose 2 date, then cancel both doses with a reason', async () => {
    const before = bookingsOf(desk.databasePath, caller.id);
    const page = await openDesk();
    const keys = new CountedKeyboard(page);

    // Found by booking number this time.
    await keys.press('Alt+4');
    await waitForFocus(page, '[data-field="search-main"]');
    await keys.dictateAll(bookingNumber);
    await keys.press('Enter');
    await waitForFocus(page, '[data-field="verify-birth"]');
    await keys.dictate(saidBirthDate(caller));
    await keys.press('Enter');

    // Both doses are booked: the focus is on the first booking's change button (the later dose first).
    await page.getByText('すべての回の予約が済んでいます。', { exact: false }).waitFor();
    await waitForFocus(page, '[data-testid="caller-bookings"] button');
    await shot(page, '8-caller-booked');
    await keys.press('Enter');
    await waitForFocus(page, '[data-cell]');
    await shot(page, '9-move-grid');
    await keys.press('Enter');
    await waitForFocus(page, '[data-testid="slot-times"] [data-option]');
    await keys.press('Enter');
    await page.getByRole('heading', { name: /予約の変更/ }).waitFor();
    await shot(page, '10-move-confirm');
    await keys.press('F9');
    await page.getByRole('heading', { name: '予約を変更しました' }).waitFor();
    await shot(page, '11-moved');

    const moved = bookingsOf(desk.databasePath, caller.id);
    expect(moved[0]).toEqual(before[0]);
    expect(moved[1]!.id).toBe(before[1]!.id);
    expect(moved[1]!.booking_number).toBe(before[1]!.booking_number);
    expect(moved[1]!.slot_id).not.toBe(before[1]!.slot_id);
    expect(moved[1]!.status).toBe('provisional');
    const window = daysBetween(moved[0]!.date, moved[1]!.date);
    expect(window).toBeGreaterThanOrEqual(21);
    expect(window).toBeLessThanOrEqual(42);
    const moveRows = rowsWhere<{ kind: string; payload: string }>(
      desk.databasePath,
      "SELECT kind, payload FROM outbox WHERE kind = 'booking.move'",
    );
    expect(moveRows.map((r) => JSON.parse(r.payload))).toMatchObject([
      { bookingId: before[1]!.id, fromSlotId: before[1]!.slot_id, toSlotId: moved[1]!.slot_id },
    ]);

    // Esc back to the caller; Tab to dose 1's cancel button (change 2, cancel 2, change 1, cancel 1).
    await keys.press('Escape');
    await waitForFocus(page, '[data-testid="caller-bookings"] button');
    await keys.press('Tab', 3);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('キャンセル');
    await keys.press('Enter');
    await page.getByRole('heading', { name: /予約のキャンセル/ }).waitFor();
    await keys.press('ArrowDown'); // 体調不良・入院
    await shot(page, '12-cancel');
    await keys.press('F9');
    await page.getByRole('heading', { name: '予約をキャンセルしました' }).waitFor();
    await shot(page, '13-cancelled');

    const cancelled = bookingsOf(desk.databasePath, caller.id);
    expect(cancelled.map((b) => b.status)).toEqual(['cancelled', 'cancelled']);
    expect(
      rowsWhere<{ booking_id: string; reason: string }>(
        desk.databasePath,
        'SELECT booking_id, reason FROM booking_cancellations ORDER BY cancelled_at, booking_id',
      ).map((r) => r.reason),
    ).toEqual(['illness', 'illness']);
    const cancelRows = rowsWhere<{ payload: string }>(
      desk.databasePath,
      "SELECT payload FROM outbox WHERE kind = 'booking.cancel'",
    );
    expect(cancelRows.map((r) => JSON.parse(r.payload))).toMatchObject([
      { bookingIds: [before[0]!.id, before[1]!.id], reason: 'illness' },
    ]);
    const audit = rowsWhere<{ action: string }>(
      desk.databasePath,
      "SELECT action FROM audit_events WHERE action IN ('booking.move', 'booking.cancel') ORDER BY id",
    );
    expect(audit.map((a) => a.action)).toEqual(['booking.move', 'booking.cancel']);
    expect(pageErrors).toEqual([]);
  });
});

describe('bad input', () => {
  test('every wrong form gets its message beside the field, and nothing is saved', async () => {
    const t = await uiText('ja');
    const before = tableCounts(desk.databasePath);
    const page = await openDesk();
    const main = page.locator('[data-field="search-main"]');

    const expectFieldMessage = async (field: string, message: string) => {
      const input = page.locator(`[data-field="${field}"]`);
      await expect.poll(() => input.getAttribute('aria-invalid')).toBe('true');
      const describedBy = (await input.getAttribute('aria-describedby')) ?? '';
      const texts = await Promise.all(
        describedBy
          .split(' ')
          .filter(Boolean)
          .map((id) => page.locator(`[id="${id}"]`).textContent()),
      );
      expect(texts).toContain(message);
    };
    const retype = async (field: string, text: string) => {
      await page.locator(`[data-field="${field}"]`).press('Control+A');
      await page.keyboard.type(text);
      await page.keyboard.press('Enter');
    };

    await retype('search-main', '12345');
    await expectFieldMessage('search-main', t('phoneDesk.input.ticket.wrong_length', { count: 5 }));
    await shot(page, '20-bad-ticket');
    await retype('search-main', '12a4567890');
    await expectFieldMessage('search-main', t('phoneDesk.input.ticket.not_digits'));
    // An OCR line whose municipality check digit is wrong (112993 instead of 112992).
    await retype('search-main', '111129930000012345');
    await expectFieldMessage('search-main', t('phoneDesk.input.ticket.bad_municipality_check_digit'));
    // A valid OCR line of another municipality (Chiyoda, 131016).
    await retype('search-main', '111310160000012345');
    await page.getByText(t('phoneDesk.search.otherMunicipality')).waitFor();
    // A well-formed ticket nobody has: the next step is named.
    const unknown = rowsWhere<{ n: string }>(
      desk.databasePath,
      "SELECT '9999999999' AS n WHERE NOT EXISTS (SELECT 1 FROM coupons WHERE ticket_number = '9999999999')",
    );
    expect(unknown).toHaveLength(1);
    await retype('search-main', '９９９９-９９９-９９９');
    await page.getByText(t('phoneDesk.search.notFound.ticket')).waitFor();
    expect(await main.inputValue()).toBe('９９９９-９９９-９９９');
    await shot(page, '21-unknown-ticket');

    // Birth dates: era boundaries, impossible days, unknown eras, and a real date that does not match.
    const caller = freshShowaCaller(desk.databasePath, 1);
    await retype('search-main', caller.ticketNumber);
    await waitForFocus(page, '[data-field="verify-birth"]');
    const cases: Array<[string, string]> = [
      ['S64.1.8', t('phoneDesk.input.date.outside_era')],
      ['S22.2.30', t('phoneDesk.input.date.impossible_date')],
      ['X22.4.1', t('phoneDesk.input.date.unknown_era')],
      ['あした', t('phoneDesk.input.date.unrecognized')],
      ['R30.1.1', t('phoneDesk.input.date.future')],
    ];
    for (const [typed, message] of cases) {
      await retype('verify-birth', typed);
      await expectFieldMessage('verify-birth', message);
    }
    await shot(page, '22-bad-date');
    const wrong = addDays(caller.birthDate, 1);
    await retype('verify-birth', formatEraDate(wrong, 'short'));
    await expectFieldMessage('verify-birth', t('phoneDesk.verify.mismatch'));
    const shown = await page.locator('main').textContent();
    expect(shown).not.toContain(formatEraDate(caller.birthDate));
    await shot(page, '23-mismatch');

    // Reading search with a reading that is not kana.
    await page.keyboard.press('F2');
    await page.keyboard.press('Alt+2');
    await waitForFocus(page, '[data-field="search-main"]');
    await page.keyboard.type('yamada');
    await page.locator('[data-field="search-birth"]').fill('S22.4.1');
    await page.locator('[data-field="search-birth"]').press('Enter');
    await expectFieldMessage('search-main', t('phoneDesk.input.reading.not_kana'));

    // A contact phone that is not a phone number blocks the confirmation.
    await page.keyboard.press('F2');
    await waitForFocus(page, '[data-field="search-main"]');
    await page.keyboard.type(caller.ticketNumber);
    await page.keyboard.press('Enter');
    await waitForFocus(page, '[data-field="verify-birth"]');
    await page.keyboard.type(formatEraDate(caller.birthDate, 'short'));
    await page.keyboard.press('Enter');
    await waitForFocus(page, '[data-cell]');
    await page.keyboard.press('Enter');
    await waitForFocus(page, '[data-testid="slot-times"] [data-option]');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: '2回目の予約' }).waitFor();
    await waitForFocus(page, '[data-option]');
    await page.keyboard.press('End');
    await page.keyboard.press('Enter'); // no dose 2
    await page.getByTestId('confirm-summary').waitFor();
    await page.locator('[data-field="contact-phone"]').fill('12-34');
    await page.keyboard.press('F9');
    await expectFieldMessage('contact-phone', t('phoneDesk.input.phone.phone_implausible'));
    await shot(page, '24-bad-phone');

    expect(tableCounts(desk.databasePath)).toEqual(before);
    expect(pageErrors).toEqual([]);
  });
});

describe('wrong birth dates', () => {
  test('from the third wrong date in a row the desk warns, audits, and a reload does not reset it', async () => {
    const caller = freshShowaCaller(desk.databasePath, 2);
    const page = await openDesk();
    await page.setViewportSize({ width: 1366, height: 768 });
    const keys = new CountedKeyboard(page);
    const warning = page.getByTestId('birth-date-warning');
    const sayTicket = async () => {
      await waitForFocus(page, '[data-field="search-main"]');
      await keys.dictate(caller.ticketNumber);
      await keys.press('Enter');
      await waitForFocus(page, '[data-field="verify-birth"]');
    };
    const sayWrong = async (daysOff: number) => {
      await page.locator('[data-field="verify-birth"]').press('Control+A');
      await keys.dictate(formatEraDate(addDays(caller.birthDate, daysOff), 'short'));
      await keys.press('Enter');
      await expect
        .poll(() => page.locator('[data-field="verify-birth"]').getAttribute('aria-invalid'))
        .toBe('true');
    };
    const repeated = () =>
      rowsWhere<{ entity_ids: string; detail: string }>(
        desk.databasePath,
        "SELECT entity_ids, detail FROM audit_events WHERE action = 'coupon.verify.repeated_mismatch' ORDER BY id",
      );

    await sayTicket();
    await sayWrong(1);
    await sayWrong(2);
    expect(await warning.count()).toBe(0);
    expect(repeated()).toEqual([]);
    await sayWrong(3);
    await warning.waitFor();
    expect(await warning.textContent()).toContain('生年月日が3回続けて一致しません（直近30分）');
    expect(await warning.textContent()).toContain(
      'ほかの方法でご本人か確かめてください（ご住所、登録の電話番号など）',
    );
    expect(await page.locator('main').textContent()).not.toContain(formatEraDate(caller.birthDate));
    await page.screenshot({ path: join(screenshotDir, 'phone-desk-30-birth-date-warning-1366.png') });
    expect(repeated()).toEqual([
      { entity_ids: JSON.stringify([caller.id]), detail: '{"failures":3,"windowMinutes":30}' },
    ]);

    // The screen reloaded: the desk still knows, and says so before the next date is typed.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: '電話予約' }).waitFor();
    await sayTicket();
    await warning.waitFor();
    expect(await warning.textContent()).toContain('3回続けて');
    await sayWrong(4);
    await expect.poll(() => warning.textContent()).toContain('生年月日が4回続けて一致しません');
    expect(repeated()).toHaveLength(2);

    // Right at last: the caller file opens, still with the warning to verify another way.
    await page.locator('[data-field="verify-birth"]').press('Control+A');
    await keys.dictate(formatEraDate(caller.birthDate, 'short'));
    await keys.press('Enter');
    await waitForFocus(page, '[data-cell]');
    expect(await warning.textContent()).toContain('一致する前に、生年月日を4回まちがえています（直近30分）');
    await page.screenshot({ path: join(screenshotDir, 'phone-desk-31-matched-after-wrong-1366.png') });
    // The audit log holds ids and counts only, never the dates said.
    const logged = JSON.stringify(
      rowsWhere(desk.databasePath, "SELECT detail FROM audit_events WHERE action LIKE 'coupon.verify%'"),
    );
    expect(logged).not.toMatch(/\d{4}-\d\d-\d\d|S\d/);
    expect(pageErrors).toEqual([]);
  });
});

describe('with the demo hub', () => {
  let hubDesk: BrowserMode;
  let hubDir: string;

  beforeAll(async () => {
    hubDir = mkdtempSync(join(tmpdir(), 'desk-phone-hub-e2e-'));
    // The desk beside its local demo hub, without the simulated online bookings (a quiet city).
    hubDesk = await startBrowserMode({ dataDir: hubDir, args: ['--no-simulate'] });
  });

  afterAll(async () => {
    await hubDesk?.stop();
    if (hubDir) rmSync(hubDir, { recursive: true, force: true });
  });

  test('a phone booking is sent at once and shown as confirmed when the hub accepts it', async () => {
    const page = await openDesk(hubDesk);
    const hubStatus = page.getByTestId('hub-status');
    // The first snapshot from the demo hub can take a while on a busy machine; book once it is in.
    const syncState = page.locator('[data-sync-state]');
    await expect
      .poll(() => syncState.getAttribute('data-sync-state'), { timeout: 240_000, interval: 1_000 })
      .toBe('idle');
    expect(await hubStatus.getAttribute('data-hub')).toBe('online');
    const caller = freshShowaCaller(hubDesk.databasePath, 3);
    await page.locator('[data-field="search-main"]').focus();
    await page.keyboard.type(caller.ticketNumber);
    await page.keyboard.press('Enter');
    await waitForFocus(page, '[data-field="verify-birth"]');
    await page.keyboard.type(saidBirthDate(caller));
    await page.keyboard.press('Enter');
    await waitForFocus(page, '[data-cell]');
    await page.keyboard.press('Enter');
    await waitForFocus(page, '[data-testid="slot-times"] [data-option]');
    await page.keyboard.press('Enter');
    await waitForFocus(page, '[data-option]');
    await page.keyboard.press('End');
    await page.keyboard.press('Enter'); // dose 1 alone
    await page.getByTestId('confirm-summary').waitFor();
    await page.keyboard.press('F9');

    const badge = page.getByTestId('booking-status');
    await badge.waitFor();
    await expect
      .poll(() => badge.textContent(), { timeout: 60_000, interval: 500 })
      .toBe('確定（ハブ受付済み）');
    expect(await page.getByTestId('read-back-script').textContent()).toContain('ご予約を承りました。');
    await shot(page, '30-confirmed-by-hub');
    const rows = bookingsOf(hubDesk.databasePath, caller.id);
    expect(rows.map((r) => [r.dose_number, r.channel, r.status])).toEqual([[1, 'phone', 'confirmed']]);
    expect(pageErrors).toEqual([]);
  }, 400_000);
});
