/**
 * The resident booking page in Debian's Chromium on a phone-sized screen, against a hub on an
 * in-memory PGlite with the demo city: booking with the keyboard only (era date of birth, the
 * next dose proposed), the booking in the hub's database, lookup and cancel, and the plain-Japanese
 * answer to a wrong date of birth.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readingKey } from '../../domain/kana.ts';
import type { CouponInput } from '../../server/catalog/catalog-writes.ts';
import { upsertCoupons, upsertMunicipalities, upsertVenues } from '../../server/catalog/catalog-writes.ts';
import { seedDemo } from '../../server/demo/seed-demo.ts';
import { buildHubApp } from '../../server/http/build-hub-app.ts';
import type { HubSql } from '../../server/store/hub-sql.ts';
import { runHubTransaction } from '../../server/store/hub-transaction.ts';
import { migrate } from '../../server/store/migrate.ts';
import { openPgliteEngine } from '../../server/store/pglite-engine.ts';
import { repoRoot } from './browser-mode.ts';
import { launchChromium } from './chromium.ts';
import { hubResidentRowsQuery, type ResidentRow, recordTestResidents } from './e2e-logs.ts';

const resultsDir = join(repoRoot, 'test-results', 'resident-page');
// The picture in docs/hub-operations.md is refreshed on purpose (`npm run screenshots`), not by
// every test run.
const docsShot =
  process.env.UPDATE_README_SCREENSHOTS === '1'
    ? join(repoRoot, 'docs', 'screenshots', 'resident-page.png')
    : null;
/** A resident the test adds to the demo city: born 1947-04-01 (昭和22年4月1日), no doses yet. */
const resident = { ticketNumber: '9876501234', birthDate: '1947-04-01' };
/** A resident of the demo city whose series is complete, and one of a municipality no venue here takes. */
const completed = { ticketNumber: '9876501235', birthDate: '1945-06-10' };
const outsider = { ticketNumber: '9876501236', birthDate: '1944-02-20', municipality: '141101' };
/** A real municipality (not demo) with a venue of its own, for the page outside demo mode. */
const kofu = { code: '192015', name: '甲府市' };

const couponOf = (
  municipalityCode: string,
  who: { ticketNumber: string; birthDate: string },
  name: string,
): CouponInput => ({
  id: randomUUID(),
  municipalityCode,
  ticketNumber: who.ticketNumber,
  name,
  nameKana: 'シケン',
  nameKanaKey: readingKey('シケン'),
  birthDate: who.birthDate,
  sex: 'F',
  address: '',
  phone: '',
  phoneKey: '',
});

/** Presses Tab until the element has the focus: the page must be usable with the keyboard alone. */
async function tabTo(page: Page, target: Locator, maxPresses = 40): Promise<void> {
  for (let i = 0; i < maxPresses; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`could not reach ${target} with Tab`);
}

const focusedText = (page: Page) => page.evaluate(() => document.activeElement?.textContent ?? '');

