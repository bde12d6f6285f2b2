/**
 * The daily list's exports, read back by programs that were not written here: the .xlsx is opened
 * by LibreOffice (headless) and converted to CSV and PDF. The CSV must hold every booking of that
 * venue and day as the database has it (ticket numbers with leading zeros, formula-like names as
 * text, never evaluated); the PDF must be A4 landscape with every column and the header on every
 * page. Its pages are rendered to PNG in test-results/daily-list/ for a person to look at.
 * Our own CSV writer is checked in UTF-8 (BOM) and Shift_JIS, with the formula guard.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { formatBookingNumber } from '../../domain/booking-number.ts';
import { dailyListColumns, dailyListTitle } from '../../domain/daily-list-layout.ts';
import { formatEraDate } from '../../domain/era-date.ts';
import { createApiHandlers } from '../../electron/node/api-handlers.ts';
import { createDispatcher } from '../../electron/node/dispatch.ts';
import { writeDailyListCsv } from '../../electron/node/export/daily-list-csv.ts';
import { dailyListDocument } from '../../electron/node/export/daily-list-document.ts';
import { DownloadStore } from '../../electron/node/export/download-store.ts';
import { repoRoot } from '../e2e/browser-mode.ts';
import { type BookingsFixture, busiestVenueDay, openBookingsFixture } from './bookings-fixture.ts';
import { parseCsv } from './csv-records.ts';

const outDir = join(repoRoot, 'test-results', 'daily-list');
const session = { staffId: 'venue-export-test', displayName: '受付', role: 'venue_staff' as const };

let fixture: BookingsFixture;
let busy: ReturnType<typeof busiestVenueDay>;
let xlsxPath: string;
let downloads: DownloadStore;

interface ExpectedRow {
  booking_number: string;
  ticket_number: string;
  name: string;
  name_kana: string;
  birth_date: string;
  sex: 'M' | 'F' | 'U';
  start_time: string;
}

function expectedRows(): ExpectedRow[] {
  return fixture.db
    .prepare(
      `SELECT b.booking_number, c.ticket_number, c.name, c.name_kana, c.birth_date, c.sex, s.start_time
         FROM bookings b JOIN slots s ON s.id = b.slot_id JOIN coupons c ON c.id = b.coupon_id
        WHERE s.venue_id = ? AND s.date = ?
          AND b.status IN ('provisional', 'confirmed', 'checked_in', 'vaccinated', 'no_show')`,
    )
    .all(busy.venueId, busy.date) as ExpectedRow[];
}

function run(command: string, args: string[]): string {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 180_000 });
  if (result.error) {
    throw new Error(
      `${command} could not run (apt-get install libreoffice-calc poppler-utils): ${result.error.message}`,
    );
  }
  if (result.status !== 0) throw new Error(`${command} failed: ${result.stderr}`);
  return result.stdout;
}

/** LibreOffice headless with a private profile, so parallel runs do not share one. */
function libreOffice(convertTo: string, input: string, outputDir: string): void {
  run('soffice', [
    '--headless',
    '--norestore',
    `-env:UserInstallation=file://${join(fixture.dir, 'lo-profile')}`,
    '--convert-to',
    convertTo,
    '--outdir',
    outputDir,
    input,
  ]);
}

