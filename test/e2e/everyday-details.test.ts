/**
 * Small things staff see every day, end to end in Chromium on the demo city (browser mode, no hub):
 * dates in the Japanese form whatever the browser's locale, the page language following the switch,
 * notifications that leave the venue day's fields free, the phone desk's result panel clear of the
 * fixed header, the venue-slots table whole at 1440 px, phone numbers hyphenated, the daily list's
 * print preview with whole cells and its CSVs with distinct names and 男/女 for sex.
 *
 * Screenshots go to test-results/e2e/everyday-*.png.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import iconv from 'iconv-lite';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { openConnection } from '../../db/sqlite-driver.ts';
import { todayIn } from '../../domain/calendar.ts';
import { dailyListColumns } from '../../domain/daily-list-layout.ts';
import { formatEraDate } from '../../domain/era-date.ts';
import { phoneKey } from '../../domain/phone.ts';
import { reminderCallColumns } from '../../domain/reminder-call-layout.ts';
import { readStoreKey, storeKeyPath } from '../../electron/node/store-key.ts';
import { localDbSecretBox } from '../../electron/node/sync/secret-box.ts';
import { parseCsv } from '../integration/csv-records.ts';
import {
  type BrowserMode,
  ensureRendererBuilt,
  openDeskDatabase,
  repoRoot,
  startBrowserMode,
} from './browser-mode.ts';
import { launchChromium } from './chromium.ts';
import {
  CountedKeyboard,
  dayWithSameTimeFollowUp,
  freshShowaCaller,
  moveTo,
  venueIdByName,
  waitForFocus,
} from './phone-desk-page.ts';

const shots = join(repoRoot, 'test-results', 'e2e');

let browser: Browser;
let desk: BrowserMode;
let dataDir: string;
let today: string;
const contexts: BrowserContext[] = [];
let pageErrors: string[] = [];

beforeAll(async () => {
  ensureRendererBuilt();
  dataDir = mkdtempSync(join(tmpdir(), 'desk-e2e-everyday-'));
  desk = await startBrowserMode({ dataDir });
  browser = await launchChromium();
  today = todayIn('Asia/Tokyo');
  mkdirSync(shots, { recursive: true });
});

afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close();
});

afterAll(async () => {
  await browser?.close();
  await desk?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** The browser set to US English, the locale whose own date inputs show mm/dd/yyyy. */
async function openApp(viewport = { width: 1366, height: 768 }): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'en-US', acceptDownloads: true });
  contexts.push(context);
  const page = await context.newPage();
  pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(desk.url);
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  return page;
}

async function goTo(page: Page, hash: string, heading: string): Promise<void> {
  await page.evaluate((h) => {
    window.location.hash = h;
  }, hash);
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(shots, `everyday-${name}.png`), animations: 'disabled' });
}

const { y, m, d } = (() => {
  const [year, month, day] = todayIn('Asia/Tokyo').split('-').map(Number);
  return { y: year!, m: month!, d: day! };
})();
const weekdayJa = () => '日月火水木金土'[new Date(`${today}T00:00:00Z`).getUTCDay()];

