import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type { SlotsQuery } from '../../domain/hub-api/public-api.ts';
import type {
  HoldResponse,
  Mutation,
  MutationResult,
  ReleaseHoldResponse,
} from '../../domain/hub-api/sync-api.ts';
import { runMaintenance } from '../../server/maintenance.ts';
import { changeLogHead, readChanges } from '../../server/store/change-log.ts';
import { type RunningHub, startHub } from './hub-http-support.ts';
import { type SignedIn, signInStaff } from './hub-staff-support.ts';
import { createFixture, describeHubBackends, type Fixture, fixtureNow } from './hub-support.ts';

const minutes = (n: number) => n * 60_000;
const at = (offsetMinutes: number) => new Date(fixtureNow.getTime() + minutes(offsetMinutes));

describeHubBackends('holds', (ctx) => {
  let hub: RunningHub;
  let fx: Fixture;
  let operator: SignedIn;
  let otherDesk: SignedIn;

  beforeAll(async () => {
    fx = await createFixture(ctx.sql);
    hub = await startHub(ctx.sql);
    operator = await signInStaff(hub, ctx.sql, 'operator');
    otherDesk = await signInStaff(hub, ctx.sql, 'operator');
  });
  beforeEach(() => {
    hub.now = fixtureNow;
  });
  afterAll(async () => {
    await hub?.close();
  });

  const hold = (slotId: string, holdId: string = randomUUID(), who: SignedIn = operator) =>
    hub.request<HoldResponse>('POST', '/api/v1/sync/holds', {
      body: { holdId, slotId },
      headers: who.headers,
    });
  const extend = (holdId: string) =>
    hub.request<HoldResponse>('POST', `/api/v1/sync/holds/${holdId}/extend`, { headers: operator.headers });
  const release = (holdId: string) =>
    hub.request<ReleaseHoldResponse>('POST', `/api/v1/sync/holds/${holdId}/release`, {
      headers: operator.headers,
    });
  const slotCounters = async (slotId: string) => {
    const [row] = await ctx.sql.query<{ held: number; booked_online: number; booked_phone: number }>(
      'SELECT held, booked_online, booked_phone FROM slots WHERE id = $1',
      [slotId],
    );
    return row!;
  };
  const onlineRemaining = async (slotId: string, date: string) => {
    const query: SlotsQuery = { venueId: fx.venueId, from: date, to: date };
    const answer = await hub.request<{ slots: Array<{ id: string; remaining: number }> }>(
      'GET',
      `/api/v1/public/slots?venueId=${query.venueId}&from=${date}&to=${date}`,
    );
    return answer.body.slots!.find((s) => s.id === slotId)!.remaining;
  };
  const bookOnline = async (slotId: string) => {
    const coupon = await fx.coupon();
    return hub.request('POST', '/api/v1/public/bookings', {
      body: { ticketNumber: coupon.ticketNumber, birthDate: coupon.birthDate, slotId },
      headers: { 'idempotency-key': `hold-test-${randomUUID()}` },
    });
  };
  const pushBook = async (who: SignedIn, slotId: string, holdId?: string) => {
    const coupon = await fx.coupon();
    const mutation: Mutation = {
      mutationId: randomUUID(),
      kind: 'book',
      payload: {
        couponId: coupon.id,
        slotId,
        doseNumber: 1,
        channel: 'phone',
        ...(holdId ? { holdId } : {}),
      },
    };
    const answer = await hub.request<{ results: MutationResult[] }>('POST', '/api/v1/sync/push', {
      body: { mutations: [mutation] },
      headers: who.headers,
    });
    expect(answer.status).toBe(200);
    return answer.body.results![0]!;
  };

  it('holds a seat for 5 minutes (15 at most), counted on the slot and written to the change log', async () => {
    const slotId = await fx.slot({ date: '2030-06-20', capacity: 5 });
    const { lastSeq: before } = await changeLogHead(ctx.sql);
    const holdId = randomUUID();
    const answer = await hold(slotId, holdId);
    expect(answer.status).toBe(200);
    expect(answer.body.hold).toMatchObject({
      id: holdId,
      slotId,
      deviceId: operator.deviceId,
      staffId: operator.staffId,
      createdAt: fixtureNow.toISOString(),
      expiresAt: at(5).toISOString(),
      expiresCapAt: at(15).toISOString(),
    });
    expect((await slotCounters(slotId)).held).toBe(1);
    expect(await onlineRemaining(slotId, '2030-06-20')).toBe(4);
    const changes = await readChanges(ctx.sql, { since: before, limit: 10 });
    expect(changes.map((c) => [c.entity, c.entityId, c.op])).toEqual([
      ['slot', slotId, 'upsert'],
      ['hold', holdId, 'upsert'],
    ]);
    expect(changes[0]!.payload).toMatchObject({ held: 1 });
  });

  it('is idempotent by hold id: a retry answers the same hold and takes no second seat', async () => {
    const slotId = await fx.slot({ date: '2030-06-20', capacity: 5 });
    const holdId = randomUUID();
    const first = await hold(slotId, holdId);
    const again = await Promise.all([hold(slotId, holdId), hold(slotId, holdId)]);
    for (const a of again) {
      expect(a.status).toBe(200);
      expect(a.body).toEqual(first.body);
    }
    expect((await slotCounters(slotId)).held).toBe(1);
    const elsewhere = await hold(await fx.slot({ date: '2030-06-20' }), holdId);
    expect(elsewhere.body.error?.code).toBe('IDEMPOTENCY_CONFLICT');
    const otherDevice = await hold(slotId, holdId, otherDesk);
    expect(otherDevice.body.error?.code).toBe('IDEMPOTENCY_CONFLICT');
  });

  it('holds fill the slot: the online channel then gets SLOT_FULL, and so does another hold', async () => {
    const slotId = await fx.slot({ date: '2030-06-21', capacity: 3 });
    for (let i = 0; i < 3; i++) expect((await hold(slotId)).status).toBe(200);
    expect(await onlineRemaining(slotId, '2030-06-21')).toBe(0);
    const online = await bookOnline(slotId);
    expect(online.status).toBe(409);
    expect(online.body.error?.code).toBe('SLOT_FULL');
    const fourth = await hold(slotId);
    expect(fourth.status).toBe(409);
    expect(fourth.body.error?.code).toBe('SLOT_FULL');
    expect(await slotCounters(slotId)).toEqual({ held: 3, booked_online: 0, booked_phone: 0 });
  });

  it('takes from the phone channel: holds use the call-center reserve before the online seats', async () => {
    // 4 seats, 2 kept for the call center (not released yet): online can book 2.
    const slotId = await fx.slot({ date: '2030-06-28', capacity: 4, callCenterReserve: 2 });
    expect(await onlineRemaining(slotId, '2030-06-28')).toBe(2);
    await hold(slotId);
    await hold(slotId);
    expect(await onlineRemaining(slotId, '2030-06-28')).toBe(2);
    await hold(slotId);
    expect(await onlineRemaining(slotId, '2030-06-28')).toBe(1);
    await hold(slotId);
    expect((await hold(slotId)).body.error?.code).toBe('SLOT_FULL');
  });

  it('lets exactly the free seats be held when many operators hold at once', async () => {
    const slotId = await fx.slot({ date: '2030-06-22', capacity: 10 });
    const answers = await Promise.all(Array.from({ length: 30 }, () => hold(slotId)));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(10);
    expect(answers.filter((a) => a.status !== 200).every((a) => a.body.error?.code === 'SLOT_FULL')).toBe(
      true,
    );
    expect((await slotCounters(slotId)).held).toBe(10);
  });

  it('extends by 5 minutes up to 15 in all, then the hold expires', async () => {
    const slotId = await fx.slot({ date: '2030-06-20' });
    const holdId = randomUUID();
    await hold(slotId, holdId);
    const steps: Array<[number, number]> = [
      [4, 9],
      [8, 13],
      [12, 15],
      [14, 15],
    ];
    for (const [now, expires] of steps) {
      hub.now = at(now);
      const answer = await extend(holdId);
      expect(answer.status).toBe(200);
      expect(answer.body.hold!.expiresAt).toBe(at(expires).toISOString());
    }
    hub.now = at(15.5);
    const late = await extend(holdId);
    expect(late.status).toBe(410);
    expect(late.body.error?.code).toBe('HOLD_EXPIRED');
  });

  it('gives the seat back on expiry: by the maintenance sweep, with a tombstone in the change log', async () => {
    const slotId = await fx.slot({ date: '2030-06-23', capacity: 1 });
    const holdId = randomUUID();
    await hold(slotId, holdId);
    expect((await bookOnline(slotId)).body.error?.code).toBe('SLOT_FULL');
    hub.now = at(5.5);
    // Not swept yet, but an expired hold no longer counts for the online channel.
    expect(await onlineRemaining(slotId, '2030-06-23')).toBe(1);
    const result = await runMaintenance(ctx.sql, hub.now);
    expect(result.holdsExpired).toBeGreaterThanOrEqual(1);
    expect((await slotCounters(slotId)).held).toBe(0);
    const tombstones = await ctx.sql.query<{ op: string }>(
      "SELECT op FROM change_log WHERE entity = 'hold' AND entity_id = $1 ORDER BY seq",
      [holdId],
    );
    expect(tombstones.map((t) => t.op)).toEqual(['upsert', 'delete']);
    expect((await bookOnline(slotId)).status).toBe(201);
  });

  it('gives an expired seat back to the next booking even before the sweep runs', async () => {
    const slotId = await fx.slot({ date: '2030-06-23', capacity: 1 });
    await hold(slotId);
    hub.now = at(6);
    expect((await bookOnline(slotId)).status).toBe(201);
    expect(await slotCounters(slotId)).toEqual({ held: 0, booked_online: 1, booked_phone: 0 });
  });

  it('releases: the seat is free again, a second release says so, and the id cannot hold again', async () => {
    const slotId = await fx.slot({ date: '2030-06-24', capacity: 1 });
    const holdId = randomUUID();
    await hold(slotId, holdId);
    const first = await release(holdId);
    expect(first.body).toEqual({ released: true });
    expect((await slotCounters(slotId)).held).toBe(0);
    expect((await release(holdId)).body).toEqual({ released: false });
    expect((await extend(holdId)).body.error?.code).toBe('HOLD_EXPIRED');
    // A late retry of the create must not take the seat again.
    const retried = await hold(slotId, holdId);
    expect(retried.body.error?.code).toBe('HOLD_EXPIRED');
    expect((await slotCounters(slotId)).held).toBe(0);
  });

  it('a phone booking pushed with its hold takes the held seat: never counted twice', async () => {
    const slotId = await fx.slot({ date: '2030-06-25', capacity: 1 });
    const holdId = randomUUID();
    await hold(slotId, holdId);
    const result = await pushBook(operator, slotId, holdId);
    expect(result.status).toBe('ok');
    expect(await slotCounters(slotId)).toEqual({ held: 0, booked_online: 0, booked_phone: 1 });
    const [left] = await ctx.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM holds WHERE id = $1', [
      holdId,
    ]);
    expect(left!.n).toBe(0);
    const changes = await ctx.sql.query<{ op: string }>(
      "SELECT op FROM change_log WHERE entity = 'hold' AND entity_id = $1 ORDER BY seq",
      [holdId],
    );
    expect(changes.map((c) => c.op)).toEqual(['upsert', 'delete']);
  });

  it("another desktop's booking cannot take over a hold; an expired hold's booking takes a free seat", async () => {
    const slotId = await fx.slot({ date: '2030-06-26', capacity: 1 });
    const holdId = randomUUID();
    await hold(slotId, holdId);
    const stolen = await pushBook(otherDesk, slotId, holdId);
    expect(stolen).toMatchObject({ status: 'rejected', code: 'SLOT_FULL' });
    expect((await slotCounters(slotId)).held).toBe(1);

    hub.now = at(20);
    const late = await pushBook(operator, slotId, holdId);
    expect(late.status).toBe('ok');
    expect(await slotCounters(slotId)).toEqual({ held: 0, booked_online: 0, booked_phone: 1 });
  });

  it('lets only operators and managers hold', async () => {
    const venueStaff = await signInStaff(hub, ctx.sql, 'venue_staff');
    const slotId = await fx.slot({ date: '2030-06-27' });
    const answer = await hold(slotId, randomUUID(), venueStaff);
    expect(answer.status).toBe(403);
    expect(answer.body.error?.code).toBe('FORBIDDEN');
    const unknown = await hold('no-such-slot');
    expect(unknown.status).toBe(422);
  });
});