beforeAll(async () => {
  fixture = openBookingsFixture();
  busy = busiestVenueDay(fixture.db);
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });

  // Residents whose names look like formulas, and a ticket number that is mostly zeros.
  const [a, b, c] = fixture.db
    .prepare(
      `SELECT b.coupon_id FROM bookings b JOIN slots s ON s.id = b.slot_id
        WHERE s.venue_id = ? AND s.date = ? AND b.status IN ('provisional', 'confirmed') LIMIT 3`,
    )
    .pluck()
    .all(busy.venueId, busy.date) as string[];
  const rename = fixture.db.prepare('UPDATE coupons SET name = ?, name_kana = ? WHERE id = ?');
  rename.run('=1+1', '@SUM(A1:A9)', a);
  rename.run('+81-3-1234', '-2+3', b);
  fixture.db.prepare("UPDATE coupons SET ticket_number = '0000000042' WHERE id = ?").run(c);

  downloads = new DownloadStore(join(fixture.dir, 'downloads'));
  const dispatch = createDispatcher(
    createApiHandlers({ db: fixture.db, appVersion: 'test', transport: 'browser', downloads }),
    { enforceRoles: true },
  );
  const result = await dispatch(
    'exportDailyList',
    { date: busy.date, venueId: busy.venueId, format: 'xlsx' },
    { session },
  );
  if (!result.ok) throw new Error(`export failed: ${result.error.code}`);
  const outcome = result.value as {
    delivery: { kind: string; downloadId: string };
    rowCount: number;
    fileName: string;
  };
  expect(outcome.delivery.kind).toBe('download');
  expect(outcome.rowCount).toBe(busy.count);
  expect(outcome.fileName).toBe(`${dailyListTitle}_${busy.date}_${busy.venueName.replaceAll(' ', '_')}.xlsx`);
  const download = downloads.take(outcome.delivery.downloadId)!;
  xlsxPath = join(outDir, 'daily-list.xlsx');
  copyFileSync(download.path, xlsxPath);
  downloads.discard(outcome.delivery.downloadId);
}, 120_000);

afterAll(() => {
  downloads?.clear();
  fixture?.close();
});