describe('dates', () => {
  test('every date field shows the day in Japanese whatever the browser’s locale, and reads what is typed', async () => {
    const page = await openApp();
    const japanese = `${y}年${m}月${d}日（${weekdayJa()}）`;
    const screens: Array<[string, string, string[]]> = [
      ['#/venue-day', '会場受付', ['接種日']],
      ['#/daily-lists', '接種予定者リスト', ['接種日']],
      ['#/venues', '会場・枠', ['開始日', '終了日']],
      ['#/bookings', '予約一覧', ['接種日（から）', '接種日（まで）']],
      ['#/reminder-calls', '前日確認電話', ['予約日']],
    ];
    for (const [hash, heading, labels] of screens) {
      await goTo(page, hash, heading);
      for (const label of labels) {
        const field = page.getByLabel(label, { exact: true });
        expect(await field.getAttribute('type'), `${heading} ${label}`).not.toBe('date');
        const shown = await field.inputValue();
        expect(shown, `${heading} ${label}`).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日（[日月火水木金土]）$|^$/);
      }
      await shot(page, `date-${hash.slice(2)}-1366`);
    }
    await goTo(page, '#/venue-day', '会場受付');
    const date = page.getByLabel('接種日', { exact: true });
    expect(await date.inputValue()).toBe(japanese);
    await shot(page, 'date-venue-day-1366');

    // Typed as staff say it, in the era; the field reads it and shows it back on leaving.
    await date.click();
    await date.press('Control+A');
    await page.keyboard.type('R8.12.2');
    await page.keyboard.press('Tab');
    await expect.poll(() => date.inputValue()).toBe('2026年12月2日（水）');
    await page.getByText('2026年12月2日（水）', { exact: true }).first().waitFor();
    // Not a date: said beside the field, and the day stays as it was.
    await date.click();
    await date.press('Control+A');
    await page.keyboard.type('12/40');
    await page.getByText('日付として読めません（例: 2026/12/2、R8.12.2）').waitFor();
    await shot(page, 'date-unreadable-1366');
    await page.keyboard.press('Tab');
    await expect.poll(() => date.inputValue()).toBe('2026年12月2日（水）');

    // The calendar speaks the UI language too.
    await date.click();
    await page.getByText('2026年12月', { exact: true }).waitFor();
    await shot(page, 'date-calendar-1366');
    await page.keyboard.press('Escape');

    // English: the page language and the field follow the switch.
    await page.getByRole('banner').getByText('English', { exact: true }).click();
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await expect.poll(() => page.getByLabel('Date', { exact: true }).inputValue()).toBe('Wed, Dec 2, 2026');
    await page.getByRole('banner').getByText('日本語', { exact: true }).click();
    await page.waitForFunction(() => document.documentElement.lang === 'ja');
    expect(pageErrors).toEqual([]);
  });
});

describe('the daily list’s CSV files', () => {
  test('UTF-8 and Shift_JIS get different names, and both write sex as 男 / 女', async () => {
    const page = await openApp();
    await goTo(page, '#/daily-lists', '接種予定者リスト');
    await page.locator('section.print-sheet tbody tr[data-booking-number]').first().waitFor();
    const download = async (encoding: string) => {
      await page
        .getByRole('radiogroup', { name: 'CSV の文字コード' })
        .getByText(encoding, { exact: true })
        .click();
      const downloaded = page.waitForEvent('download');
      await page.getByRole('button', { name: 'CSV で出力' }).click();
      const file = await downloaded;
      const path = join(shots, `everyday-${file.suggestedFilename()}`);
      await file.saveAs(path);
      return { name: file.suggestedFilename(), bytes: readFileSync(path) };
    };
    const utf8 = await download('UTF-8（BOM付き）');
    const sjis = await download('Shift_JIS');
    expect(utf8.name).toBe(`接種予定者リスト_${today}_全会場_UTF-8.csv`);
    expect(sjis.name).toBe(`接種予定者リスト_${today}_全会場_SJIS.csv`);
    for (const text of [utf8.bytes.subarray(3).toString('utf8'), iconv.decode(sjis.bytes, 'cp932')]) {
      const [header, ...records] = parseCsv(text).filter((r) => r.length > 1);
      const sex = header!.indexOf('性別');
      expect(sex).toBeGreaterThan(-1);
      expect(records.length).toBeGreaterThan(0);
      expect(new Set(records.map((r) => r[sex]))).toEqual(new Set(['男', '女']));
    }
    expect(pageErrors).toEqual([]);
  });
});

