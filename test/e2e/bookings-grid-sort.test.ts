/**
 * Sorting the bookings grid end to end, in Debian's Chromium over the real browser mode (the local
 * demo city): every column header, activated by the mouse and from the keyboard (Tab to the header,
 * Enter or Space), sorts both ways; the rows read off the screen are compared with an order worked
 * out here from the SQLite file (a plain join, sorted in JavaScript), and aria-sort and the ▲ ▼ mark
 * follow. A new sort starts again at the top. Screenshots go to test-results/e2e/.
 */
import { join } from 'node:path';
import type { TFunction } from 'i18next';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type BookingGridColumn, bookingGridColumns } from '../../domain/api/contract.ts';
import { formatBookingNumber } from '../../domain/booking-number.ts';
import { todayIn } from '../../domain/calendar.ts';
import { type GridSortFacts, inGridOrder } from '../integration/grid-sort-order.ts';
import { type BrowserMode, openDeskDatabase } from './browser-mode.ts';
import { type DeskPage, openDeskPage, screenshotDir } from './desk-page.ts';
import { uiText } from './ui-text.ts';

/** Rows compared per sort: the top of the grid, in view at this window size. */
const rowsCompared = 12;

let opened: DeskPage;
let desk: BrowserMode;
let page: Page;
let pageErrors: string[];
let t: TFunction;

/** Every booking the screen shows by default (slots from today on), read with a plain join. */
function bookingsFromToday(): GridSortFacts[] {
  const db = openDeskDatabase(desk.databasePath);
  try {
    const rows = db
      .prepare(
        `SELECT g.id AS gridId, b.booking_number AS bookingNumber, s.date, s.start_time AS startTime,
                v.name_kana AS venueKana, b.status, b.channel, b.dose_number AS doseNumber, c.name,
                c.name_kana_key AS kanaKey, c.birth_date AS birthDate, c.phone_key AS couponPhoneKey,
                b.contact_phone AS contactPhone, coalesce(b.created_by, '') AS createdBy,
                coalesce(st.display_name, '') AS createdByName, b.created_at AS createdAt
           FROM bookings b JOIN slots s ON s.id = b.slot_id JOIN venues v ON v.id = s.venue_id
           JOIN coupons c ON c.id = b.coupon_id JOIN booking_grid g ON g.booking_id = b.id
           LEFT JOIN staff st ON st.id = b.created_by
          WHERE s.date >= ?`,
      )
      .all(todayIn('Asia/Tokyo')) as Array<GridSortFacts & { couponPhoneKey: string; contactPhone: string }>;
    return rows.map(({ couponPhoneKey, contactPhone, ...facts }) => ({
      ...facts,
      phoneKey:
        contactPhone === '' ? couponPhoneKey : contactPhone.replace(/[-\s()]/g, '').replace('+81', '0'),
    }));
  } finally {
    db.close();
  }
}

function expectedTop(all: GridSortFacts[], column: BookingGridColumn, desc: boolean): string[] {
  return inGridOrder(all, (f) => f, column, desc)
    .slice(0, rowsCompared)
    .map((f) => formatBookingNumber(f.bookingNumber));
}

/** The booking numbers as the screen shows them in the first rows of the grid, top down. */
async function topRowsOnScreen(): Promise<string[]> {
  return page.evaluate((n) => {
    const rows = [...document.querySelectorAll<HTMLTableRowElement>('[role="grid"] tbody tr')]
      .map((tr) => ({
        index: Number(tr.getAttribute('aria-rowindex')),
        text: tr.cells[0]?.textContent ?? '',
      }))
      .filter((r) => r.index >= 2 && r.index < 2 + n)
      .sort((a, b) => a.index - b.index);
    return rows.map((r) => r.text.trim());
  }, rowsCompared);
}

const headerText = (column: BookingGridColumn) => t(`bookings.columns.${column}`);
const header = (column: BookingGridColumn) =>
  page.getByRole('columnheader', { name: headerText(column), exact: true });
const headerButton = (column: BookingGridColumn) =>
  header(column).getByRole('button', { name: headerText(column), exact: true });

