/**
 * A booking's history end to end, in Debian's Chromium over the real browser mode (the local demo
 * city): on the phone desk, from the keyboard, a caller's dose 2 is moved to another day and then
 * both doses are cancelled for illness (体調不良); the bookings screen then opens each booking and
 * every history line is read off the screen: who did what and when, the old and new slot, the
 * reason. The expected lines are worked out from the SQLite file. Screenshots go to test-results/e2e/.
 */
import { join } from 'node:path';
import type { TFunction } from 'i18next';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { BookingChannel } from '../../domain/api/contract.ts';
import { formatBookingNumber } from '../../domain/booking-number.ts';
import { addDays, dayOfWeek, todayIn } from '../../domain/calendar.ts';
import { japanTimestampLabel } from '../../domain/daily-list-layout.ts';
import { formatEraDate } from '../../domain/era-date.ts';
import { demoSession } from '../../electron/node/demo-session.ts';
import type { BrowserMode } from './browser-mode.ts';
import { type DeskPage, openDeskPage, screenshotDir } from './desk-page.ts';
import { bookingsOf, rowsWhere, waitForFocus } from './phone-desk-page.ts';
import { uiText } from './ui-text.ts';

let opened: DeskPage;
let desk: BrowserMode;
let page: Page;
let pageErrors: string[];
let t: TFunction;

interface Caller {
  couponId: string;
  bookingNumber: string;
  birthDate: string;
}

/** A resident whose two doses are booked and confirmed, both later than tomorrow. */
function callerWithBothDoses(): Caller {
  const [caller] = rowsWhere<Caller>(
    desk.databasePath,
    `SELECT c.id AS couponId, b2.booking_number AS bookingNumber, c.birth_date AS birthDate
       FROM coupons c
       JOIN bookings b1 ON b1.coupon_id = c.id AND b1.dose_number = 1 AND b1.status = 'confirmed'
       JOIN slots s1 ON s1.id = b1.slot_id
       JOIN bookings b2 ON b2.coupon_id = c.id AND b2.dose_number = 2 AND b2.status = 'confirmed'
       JOIN slots s2 ON s2.id = b2.slot_id
      WHERE c.status = 'active' AND s1.date > ? AND s2.date > ?
        AND (SELECT count(*) FROM bookings x WHERE x.coupon_id = c.id) = 2
      ORDER BY c.id LIMIT 1`,
    addDays(todayIn('Asia/Tokyo'), 1),
    addDays(todayIn('Asia/Tokyo'), 1),
  );
  if (!caller) throw new Error('no demo resident with both doses booked');
  return caller;
}

interface SlotFacts {
  venueName: string;
  date: string;
  startTime: string;
}

function slotFacts(slotId: string): SlotFacts {
  return rowsWhere<SlotFacts>(
    desk.databasePath,
    `SELECT v.name AS venueName, s.date, s.start_time AS startTime
       FROM slots s JOIN venues v ON v.id = s.venue_id WHERE s.id = ?`,
    slotId,
  )[0]!;
}

/** 「青葉台市総合体育館 2026/12/24（木）14:00」, as a history line names a slot. */
function slotText(slot: SlotFacts): string {
  const weekdays = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
  const weekday = t(`date.weekday.${weekdays[dayOfWeek(slot.date)]!}`);
  return `${slot.venueName} ${slot.date.replaceAll('-', '/')}（${weekday}）${slot.startTime}`;
}

/** Each history line of the open booking as the screen reads: its title, then its lines of text. */
async function historyOnScreen(bookingNumber: string): Promise<string[][]> {
  const drawer = page.locator(`[data-booking-detail="${bookingNumber}"]`);
  await drawer.waitFor();
  return drawer.locator('.mantine-Timeline-item').evaluateAll((items) =>
    items.map((item) => {
      const title = item.querySelector('.mantine-Timeline-itemTitle')?.textContent ?? '';
      const body = [...item.querySelectorAll('.mantine-Timeline-itemBody p')].map(
        (el) => el.textContent ?? '',
      );
      return [title, ...body];
    }),
  );
}

/**
 * Presses the key until the focus lands on `selector`: the slot grid may still move to the window's
 * first day (a second fetch) just after the first cell took the focus, as a person would press again.
 */
