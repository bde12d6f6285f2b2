/**
 * Faults between a desktop and a hub that runs as its own process (`node server/cli.ts serve` on a
 * real PostgreSQL): the hub killed with SIGKILL in the middle of the first snapshot and in the middle
 * of a push, then started again; the desktop closed and reopened with changes still in its outbox.
 * Nothing is lost and nothing is duplicated: the hub has every booking once, the desktop mirrors it
 * once, and the outbox ends empty.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixture, type Fixture, type FixtureCoupon } from './hub-support.ts';
import {
  attachDesk,
  countRows,
  createPgTestDatabase,
  deskCredentials,
  type HubProcess,
  hubProcess,
  localBookings,
  openTestDesk,
  outboxSize,
  type PgTestDatabase,
  type TestDesk,
  waitFor,
} from './sync-support.ts';

const skipPg = process.env.HUB_TEST_SKIP_PG === '1';

describe.skipIf(skipPg)('sync through hub crashes (hub process on PostgreSQL)', () => {
  let db: PgTestDatabase;
  let fx: Fixture;
  let hub: HubProcess;
  let desk: TestDesk;
  let slots: string[];
  let coupons: FixtureCoupon[];

  const hubCount = async (sql: string, params: unknown[] = []) => {
    const [row] = await db.sql.query<{ n: number }>(sql, params);
    return row!.n;
  };

  const bookByPhone = async (coupon: FixtureCoupon, slotId: string): Promise<string> => {
    const mutationId = randomUUID();
    const answer = await desk.service.call('createPhoneBooking', {
      couponId: coupon.id,
      first: { mutationId, slotId, doseNumber: 1 },
      followUp: null,
      contactPhone: '',
      notes: '',
    });
    expect(answer).toMatchObject({ ok: true, value: { kind: 'booked' } });
    return mutationId;
  };

  /** Every booking of these coupons: exactly one on the hub and one on the desktop, both confirmed. */
  const expectOnceEverywhere = async (booked: FixtureCoupon[]) => {
    const ids = booked.map((c) => c.id);
    const onHub = await db.sql.query<{
      coupon_id: string;
      id: string;
      status: string;
      booking_number: string;
    }>(
      'SELECT coupon_id, id, status, booking_number FROM bookings WHERE coupon_id = ANY($1::text[]) ORDER BY coupon_id',
      [ids],
    );
    expect(onHub).toHaveLength(booked.length);
    expect(new Set(onHub.map((b) => b.coupon_id)).size).toBe(booked.length);
    const local = localBookings(desk, `coupon_id IN (${ids.map(() => '?').join(', ')})`, ...ids);
    expect(local).toHaveLength(booked.length);
    const localByHubId = new Map(local.map((b) => [b.hub_id, b]));
    for (const row of onHub) {
      expect(localByHubId.get(row.id), `the desktop's twin of hub booking ${row.id}`).toMatchObject({
        status: row.status,
        booking_number: row.booking_number,
      });
    }
  };

  beforeAll(async () => {
    db = await createPgTestDatabase();
    fx = await createFixture(db.sql);
    slots = [];
    for (const date of ['2030-06-20', '2030-06-21', '2030-06-22']) {
      slots.push(await fx.slot({ date, capacity: 100 }));
    }
    // Enough rows for a snapshot of several pages.
    coupons = await fx.coupons(30_000);
    hub = await hubProcess(db.url);
    await hub.start();
    desk = await openTestDesk();
  });

  afterAll(async () => {
    desk?.remove();
    await hub?.kill();
    await db?.drop();
  });

  it('the hub killed during the first snapshot: the desktop resumes and ends with exactly the hub’s rows', async () => {
    await attachDesk(desk, hub.baseUrl, await deskCredentials(db.sql, { role: 'manager' }));
    const state = () =>
      desk.service.db.prepare('SELECT ready, snapshot_rows AS rows FROM sync_state').get() as {
        ready: number;
        rows: number;
      };
    await waitFor('the first snapshot page', () => state().rows > 0, 60_000);
    await hub.kill();
    const atKill = state();
    expect(atKill.ready, 'the snapshot was still loading when the hub died').toBe(0);
    await waitFor('the desktop to notice', () => desk.service.sync.status().state === 'offline');
    // Rows applied so far stay; the snapshot goes on from its last page once the hub is back.
    expect(countRows(desk, 'coupons')).toBeGreaterThanOrEqual(Math.min(atKill.rows, 1));

    await hub.start();
    await waitFor(
      'the snapshot to complete',
      () => desk.service.sync.status().ready && desk.service.sync.status().state === 'idle',
      120_000,
    );
    expect(countRows(desk, 'coupons')).toBe(await hubCount('SELECT count(*)::int AS n FROM coupons'));
    expect(countRows(desk, 'slots')).toBe(await hubCount('SELECT count(*)::int AS n FROM slots'));
    expect(countRows(desk, 'venues')).toBe(await hubCount('SELECT count(*)::int AS n FROM venues'));
    expect(desk.logLines.some((line) => line.includes('unreachable'))).toBe(true);
  });

  it('the hub killed during a push: every phone booking reaches the hub once and is confirmed once', async () => {
    const batch = coupons.slice(0, 80);
    // Taken while the hub is down, so that they leave together in one push.
    await hub.kill();
    await waitFor('the desktop to notice', () => desk.service.sync.status().state === 'offline');
    for (const [i, coupon] of batch.entries()) await bookByPhone(coupon, slots[i % slots.length]!);
    expect(outboxSize(desk)).toBe(batch.length);

    await hub.start();
    const ids = batch.map((c) => c.id);
    await waitFor(
      'the push to reach the hub',
      async () =>
        (await hubCount('SELECT count(*)::int AS n FROM bookings WHERE coupon_id = ANY($1::text[])', [ids])) >
        0,
      30_000,
    );
    await hub.kill();
    const appliedAtKill = await hubCount(
      'SELECT count(*)::int AS n FROM bookings WHERE coupon_id = ANY($1::text[])',
      [ids],
    );
    // The hub died before the desktop had its answer: everything is still queued locally.
    expect(outboxSize(desk), 'the push was cut off before its answer').toBe(batch.length);
    expect(appliedAtKill).toBeGreaterThan(0);

    await hub.start();
    await waitFor('the outbox to empty', () => outboxSize(desk) === 0, 60_000);
    await waitFor(
      'every booking confirmed',
      () => localBookings(desk, `status = 'confirmed' AND channel = 'phone'`).length >= batch.length,
    );
    await expectOnceEverywhere(batch);
  });

  it('the desktop restarted with changes in its outbox sends them, once', async () => {
    const batch = coupons.slice(100, 110);
    const cancelled = coupons[0]!;
    const [toCancel] = localBookings(desk, 'coupon_id = ?', cancelled.id);
    await hub.kill();
    await waitFor('the desktop to notice', () => desk.service.sync.status().state === 'offline');
    for (const [i, coupon] of batch.entries()) await bookByPhone(coupon, slots[i % slots.length]!);
    const cancel = await desk.service.call('cancelPhoneBooking', {
      mutationId: randomUUID(),
      bookingId: toCancel!.id,
      reason: 'caller_request',
    });
    expect(cancel.ok).toBe(true);
    expect(outboxSize(desk)).toBe(batch.length + 1);

    // The app is closed and opened again while the hub is still down; then the hub comes back.
    desk = await desk.reopen();
    expect(outboxSize(desk)).toBe(batch.length + 1);
    await hub.start();
    await waitFor('the outbox to empty', () => outboxSize(desk) === 0, 60_000);
    await waitFor('the new bookings confirmed', () =>
      batch.every((c) => localBookings(desk, 'coupon_id = ? AND status = ?', c.id, 'confirmed').length === 1),
    );
    await expectOnceEverywhere(batch);
    const [onHub] = await db.sql.query<{ status: string }>(
      'SELECT status FROM bookings WHERE coupon_id = $1',
      [cancelled.id],
    );
    expect(onHub!.status).toBe('cancelled');
    expect(localBookings(desk, 'coupon_id = ?', cancelled.id).map((b) => b.status)).toEqual(['cancelled']);
    expect(desk.service.sync.status().failures).toEqual([]);
  });
});