describe('the .xlsx as LibreOffice reads it', () => {
  test('as CSV: every booking of the venue and day, ticket numbers and formula-like names as text', () => {
    libreOffice('csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true', xlsxPath, outDir);
    const csv = readFileSync(join(outDir, 'daily-list.csv'), 'utf8');
    const [header, ...records] = parseCsv(csv).filter((r) => r.some((f) => f !== ''));
    expect(header).toEqual(dailyListColumns.map((c) => c.label));

    const subtotals = records.filter((r) => r[0]!.startsWith('小計'));
    const total = records.find((r) => r[0] === '合計');
    const rows = records.filter((r) => !r[0]!.startsWith('小計') && r[0] !== '合計');
    const expected = expectedRows();
    expect(rows).toHaveLength(expected.length);
    expect(total?.[3]).toBe(`${expected.length}名`);
    const column = (key: string) => dailyListColumns.findIndex((c) => c.key === key);
    const byNumber = new Map(rows.map((r) => [r[column('bookingNumber')]!, r]));
    for (const booking of expected) {
      const row = byNumber.get(formatBookingNumber(booking.booking_number));
      expect(row, booking.booking_number).toBeDefined();
      expect(row![column('ticketNumber')]).toBe(booking.ticket_number);
      expect(row![column('name')]).toBe(booking.name);
      expect(row![column('nameKana')]).toBe(booking.name_kana);
      expect(row![column('birthDate')]).toBe(formatEraDate(booking.birth_date));
      expect(row![column('slot')]!.startsWith(booking.start_time)).toBe(true);
      expect(row![column('sex')]).toBe({ M: '男', F: '女', U: '不明' }[booking.sex]);
    }
    // Not evaluated: the text is there as written, and no cell shows a computed 2 or 1.
    expect(rows.some((r) => r[column('name')] === '=1+1')).toBe(true);
    expect(rows.some((r) => r[column('nameKana')] === '@SUM(A1:A9)')).toBe(true);
    expect(rows.some((r) => r[column('name')] === '+81-3-1234')).toBe(true);
    expect(rows.some((r) => r[column('ticketNumber')] === '0000000042')).toBe(true);
    // Each slot's subtotal counts the rows above it.
    let inSlot = 0;
    let checked = 0;
    for (const record of records) {
      if (record[0]!.startsWith('小計')) {
        expect(record[3]).toBe(`${inSlot}名`);
        inSlot = 0;
        checked++;
      } else if (record[0] !== '合計') inSlot++;
    }
    expect(checked).toBe(subtotals.length);
    expect(subtotals.length).toBeGreaterThan(3);
  });

  test('as PDF: A4 landscape, every column across the page, the header on every page', () => {
    libreOffice('pdf', xlsxPath, outDir);
    const pdf = join(outDir, 'daily-list.pdf');
    const info = run('pdfinfo', [pdf]);
    const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
    expect(pages).toBeGreaterThan(1);
    const [width, height] = /Page size:\s+([\d.]+) x ([\d.]+)/.exec(info)!.slice(1).map(Number);
    expect(width).toBeCloseTo(841.89, 0);
    expect(height).toBeCloseTo(595.28, 0);
    for (let page = 1; page <= pages; page++) {
      const text = run('pdftotext', ['-layout', '-f', String(page), '-l', String(page), pdf, '-']);
      const headerLine = text.split('\n').find((line) => line.includes('予約番号'));
      expect(headerLine, `column header on page ${page}`).toBeDefined();
      // First and last column on the same line: nothing spilled onto another page.
      expect(headerLine).toMatch(/時間.*予約番号.*券番号.*氏名.*備考/);
      expect(text).toContain(busy.venueName);
      expect(text).toContain(dailyListTitle);
      expect(text.replace(/\s+/g, ' ')).toContain(`${page} / ${pages} ページ`);
    }
    run('pdftoppm', ['-r', '70', '-png', pdf, join(outDir, 'page')]);
    expect(readdirSync(outDir).filter((f) => f.startsWith('page') && f.endsWith('.png'))).toHaveLength(pages);
  });

  test('each kind of row keeps its own look: bold shaded headings and totals, plain bordered text cells', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(xlsxPath);
    const sheet = workbook.worksheets[0]!;
    const column = (key: string) => dailyListColumns.findIndex((c) => c.key === key) + 1;
    const thin = { style: 'thin', color: { argb: 'FF404040' } };
    const look = (cell: ExcelJS.Cell) => ({
      bold: cell.font?.bold === true,
      font: cell.font?.name,
      fill: cell.fill?.type === 'pattern' ? cell.fill.fgColor?.argb : undefined,
      numFmt: cell.numFmt,
      horizontal: cell.alignment?.horizontal,
      borders: [cell.border?.top, cell.border?.left, cell.border?.bottom, cell.border?.right],
    });
    const rows: ExcelJS.Row[] = [];
    sheet.eachRow((row) => rows.push(row));
    const heading = rows[0]!;
    const body = rows.filter((r) => /^\d\d:\d\d/.test(String(r.getCell(1).value)));
    const totals = rows.filter((r) => /^(小計|合計)/.test(String(r.getCell(1).value)));
    expect(body.length).toBe(busy.count);
    expect(totals.length).toBeGreaterThan(3);
    for (const c of [1, column('name'), column('age')]) {
      expect(look(heading.getCell(c))).toMatchObject({ bold: true, fill: 'FFD9E1F2', horizontal: 'center' });
    }
    for (const row of body) {
      expect(look(row.getCell(column('name')))).toEqual({
        bold: false,
        font: 'BIZ UDPゴシック',
        fill: undefined,
        numFmt: '@',
        horizontal: 'left',
        borders: [thin, thin, thin, thin],
      });
      expect(look(row.getCell(column('age')))).toMatchObject({ bold: false, horizontal: 'right' });
      expect(row.getCell(column('age')).numFmt).toBeUndefined();
    }
    for (const row of totals) {
      expect(look(row.getCell(1))).toMatchObject({ bold: true, fill: 'FFF2F2F2', horizontal: 'left' });
      expect(look(row.getCell(column('name')))).toMatchObject({ bold: true, fill: 'FFF2F2F2' });
    }
  });

  test('the export is in the audit log: who, what and how many records', () => {
    const audit = fixture.db
      .prepare("SELECT staff_id, entity_ids, detail FROM audit_events WHERE action = 'daily-list.export'")
      .get() as { staff_id: string; entity_ids: string; detail: string };
    expect(audit.staff_id).toBe(session.staffId);
    expect(JSON.parse(audit.entity_ids)).toHaveLength(busy.count);
    expect(JSON.parse(audit.detail)).toMatchObject({
      date: busy.date,
      venueId: busy.venueId,
      format: 'xlsx',
      rowCount: busy.count,
      delivery: 'download',
    });
  });
});

