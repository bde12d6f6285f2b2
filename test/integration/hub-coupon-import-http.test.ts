/**
 * A coupon list imported from a manager's desk over HTTP: the preview (mapping, first rows, every bad
 * row by number and reason), then the apply in steps with progress, resumable from another hub
 * process, and the report — the same rules as `hub import-coupons`.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CouponImportPreview, CouponImportView } from '../../domain/hub-api/manager-api.ts';
import type { ChangesPage } from '../../domain/hub-api/sync-api.ts';
import { runMaintenance } from '../../server/maintenance.ts';
import { changeLogHead } from '../../server/store/change-log.ts';
import { type RunningHub, startHub } from './hub-http-support.ts';
import { type SignedIn, signInStaff } from './hub-staff-support.ts';
import { createFixture, describeHubBackends, fixtureMunicipality } from './hub-support.ts';
import { encodeShiftJis } from './shift-jis.ts';

const code = fixtureMunicipality.code;

/** English headers in another order than the Japanese list, Shift_JIS, CRLF. */
const badList = [
  'birth_date,name,ticket_number,name_kana,municipality_code,sex,phone,address',
  `昭和22年4月1日,山田 太郎,0000000101,ヤマダ タロウ,${code},男,090-1111-2222,千代田区1-1`,
  `S22.4.2,佐藤 花子,000000102,サトウ ハナコ,${code},女,,`, // 9 digits
  `昭和64年1月8日,鈴木 一郎,0000000103,スズキ イチロウ,${code},M,,`, // no such era date
  `2031-01-01,田中 次郎,0000000104,タナカ ジロウ,${code},M,,`, // born after today
  `1950-05-05,高橋 三郎,0000000101,タカハシ サブロウ,${code},M,,`, // the ticket of row 2 again
  `1950-05-05,伊藤 四郎,0000000105,イトウ シロウ,131024,M,,`, // another municipality than the desk's
  `1951-06-06,渡辺 五郎,0000000106,ワタナベ ゴロウ,${code},U,,`,
];

/** A reading of its own for each number (kana only, as readings are). */
const kanaOf = (i: number): string => {
  const kana = 'アイウエオカキクケコサシスセソタチツテト';
  let out = '';
  for (let k = i; out.length === 0 || k > 0; k = Math.floor(k / kana.length)) out += kana[k % kana.length];
  return out;
};

