/**
 * Two desktops and the hub, as in the issue: each desktop is the real desk service on its own SQLite
 * file, syncing with the real hub over HTTP (PGlite and PostgreSQL). Online bookings reach both
 * desktops, a phone booking from one reaches the other, and a phone booking pushed after its slot
 * filled up comes back rejected and becomes a callback task without holding up the rest of the queue.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openCallbackTasks } from '../../db/queries/callback-tasks.ts';
import { todayIn } from '../../domain/calendar.ts';
import { openDeskStore } from './desk-store.ts';
import { type RunningHub, startHub } from './hub-http-support.ts';
import { createFixture, describeHubBackends, type Fixture, fixtureMunicipality } from './hub-support.ts';
import {
  attachDesk,
  bookDoseOne,
  bookOnline,
  countRows,
  type DeskCredentials,
  deskCredentials,
  localBookings,
  openTestDesk,
  outboxSize,
  type TestDesk,
  waitFor,
} from './sync-support.ts';

describeHubBackends('two desktops syncing with the hub', (ctx) => {
  let hub: RunningHub;
  let fx: Fixture;
  let a: TestDesk;
  let b: TestDesk;
  let credentialsA: DeskCredentials;
  let slotId: string;

  const hubBookingsOf = async (couponId: string) =>
    ctx.sql.query<{ id: string; status: string; channel: string; booking_number: string }>(
      'SELECT id, status, channel, booking_number FROM bookings WHERE coupon_id = $1',
      [couponId],
    );

  beforeAll(async () => {
    fx = await createFixture(ctx.sql);
    slotId = await fx.slot({ date: '2030-06-20', capacity: 30 });
    await fx.coupons(20);
    hub = await startHub(ctx.sql);
    credentialsA = await deskCredentials(ctx.sql);
    const credentialsB = await deskCredentials(ctx.sql);
    a = await openTestDesk();
    b = await openTestDesk();
    await attachDesk(a, hub.baseUrl, credentialsA);
    await attachDesk(b, hub.baseUrl, credentialsB);
  });

  afterAll(async () => {
    a?.remove();
    b?.remove();
    await hub?.close();
  });

  it('each desktop starts from the hub snapshot', async () => {
    for (const desk of [a, b]) {
      const status = await waitFor('the first snapshot', () => {
        const now = desk.service.sync.status();
        return now.ready && now.state === 'idle' && now;
      });
      expect(status.problem).toBeNull();
      expect(status.hubStaff?.role).toBe('operator');
    }
    const [hubCoupons] = await ctx.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM coupons');
    expect(countRows(a, 'coupons')).toBe(hubCoupons!.n);
    expect(countRows(b, 'coupons')).toBe(hubCoupons!.n);
    expect(countRows(a, 'slots')).toBeGreaterThan(0);
    const municipality = a.service.db
      .prepare("SELECT value FROM meta WHERE key = 'municipality.name'")
      .pluck()
      .get();
    expect(municipality).toBe(fixtureMunicipality.name);
  });

  it('an online booking appears in both desktops’ databases', async () => {
    const coupon = await fx.coupon();
    const booked = await bookOnline(hub, coupon, slotId);
    for (const desk of [a, b]) {
      const [row] = await waitFor('the online booking', () => {
        const rows = localBookings(desk, 'hub_id = ?', booked.id);
        return rows.length > 0 && rows;
      });
      expect(row).toMatchObject({
        id: booked.id,
        booking_number: booked.bookingNumber,
        channel: 'online',
        status: 'confirmed',
        coupon_id: coupon.id,
      });
      expect(localBookings(desk, 'coupon_id = ?', coupon.id)).toHaveLength(1);
    }
  });

  it('a phone booking taken on one desktop appears in the other, confirmed, once', async () => {
    const coupon = await fx.coupon();
    await waitFor(
      'the new coupon on desktop A',
      () => countRows(a, 'coupons') === countRows(b, 'coupons') && localCoupon(a, coupon.id),
    );
    const mutationId = randomUUID();
    const answer = await a.service.call('createPhoneBooking', {
      couponId: coupon.id,
      first: { mutationId, slotId, doseNumber: 1 },
      followUp: null,
      contactPhone: '090-1111-2222',
      notes: '',
    });
    expect(answer.ok).toBe(true);
    // The number the operator read to the caller.
    const [provisional] = localBookings(a, 'id = ?', mutationId);
    // Confirmed by the hub, which keeps the desktop's id and the number read to the caller.
    const confirmed = await waitFor('the hub to confirm the phone booking', () => {
      const [row] = localBookings(a, 'id = ?', mutationId);
      return row?.status === 'confirmed' && row;
    });
    const onHub = await hubBookingsOf(coupon.id);
    expect(onHub).toHaveLength(1);
    expect(onHub[0]).toMatchObject({
      status: 'confirmed',
      channel: 'phone',
      booking_number: confirmed.booking_number,
    });
    expect(confirmed.hub_id).toBe(onHub[0]!.id);
    expect(onHub[0]!.id).toBe(mutationId);
    expect(confirmed.booking_number).toBe(provisional!.booking_number);

    const [onB] = await waitFor('the phone booking on desktop B', () => {
      const rows = localBookings(b, 'coupon_id = ?', coupon.id);
      return rows.length > 0 && rows;
    });
    expect(onB).toMatchObject({
      id: onHub[0]!.id,
      channel: 'phone',
      status: 'confirmed',
      booking_number: confirmed.booking_number,
    });
    // Nothing duplicated on either side, and nothing left to send.
    expect(localBookings(a, 'coupon_id = ?', coupon.id)).toHaveLength(1);
    expect(localBookings(b, 'coupon_id = ?', coupon.id)).toHaveLength(1);
    expect(outboxSize(a)).toBe(0);
  });

  it('a phone booking pushed after the slot filled up comes back rejected as a callback task; the queue goes on', async () => {
    const tightSlot = await fx.slot({ date: '2030-06-21', capacity: 1 });
    const [late, online, other] = await fx.coupons(3);
    await waitFor(
      'the new slot and coupons on desktop A',
      () => localCoupon(a, other!.id) && localSlot(a, tightSlot),
    );

    // Desktop A is closed; a phone booking is taken on its database (as the phone desk writes it) while
    // a resident takes the last seat online.
    const dataDir = a.dataDir;
    a.close();
    const db = openDeskStore(dataDir);
    const lateId = randomUUID();
    const otherId = randomUUID();
    const context = {
      staffId: 'demo-manager',
      role: 'manager' as const,
      now: new Date(),
      today: todayIn('Asia/Tokyo'),
    };
    for (const [couponId, id, slot] of [
      [late!.id, lateId, tightSlot],
      [other!.id, otherId, slotId],
    ] as const) {
      bookDoseOne(db, context, { couponId, bookingId: id, slotId: slot });
    }
    db.close();
    await bookOnline(hub, online!, tightSlot);

    a = await openTestDesk(dataDir);
    const rejected = await waitFor('the rejection', () => {
      const [row] = localBookings(a, 'id = ?', lateId);
      return row?.status === 'rejected' && row;
    });
    expect(rejected.reject_code).toBe('SLOT_FULL');
    const tasks = openCallbackTasks(a.service.db);
    expect(tasks.map((task) => task.booking.bookingId)).toContain(lateId);

    // The booking queued after the refused one went through.
    await waitFor(
      'the booking queued after it',
      () => localBookings(a, 'id = ? AND status = ?', otherId, 'confirmed').length === 1,
    );
    await waitFor('an empty outbox', () => outboxSize(a) === 0);
    const status = a.service.sync.status();
    expect(status.failures[0]).toMatchObject({
      code: 'SLOT_FULL',
      bookingId: lateId,
      kind: 'booking.create',
    });

    // The hub has the online booking only; desktop B never saw the refused one.
    expect(await hubBookingsOf(late!.id)).toHaveLength(0);
    await waitFor(
      'the online booking on desktop B',
      () => localBookings(b, 'slot_id = ?', tightSlot).length === 1,
    );
    expect(localBookings(b, 'coupon_id = ?', late!.id)).toHaveLength(0);
    const [seats] = await ctx.sql.query<{ n: number }>(
      'SELECT booked_online + booked_phone + booked_walk_in AS n FROM slots WHERE id = $1',
      [tightSlot],
    );
    expect(seats!.n).toBe(1);
  });
});

function localCoupon(desk: TestDesk, couponId: string): boolean {
  return desk.service.db.prepare('SELECT 1 FROM coupons WHERE id = ?').get(couponId) !== undefined;
}

function localSlot(desk: TestDesk, slotId: string): boolean {
  return desk.service.db.prepare('SELECT 1 FROM slots WHERE id = ?').get(slotId) !== undefined;
}
