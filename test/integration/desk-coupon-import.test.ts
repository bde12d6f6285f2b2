/**
 * The coupon list import from a manager's desk through a real hub (PGlite over HTTP; the desktop as
 * the app runs it on a real SQLite file): a Shift_JIS list with bad rows is uploaded the way browser
 * mode's page does, read on the hub (the preview: mapping, first rows, every bad row by number with a
 * reason the desk can put into words, rows of a municipality no venue takes), applied in steps with
 * progress, and the coupons reach the desktop through sync. An .xlsx chosen in Electron's open dialog is
 * read from disk the same way. A file that is no coupon list, a hub login
 * that is not a manager's and a hub that cannot be reached are refused with their reason, nothing
 * imported and the uploaded file gone.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CouponImportView, CouponListRead } from '../../domain/api/contract.ts';
import type { ApiResult } from '../../domain/api/errors.ts';
import type { CouponImportProblemsPage } from '../../domain/api/methods/manager-coupon-import.ts';
import { readRowReason } from '../../domain/coupon-list/row-problems.ts';
import { openDeskService } from '../../electron/node/desk-service.ts';
import type { DesktopShell } from '../../electron/node/desktop-shell.ts';
import { type RunningHub, startHub } from './hub-http-support.ts';
import { createFixture, createTestDatabase, fixtureMunicipality, type TestDatabase } from './hub-support.ts';
import { encodeShiftJis } from './shift-jis.ts';
import {
  attachDesk,
  deskCredentials,
  fastSyncTiming,
  openTestDesk,
  type TestDesk,
  waitFor,
} from './sync-support.ts';

const code = fixtureMunicipality.code;
/** Japanese headers in another order than the hub's, Shift_JIS, CRLF. */
const list = [
  '氏名,フリガナ,生年月日,券番号,自治体コード,性別,電話番号',
  `山田 太郎,ヤマダ タロウ,昭和22年4月1日,0000700001,${code},男,090-1111-2222`,
  `佐藤 花子,サトウ ハナコ,S22.4.2,000700002,${code},女,`, // 9 digits
  `鈴木 一郎,スズキ イチロウ,昭和64年1月8日,0000700003,${code},男,`, // 昭和 ended on the 7th
  `田中 次郎,タナカ ジロウ,2031-01-01,0000700004,${code},男,`, // born after the hub's today
  `高橋 三郎,タカハシ サブロウ,1950-05-05,0000700001,${code},男,`, // the ticket of row 2 again
  '伊藤 四郎,イトウ シロウ,1950-05-05,0000700005,131024,男,', // a municipality no venue takes
  `渡辺 五郎,ワタナベ ゴロウ,1951-06-06,0000700006,${code},女,`,
];

let hubDb: TestDatabase;
let hub: RunningHub;
let desk: TestDesk;
let operatorDesk: TestDesk;

const idle = (d: TestDesk) =>
  waitFor('the desktop to be up to date', () => {
    const status = d.service.sync.status();
    return status.ready && status.state === 'idle' && status;
  });

/** What browser mode's POST /api/upload does: the file into the upload folder, its id for the method. */
function upload(d: TestDesk, bytes: Uint8Array | string): string {
  const slot = d.service.uploads!.create('upload', 'text/csv');
  writeFileSync(slot.path, bytes);
  return slot.id;
}
const read = (d: TestDesk, uploadId: string, fileName = '接種券リスト.csv') =>
  d.service.call('manager.readCouponList', { source: { kind: 'upload', uploadId, fileName } }) as Promise<
    ApiResult<CouponListRead>
  >;
const apply = (importId: string, maxRows?: number) =>
  desk.service.call('manager.applyCouponImport', { importId, ...(maxRows ? { maxRows } : {}) }) as Promise<
    ApiResult<CouponImportView>
  >;