function bigList(n: number, first = 200_000): string {
  const lines = ['券番号,自治体コード,氏名,フリガナ,生年月日,性別'];
  for (let i = 0; i < n; i++) {
    lines.push(
      `${String(first + i).padStart(10, '0')},${code},住民 ${i},ジュウミン ${kanaOf(i)},1950-01-01,F`,
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

describeHubBackends('coupon import over HTTP', (ctx) => {
  let hub: RunningHub;
  let manager: SignedIn;

  beforeAll(async () => {
    await createFixture(ctx.sql);
    hub = await startHub(ctx.sql);
    manager = await signInStaff(hub, ctx.sql, 'manager');
  });
  afterAll(async () => {
    await hub?.close();
  });

  const upload = (
    bytes: Uint8Array<ArrayBuffer> | string,
    fileName: string,
    who: SignedIn = manager,
    on: RunningHub = hub,
  ) =>
    on.request<CouponImportPreview>(
      'POST',
      `/api/v1/sync/coupon-imports?fileName=${encodeURIComponent(fileName)}`,
      {
        rawBody: bytes,
        headers: { ...who.headers, 'content-type': 'text/csv' },
      },
    );
  const apply = (id: string, maxRows?: number, on: RunningHub = hub) =>
    on.request<{ import: CouponImportView }>('POST', `/api/v1/sync/coupon-imports/${id}/apply`, {
      body: maxRows ? { maxRows } : {},
      headers: manager.headers,
    });
  const couponCount = async () =>
    (await ctx.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM coupons'))[0]!.n;

  it('previews a Shift_JIS list: the mapping, the first rows, every bad row by number and reason; imports nothing', async () => {
    const before = await couponCount();
    const { lastSeq } = await changeLogHead(ctx.sql);
    const answer = await upload(encodeShiftJis(`${badList.join('\r\n')}\r\n`), '接種券リスト.csv');
    expect(answer.status).toBe(201);
    const preview = answer.body as CouponImportPreview;
    expect(preview.import).toMatchObject({
      state: 'previewed',
      fileName: '接種券リスト.csv',
      format: 'csv',
      encoding: 'shift_jis',
      dataRows: 7,
      validRows: 2,
      rejectedRows: 5,
      appliedRows: 0,
      notServed: { rows: 0, municipalities: [] },
    });
    expect(preview.columns).toEqual([
      { header: 'birth_date', column: 'birth_date' },
      { header: 'name', column: 'name' },
      { header: 'ticket_number', column: 'ticket_number' },
      { header: 'name_kana', column: 'name_kana' },
      { header: 'municipality_code', column: 'municipality_code' },
      { header: 'sex', column: 'sex' },
      { header: 'phone', column: 'phone' },
      { header: 'address', column: 'address' },
    ]);
    expect(preview.firstRows).toEqual([
      {
        row: 2,
        ticketNumber: '0000000101',
        municipalityCode: code,
        name: '山田 太郎',
        nameKana: 'ヤマダ タロウ',
        birthDate: '1947-04-01',
        sex: 'M',
        address: '千代田区1-1',
        phone: '090-1111-2222',
      },
      expect.objectContaining({ row: 8, ticketNumber: '0000000106', sex: 'U' }),
    ]);
    expect(preview.problems).toEqual([
      { row: 3, field: 'ticket_number', reason: 'not 10 digits' },
      { row: 4, field: 'birth_date', reason: 'not a date of that era' },
      { row: 5, field: 'birth_date', reason: 'after today' },
      { row: 6, field: 'ticket_number', reason: 'same ticket as row 2' },
      { row: 7, field: 'municipality_code', reason: `another municipality than this desk's (${code})` },
    ]);
    for (const personal of ['佐藤', 'サトウ', '000000102', '1950-05-05', '0000000105']) {
      expect(JSON.stringify(preview.problems)).not.toContain(personal);
    }
    expect(await couponCount()).toBe(before);
    expect((await changeLogHead(ctx.sql)).lastSeq).toBe(lastSeq);

    const page = await hub.request<{ problems: unknown[]; next: number | null }>(
      'GET',
      `/api/v1/sync/coupon-imports/${preview.import.id}/problems?after=2&limit=2`,
      { headers: manager.headers },
    );
    expect(page.body).toEqual({
      problems: [
        { row: 5, field: 'birth_date', reason: 'after today' },
        { row: 6, field: 'ticket_number', reason: 'same ticket as row 2' },
      ],
      next: 4,
    });

    const done = await apply(preview.import.id);
    expect(done.body.import).toMatchObject({
      state: 'applied',
      appliedRows: 2,
      inserted: 2,
      updated: 0,
      unchanged: 0,
    });
    expect(await couponCount()).toBe(before + 2);
    // The staged rows (personal data) are gone once applied.
    const [staged] = await ctx.sql.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM coupon_import_rows WHERE import_id = $1',
      [preview.import.id],
    );
    expect(staged!.n).toBe(0);
  });

  it('applies a long list in steps with progress, resumed by another hub process, then reports', async () => {
    const before = await couponCount();
    const { lastSeq } = await changeLogHead(ctx.sql);
    const preview = (await upload(bigList(2500), 'long.csv')).body as CouponImportPreview;
    expect(preview.import).toMatchObject({
      encoding: 'utf-8',
      dataRows: 2500,
      validRows: 2500,
      rejectedRows: 0,
    });
    const first = await apply(preview.import.id, 1000);
    expect(first.body.import).toMatchObject({ state: 'applying', appliedRows: 1000, inserted: 1000 });
    expect(await couponCount()).toBe(before + 1000);

    // The first process is gone; another one, on the same database, goes on from where it stopped.
    const other = await ctx.openAnother();
    const second = await startHub(other);
    try {
      const again = await second.request<{ import: CouponImportView }>(
        'POST',
        `/api/v1/sync/coupon-imports/${preview.import.id}/apply`,
        { body: {}, headers: manager.headers },
      );
      expect(again.body.import).toMatchObject({
        state: 'applied',
        appliedRows: 2500,
        inserted: 2500,
        unchanged: 0,
      });
    } finally {
      await second.close();
      await other.close();
    }
    expect(await couponCount()).toBe(before + 2500);
    const status = await hub.request<{ import: CouponImportView }>(
      'GET',
      `/api/v1/sync/coupon-imports/${preview.import.id}`,
      { headers: manager.headers },
    );
    expect(status.body.import).toMatchObject({ state: 'applied', inserted: 2500, updated: 0, unchanged: 0 });
    // Every coupon reached the change log, so every desk gets them.
    const pulled = await hub.request<ChangesPage>('GET', `/api/v1/sync/changes?since=${lastSeq}&limit=5000`, {
      headers: manager.headers,
    });
    expect(pulled.body.changes!.filter((c) => c.entity === 'coupon')).toHaveLength(2500);
    const audits = await ctx.sql.query<{ action: string; staff_id: string }>(
      'SELECT action, staff_id FROM audit_log WHERE entity_id = $1 ORDER BY id',
      [preview.import.id],
    );
    expect(audits.map((a) => a.action)).toEqual([
      'coupon_import.read',
      'coupon_import.apply',
      'coupon_import.apply',
      'coupon_import.apply',
      'coupon_import.applied',
    ]);
    expect(audits.every((a) => a.staff_id === manager.staffId)).toBe(true);

    // The same list again changes nothing.
    const repeat = (await upload(bigList(2500), 'long.csv')).body as CouponImportPreview;
    const repeated = await apply(repeat.import.id);
    expect(repeated.body.import).toMatchObject({
      state: 'applied',
      inserted: 0,
      updated: 0,
      unchanged: 2500,
    });
  });

  it('drops the staged rows of an import left unfinished for a day (the hub maintenance)', async () => {
    const left = (await upload(bigList(4, 400_000), 'left.csv')).body as CouponImportPreview;
    const staged = async () =>
      (
        await ctx.sql.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM coupon_import_rows WHERE import_id = $1',
          [left.import.id],
        )
      )[0]!.n;
    expect(await staged()).toBe(4);
    await runMaintenance(ctx.sql, new Date(hub.now.getTime() + 23 * 3_600_000));
    expect(await staged()).toBe(4);
    const result = await runMaintenance(ctx.sql, new Date(hub.now.getTime() + 25 * 3_600_000));
    expect(result.importsDiscarded).toBeGreaterThanOrEqual(1);
    expect(await staged()).toBe(0);
    const status = await hub.request<{ import: CouponImportView }>(
      'GET',
      `/api/v1/sync/coupon-imports/${left.import.id}`,
      {
        headers: manager.headers,
      },
    );
    expect(status.body.import!.state).toBe('discarded');
  });

  it('discards an import; a file without a required column is refused; other roles may not import', async () => {
    const preview = (await upload(bigList(3, 300_000), 'discard.csv')).body as CouponImportPreview;
    const discarded = await hub.request<{ import: CouponImportView }>(
      'DELETE',
      `/api/v1/sync/coupon-imports/${preview.import.id}`,
      { headers: manager.headers },
    );
    expect(discarded.body.import!.state).toBe('discarded');
    const late = await apply(preview.import.id);
    expect(late.status).toBe(422);
    const [count] = await ctx.sql.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM coupons WHERE ticket_number = '0000300000'",
    );
    expect(count!.n).toBe(0);

    const noKana = await upload(
      '券番号,自治体コード,氏名,生年月日\r\n0000000999,131016,山田,1950-01-01\r\n',
      'bad.csv',
    );
    expect(noKana.status).toBe(422);
    expect(noKana.body.error?.fields).toEqual([
      { path: 'file', message: 'the header lacks the column(s): name_kana' },
    ]);

    const operator = await signInStaff(hub, ctx.sql, 'operator');
    const forbidden = await upload(bigList(1), 'x.csv', operator);
    expect(forbidden.status).toBe(403);
    const json = await hub.request('POST', '/api/v1/sync/coupon-imports?fileName=x.csv', {
      body: { rows: [] },
      headers: manager.headers,
    });
    expect(json.status).toBe(415);
  });
});