async function expectSorted(all: GridSortFacts[], column: BookingGridColumn, desc: boolean): Promise<void> {
  await expect.poll(() => header(column).getAttribute('aria-sort')).toBe(desc ? 'descending' : 'ascending');
  expect(await header(column).locator('.booking-grid-sort-mark').textContent()).toBe(desc ? '▼' : '▲');
  for (const other of bookingGridColumns.filter((c) => c !== column)) {
    expect(await header(other).getAttribute('aria-sort'), other).toBe('none');
  }
  await expect.poll(topRowsOnScreen, { timeout: 20_000 }).toEqual(expectedTop(all, column, desc));
}

beforeAll(async () => {
  t = await uiText('ja');
  opened = await openDeskPage({
    dataDirPrefix: 'desk-e2e-grid-sort-',
    viewport: { width: 1920, height: 1200 },
  });
  ({ desk, page, pageErrors } = opened);
  await page.evaluate(() => {
    window.location.hash = '#/bookings';
  });
  await page.getByRole('heading', { level: 1, name: '予約一覧' }).waitFor();
});

afterAll(async () => {
  await opened?.close();
});

describe('sorting the bookings grid', () => {
  test('every header sorts both ways, by mouse and by keyboard, and the rows on screen follow', async () => {
    const all = bookingsFromToday();
    expect(all.length).toBeGreaterThan(1000);
    await expect
      .poll(() => page.getByTestId('booking-count').textContent())
      .toBe(`${all.length.toLocaleString('ja-JP')}件`);
    // The screen opens by date and time.
    await expectSorted(all, 'slot', false);

    let sorted: { column: BookingGridColumn; desc: boolean } = { column: 'slot', desc: false };
    const next = (column: BookingGridColumn) =>
      sorted.column === column ? { column, desc: !sorted.desc } : { column, desc: false };
    for (const [i, column] of bookingGridColumns.entries()) {
      // Even columns: the mouse first, then Enter on the focused header; odd ones: Tab to the header
      // and Space first, then the mouse.
      const byKeyboard = async (key: 'Enter' | ' ') => {
        await page.keyboard.press(key);
      };
      for (const step of i % 2 === 0 ? (['mouse', 'Enter'] as const) : (['Tab', 'mouse'] as const)) {
        if (step === 'mouse') await headerButton(column).click();
        else if (step === 'Enter') await byKeyboard('Enter');
        else {
          // Focus is on the previous column's header (its button was just used): Tab goes to this one.
          await page.keyboard.press('Tab');
          await expect
            .poll(() => headerButton(column).evaluate((el) => el === document.activeElement))
            .toBe(true);
          await byKeyboard(' ');
        }
        sorted = next(column);
        await expectSorted(all, column, sorted.desc);
      }
    }
    await page.screenshot({
      path: join(screenshotDir, 'bookings-grid-sorted-ja.png'),
      animations: 'disabled',
    });
    expect(pageErrors).toEqual([]);
  });

  test('a new sort starts again at the top of the grid', async () => {
    const grid = page.getByRole('grid');
    await grid.focus();
    for (let i = 0; i < 30; i++) await page.keyboard.press('PageDown');
    await expect
      .poll(() => page.locator('.booking-grid').evaluate((el) => el.scrollTop))
      .toBeGreaterThan(2000);
    expect(await grid.getAttribute('aria-activedescendant')).not.toBe('booking-row-0');

    await headerButton('reading').click();
    await expect.poll(() => page.locator('.booking-grid').evaluate((el) => el.scrollTop)).toBe(0);
    expect(await grid.getAttribute('aria-activedescendant')).toBe('booking-row-0');
    const all = bookingsFromToday();
    await expectSorted(all, 'reading', false);
    await page.locator('.booking-grid').evaluate((el) => {
      el.scrollLeft = 0;
    });
    await page.screenshot({
      path: join(screenshotDir, 'bookings-grid-by-reading-ja.png'),
      animations: 'disabled',
    });
    expect(pageErrors).toEqual([]);
  });
});
