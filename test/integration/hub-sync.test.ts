import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  type ChangesPage,
  changesPageSchema,
  type LoginResponse,
  type Mutation,
  type MutationResult,
  type SnapshotPage,
  snapshotPageSchema,
  syncEntities,
} from '../../domain/hub-api/sync-api.ts';
import { upsertCouponDoses } from '../../server/catalog/catalog-writes.ts';
import { createStaff } from '../../server/staff/create-staff.ts';
import { changeLogHead } from '../../server/store/change-log.ts';
import { runHubTransaction } from '../../server/store/hub-transaction.ts';
import {
  type BookingEventRow,
  type BookingRow,
  bookingEventRecordOf,
  bookingRecordOf,
  type CouponRow,
  couponRecordOf,
  type HoldRow,
  holdRecordOf,
  type ProductRow,
  productRecordOf,
  type SlotRow,
  slotRecordOf,
  type VenueRow,
  venueRecordOf,
} from '../../server/store/records.ts';
import { registerDevice } from '../../server/sync/device-sessions.ts';
import { type RunningHub, startHub } from './hub-http-support.ts';
import {
  createFixture,
  describeHubBackends,
  type Fixture,
  fixtureMunicipality,
  fixtureNow,
  fixtureProduct,
} from './hub-support.ts';

const protocol = { 'x-hub-protocol': '1' };