describe('our CSV', () => {
  async function csvBytes(encoding: 'utf-8-bom' | 'shift_jis') {
    const doc = dailyListDocument(fixture.db, {
      dateFrom: busy.date,
      dateTo: busy.date,
      venueId: busy.venueId,
    });
    const output = new PassThrough();
    const chunks: Buffer[] = [];
    output.on('data', (chunk: Buffer) => chunks.push(chunk));
    const outcome = await writeDailyListCsv(doc, encoding, output);
    return { bytes: Buffer.concat(chunks), outcome };
  }

  test('UTF-8 starts with a BOM; formula-like text gets an apostrophe; one record per booking', async () => {
    // A number given online as bare digits is written hyphenated, as every list shows it.
    const online = fixture.db
      .prepare(
        `SELECT b.id, b.booking_number FROM bookings b JOIN slots s ON s.id = b.slot_id
          WHERE s.venue_id = ? AND s.date = ? AND b.status = 'confirmed' LIMIT 1 OFFSET 7`,
      )
      .get(busy.venueId, busy.date) as { id: string; booking_number: string };
    fixture.db.prepare("UPDATE bookings SET contact_phone = '09012345678' WHERE id = ?").run(online.id);
    const { bytes, outcome } = await csvBytes('utf-8-bom');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const records = parseCsv(bytes.subarray(3).toString('utf8'));
    expect(records).toHaveLength(busy.count + 1);
    expect(outcome).toEqual({ rowCount: busy.count, replacedCharacters: 0 });
    const names = records.map((r) => r[6]);
    expect(names).toContain("'=1+1");
    expect(names).toContain("'+81-3-1234");
    expect(records.map((r) => r[7])).toContain("'@SUM(A1:A9)");
    expect(records.map((r) => r[5])).toContain('0000000042');
    expect(records.slice(1).every((r) => r[0] === busy.date)).toBe(true);
    // Sex in the words of a Japanese list (男 / 女 / 不明), as the database has it.
    expect(records[0]![11]).toBe('性別');
    const sexOf = new Map(
      (
        fixture.db
          .prepare('SELECT b.booking_number AS n, c.sex FROM bookings b JOIN coupons c ON c.id = b.coupon_id')
          .all() as Array<{ n: string; sex: 'M' | 'F' | 'U' }>
      ).map((r) => [r.n, { M: '男', F: '女', U: '不明' }[r.sex]]),
    );
    expect(records.slice(1).map((r) => r[11])).toEqual(records.slice(1).map((r) => sexOf.get(r[4]!)));
    expect(new Set(records.slice(1).map((r) => r[11]))).toEqual(new Set(['男', '女']));
    expect(records.find((r) => r[4] === online.booking_number)?.[12]).toBe('090-1234-5678');
  });

  test('Shift_JIS (code page 932) keeps 髙 and counts what it cannot hold', async () => {
    const coupon = fixture.db
      .prepare(
        `SELECT b.coupon_id FROM bookings b JOIN slots s ON s.id = b.slot_id
          WHERE s.venue_id = ? AND s.date = ? AND b.status = 'confirmed' LIMIT 1 OFFSET 5`,
      )
      .pluck()
      .get(busy.venueId, busy.date) as string;
    fixture.db.prepare("UPDATE coupons SET name = '髙橋　𠮷子' WHERE id = ?").run(coupon);
    const { bytes, outcome } = await csvBytes('shift_jis');
    expect(outcome.replacedCharacters).toBe(1);
    const text = iconv.decode(bytes, 'cp932');
    expect(text.startsWith('接種日,開始時刻')).toBe(true);
    expect(text).toContain('髙橋　?子');
    expect(text).toContain(busy.venueName);
  });
});
