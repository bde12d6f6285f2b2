import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseCsv } from '../../server/import/csv.ts';
import { importCoupons } from '../../server/import/import-coupons.ts';
import { changeLogHead } from '../../server/store/change-log.ts';
import { createFixture, describeHubBackends, fixtureNow } from './hub-support.ts';
import { encodeShiftJis } from './shift-jis.ts';

const dir = mkdtempSync(join(tmpdir(), 'hub-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const utf8Rows = [
  '券番号,自治体コード,氏名,フリガナ,生年月日,性別,住所,電話番号',
  '0000000001,131016,山田 太郎,やまだ たろう,昭和22年4月1日,男,"東京都千代田区1-1, 2階",090-1111-2222',
  '０００００００００２,131016,佐藤 花子,ｻﾄｳ ﾊﾅｺ,S22.4.2,女,"東京都千代田区2-2\r\n別棟",',
  '0000000003,131016,鈴木 一郎,スズキ イチロウ,H1.1.8,1,,03-1234-5678',
  '000000004,131016,田中 次郎,タナカ ジロウ,1950-01-01,M,,', // 9 digits
  '0000000005,131016,高橋 三郎,タカハシ サブロウ,昭和64年1月8日,M,,', // no such era date
  '0000000001,131016,山田 太郎,ヤマダ タロウ,1947-04-01,M,,', // same ticket again
  '0000000006,131019,伊藤 四郎,イトウ シロウ,1950-01-01,X,,abc', // bad code check digit, sex, phone
];

describeHubBackends('coupon import', (ctx) => {
  const utf8Path = join(dir, `bom-${Math.random()}.csv`);
  beforeAll(() => {
    writeFileSync(utf8Path, `\uFEFF${utf8Rows.join('\r\n')}\r\n`);
  });

  it('imports a UTF-8 (BOM, CRLF) list with era dates and reports every bad row by number and field', async () => {
    const report = await importCoupons(ctx.sql, utf8Path, fixtureNow);
    expect(report).toMatchObject({ format: 'csv', encoding: 'utf-8-bom', rows: 7, inserted: 3, updated: 0 });
    expect(report.newMunicipalities).toEqual(['131016']);
    expect(report.rejected).toEqual([
      { row: 5, field: 'ticket_number', reason: 'not 10 digits' },
      { row: 6, field: 'birth_date', reason: 'not a date of that era' },
      { row: 7, field: 'ticket_number', reason: 'same ticket as row 2' },
      { row: 8, field: 'municipality_code', reason: 'not a valid 6-digit municipality code' },
      { row: 8, field: 'sex', reason: 'not one of M, F, U, 男, 女' },
      { row: 8, field: 'phone', reason: 'not a Japanese phone number' },
    ]);
    const rejectedText = JSON.stringify(report.rejected);
    for (const personal of ['田中', 'タナカ', '000000004', '1950-01-01', '131019']) {
      expect(rejectedText).not.toContain(personal);
    }
    const coupons = await ctx.sql.query<Record<string, string>>(
      'SELECT ticket_number, name_kana, birth_date, sex, address, phone_key FROM coupons ORDER BY ticket_number',
    );
    expect(coupons).toEqual([
      {
        ticket_number: '0000000001',
        name_kana: 'ヤマダ タロウ',
        birth_date: '1947-04-01',
        sex: 'M',
        address: '東京都千代田区1-1, 2階',
        phone_key: '09011112222',
      },
      {
        ticket_number: '0000000002',
        name_kana: 'サトウ ハナコ',
        birth_date: '1947-04-02',
        sex: 'F',
        address: '東京都千代田区2-2\r\n別棟',
        phone_key: '',
      },
      {
        ticket_number: '0000000003',
        name_kana: 'スズキ イチロウ',
        birth_date: '1989-01-08',
        sex: 'M',
        address: '',
        phone_key: '0312345678',
      },
    ]);
  });

  it('changes nothing when the same file is imported again', async () => {
    const { lastSeq } = await changeLogHead(ctx.sql);
    const report = await importCoupons(ctx.sql, utf8Path, fixtureNow);
    expect(report).toMatchObject({ inserted: 0, updated: 0, unchanged: 3 });
    expect((await changeLogHead(ctx.sql)).lastSeq).toBe(lastSeq);
  });

  it('reads Shift_JIS with English headers and LF line ends, updating what changed', async () => {
    const path = join(dir, `sjis-${Math.random()}.csv`);
    const text = [
      'ticket_number,municipality_code,name,name_kana,birth_date,sex,address,phone',
      '0000000001,131016,山田 太郎,ヤマダ タロウ,S22/4/1,男,東京都千代田区9-9,090-1111-2222',
      '0000000007,131016,渡辺 五郎,ワタナベ ゴロウ,昭和30年12月31日,男,東京都千代田区7-7,',
    ].join('\n');
    writeFileSync(path, encodeShiftJis(text));
    const { lastSeq } = await changeLogHead(ctx.sql);
    const report = await importCoupons(ctx.sql, path, fixtureNow);
    expect(report).toMatchObject({
      encoding: 'shift_jis',
      inserted: 1,
      updated: 1,
      unchanged: 0,
      rejected: [],
    });
    expect((await changeLogHead(ctx.sql)).lastSeq).toBe(lastSeq + 2);
    const [row] = await ctx.sql.query<{ name: string; address: string; birth_date: string }>(
      "SELECT name, address, birth_date FROM coupons WHERE ticket_number = '0000000007'",
    );
    expect(row).toEqual({ name: '渡辺 五郎', address: '東京都千代田区7-7', birth_date: '1955-12-31' });
  });

  it('never brings a voided ticket back to active', async () => {
    await ctx.sql.query("UPDATE coupons SET status = 'void' WHERE ticket_number = '0000000003'");
    await importCoupons(ctx.sql, utf8Path, fixtureNow);
    const [row] = await ctx.sql.query<{ status: string }>(
      "SELECT status FROM coupons WHERE ticket_number = '0000000003'",
    );
    expect(row!.status).toBe('void');
  });

  it('reads .xlsx, restoring leading zeros of ticket numbers stored as numbers', async () => {
    const path = join(dir, `list-${Math.random()}.xlsx`);
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('接種券');
    sheet.addRow(['券番号', '自治体コード', '氏名', 'フリガナ', '生年月日', '性別']);
    sheet.addRow([12345678, 131016, '小林 六郎', 'コバヤシ ロクロウ', new Date(Date.UTC(1944, 6, 7)), '男']);
    sheet.addRow(['0000000009', '131016', '加藤 七子', 'カトウ ナナコ', '昭和19年7月8日', '女']);
    sheet.addRow(['', '', '', '', '', '']);
    sheet.addRow(['0000000010', '131016', '', 'ヨシダ', '1944-07-09', 'F']);
    await workbook.xlsx.writeFile(path);
    const report = await importCoupons(ctx.sql, path, fixtureNow);
    expect(report).toMatchObject({
      format: 'xlsx',
      inserted: 2,
      rejected: [{ row: 5, field: 'name', reason: 'empty' }],
    });
    const rows = await ctx.sql.query<{ ticket_number: string; birth_date: string }>(
      "SELECT ticket_number, birth_date FROM coupons WHERE ticket_number IN ('0012345678', '0000000009') ORDER BY 1",
    );
    expect(rows).toEqual([
      { ticket_number: '0000000009', birth_date: '1944-07-08' },
      { ticket_number: '0012345678', birth_date: '1944-07-07' },
    ]);
  });

  it('rejects a birth date after today in Japan by its row number, and imports the other rows', async () => {
    const path = join(dir, `future-${Math.random()}.csv`);
    writeFileSync(
      path,
      [
        'ticket_number,municipality_code,name,name_kana,birth_date,sex',
        '0000000021,131016,未来 一郎,ミライ イチロウ,2099-01-01,M',
        '0000000022,131016,未来 二郎,ミライ ジロウ,令和81年1月1日,M', // 2099 in the era calendar
        '0000000023,131016,今日 三郎,キョウ サブロウ,2030-06-01,M', // born today (fixtureNow, Japan)
        '0000000024,131016,明日 四郎,アシタ シロウ,2030-06-02,M',
      ].join('\n'),
    );
    const report = await importCoupons(ctx.sql, path, fixtureNow);
    expect(report.rejected).toEqual([
      { row: 2, field: 'birth_date', reason: 'after today' },
      { row: 3, field: 'birth_date', reason: 'after today' },
      { row: 5, field: 'birth_date', reason: 'after today' },
    ]);
    expect(report.inserted).toBe(1);
    const rows = await ctx.sql.query<{ ticket_number: string }>(
      "SELECT ticket_number FROM coupons WHERE ticket_number BETWEEN '0000000021' AND '0000000024'",
    );
    expect(rows.map((r) => r.ticket_number)).toEqual(['0000000023']);
  });

  it('imports rows of a municipality no venue here takes, and counts them in the report', async () => {
    // No venue yet: every row of the list is of a municipality nobody books for here.
    const path = join(dir, `served-${Math.random()}.csv`);
    writeFileSync(
      path,
      [
        'ticket_number,municipality_code,name,name_kana,birth_date',
        '0000000031,131016,千代田 一,チヨダ イチ,1950-01-01',
        '0000000032,141101,鶴見 二,ツルミ ニ,1950-01-02',
        '0000000033,141101,鶴見 三,ツルミ サン,1950-01-03',
        '0000000034,141101,鶴見 四,ツルミ シ,1950-01-04',
      ].join('\n'),
    );
    const alone = await importCoupons(ctx.sql, path, fixtureNow);
    expect(alone.notServed).toEqual({ rows: 4, municipalities: ['131016', '141101'] });
    // A venue takes 131016's residents now: only the 141101 rows are left over, and they are imported.
    await createFixture(ctx.sql);
    const again = await importCoupons(ctx.sql, path, fixtureNow);
    expect(again).toMatchObject({ unchanged: 4, notServed: { rows: 3, municipalities: ['141101'] } });
    const [row] = await ctx.sql.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM coupons WHERE municipality_code = '141101'",
    );
    expect(row!.n).toBe(3);
  });

  it('fails with a plain message when a required column is missing', async () => {
    const path = join(dir, `noheader-${Math.random()}.csv`);
    writeFileSync(path, '券番号,氏名\n0000000001,山田\n');
    await expect(importCoupons(ctx.sql, path, fixtureNow)).rejects.toThrow(
      'the header lacks the column(s): municipality_code, name_kana, birth_date',
    );
  });
});

it('parses quoted CSV fields, doubled quotes and both line ends', () => {
  expect(parseCsv('a,"b,""c""",d\r\n"e\nf",,\n\n')).toEqual([
    ['a', 'b,"c"', 'd'],
    ['e\nf', '', ''],
  ]);
  expect(() => parseCsv('a,"b')).toThrow('unterminated');
});