async function pressUntilFocused(key: string, selector: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press(key);
    try {
      await page.waitForFunction((s) => document.activeElement?.matches(s) === true, selector, {
        timeout: 3_000,
      });
      return;
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

/** Tab (at most ten times) to the キャンセル button of the caller's booking with this number. */
async function tabToCancelOf(bookingNumber: string): Promise<void> {
  for (let i = 0; i < 10; i++) {
    const onIt = await page.evaluate((n) => {
      const el = document.activeElement;
      if (el?.textContent !== 'キャンセル') return false;
      let card: Element | null = el.parentElement;
      while (card && !card.textContent?.includes(n)) card = card.parentElement;
      // The nearest box around the button that names a booking names this one.
      return (
        card !== null && !/[0-9A-Z]{4}-[0-9A-Z]{4}[\s\S]*[0-9A-Z]{4}-[0-9A-Z]{4}/.test(card.textContent ?? '')
      );
    }, bookingNumber);
    if (onIt) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`no cancel button for ${bookingNumber} within ten Tabs`);
}

async function openInGrid(bookingNumber: string): Promise<void> {
  await page.evaluate(() => {
    window.location.hash = '#/bookings';
  });
  await page.getByRole('heading', { level: 1, name: '予約一覧' }).waitFor();
  await page.getByRole('button', { name: '条件をクリア' }).click();
  await page.getByLabel('検索（前方一致）').fill(bookingNumber);
  await expect.poll(() => page.getByTestId('booking-count').textContent()).toBe('1件');
  await page.getByRole('grid').locator(`tr[data-booking-number="${bookingNumber}"]`).waitFor();
  await page.getByRole('grid').focus();
  await page.keyboard.press('Enter');
}

beforeAll(async () => {
  t = await uiText('ja');
  opened = await openDeskPage({
    dataDirPrefix: 'desk-e2e-history-',
    viewport: { width: 1440, height: 1100 },
  });
  ({ desk, page, pageErrors } = opened);
});

afterAll(async () => {
  await opened?.close();
});

describe('a booking’s history', () => {
  test('a phone move and a cancellation for illness are in the booking’s history, line by line', async () => {
    const caller = callerWithBothDoses();
    const before = bookingsOf(desk.databasePath, caller.couponId);
    await page.evaluate(() => {
      window.location.hash = '#/phone-booking';
    });
    await page.getByRole('heading', { level: 1, name: '電話予約' }).waitFor();
    await waitForFocus(page, '[data-field="search-main"]');

    // The caller reads out the dose 2 booking number, then the birth date.
    await page.keyboard.press('Alt+4');
    await waitForFocus(page, '[data-field="search-main"]');
    await page.keyboard.type(caller.bookingNumber);
    await page.keyboard.press('Enter');
    await waitForFocus(page, '[data-field="verify-birth"]');
    await page.keyboard.type(formatEraDate(caller.birthDate, 'short'));
    await page.keyboard.press('Enter');
    await page.getByText('すべての回の予約が済んでいます。', { exact: false }).waitFor();

    // Change dose 2 (its change button has focus): the day the grid offers, its first time, F9.
    await waitForFocus(page, '[data-testid="caller-bookings"] button');
    await page.keyboard.press('Enter');
    await waitForFocus(page, '[data-cell][data-state="bookable"]');
    await pressUntilFocused('Enter', '[data-testid="slot-times"] [data-option]');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /予約の変更/ }).waitFor();
    await page.keyboard.press('F9');
    await page.getByRole('heading', { name: '予約を変更しました' }).waitFor();

    // Cancel dose 1 (and with it dose 2) for illness: Esc, Tab to dose 1's cancel button, 体調不良.
    await page.keyboard.press('Escape');
    await waitForFocus(page, '[data-testid="caller-bookings"] button');
    await tabToCancelOf(formatBookingNumber(before[0]!.booking_number));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /予約のキャンセル/ }).waitFor();
    await page.keyboard.press('ArrowDown'); // 体調不良・入院
    await page.keyboard.press('F9');
    await page.getByRole('heading', { name: '予約をキャンセルしました' }).waitFor();

    const after = bookingsOf(desk.databasePath, caller.couponId);
    expect(after.map((b) => b.status)).toEqual(['cancelled', 'cancelled']);
    expect(
      rowsWhere<{ reason: string }>(
        desk.databasePath,
        'SELECT reason FROM booking_cancellations WHERE booking_id IN (?, ?)',
        before[0]!.id,
        before[1]!.id,
      ).map((r) => r.reason),
    ).toEqual(['illness', 'illness']);
    expect(after[1]!.slot_id).not.toBe(before[1]!.slot_id);
    const lines = rowsWhere<{ booking_id: string; action: string; at: string }>(
      desk.databasePath,
      `SELECT booking_id, action, at FROM booking_history WHERE booking_id IN (?, ?) ORDER BY id`,
      before[0]!.id,
      before[1]!.id,
    );
    const at = (bookingId: string, action: string) => {
      const line = lines.find((l) => l.booking_id === bookingId && l.action === action);
      return line ? japanTimestampLabel(new Date(line.at)) : `(no ${action} line recorded)`;
    };
    const creation = rowsWhere<{
      id: string;
      created_at: string;
      channel: BookingChannel;
      creator: string | null;
    }>(
      desk.databasePath,
      `SELECT b.id, b.created_at, b.channel, st.display_name AS creator
         FROM bookings b LEFT JOIN staff st ON st.id = b.created_by WHERE b.coupon_id = ? ORDER BY b.dose_number`,
      caller.couponId,
    );
    const createdLine = (dose: 0 | 1) => [
      '予約を登録',
      `${japanTimestampLabel(new Date(creation[dose]!.created_at))}・${creation[dose]!.creator ?? '本人（オンライン）'}`,
      `経路：${t(`overview.channel.${creation[dose]!.channel}`)}`,
    ];
    const me = demoSession.displayName;

    await openInGrid(after[1]!.booking_number);
    const dose2 = await historyOnScreen(after[1]!.booking_number);
    await page.screenshot({ path: join(screenshotDir, 'booking-history-ja.png'), animations: 'disabled' });
    expect(dose2).toEqual([
      createdLine(1),
      [
        '予約を変更',
        `${at(before[1]!.id, 'moved')}・${me}`,
        `変更前：${slotText(slotFacts(before[1]!.slot_id))}`,
        `変更後：${slotText(slotFacts(after[1]!.slot_id))}`,
        '予約確定 → 仮予約（未確定）',
      ],
      [
        '予約をキャンセル',
        `${at(before[1]!.id, 'cancelled')}・${me}`,
        '理由：体調不良・入院',
        '仮予約（未確定） → 取消',
      ],
    ]);
    await page.keyboard.press('Escape');

    await openInGrid(after[0]!.booking_number);
    expect(await historyOnScreen(after[0]!.booking_number)).toEqual([
      createdLine(0),
      [
        '予約をキャンセル',
        `${at(before[0]!.id, 'cancelled')}・${me}`,
        '理由：体調不良・入院',
        '予約確定 → 取消',
      ],
    ]);
    expect(pageErrors).toEqual([]);
  });
});
