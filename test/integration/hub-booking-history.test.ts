/**
 * What the hub sends desktops for a booking's history and for people's names, on both backends over
 * HTTP: the staff directory (id and display name, nothing else) in the snapshot and the change log; a
 * booking event for each cancellation (with the desk's reason and who), also a resident's own online
 * one; the events in the snapshot after their bookings; the demo city's staff by name, not able to
 * sign in; and a snapshot cursor of the order before these entities is refused, so a desktop starts over.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { BookingEventRecord } from '../../domain/hub-api/records.ts';
import type { ChangesPage, MutationResult, SnapshotPage } from '../../domain/hub-api/sync-api.ts';
import { seedDemo } from '../../server/demo/seed-demo.ts';
import { changeLogHead } from '../../server/store/change-log.ts';
import { registerDevice } from '../../server/sync/device-sessions.ts';
import { type RunningHub, startHub } from './hub-http-support.ts';
import { protocolHeaders, type SignedIn, signInStaff } from './hub-staff-support.ts';
import { createFixture, describeHubBackends, type Fixture, fixtureNow } from './hub-support.ts';

describeHubBackends('booking history and the staff directory on the hub', (ctx) => {
  let hub: RunningHub;
  let fx: Fixture;
  let operator: SignedIn;

  beforeAll(async () => {
    fx = await createFixture(ctx.sql);
    hub = await startHub(ctx.sql);
    operator = await signInStaff(hub, ctx.sql, 'operator');
  });
  afterAll(async () => {
    await hub?.close();
  });

  const snapshotRows = async () => {
    const answer = await hub.request<SnapshotPage>('GET', '/api/v1/sync/snapshot?limit=10000', {
      headers: operator.headers,
    });
    expect(answer.status).toBe(200);
    expect(answer.body.next).toBeNull();
    return answer.body.rows!;
  };
  const changesSince = async (since: number) => {
    const answer = await hub.request<ChangesPage>('GET', `/api/v1/sync/changes?since=${since}`, {
      headers: operator.headers,
    });
    expect(answer.status).toBe(200);
    return answer.body.changes!;
  };
  // The horizon, as a desk's cursor gets it (change_log_head.last_seq is only a hint since migration 009).
  const head = async () => (await changeLogHead(ctx.sql)).lastSeq;

  it('sends each staff member as id and display name only, in the snapshot and in the change log', async () => {
    const since = await head();
    const other = await signInStaff(hub, ctx.sql, 'manager');
    const staff = (await snapshotRows()).filter((r) => r.entity === 'staff');
    const names = await ctx.sql.query<{ id: string; display_name: string }>(
      'SELECT id, display_name FROM staff',
    );
    expect(
      staff.map((r) => r.payload).sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y))),
    ).toEqual(
      names
        .map((n) => ({ id: n.id, displayName: n.display_name }))
        .sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y))),
    );
    const created = (await changesSince(since)).filter((c) => c.entity === 'staff');
    expect(created).toEqual([
      expect.objectContaining({
        id: other.staffId,
        op: 'upsert',
        payload: { id: other.staffId, displayName: expect.any(String) },
      }),
    ]);
  });

  it('records who cancelled and why, a resident’s own cancellation too, and sends them after the booking', async () => {
    const slotId = await fx.slot({ date: '2030-06-20' });
    const byPhone = await fx.coupon();
    const online = await fx.coupon();
    const [booked] = (await push([
      {
        mutationId: randomUUID(),
        kind: 'book',
        payload: { couponId: byPhone.id, slotId, doseNumber: 1, channel: 'phone' },
      },
    ])) as Array<Extract<MutationResult, { status: 'ok' }>>;
    const phoneId = (booked!.bookings[0] as { id: string }).id;
    const cancelId = randomUUID();
    expect(
      (
        await push([
          { mutationId: cancelId, kind: 'cancel', payload: { bookingId: phoneId, reason: 'illness' } },
        ])
      )[0],
    ).toMatchObject({ status: 'ok' });

    const resident = { ticketNumber: online.ticketNumber, birthDate: online.birthDate };
    const made = await hub.request<{ bookings: Array<{ id: string; bookingNumber: string }> }>(
      'POST',
      '/api/v1/public/bookings',
      { body: { ...resident, slotId }, headers: { 'idempotency-key': randomUUID() } },
    );
    expect(made.status).toBe(201);
    const onlineBooking = made.body.bookings![0]!;
    const since = await head();
    const cancelled = await hub.request(
      'POST',
      `/api/v1/public/bookings/${onlineBooking.bookingNumber}/cancel`,
      {
        body: resident,
      },
    );
    expect(cancelled.status).toBe(200);
    expect(
      (await changesSince(since)).filter((c) => c.entity === 'booking_event').map((c) => c.payload),
    ).toEqual([
      expect.objectContaining({
        bookingId: onlineBooking.id,
        action: 'cancelled',
        staffId: null,
        mutationId: null,
      }),
    ]);

    const rows = await snapshotRows();
    const events = rows
      .filter((r) => r.entity === 'booking_event')
      .map((r) => r.payload as BookingEventRecord);
    expect(events.find((e) => e.bookingId === phoneId)).toMatchObject({
      action: 'cancelled',
      staffId: operator.staffId,
      mutationId: cancelId,
      fromStatus: 'confirmed',
      toStatus: 'cancelled',
      reason: 'illness',
      fromSlotId: null,
      toSlotId: null,
    });
    expect(events.find((e) => e.bookingId === onlineBooking.id)).toMatchObject({
      staffId: null,
      reason: null,
    });
    // Parents first: staff and bookings before the events that name them.
    const position = (entity: string) => rows.findIndex((r) => r.entity === entity);
    expect(position('staff')).toBeLessThan(position('booking'));
    expect(position('booking')).toBeLessThan(position('booking_event'));
  });

  it('refuses a snapshot cursor of the order before the staff directory: the desktop starts over', async () => {
    const old = Buffer.from(JSON.stringify({ s: await head(), e: 6, k: null })).toString('base64url');
    const answer = await hub.request('GET', `/api/v1/sync/snapshot?cursor=${old}`, {
      headers: operator.headers,
    });
    expect(answer.status).toBe(422);
    expect(answer.body.error?.code).toBe('VALIDATION');
  });

  it('seeds the demo city’s staff for their names: every phone booking’s creator, none able to sign in', async () => {
    await seedDemo(ctx.sql, { seed: 5, now: fixtureNow, couponCount: 300 });
    const [unnamed] = await ctx.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM bookings b
        WHERE b.created_by IS NOT NULL AND NOT EXISTS (SELECT 1 FROM staff s WHERE s.id::text = b.created_by)`,
    );
    expect(unnamed!.n).toBe(0);
    const [demo] = await ctx.sql.query<{ login: string; active: boolean }>(
      "SELECT login, active FROM staff WHERE login = 'manager'",
    );
    expect(demo).toEqual({ login: 'manager', active: false });
    const device = await registerDevice(ctx.sql, { name: 'デモ確認', municipalityCode: null });
    for (const password of ['!', 'manager password']) {
      const login = await hub.request('POST', '/api/v1/sync/login', {
        body: { deviceId: device.id, deviceSecret: device.secret, login: 'manager', password },
        headers: protocolHeaders,
      });
      expect(login.status).toBe(401);
    }
  });

  async function push(mutations: unknown[]): Promise<MutationResult[]> {
    const answer = await hub.request<{ results: MutationResult[] }>('POST', '/api/v1/sync/push', {
      body: { mutations },
      headers: operator.headers,
    });
    expect(answer.status).toBe(200);
    return answer.body.results!;
  }
});