describeHubBackends('staff sync API', (ctx) => {
  let hub: RunningHub;
  let fx: Fixture;
  let device: { id: string; secret: string };
  let operator: string;
  let venueStaff: string;

  const signIn = async (login: string, password = 'operator password 1') => {
    const answer = await hub.request<LoginResponse>('POST', '/api/v1/sync/login', {
      body: { deviceId: device.id, deviceSecret: device.secret, login, password },
      headers: protocol,
    });
    expect(answer.status).toBe(200);
    return { ...protocol, authorization: `Bearer ${answer.body.token}` };
  };

  beforeAll(async () => {
    fx = await createFixture(ctx.sql);
    hub = await startHub(ctx.sql);
    device = await registerDevice(ctx.sql, { name: '窓口PC-1', municipalityCode: fixtureMunicipality.code });
    await createStaff(ctx.sql, { login: 'op1', role: 'operator', password: 'operator password 1' });
    await createStaff(ctx.sql, {
      login: 'venue1',
      role: 'venue_staff',
      password: 'operator password 1',
      venueIds: [fx.venueId],
    });
    operator = 'op1';
    venueStaff = 'venue1';
  });
  afterAll(async () => {
    await hub?.close();
  });

  const push = async (headers: Record<string, string>, mutations: Mutation[]) => {
    const answer = await hub.request<{ results: MutationResult[] }>('POST', '/api/v1/sync/push', {
      body: { mutations },
      headers,
    });
    expect(answer.status).toBe(200);
    return answer.body.results!;
  };
  const bookMutation = (
    couponId: string,
    slotId: string,
    over: Partial<Extract<Mutation, { kind: 'book' }>['payload']> = {},
  ): Mutation => ({
    mutationId: randomUUID(),
    kind: 'book',
    payload: { couponId, slotId, doseNumber: 1, channel: 'phone', ...over },
  });

  it('answers every request with the protocol version first, then asks for a session', async () => {
    const noVersion = await hub.request('GET', '/api/v1/sync/changes?since=0');
    expect(noVersion.status).toBe(426);
    expect(noVersion.body.error?.code).toBe('PROTOCOL_MISMATCH');
    const noToken = await hub.request('GET', '/api/v1/sync/changes?since=0', { headers: protocol });
    expect(noToken.status).toBe(401);
    expect(noToken.body.error?.code).toBe('UNAUTHORIZED');
    const forged = await hub.request('GET', '/api/v1/sync/changes?since=0', {
      headers: { ...protocol, authorization: 'Bearer aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' },
    });
    expect(forged.status).toBe(401);
  });

  it('refuses a wrong password and a wrong device secret with the same answer', async () => {
    const wrongPassword = await hub.request('POST', '/api/v1/sync/login', {
      body: { deviceId: device.id, deviceSecret: device.secret, login: operator, password: 'nope nope nope' },
      headers: protocol,
    });
    const wrongSecret = await hub.request('POST', '/api/v1/sync/login', {
      body: {
        deviceId: device.id,
        deviceSecret: 'x'.repeat(43),
        login: operator,
        password: 'operator password 1',
      },
      headers: protocol,
    });
    expect(wrongPassword.status).toBe(401);
    expect(wrongSecret.body).toEqual(wrongPassword.body);
  });

  it('a paged snapshot plus the changes since its sequence give exactly the hub state', async () => {
    const headers = await signIn(operator);
    await fx.slot({ date: '2030-06-20' });
    const coupons = await fx.coupons(15);
    const rows = new Map<string, unknown>();
    let page: SnapshotPage | undefined;
    let cursor: string | null = null;
    let pages = 0;
    let renamed = '';
    do {
      const path: string = `/api/v1/sync/snapshot?limit=4${cursor ? `&cursor=${cursor}` : ''}`;
      const answer = await hub.request<SnapshotPage>('GET', path, { headers });
      expect(answer.status).toBe(200);
      page = answer.body as SnapshotPage;
      for (const row of page.rows) rows.set(`${row.entity}:${row.id}`, row.payload);
      cursor = page.next;
      pages += 1;
      // Changes keep happening while the snapshot is taken: a new coupon, and a coupon already sent
      // renamed (then named back below, so the desktop's copy is still right).
      if (pages === 3) await fx.coupon();
      if (pages === 5) {
        renamed = [...rows.keys()].find((key) => key.startsWith('coupon:'))!.slice('coupon:'.length);
        await ctx.sql.query("UPDATE coupons SET name = '改名 太郎' WHERE id = $1", [renamed]);
      }
    } while (cursor);
    expect(pages).toBeGreaterThan(4);
    expect(coupons.length).toBe(15);
    // (The direct UPDATE above bypasses the change log on purpose: a hub write would log it.)
    await ctx.sql.query("UPDATE coupons SET name = '山田 太郎' WHERE id = $1", [renamed]);

    let since = page.snapshotSeq;
    for (;;) {
      const answer = await hub.request<ChangesPage>('GET', `/api/v1/sync/changes?since=${since}&limit=3`, {
        headers,
      });
      const changes = answer.body as ChangesPage;
      for (const c of changes.changes) {
        if (c.op === 'delete') rows.delete(`${c.entity}:${c.id}`);
        else rows.set(`${c.entity}:${c.id}`, c.payload);
      }
      since = changes.cursor;
      if (!changes.hasMore) break;
    }

    const fresh = await hub.request<SnapshotPage>('GET', '/api/v1/sync/snapshot?limit=10000', { headers });
    const expected = new Map(fresh.body.rows!.map((r) => [`${r.entity}:${r.id}`, r.payload]));
    expect(rows).toEqual(expected);
    const [couponCount] = await ctx.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM coupons');
    expect([...rows.keys()].filter((k) => k.startsWith('coupon:'))).toHaveLength(couponCount!.n);
    // Products are shared by all municipalities; a municipal device still needs them.
    expect(rows.has(`vaccine_product:${fixtureProduct.id}`)).toBe(true);
  });

  it('says on every snapshot page how many rows the whole snapshot has, for a progress bar', async () => {
    const headers = await signIn(operator);
    await fx.slot({ date: '2030-06-20' });
    await fx.coupons(10);
    const snapshot = async () => {
      let cursor: string | null = null;
      let received = 0;
      const totals = new Set<number | undefined>();
      do {
        const path: string = `/api/v1/sync/snapshot?limit=7${cursor ? `&cursor=${cursor}` : ''}`;
        const page = (await hub.request<SnapshotPage>('GET', path, { headers })).body as SnapshotPage;
        received += page.rows.length;
        totals.add(page.totalRows);
        cursor = page.next;
      } while (cursor);
      return { received, totals: [...totals] };
    };
    const first = await snapshot();
    // One figure, given on every page, and exactly the rows that came.
    expect(first.totals).toEqual([first.received]);
    expect(first.received).toBeGreaterThan(14);
    await fx.coupons(3);
    expect((await snapshot()).totals).toEqual([first.received + 3]);
  });

  it('answers RESNAPSHOT for a cursor the hub cannot serve', async () => {
    const headers = await signIn(operator);
    const answer = await hub.request('GET', '/api/v1/sync/changes?since=99999999', { headers });
    expect(answer.status).toBe(410);
    expect(answer.body.error?.code).toBe('RESNAPSHOT');
  });

  it('applies a phone booking once, answers the same result again, and shows it in the change log', async () => {
    const headers = await signIn(operator);
    const slotId = await fx.slot({ date: '2030-06-20', capacity: 2, callCenterReserve: 2 });
    const coupon = await fx.coupon();
    const mutation = bookMutation(coupon.id, slotId, { notes: '耳が遠い' });
    const [first] = await push(headers, [mutation]);
    expect(first).toMatchObject({ mutationId: mutation.mutationId, status: 'ok' });
    const booking = (first as Extract<MutationResult, { status: 'ok' }>).bookings[0] as Record<
      string,
      unknown
    >;
    expect(booking).toMatchObject({ channel: 'phone', status: 'confirmed', notes: '耳が遠い', slotId });
    const [again] = await push(headers, [mutation]);
    expect(again).toEqual(first);
    const [count] = await ctx.sql.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM bookings WHERE slot_id = $1',
      [slotId],
    );
    expect(count!.n).toBe(1);

    const [other] = await push(headers, [
      { ...mutation, payload: { ...mutation.payload, notes: '別の内容' } } as Mutation,
    ]);
    expect(other).toMatchObject({ status: 'rejected', code: 'IDEMPOTENCY_CONFLICT' });

    const changes = await hub.request<ChangesPage>('GET', '/api/v1/sync/changes?since=0&limit=5000', {
      headers,
    });
    expect(changes.body.changes!.some((c) => c.entity === 'booking' && c.id === booking.id)).toBe(true);
  });

  it('rejects finally: a booking pushed after the slot filled up stays rejected', async () => {
    const headers = await signIn(operator);
    const slotId = await fx.slot({ date: '2030-06-22', capacity: 1 });
    const [a, b] = await fx.coupons(2);
    const lateMutation = bookMutation(b!.id, slotId);
    const [ok, late] = await push(headers, [bookMutation(a!.id, slotId), lateMutation]);
    expect(ok!.status).toBe('ok');
    expect(late).toMatchObject({ status: 'rejected', code: 'SLOT_FULL' });
    // The seat frees up, but the rejection of that mutation is final.
    const bookingId = ((ok as Extract<MutationResult, { status: 'ok' }>).bookings[0] as { id: string }).id;
    const [cancelled] = await push(headers, [
      { mutationId: randomUUID(), kind: 'cancel', payload: { bookingId } },
    ]);
    expect(cancelled!.status).toBe('ok');
    const [retried] = await push(headers, [lateMutation]);
    expect(retried).toEqual(late);
  });

  it('enforces roles on the hub', async () => {
    const headers = await signIn(venueStaff);
    const slotId = await fx.slot({ date: '2030-06-23' });
    const coupon = await fx.coupon();
    const [phone] = await push(headers, [bookMutation(coupon.id, slotId)]);
    expect(phone).toMatchObject({ status: 'rejected', code: 'FORBIDDEN' });
    const [walkIn] = await push(headers, [bookMutation(coupon.id, slotId, { channel: 'walk_in' })]);
    expect(walkIn!.status).toBe('ok');
  });

  it('never exceeds capacity with desktops and the online channel booking at once', async () => {
    const headers = await signIn(operator);
    // 20 seats, 5 kept for the call center: online can take at most 15.
    const slotId = await fx.slot({ date: '2030-06-24', capacity: 20, callCenterReserve: 5 });
    const coupons = await fx.coupons(60);
    const online = coupons.slice(0, 30).map((c, i) =>
      hub.request('POST', '/api/v1/public/bookings', {
        body: { ticketNumber: c.ticketNumber, birthDate: c.birthDate, slotId },
        headers: { 'idempotency-key': `mixed-online-${i}-${randomUUID()}` },
      }),
    );
    const phone = coupons.slice(30).map((c) => push(headers, [bookMutation(c.id, slotId)]));
    const [onlineAnswers, phoneAnswers] = await Promise.all([Promise.all(online), Promise.all(phone)]);
    const onlineOk = onlineAnswers.filter((a) => a.status === 201).length;
    const phoneOk = phoneAnswers.filter(([r]) => r!.status === 'ok').length;
    expect(onlineOk + phoneOk).toBe(20);
    expect(onlineOk).toBeLessThanOrEqual(15);
    expect(
      onlineAnswers.filter((a) => a.status !== 201).every((a) => a.body.error?.code === 'SLOT_FULL'),
    ).toBe(true);
    expect(
      phoneAnswers
        .filter(([r]) => r!.status !== 'ok')
        .every(([r]) => r!.status === 'rejected' && r!.code === 'SLOT_FULL'),
    ).toBe(true);
    const [slot] = await ctx.sql.query<{ booked_online: number; booked_phone: number; n: number }>(
      `SELECT booked_online, booked_phone,
              (SELECT count(*)::int FROM bookings WHERE slot_id = $1 AND status = 'confirmed') AS n
       FROM slots WHERE id = $1`,
      [slotId],
    );
    expect(slot).toEqual({ booked_online: onlineOk, booked_phone: phoneOk, n: 20 });
  });

  it('sends the rows of every table as the records the change log carries (one JSON value per page)', async () => {
    const headers = await signIn(operator);
    const slotId = await fx.slot({ date: '2030-07-01' });
    const [coupon] = await fx.coupons(1);
    const [booked] = await push(headers, [
      bookMutation(coupon!.id, slotId, { contactPhone: '090-1111-2222' }),
    ]);
    expect(booked).toMatchObject({ status: 'ok' });
    await ctx.sql.query(
      "UPDATE bookings SET status = 'cancelled', cancelled_at = now() WHERE coupon_id = $1",
      [coupon!.id],
    );
    await ctx.sql.query(
      "INSERT INTO coupon_doses (coupon_id, dose_number, date, product_id) VALUES ($1, 1, '2029-01-05', $2)",
      [coupon!.id, fixtureProduct.id],
    );
    await ctx.sql.query(
      `INSERT INTO holds (id, municipality_code, slot_id, staff_id, device_id, created_at, expires_at, expires_cap_at)
       VALUES ($1, $2, $3, NULL, $4, $5, $5::timestamptz + interval '5 minutes', $5::timestamptz + interval '1 hour')`,
      [randomUUID(), fixtureMunicipality.code, slotId, device.id, hub.now],
    );
    const byKey = new Map<string, unknown>();
    let cursor: string | null = null;
    do {
      const path: string = `/api/v1/sync/snapshot?limit=5${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await hub.request<SnapshotPage>('GET', path, { headers })).body as SnapshotPage;
      for (const row of page.rows) byKey.set(`${row.entity}:${row.id}`, row.payload);
      cursor = page.next;
    } while (cursor);

    // The same rows through the driver (typed per column) and the record functions.
    const all = <T extends object>(query: string, params: unknown[] = []) => ctx.sql.query<T>(query, params);
    const expected = new Map<string, unknown>();
    const put = (entity: string, id: string, payload: unknown) => expected.set(`${entity}:${id}`, payload);
    for (const r of await all<ProductRow>('SELECT * FROM vaccine_products'))
      put('vaccine_product', r.id, productRecordOf(r));
    const municipal = 'WHERE municipality_code = $1';
    const code = [fixtureMunicipality.code];
    for (const r of await all<VenueRow>(`SELECT * FROM venues ${municipal}`, code))
      put('venue', r.id, venueRecordOf(r));
    for (const r of await all<SlotRow>(`SELECT * FROM slots ${municipal}`, code))
      put('slot', r.id, slotRecordOf(r));
    for (const r of await all<CouponRow>(`SELECT * FROM coupons ${municipal}`, code))
      put('coupon', r.id, couponRecordOf(r));
    for (const r of await all<BookingRow>(`SELECT * FROM bookings ${municipal}`, code))
      put('booking', r.id, bookingRecordOf(r));
    for (const r of await all<BookingEventRow>(`SELECT * FROM booking_events ${municipal}`, code)) {
      put('booking_event', String(r.id), bookingEventRecordOf(r));
    }
    for (const r of await all<HoldRow>(`SELECT * FROM holds ${municipal}`, code))
      put('hold', r.id, holdRecordOf(r));
    const entities = ['vaccine_product', 'venue', 'slot', 'coupon', 'booking', 'booking_event', 'hold'];
    const sent = new Map([...byKey].filter(([key]) => entities.includes(key.split(':')[0]!)));
    expect(sent).toEqual(expected);
    expect(byKey.get(`coupon_dose:${coupon!.id}:1`)).toEqual({
      couponId: coupon!.id,
      doseNumber: 1,
      date: '2029-01-05',
      productId: fixtureProduct.id,
    });
    for (const entity of [...entities, 'coupon_dose', 'staff', 'municipality']) {
      expect(
        [...byKey.keys()].some((key) => key.startsWith(`${entity}:`)),
        entity,
      ).toBe(true);
    }
  });

  it('sends every entity as its record: each snapshot row and change parses with domain/hub-api/records.ts', async () => {
    const headers = await signIn(operator);
    const slotId = await fx.slot({ date: '2030-06-21' });
    const coupon = await fx.coupon();
    await runHubTransaction(ctx.sql, fixtureNow, (tx) =>
      upsertCouponDoses(tx, [{ couponId: coupon.id, doseNumber: 1, date: '2030-05-25', productId: null }]),
    );
    const since = (await changeLogHead(ctx.sql)).lastSeq;
    const [booked] = await push(headers, [
      bookMutation(coupon.id, slotId, {
        doseNumber: 2,
        contactPhone: '090-1234-5678（本人携帯・平日夜間のみ連絡可、留守電可）',
      }),
    ]);
    expect(booked).toMatchObject({ status: 'ok' });
    const bookingId = (booked as Extract<MutationResult, { status: 'ok' }>).bookings[0]!.id;
    await push(headers, [{ mutationId: randomUUID(), kind: 'cancel', payload: { bookingId } }]);
    const hold = await hub.request('POST', '/api/v1/sync/holds', {
      body: { holdId: randomUUID(), slotId },
      headers,
    });
    expect(hold.status).toBe(200);

    const snapshot = await hub.request('GET', '/api/v1/sync/snapshot?limit=10000', { headers });
    const page = snapshotPageSchema.parse(snapshot.body);
    expect(new Set(page.rows.map((r) => r.entity))).toEqual(new Set(syncEntities));
    const changes = await hub.request('GET', `/api/v1/sync/changes?since=${since}&limit=5000`, { headers });
    const pulled = changesPageSchema.parse(changes.body);
    expect(new Set(pulled.changes.map((c) => c.entity))).toEqual(
      new Set(['booking', 'booking_event', 'hold', 'slot']),
    );
  });
});
