/**
 * A hub row the desk cannot read, in a real first snapshot and a real pull (the hub on PGlite over
 * HTTP, one row of a page made unreadable on its way): the rest of the page is applied, the row is
 * kept aside and listed by entity and id on the 同期 status, and the log names it by id only, never
 * with the resident's data.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { setRowAside } from '../../db/queries/sync-set-aside.ts';
import { type CouponRow, couponRecordOf } from '../../server/store/records.ts';
import { type RunningHub, startHub } from './hub-http-support.ts';
import { createFixture, createTestDatabase, type Fixture, type TestDatabase } from './hub-support.ts';
import {
  attachDesk,
  countRows,
  deskCredentials,
  openTestDesk,
  type TestDesk,
  waitFor,
} from './sync-support.ts';

type PageRow = { entity: string; id: string; payload: Record<string, unknown> | null };

/**
 * Between the desk and the hub: passes everything through, and lets `spoil` change rows of snapshot
 * and change pages on their way (as a hub of another version, or a damaged record, would send them).
 */
async function startSpoilingProxy(
  hubUrl: string,
  spoil: (row: PageRow) => void,
): Promise<{ url: string; close(): Promise<void> }> {
  const forward = async (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(request.headers)) {
      if (typeof value === 'string' && name !== 'host' && name !== 'content-length') headers.set(name, value);
    }
    const answer = await fetch(`${hubUrl}${request.url}`, {
      method: request.method ?? 'GET',
      headers,
      ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}),
    });
    const passed: Record<string, string> = {};
    answer.headers.forEach((value, name) => {
      if (!['content-length', 'content-encoding', 'transfer-encoding', 'connection'].includes(name)) {
        passed[name] = value;
      }
    });
    const page = /^\/api\/v1\/sync\/(snapshot|changes)\b/.test(request.url ?? '') && answer.status === 200;
    if (page) {
      const body = (await answer.json()) as { rows?: PageRow[]; changes?: PageRow[] };
      for (const row of body.rows ?? body.changes ?? []) spoil(row);
      response.writeHead(answer.status, passed).end(JSON.stringify(body));
      return;
    }
    response.writeHead(answer.status, passed);
    if (answer.body) for await (const chunk of answer.body) response.write(chunk);
    response.end();
  };
  const server: Server = createServer((request, response) => {
    forward(request, response).catch(() => response.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no TCP address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let hubDb: TestDatabase;
let hub: RunningHub;
let fx: Fixture;
let proxy: Awaited<ReturnType<typeof startSpoilingProxy>>;
let desk: TestDesk;
/** Coupon id → the field to spoil and the value it gets. */
const spoiled = new Map<string, { field: string; value: unknown }>();
const resident = {
  name: '秘密 花子',
  nameKana: 'ヒミツ ハナコ',
  phone: '090-9876-5432',
  address: '東京都千代田区秘密町3-4-5',
};

beforeAll(async () => {
  hubDb = await createTestDatabase('pglite');
  fx = await createFixture(hubDb.sql);
  await fx.slot({ date: '2030-06-20', capacity: 10 });
  await fx.coupons(12);
  hub = await startHub(hubDb.sql);
  proxy = await startSpoilingProxy(hub.baseUrl, (row) => {
    const spoil = row.entity === 'coupon' ? spoiled.get(row.id) : undefined;
    if (spoil && row.payload) row.payload[spoil.field] = spoil.value;
  });
  desk = await openTestDesk();
});

afterAll(async () => {
  desk?.remove();
  await proxy?.close();
  await hub?.close();
  await hubDb?.drop();
});

const hubCoupons = async () =>
  Number((await hubDb.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM coupons'))[0]!.n);

const couponOnDesk = (id: string) =>
  desk.service.db.prepare('SELECT count(*) FROM coupons WHERE id = ?').pluck().get(id) === 1;

/** Nothing of the resident, nor the unreadable value, in any line the desk logged. */
function expectNoResidentDataLogged(values: readonly string[]): void {
  for (const line of desk.logLines) {
    for (const value of values) expect(line).not.toContain(value);
  }
}

it('a first snapshot with one unreadable coupon applies every other row and lists that one by id', async () => {
  const unreadable = await fx.coupon(resident);
  spoiled.set(unreadable.id, { field: 'birthDate', value: '昭和22年4月1日' });
  await attachDesk(desk, proxy.url, await deskCredentials(hubDb.sql));

  const status = await waitFor('the first snapshot', () => {
    const now = desk.service.sync.status();
    return now.ready && now.state === 'idle' && now;
  });
  expect(status.problem).toBeNull();
  expect(countRows(desk, 'coupons')).toBe((await hubCoupons()) - 1);
  expect(couponOnDesk(unreadable.id)).toBe(false);
  expect(countRows(desk, 'slots')).toBe(1);
  expect(status.setAside).toMatchObject({
    count: 1,
    rows: [{ entity: 'coupon', id: unreadable.id, fields: ['birthDate'] }],
  });
  // Logged by entity, id and field.
  expect(desk.logLines.filter((line) => line.includes(unreadable.id))).toEqual([
    expect.stringContaining('coupon'),
  ]);
  expect(desk.logLines.find((line) => line.includes(unreadable.id))).toContain('birthDate');
  expectNoResidentDataLogged([...Object.values(resident), unreadable.ticketNumber, '昭和22年']);
});

it('a pull page with one unreadable row applies the rest; a readable row of it later takes it off the list', async () => {
  const readable = await fx.coupon();
  const unreadable = await fx.coupon({ ...resident, name: '内密 次郎' });
  spoiled.set(unreadable.id, { field: 'sex', value: 'X' });
  // Both in the change log now; the poke brings them in one pull.
  await waitFor('the readable coupon', () => couponOnDesk(readable.id));
  const status = await waitFor('the unreadable one listed', () => {
    const now = desk.service.sync.status();
    return now.setAside.count === 2 && now;
  });
  expect(couponOnDesk(unreadable.id)).toBe(false);
  expect(status.problem).toBeNull();
  expect(status.setAside.rows.map(({ entity, id, fields }) => ({ entity, id, fields }))).toEqual(
    expect.arrayContaining([
      { entity: 'coupon', id: unreadable.id, fields: ['sex'] },
      { entity: 'coupon', id: [...spoiled.keys()][0], fields: ['birthDate'] },
    ]),
  );
  expectNoResidentDataLogged([...Object.values(resident), '内密', unreadable.ticketNumber]);

  // The hub sends the coupon again, readable this time (its record changed): it is applied.
  spoiled.delete(unreadable.id);
  await fx.coupon({
    ...resident,
    id: unreadable.id,
    ticketNumber: unreadable.ticketNumber,
    name: '内密 三郎',
  });
  await waitFor('the coupon applied', () => couponOnDesk(unreadable.id));
  expect(desk.service.sync.status().setAside.rows.map((row) => row.id)).toEqual([[...spoiled.keys()][0]]);
});

it('a row aside that this desk reads now (as a newer version reads what an older one set aside) is applied by the next pull', async () => {
  const coupon = await fx.coupon();
  await waitFor('the coupon', () => couponOnDesk(coupon.id));
  // As an older desk would have kept it: not applied, the hub's record aside.
  const [row] = await hubDb.sql.query<CouponRow>('SELECT * FROM coupons WHERE id = $1', [coupon.id]);
  const db = desk.service.db;
  db.prepare('DELETE FROM coupons WHERE id = ?').run(coupon.id);
  setRowAside(
    db,
    { entity: 'coupon', id: coupon.id, op: 'upsert', payload: couponRecordOf(row!) },
    ['sex'],
    new Date(),
  );
  expect(desk.service.sync.status().setAside.rows.map((r) => r.id)).toContain(coupon.id);

  const status = await desk.service.sync.syncNow();
  expect(couponOnDesk(coupon.id)).toBe(true);
  expect(status.setAside.rows.map((r) => r.id)).not.toContain(coupon.id);
});
