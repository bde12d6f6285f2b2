/**
 * The hub changing under phone bookings that have not reached it yet (the desk offline behind a
 * loopback proxy): a manager cuts a slot's capacity while four phone bookings for it wait in a desk's
 * outbox, and two seat holds end mid-call (one expired, one extended) while online residents take the
 * seats. What the hub cannot seat is rejected and becomes a callback task; everything else is
 * confirmed; then every invariant.
 */
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type { PhoneHoldResult } from '../../domain/api/methods/phone-desk.ts';
import { startTcpProxy, type TcpProxy } from '../storm/tcp-proxy.ts';
import { confirmedOn, desksCaughtUp, expectInvariants, takeCall } from './fault-support.ts';
import { type RunningHub, startHub } from './hub-http-support.ts';
import { signInStaff } from './hub-staff-support.ts';
import { createFixture, describeHubBackends, type Fixture, fixtureNow } from './hub-support.ts';
import {
  attachDesk,
  bookOnline,
  deskCredentials,
  localBookings,
  openTestDesk,
  type TestDesk,
  waitFor,
} from './sync-support.ts';

const minute = 60_000;

describeHubBackends('capacity and holds changing under pending phone bookings', (ctx) => {
  let hub: RunningHub;
  let proxy: TcpProxy;
  let fx: Fixture;
  let desk: TestDesk;

  beforeAll(async () => {
    fx = await createFixture(ctx.sql);
    hub = await startHub(ctx.sql);
    proxy = await startTcpProxy(Number(new URL(hub.baseUrl).port));
  });

  beforeEach(async () => {
    hub.now = fixtureNow;
    proxy.set('pass');
  });

  afterAll(async () => {
    desk?.remove();
    await proxy?.close();
    await hub?.close();
  });

  async function attachedDesk(): Promise<TestDesk> {
    desk?.remove();
    desk = await openTestDesk();
    await attachDesk(desk, proxy.url, await deskCredentials(ctx.sql));
    await waitFor('the snapshot', () => desk.service.sync.status().ready, 30_000);
    return desk;
  }

  const rejectedTasks = () =>
    desk.service.db
      .prepare("SELECT reject_code FROM bookings WHERE status = 'rejected' ORDER BY id")
      .pluck()
      .all() as string[];

  it('a capacity cut while phone bookings are pending: the ones beyond it become callback tasks', async () => {
    const slotId = await fx.slot({ date: '2030-06-24', capacity: 6 });
    const callers = await fx.coupons(4);
    const residents = await fx.coupons(2);
    await attachedDesk();

    proxy.set('cut');
    const taken = [];
    for (const caller of callers) taken.push(await takeCall(desk, caller.id, slotId));
    expect(
      taken.every((id) => id !== null),
      'the desk’s copy still shows six seats',
    ).toBe(true);
    for (const resident of residents) await bookOnline(hub, resident, slotId);
    const manager = await signInStaff(hub, ctx.sql, 'manager');
    const cut = await hub.request('PATCH', `/api/v1/sync/slots/${slotId}`, {
      body: { capacity: 3 },
      headers: manager.headers,
    });
    expect(cut.status).toBe(200);

    proxy.set('pass');
    await desksCaughtUp(ctx.sql, [desk]);
    const [slot] = await ctx.sql.query<{ capacity: number; booked_phone: number; booked_online: number }>(
      'SELECT capacity, booked_phone, booked_online FROM slots WHERE id = $1',
      [slotId],
    );
    expect(slot).toEqual({ capacity: 3, booked_phone: 1, booked_online: 2 });
    expect(confirmedOn(desk, taken)).toHaveLength(1);
    expect(rejectedTasks()).toEqual(['SLOT_FULL', 'SLOT_FULL', 'SLOT_FULL']);
    const tasks = await desk.service.call('listCallbackTasks', {});
    expect(tasks.ok && (tasks.value as { tasks: unknown[] }).tasks).toHaveLength(3);
    await expectInvariants({
      sql: ctx.sql,
      acknowledged: confirmedOn(desk, taken),
      desks: [{ name: 'desk', desk }],
      readings: [],
    });
  });

  it('holds ending mid-call: the extended one keeps its seat, the expired one lost it to the web', async () => {
    const slotId = await fx.slot({ date: '2030-06-25', capacity: 3 });
    const [first, second] = await fx.coupons(2);
    const residents = await fx.coupons(3);
    await attachedDesk();
    const hold = async (method: 'holdPhoneSeat' | 'extendPhoneHold', input: object) => {
      const answer = await desk.service.call(method, input);
      if (!answer.ok) throw new Error(`${method}: ${JSON.stringify(answer.error)}`);
      return answer.value as PhoneHoldResult;
    };
    const [h1, h2] = [crypto.randomUUID(), crypto.randomUUID()];
    expect(await hold('holdPhoneSeat', { holdId: h1, slotId })).toMatchObject({ kind: 'held' });
    expect(await hold('holdPhoneSeat', { holdId: h2, slotId })).toMatchObject({ kind: 'held' });
    hub.now = new Date(fixtureNow.getTime() + 4 * minute);
    expect(await hold('extendPhoneHold', { holdId: h2 })).toMatchObject({ kind: 'held' });

    // Both callers are still talking when the desk loses the hub; the first hold runs out meanwhile.
    proxy.set('cut');
    hub.now = new Date(fixtureNow.getTime() + 6 * minute);
    const online = [];
    for (const resident of residents) {
      online.push(await bookOnline(hub, resident, slotId).catch(() => null));
    }
    expect(
      online.filter((b) => b !== null),
      'the expired hold’s seat went online, the held one did not',
    ).toHaveLength(2);
    const taken = [await takeCall(desk, first!.id, slotId, h1), await takeCall(desk, second!.id, slotId, h2)];
    expect(taken.every((id) => id !== null)).toBe(true);

    proxy.set('pass');
    await desksCaughtUp(ctx.sql, [desk]);
    expect(
      localBookings(desk, 'id IN (?, ?)', ...(taken as string[])).map((b) => [b.coupon_id, b.status]),
    ).toEqual(
      expect.arrayContaining([
        [first!.id, 'rejected'],
        [second!.id, 'confirmed'],
      ]),
    );
    const [slot] = await ctx.sql.query<{ held: number; booked_phone: number; booked_online: number }>(
      'SELECT held, booked_phone, booked_online FROM slots WHERE id = $1',
      [slotId],
    );
    expect(slot).toEqual({ held: 0, booked_phone: 1, booked_online: 2 });
    await expectInvariants({
      sql: ctx.sql,
      acknowledged: [
        ...confirmedOn(desk, taken),
        ...online.filter((b) => b !== null).map((b) => ({ bookingId: b.id, by: 'online 201' as const })),
      ],
      desks: [{ name: 'desk', desk }],
      readings: [],
    });
  });
});