/** Writes into the running desk's database (another connection, as a second process would). */
function writeDesk(sql: string, ...params: unknown[]): void {
  const key = readStoreKey(storeKeyPath(dirname(desk.databasePath)), localDbSecretBox);
  const db = openConnection(desk.databasePath, { readonly: false, key });
  try {
    db.pragma('busy_timeout = 10000');
    db.prepare(sql).run(...params);
  } finally {
    db.close();
  }
}

function readDesk<T>(sql: string, ...params: unknown[]): T {
  const db = openDeskDatabase(desk.databasePath);
  try {
    return db.prepare(sql).get(...params) as T;
  } finally {
    db.close();
  }
}

describe('phone numbers', () => {
  test('a number registered without hyphens is shown hyphenated in the grid, its detail, the daily list and the phone desk', async () => {
    const resident = readDesk<{
      couponId: string;
      bookingId: string;
      bookingNumber: string;
      ticket: string;
      birthDate: string;
    }>(
      `SELECT c.id AS couponId, b.id AS bookingId, b.booking_number AS bookingNumber, c.ticket_number AS ticket,
              c.birth_date AS birthDate
         FROM bookings b JOIN slots s ON s.id = b.slot_id JOIN coupons c ON c.id = b.coupon_id
        WHERE s.date = ? AND b.status = 'confirmed' AND b.channel = 'online' ORDER BY b.id LIMIT 1`,
      today,
    );
    // As typed on the resident page: digits only.
    const typed = '09012345678';
    writeDesk(
      'UPDATE coupons SET phone = ?, phone_key = ? WHERE id = ?',
      typed,
      phoneKey(typed),
      resident.couponId,
    );
    writeDesk('UPDATE bookings SET contact_phone = ? WHERE id = ?', typed, resident.bookingId);
    const shown = '090-1234-5678';
    const page = await openApp({ width: 1440, height: 900 });

    await goTo(page, '#/bookings', '予約一覧');
    await page.getByLabel('検索（前方一致）').fill(resident.bookingNumber);
    const row = page.getByRole('grid').locator(`tr[data-booking-number="${resident.bookingNumber}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain(shown);
    expect(await row.textContent()).not.toContain(typed);
    await row.getByText(shown, { exact: true }).scrollIntoViewIfNeeded();
    await shot(page, 'phone-grid-1440');
    await expect.poll(() => page.getByTestId('booking-count').textContent()).toBe('1件');
    await page.getByRole('grid').focus();
    await page.keyboard.press('Enter');
    const detail = page.locator(`[data-booking-detail="${resident.bookingNumber}"]`);
    await detail.waitFor();
    expect(await detail.textContent()).toContain(shown);
    await page.keyboard.press('Escape');

    await goTo(page, '#/daily-lists', '接種予定者リスト');
    const listed = page.locator(`section.print-sheet tr[data-booking-number="${resident.bookingNumber}"]`);
    await listed.waitFor();
    expect(await listed.textContent()).toContain(shown);

    await goTo(page, '#/phone-booking', '電話予約');
    await page.locator('[data-field="search-main"]').fill(resident.ticket);
    await page.keyboard.press('Enter');
    await page.locator('[data-field="verify-birth"]').fill(formatEraDate(resident.birthDate, 'short'));
    await page.keyboard.press('Enter');
    await page.getByTestId('caller-name').waitFor();
    expect(await page.locator('main').textContent()).toContain(`登録電話 ${shown}`);
    expect(pageErrors).toEqual([]);
  });
});

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}
const overlaps = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('notifications', () => {
  test('the venue day’s notices, three in a row, cover none of its fields or buttons', async () => {
    const page = await openApp();
    await goTo(page, '#/venue-day', '会場受付');
    await page.locator('tbody tr[data-status="confirmed"]').first().waitFor();
    // Three residents checked in one after another: three notices at once.
    for (let i = 0; i < 3; i++) {
      const row = page.locator('tbody tr[data-status="confirmed"]').first();
      const number = await row.getAttribute('data-booking-number');
      await row.getByRole('button', { name: /さんを受付$/ }).click();
      await page.locator(`tbody tr[data-booking-number="${number}"][data-status="checked_in"]`).waitFor();
    }
    const notices = page.locator('.mantine-Notification-root').filter({ hasText: 'さんを受付しました' });
    await expect.poll(() => notices.count()).toBe(3);
    await shot(page, 'venue-day-notice-1366');
    const boxes = await Promise.all((await notices.all()).map(async (n) => (await n.boundingBox())!));
    const controls = page.locator('input, button, label, [role="combobox"]');
    const covered: string[] = [];
    for (const control of await controls.all()) {
      if (!(await control.isVisible())) continue;
      if ((await control.evaluate((el) => el.closest('.mantine-Notification-root') !== null)) === true)
        continue;
      const at = await control.boundingBox();
      if (at && boxes.some((box) => overlaps(box, at))) {
        covered.push((await control.getAttribute('aria-label')) ?? (await control.textContent()) ?? '?');
      }
    }
    expect(covered).toEqual([]);
    // The search field is there to type the next name at once.
    await page.getByLabel('予約番号またはフリガナ').click();
    await page.keyboard.type('やま');
    expect(await page.getByLabel('予約番号またはフリガナ').inputValue()).toBe('やま');
    expect(pageErrors).toEqual([]);
  });
});

describe('the phone desk at 1366×768', () => {
  test('the result panel comes into view whole, below the fixed header', async () => {
    const caller = freshShowaCaller(desk.databasePath);
    const page = await openApp();
    await goTo(page, '#/phone-booking', '電話予約');
    await waitForFocus(page, '[data-field="search-main"]');
    await page.keyboard.type(caller.ticketNumber);
    await page.keyboard.press('Enter');
    await waitForFocus(page, '[data-field="verify-birth"]');
    await page.keyboard.type(formatEraDate(caller.birthDate, 'short'));
    await page.keyboard.press('Enter');
    await waitForFocus(page, '[data-cell]');
    // Both doses (Pfizer, 21 days apart): the longest result, two numbers and both dates read back.
    const hall = venueIdByName(desk.databasePath, '青葉台駅前ホール 集団接種会場');
    const plan = dayWithSameTimeFollowUp(desk.databasePath, hall, today, 21);
    await moveTo(page, new CountedKeyboard(page), hall, plan.date);
    await page.keyboard.press('Enter');
    await waitForFocus(page, '[data-testid="slot-times"] [data-option]');
    await page.keyboard.press('Enter');
    await page.getByTestId('follow-up-proposal').waitFor();
    await page.keyboard.press('Enter');
    await page.getByTestId('confirm-summary').waitFor();
    // The operator scrolled down to the end of the confirmation (notes, contact phone) before F9.
    await page.mouse.wheel(0, 2000);
    await page.waitForFunction(() => window.scrollY > 0);
    await page.keyboard.press('F9');
    const result = page.getByTestId('call-result');
    await expect.poll(() => result.getByTestId('booking-number').count()).toBe(2);
    // Wait for the scroll to settle, then look: the heading must be below the header, not under it.
    await page.waitForTimeout(300);
    await shot(page, 'phone-result-1366');
    const header = (await page.getByRole('banner').boundingBox())!;
    const heading = (await result.getByRole('heading', { level: 2 }).boundingBox())!;
    const panel = (await result.boundingBox())!;
    expect(heading.y).toBeGreaterThanOrEqual(header.y + header.height);
    expect(panel.y).toBeGreaterThanOrEqual(header.y + header.height);
    expect(pageErrors).toEqual([]);
  });
});

describe('会場・枠 at office widths', () => {
  test('the table ends with its 受付 column in view at 1440 and 1366 wide, in Japanese and English', async () => {
    for (const viewport of [
      { width: 1440, height: 900 },
      { width: 1366, height: 768 },
    ]) {
      const page = await openApp(viewport);
      await goTo(page, '#/venues', '会場・枠');
      await page.locator('.slot-row').first().waitFor();
      for (const [language, status] of [
        ['ja', '受付'],
        ['en', 'Status'],
      ] as const) {
        if (language === 'en') {
          await page.getByRole('banner').getByText('English', { exact: true }).click();
          await page.getByRole('columnheader', { name: status, exact: true }).waitFor();
        }
        const fit = await page.evaluate(() => {
          const table = document.querySelector('.slot-table') as HTMLElement;
          const box = table.parentElement as HTMLElement;
          const edge = box.getBoundingClientRect().right;
          const last = table.querySelector('thead tr th:last-child')!.getBoundingClientRect();
          const cells = [...table.querySelectorAll('tbody tr td:last-child span')].slice(0, 20);
          return {
            overflow: box.scrollWidth - box.clientWidth,
            lastHeaderOut: last.right - edge,
            cellsOut: cells.filter((c) => c.getBoundingClientRect().right > edge).length,
          };
        });
        await shot(page, `venues-${language}-${viewport.width}`);
        expect(fit.overflow, `${viewport.width} ${language}`).toBe(0);
        expect(fit.lastHeaderOut, `${viewport.width} ${language}`).toBeLessThanOrEqual(0);
        expect(fit.cellsOut, `${viewport.width} ${language}`).toBe(0);
      }
    }
    expect(pageErrors).toEqual([]);
  });
});

/** Cells of the printed list whose text is wider than the cell (cut off on paper): 'column: text', once each. */
async function cutCells(
  page: Page,
  labels: readonly string[] = dailyListColumns.map((c) => c.label),
): Promise<string[]> {
  const cut = await page.evaluate((names) => {
    const found: string[] = [];
    for (const row of document.querySelectorAll('.print-table tbody tr[data-booking-number]')) {
      row.querySelectorAll('td').forEach((cell, i) => {
        if (cell.scrollWidth > cell.clientWidth) found.push(`${names[i] ?? '?'}: ${cell.textContent}`);
      });
    }
    for (const th of document.querySelectorAll('.print-table .print-columns th')) {
      if (th.scrollWidth > th.clientWidth) found.push(`heading: ${th.textContent}`);
    }
    return found;
  }, labels);
  return [...new Set(cut)].sort();
}

describe('the daily list on A4', () => {
  test('no cell of the preview or the printed page is cut (ファイザー社ワクチン, オンライン, the era birth date)', async () => {
    const page = await openApp({ width: 1440, height: 900 });
    await goTo(page, '#/daily-lists', '接種予定者リスト');
    await page.locator('section.print-sheet tbody tr[data-booking-number]').first().waitFor();
    // Every product and channel of the demo city on this list, the longest names included.
    const shown = await page.locator('section.print-sheet').first().textContent();
    expect(shown).toContain('ファイザー社ワクチン');
    expect(shown).toContain('オンライン');
    await shot(page, 'daily-list-preview-1440');
    expect(await cutCells(page), 'preview').toEqual([]);

    await page.emulateMedia({ media: 'print' });
    expect(await cutCells(page), 'print').toEqual([]);
    const pdf = join(shots, 'everyday-daily-list-a4.pdf');
    await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
    await page.emulateMedia({ media: 'screen' });
    spawnSync('pdftoppm', [
      '-r',
      '150',
      '-png',
      '-f',
      '1',
      '-l',
      '1',
      pdf,
      join(shots, 'everyday-daily-list-a4'),
    ]);

    // The reminder call list prints with the same pieces.
    await goTo(page, '#/reminder-calls', '前日確認電話');
    await page.getByText('印刷プレビュー', { exact: true }).click();
    await page
      .locator('.print-preview-frame:not(.screen-hidden) section.print-sheet tbody tr')
      .first()
      .waitFor();
    expect(
      await cutCells(
        page,
        reminderCallColumns.map((c) => c.label),
      ),
      'reminder calls',
    ).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