describe('resident booking page', () => {
  let sql: HubSql;
  let app: FastifyInstance;
  let baseUrl: string;
  let browser: Browser;
  let context: BrowserContext;
  let couponId: string;

  beforeAll(async () => {
    mkdirSync(resultsDir, { recursive: true });
    sql = await openPgliteEngine(':memory:');
    await migrate(sql);
    const seeded = await seedDemo(sql, { now: new Date(), couponCount: 2000 });
    const mine = couponOf(seeded.municipalityCode, resident, '試験 花子');
    couponId = mine.id;
    const done = couponOf(seeded.municipalityCode, completed, '試験 完了');
    await runHubTransaction(sql, new Date(), async (tx) => {
      await upsertMunicipalities(tx, [{ code: outsider.municipality, name: '横浜市鶴見区' }]);
      await upsertCoupons(tx, [mine, done, couponOf(outsider.municipality, outsider, '試験 他市')]);
    });
    // This test has no desk: the hub's residents are the ones its logs must not name.
    recordTestResidents(await sql.query<ResidentRow>(hubResidentRowsQuery));
    // Every dose of a demo product's series given before.
    const [product] = await sql.query<{ id: string; doses_in_series: number }>(
      'SELECT id, doses_in_series FROM vaccine_products WHERE active ORDER BY id LIMIT 1',
    );
    for (let dose = 1; dose <= product!.doses_in_series; dose++) {
      await sql.query(
        'INSERT INTO coupon_doses (coupon_id, dose_number, date, product_id) VALUES ($1, $2, $3, $4)',
        [done.id, dose, `2021-0${dose + 4}-10`, product!.id],
      );
    }
    app = await buildHubApp({ sql, logLevel: 'silent' });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    if (!address || typeof address === 'string') throw new Error('no TCP address');
    baseUrl = `http://127.0.0.1:${address.port}`;
    browser = await launchChromium();
    context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: 'ja-JP',
      timezoneId: 'Asia/Tokyo',
    });
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await app?.close();
    await sql?.close();
  });

  it('is served with a strict Content-Security-Policy and no inline script', async () => {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    const response = await page.goto(`${baseUrl}/`);
    expect(response!.status()).toBe(200);
    const csp = response!.headers()['content-security-policy']!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(await page.locator('script:not([src])').count()).toBe(0);
    await expect.poll(() => page.locator('h1:visible').textContent()).toBe('ご本人の確認');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('books with the keyboard on a phone: ticket and era birth date, venue, day and time, both doses', async () => {
    const page = await context.newPage();
    await page.goto(`${baseUrl}/`);
    await tabTo(page, page.getByLabel('接種券番号（10桁）'));
    await page.keyboard.type(resident.ticketNumber);
    await page.keyboard.press('Tab');
    await page.keyboard.type('S22.4.1');
    await page.screenshot({ path: join(resultsDir, '1-identify.png'), fullPage: true });
    await page.keyboard.press('Enter');

    await expect.poll(() => focusedText(page)).toBe('ご予約の状況');
    await expect.poll(() => page.getByText('現在、予約はありません。').isVisible()).toBe(true);
    await tabTo(page, page.getByRole('button', { name: '新しく予約する' }));
    await page.keyboard.press('Enter');

    await expect.poll(() => focusedText(page)).toBe('会場を選ぶ');
    const firstVenue = page.getByRole('radio').first();
    await tabTo(page, firstVenue);
    await page.keyboard.press('Space');
    expect(await firstVenue.isChecked()).toBe(true);
    await page.screenshot({ path: join(resultsDir, '2-venue.png'), fullPage: true });
    await tabTo(page, page.getByRole('button', { name: '次へ' }).and(page.locator(':visible')));
    await page.keyboard.press('Enter');

    await expect.poll(() => focusedText(page)).toBe('日時を選ぶ');
    const dateSelect = page.getByLabel('日にち');
    expect(await dateSelect.inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(await dateSelect.locator('option:checked').textContent()).toMatch(
      /^(\d{4}年)?\d{1,2}月\d{1,2}日（.） 残り\d+席$/,
    );
    const firstTime = page.locator('#time-list input[type=radio]:not(:disabled)').first();
    await tabTo(page, firstTime);
    await page.keyboard.press('Space');
    await page.screenshot({ path: join(resultsDir, '3-day-and-time.png'), fullPage: true });
    await tabTo(page, page.getByRole('button', { name: '次へ' }).and(page.locator(':visible')));
    await page.keyboard.press('Enter');

    await expect.poll(() => focusedText(page)).toBe('予約内容の確認');
    await expect.poll(() => page.locator('#confirm-details').textContent()).toContain('1回目');
    const followUp = page.getByRole('group', { name: '2回目の予約' });
    expect(await followUp.isVisible()).toBe(true);
    const offered = await page.getByLabel('2回目も一緒に予約する').isChecked();
    await page.screenshot({ path: join(resultsDir, '4-confirm.png'), fullPage: true });
    await tabTo(page, page.getByRole('button', { name: 'この内容で予約する' }));
    await page.keyboard.press('Enter');

    await expect.poll(() => focusedText(page), { timeout: 15_000 }).toBe('予約が完了しました');
    const numbers = await page.locator('.booking-number').allTextContents();
    expect(numbers).toHaveLength(offered ? 2 : 1);
    for (const n of numbers) expect(n).toMatch(/^[34679AFHJKMPRTWXY]{4}-[34679AFHJKMPRTWXY]{4}$/);
    expect(await page.locator('.booking-reading').first().textContent()).toMatch(/^読み方：.+・.+、.+/);
    await page.screenshot({ path: join(resultsDir, '5-done.png'), fullPage: true });
    if (docsShot) {
      mkdirSync(join(repoRoot, 'docs', 'screenshots'), { recursive: true });
      await page.screenshot({ path: docsShot, fullPage: true });
    }

    const rows = await sql.query<{
      booking_number: string;
      dose_number: number;
      channel: string;
      status: string;
    }>(
      'SELECT booking_number, dose_number, channel, status FROM bookings WHERE coupon_id = $1 ORDER BY dose_number',
      [couponId],
    );
    expect(rows).toEqual(
      numbers.map((n, i) => ({
        booking_number: n.replace('-', ''),
        dose_number: i + 1,
        channel: 'online',
        status: 'confirmed',
      })),
    );
    await page.close();
  });

  it('looks the bookings up and cancels with the keyboard (the later dose goes with the first)', async () => {
    const page = await context.newPage();
    await page.goto(`${baseUrl}/`);
    await page.getByLabel('接種券番号（10桁）').fill(resident.ticketNumber);
    await page.getByLabel('生年月日').fill('1947/4/1');
    await page.getByLabel('生年月日').press('Enter');
    await expect.poll(() => focusedText(page)).toBe('ご予約の状況');
    const cards = page.locator('#booking-list li');
    await expect.poll(() => cards.count()).toBeGreaterThan(0);
    expect(await cards.first().textContent()).toContain('1回目　予約済み');

    await tabTo(page, page.getByRole('button', { name: /^1回目の予約.*をキャンセルする$/ }));
    await page.keyboard.press('Enter');
    await expect.poll(() => focusedText(page)).toBe('本当にキャンセルしますか？');
    await page.screenshot({ path: join(resultsDir, '6-cancel-confirm.png'), fullPage: true });
    await tabTo(page, page.getByRole('button', { name: 'キャンセルする', exact: true }));
    await page.keyboard.press('Enter');

    await expect
      .poll(() => page.getByRole('status').textContent())
      .toMatch(/^予約番号 .{4}-.{4} の予約をキャンセルしました。$/);
    expect(await cards.first().textContent()).toContain('1回目　キャンセル済み');
    await page.screenshot({ path: join(resultsDir, '7-cancelled.png'), fullPage: true });
    const statuses = await sql.query<{ status: string }>(
      'SELECT DISTINCT status FROM bookings WHERE coupon_id = $1',
      [couponId],
    );
    expect(statuses).toEqual([{ status: 'cancelled' }]);
    await page.close();
  });

  it('is labelled デモ with the demo city’s name, and names a real municipality without デモ', async () => {
    const page = await context.newPage();
    await page.goto(`${baseUrl}/`);
    const banner = page.getByRole('banner');
    await expect.poll(() => banner.textContent()).toContain('青葉台市 ワクチン接種 予約受付');
    expect(await banner.getByText('デモ', { exact: true }).isVisible()).toBe(true);
    expect(await page.getByText('デモ：これは架空の市「青葉台市」の予約ページです。').isVisible()).toBe(true);
    expect(await page.title()).toBe('青葉台市 ワクチン接種のご予約（デモ）');
    await page.screenshot({ path: join(resultsDir, '9-demo-label.png'), fullPage: true });
    await page.close();

    // A hub of a real municipality (not the demo city): its name, nothing demo.
    const realSql = await openPgliteEngine(':memory:');
    await migrate(realSql);
    await runHubTransaction(realSql, new Date(), async (tx) => {
      await upsertMunicipalities(tx, [kofu]);
      await upsertVenues(tx, [
        {
          id: 'kofu-hall',
          municipalityCode: kofu.code,
          name: '甲府市民会館',
          nameKana: 'コウフシミンカイカン',
          kind: 'mass_site',
          area: '',
          address: '甲府市1-1',
          phone: '',
          active: true,
          updatedAt: new Date().toISOString(),
        },
      ]);
    });
    const realHub = await buildHubApp({ sql: realSql, logLevel: 'silent' });
    try {
      const realUrl = await realHub.listen({ host: '127.0.0.1', port: 0 });
      // A context of its own, closed before the hub (its kept-alive connections would hold the close up).
      const realContext = await browser.newContext({
        viewport: { width: 390, height: 844 },
        locale: 'ja-JP',
      });
      const real = await realContext.newPage();
      await real.goto(`${realUrl}/`);
      await expect
        .poll(() => real.getByRole('banner').textContent())
        .toContain('甲府市 ワクチン接種 予約受付');
      expect(await real.getByText('デモ', { exact: true }).isVisible()).toBe(false);
      expect(await real.getByText(/架空の市/).count()).toBe(0);
      expect(await real.title()).toBe('甲府市 ワクチン接種のご予約');
      await real.screenshot({ path: join(resultsDir, '10-real-municipality.png'), fullPage: true });
      await realContext.close();
    } finally {
      await realHub.close();
      await realSql.close();
    }
  });

  it('says at once, with one reason, that a complete series or another municipality’s ticket books nothing', async () => {
    const page = await context.newPage();
    await page.goto(`${baseUrl}/`);
    const identify = async (who: { ticketNumber: string; birthDate: string }) => {
      await page.getByLabel('接種券番号（10桁）').fill(who.ticketNumber);
      await page.getByLabel('生年月日').fill(who.birthDate);
      await page.getByLabel('生年月日').press('Enter');
      await expect.poll(() => focusedText(page)).toBe('ご予約の状況');
    };
    await identify(completed);
    const note = page.locator('#eligibility-note');
    expect(await note.textContent()).toBe(
      '必要な回数の接種は、すべて終わっています。新しく予約する必要はありません。',
    );
    expect(await page.getByRole('button', { name: '新しく予約する' }).count()).toBe(0);
    expect(await page.getByText(/間隔/).count()).toBe(0);
    await page.screenshot({ path: join(resultsDir, '11-series-complete.png'), fullPage: true });

    await page.getByRole('button', { name: '終了する' }).click();
    await identify(outsider);
    expect(await note.textContent()).toBe(
      'この接種券は、このページで予約を受け付けている市区町村（青葉台市）のものではないため、ここでは予約できません。接種券に書かれた市区町村の窓口にお問い合わせください。',
    );
    expect(await page.getByRole('button', { name: '新しく予約する' }).count()).toBe(0);
    expect(await page.getByText('接種券番号と生年月日の組み合わせを確認できませんでした。').count()).toBe(0);
    await page.screenshot({ path: join(resultsDir, '12-other-municipality.png'), fullPage: true });
    await page.close();
  });

  it('answers a wrong date of birth with the NOT_VERIFIED message, and a short ticket number beside its field', async () => {
    const page = await context.newPage();
    await page.goto(`${baseUrl}/`);
    const ticket = page.getByLabel('接種券番号（10桁）');
    await ticket.fill('12345');
    await page.getByLabel('生年月日').fill('昭和22年4月1日');
    await page.getByLabel('生年月日').press('Enter');
    await expect
      .poll(() => page.locator('#ticket-error').textContent())
      .toBe('接種券番号は、10桁の数字で入力してください。');
    expect(await ticket.getAttribute('aria-invalid')).toBe('true');
    expect(await ticket.evaluate((el) => el === document.activeElement)).toBe(true);

    await ticket.fill(resident.ticketNumber);
    await page.getByLabel('生年月日').fill('昭和22年4月2日');
    await page.getByLabel('生年月日').press('Enter');
    const alert = page.getByRole('alert');
    await expect
      .poll(() => alert.textContent())
      .toContain('接種券番号と生年月日の組み合わせを確認できませんでした。');
    expect(await alert.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await page.locator('h1:visible').textContent()).toBe('ご本人の確認');
    await page.screenshot({ path: join(resultsDir, '8-not-verified.png'), fullPage: true });
    await page.close();
  });
});