const hubCoupons = async () =>
  (await hubDb.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM coupons'))[0]!.n;
const localCoupon = (ticket: string) =>
  desk.service.db.prepare('SELECT name, birth_date FROM coupons WHERE ticket_number = ?').get(ticket);
const reasonOf = (result: ApiResult<unknown>) =>
  result.ok ? null : result.error.issues?.find((i) => i.path === 'reason')?.message;

beforeAll(async () => {
  hubDb = await createTestDatabase('pglite');
  await createFixture(hubDb.sql);
  hub = await startHub(hubDb.sql);
  desk = await openTestDesk();
  operatorDesk = await openTestDesk();
  await attachDesk(desk, hub.baseUrl, await deskCredentials(hubDb.sql, { role: 'manager', name: 'PC-M' }));
  await attachDesk(operatorDesk, hub.baseUrl, await deskCredentials(hubDb.sql, { name: 'PC-O' }));
  await Promise.all([idle(desk), idle(operatorDesk)]);
});

afterAll(async () => {
  desk?.remove();
  operatorDesk?.remove();
  await hub?.close();
  await hubDb?.drop();
});

describe('a coupon list imported from the desk', () => {
  let importId: string;

  it('is read on the hub: the mapping, the first rows, every bad row by number and reason; nothing imported yet', async () => {
    const before = await hubCoupons();
    const uploadId = upload(desk, encodeShiftJis(`${list.join('\r\n')}\r\n`));
    const answer = await read(desk, uploadId);
    if (!answer.ok || answer.value.outcome !== 'read') throw new Error(JSON.stringify(answer));
    const { preview } = answer.value;
    importId = preview.import.id;
    expect(preview.import).toMatchObject({
      state: 'previewed',
      encoding: 'shift_jis',
      dataRows: 7,
      validRows: 3,
      rejectedRows: 4,
      notServed: { rows: 1, municipalities: ['131024'] },
    });
    expect(preview.columns.map((c) => c.column)).toEqual([
      'name',
      'name_kana',
      'birth_date',
      'ticket_number',
      'municipality_code',
      'sex',
      'phone',
    ]);
    expect(preview.firstRows.map((r) => [r.row, r.ticketNumber, r.birthDate])).toEqual([
      [2, '0000700001', '1947-04-01'],
      [7, '0000700005', '1950-05-05'],
      [8, '0000700006', '1951-06-06'],
    ]);
    expect(preview.problems.map((p) => ({ row: p.row, field: p.field, ...readRowReason(p.reason) }))).toEqual(
      [
        { row: 3, field: 'ticket_number', key: 'ticketDigits' },
        { row: 4, field: 'birth_date', key: 'outsideEra' },
        { row: 5, field: 'birth_date', key: 'afterToday' },
        { row: 6, field: 'ticket_number', key: 'sameTicket', firstRow: 2 },
      ],
    );
    expect(preview.notServedRows).toEqual([{ row: 7, municipalityCode: '131024' }]);
    expect(await hubCoupons()).toBe(before);
    // The uploaded file is gone once read; a second read of the same upload finds nothing.
    expect(reasonOf(await read(desk, uploadId))).toBe('upload_missing');

    const page = (await desk.service.call('manager.getCouponImportProblems', {
      importId,
      after: 2,
      limit: 1,
    })) as ApiResult<CouponImportProblemsPage>;
    expect(page).toEqual({
      ok: true,
      value: { problems: [{ row: 5, field: 'birth_date', reason: 'after today' }], next: 3 },
    });
  });

  it('is applied in steps with progress, and the coupons reach the desktop through sync', async () => {
    const before = await hubCoupons();
    // One step takes whole chunks of the hub's (1000 rows): this list is one chunk, then the end.
    const first = await apply(importId, 1);
    expect(first).toMatchObject({ ok: true, value: { state: 'applying', appliedRows: 3, validRows: 3 } });
    let view = first.ok ? first.value : null;
    while (view && view.state !== 'applied') {
      const next = await apply(importId);
      view = next.ok ? next.value : null;
    }
    expect(view).toMatchObject({ state: 'applied', appliedRows: 3, inserted: 3, updated: 0, unchanged: 0 });
    expect(await hubCoupons()).toBe(before + 3);
    await waitFor('the imported coupons on the desktop', () => localCoupon('0000700006'));
    expect(localCoupon('0000700001')).toEqual({ name: '山田 太郎', birth_date: '1947-04-01' });
    expect(localCoupon('0000700002')).toBeUndefined();

    const audits = desk.service.db
      .prepare("SELECT action, entity_ids FROM audit_events WHERE entity = 'coupon_import' ORDER BY id")
      .all() as Array<{ action: string; entity_ids: string }>;
    expect(audits).toEqual([
      { action: 'coupon_import.read', entity_ids: JSON.stringify([importId]) },
      { action: 'coupon_import.apply', entity_ids: JSON.stringify([importId]) },
    ]);
    // The same list again changes nothing.
    const again = await read(desk, upload(desk, encodeShiftJis(`${list.join('\r\n')}\r\n`)));
    if (!again.ok || again.value.outcome !== 'read') throw new Error('not read');
    const repeated = await apply(again.value.preview.import.id, 100);
    expect(repeated).toMatchObject({ ok: true, value: { state: 'applied', inserted: 0, unchanged: 3 } });
  });

  it('refuses a file that is no coupon list, naming what is missing, and a discarded import', async () => {
    const noKana = await read(
      desk,
      upload(desk, '券番号,自治体コード,氏名,生年月日\r\n0000700009,131016,山田,1950-01-01\r\n'),
    );
    expect(noKana).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(noKana.ok ? [] : noKana.error.issues).toEqual([
      { path: 'reason', message: 'file_unreadable' },
      { path: 'file', message: 'the header lacks the column(s): name_kana' },
    ]);

    const kept = await read(desk, upload(desk, encodeShiftJis(`${list.slice(0, 2).join('\r\n')}\r\n`)));
    if (!kept.ok || kept.value.outcome !== 'read') throw new Error('not read');
    const discarded = await desk.service.call('manager.discardCouponImport', {
      importId: kept.value.preview.import.id,
    });
    expect(discarded).toMatchObject({ ok: true, value: { state: 'discarded' } });
    expect(reasonOf(await apply(kept.value.preview.import.id))).toBe('import_ended');
  });

  it('reads an .xlsx the system open dialog gave (Electron) from disk, tickets stored as numbers padded back', async () => {
    const path = join(desk.dataDir, '..', `coupons-${process.pid}.xlsx`);
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('list');
    sheet.addRow(['ticket_number', 'municipality_code', 'name', 'name_kana', 'birth_date', 'sex']);
    sheet.addRow([700010, Number(code), '青葉 十郎', 'アオバ ジュウロウ', '昭和30年3月3日', 'M']);
    sheet.addRow([700011, Number(code), '青葉 十一', 'アオバ ジュウイチ', '昭和64年1月8日', 'M']);
    await workbook.xlsx.writeFile(path);
    const asked: string[] = [];
    const shell: DesktopShell = {
      chooseSavePath: async () => null,
      chooseOpenPath: async (filter) => {
        asked.push(filter.extensions.join(','));
        return asked.length === 1 ? null : path;
      },
      printWindow: async () => false,
    };
    const electronDir = join(desk.dataDir, '..', `electron-desk-${process.pid}`);
    const electronDesk = await openDeskService({
      dataDir: electronDir,
      empty: true,
      appVersion: 'test',
      transport: 'electron',
      shell,
      syncLog: () => {},
      syncTiming: fastSyncTiming,
    });
    try {
      await electronDesk.sync.saveSettings({
        hubUrl: hub.baseUrl,
        ...(await deskCredentials(hubDb.sql, { role: 'manager', name: 'PC-E' })),
      });
      await waitFor(
        'the Electron desktop to be up to date',
        () => electronDesk.sync.status().state === 'idle',
      );
      const readFromDialog = () =>
        electronDesk.call('manager.readCouponList', { source: { kind: 'dialog' } }) as Promise<
          ApiResult<CouponListRead>
        >;
      expect(await readFromDialog()).toEqual({ ok: true, value: { outcome: 'cancelled' } });
      const answer = await readFromDialog();
      if (!answer.ok || answer.value.outcome !== 'read') throw new Error(JSON.stringify(answer));
      expect(asked).toEqual(['csv,xlsx', 'csv,xlsx']);
      expect(answer.value.preview.import).toMatchObject({ format: 'xlsx', encoding: null, validRows: 1 });
      expect(answer.value.preview.firstRows.map((r) => [r.ticketNumber, r.municipalityCode])).toEqual([
        ['0000700010', code],
      ]);
      expect(answer.value.preview.problems).toEqual([
        { row: 3, field: 'birth_date', reason: 'not a date of that era' },
      ]);
    } finally {
      electronDesk.close();
      rmSync(path, { force: true });
      rmSync(electronDir, { recursive: true, force: true });
    }
  });

  it("is refused when the desktop's hub login is not a manager's", async () => {
    const answer = await read(operatorDesk, upload(operatorDesk, `${list.join('\r\n')}\r\n`));
    expect(answer).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(reasonOf(answer)).toBe('hub_forbidden');
  });

  it('is refused while the hub cannot be reached: nothing read, the uploaded file gone', async () => {
    const before = await hubCoupons();
    await hub.close();
    await waitFor('the desktop to see the hub gone', () => desk.service.sync.status().state === 'offline');
    const uploadId = upload(desk, encodeShiftJis(`${list.join('\r\n')}\r\n`));
    const answer = await read(desk, uploadId);
    expect(answer).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(reasonOf(answer)).toBe('hub_offline');
    expect(desk.service.uploads!.take(uploadId)).toBeNull();
    expect(await hubCoupons()).toBe(before);
  });
});
