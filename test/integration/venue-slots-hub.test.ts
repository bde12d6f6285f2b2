/**
 * A manager's slot change on a desktop attached to a hub (PGlite over HTTP, desktops as the app runs
 * them on real SQLite files): the change goes to the hub's manager route at once, the local row takes
 * the hub's answer, a second desktop receives it by the pull; the hub's CAPACITY_BELOW_BOOKED (counting
 * holds the desktop does not mirror) comes back in the desk's terms with nothing changed anywhere; a
 * hub that cannot be reached refuses the change instead of it being made locally.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiResult } from '../../domain/api/errors.ts';
import type { SlotCapacityList, SlotChangeResult } from '../../domain/api/methods/venue-slots.ts';
import { type RunningHub, startHub } from './hub-http-support.ts';
import { signInStaff } from './hub-staff-support.ts';
import { createFixture, createTestDatabase, type Fixture, type TestDatabase } from './hub-support.ts';
import { attachDesk, deskCredentials, openTestDesk, type TestDesk, waitFor } from './sync-support.ts';

let hubDb: TestDatabase;
let hub: RunningHub;
let fx: Fixture;
const desks: TestDesk[] = [];

const open = async () => {
  const desk = await openTestDesk();
  desks.push(desk);
  return desk;
};

const idle = (desk: TestDesk) =>
  waitFor('the desktop to be up to date', () => {
    const status = desk.service.sync.status();
    return status.ready && status.state === 'idle' && status;
  });

interface LocalSlot {
  capacity: number;
  call_center_reserve: number;
  status: string;
  updated_at: string;
}
const localSlot = (desk: TestDesk, id: string) =>
  desk.service.db
    .prepare('SELECT capacity, call_center_reserve, status, updated_at FROM slots WHERE id = ?')
    .get(id) as LocalSlot | undefined;
const hubSlot = async (id: string) => {
  const [row] = await hubDb.sql.query<{ capacity: number; call_center_reserve: number; status: string }>(
    'SELECT capacity, call_center_reserve, status FROM slots WHERE id = $1',
    [id],
  );
  return row!;
};
const localAudits = (desk: TestDesk, slotId: string) =>
  (
    desk.service.db
      .prepare(
        "SELECT staff_id, detail FROM audit_events WHERE action = 'slot.change' AND entity_ids = ? ORDER BY id",
      )
      .all(JSON.stringify([slotId])) as Array<{ staff_id: string; detail: string }>
  ).map((a) => ({ staff_id: a.staff_id, detail: JSON.parse(a.detail) }));
const hubAudits = (slotId: string) =>
  hubDb.sql.query<{ detail: unknown }>(
    "SELECT detail FROM audit_log WHERE action = 'slot.change' AND entity_id = $1 ORDER BY id",
    [slotId],
  );
const change = (desk: TestDesk, input: Record<string, unknown>) =>
  desk.service.call('changeSlotCapacity', input) as Promise<ApiResult<SlotChangeResult>>;

const bookOnline = async (slotId: string) => {
  const coupon = await fx.coupon();
  const answer = await hub.request('POST', '/api/v1/public/bookings', {
    body: { ticketNumber: coupon.ticketNumber, birthDate: coupon.birthDate, slotId },
    headers: { 'idempotency-key': `slots-hub-${randomUUID()}` },
  });
  expect(answer.status).toBe(201);
};

let deskA: TestDesk;
let deskB: TestDesk;

beforeAll(async () => {
  hubDb = await createTestDatabase('pglite');
  fx = await createFixture(hubDb.sql);
  hub = await startHub(hubDb.sql);
  deskA = await open();
  deskB = await open();
  await attachDesk(deskA, hub.baseUrl, await deskCredentials(hubDb.sql, { role: 'manager', name: 'PC-A' }));
  await attachDesk(deskB, hub.baseUrl, await deskCredentials(hubDb.sql, { role: 'manager', name: 'PC-B' }));
  await Promise.all([idle(deskA), idle(deskB)]);
});

afterAll(async () => {
  for (const desk of desks) desk.remove();
  await hub?.close();
  await hubDb?.drop();
});

describe('a desktop attached to a hub', () => {
  it('sends the change to the hub, shows the hub’s answer at once, and a second desktop receives it', async () => {
    const slotId = await fx.slot({ date: '2030-06-20', capacity: 20, callCenterReserve: 2 });
    await bookOnline(slotId);
    await waitFor('the slot on both desktops', () => localSlot(deskA, slotId) && localSlot(deskB, slotId));

    const listed = (await deskA.service.call('listSlotCapacity', {
      venueId: fx.venueId,
      from: '2030-06-20',
      to: '2030-06-20',
    })) as ApiResult<SlotCapacityList>;
    expect(listed).toMatchObject({ ok: true, value: { changeTarget: 'hub', canChange: true } });

    const answer = await change(deskA, { slotId, capacity: '３０', callCenterReserve: 5 });
    expect(answer).toMatchObject({
      ok: true,
      value: { via: 'hub', changed: true, slot: { slotId, capacity: 30, callCenterReserve: 5 } },
    });
    // The local row took the hub's answer before any pull.
    expect(localSlot(deskA, slotId)).toMatchObject({ capacity: 30, call_center_reserve: 5 });
    expect(await hubSlot(slotId)).toMatchObject({ capacity: 30, call_center_reserve: 5 });
    expect(await hubAudits(slotId)).toEqual([
      {
        detail: {
          before: { capacity: 20, callCenterReserve: 2 },
          after: { capacity: 30, callCenterReserve: 5 },
        },
      },
    ]);
    expect(localAudits(deskA, slotId)).toEqual([
      {
        staff_id: deskA.service.session.staffId,
        detail: {
          via: 'hub',
          before: { capacity: 20, callCenterReserve: 2 },
          after: { capacity: 30, callCenterReserve: 5 },
        },
      },
    ]);
    // The other desktop gets it from the change log.
    await waitFor('the change on desktop B', () => localSlot(deskB, slotId)?.capacity === 30);
    expect(localSlot(deskB, slotId)).toMatchObject({ capacity: 30, call_center_reserve: 5 });

    // Closing goes the same way.
    expect(await change(deskB, { slotId, status: 'closed' })).toMatchObject({
      ok: true,
      value: { via: 'hub', slot: { status: 'closed', remaining: 0 } },
    });
    await waitFor('the closing on desktop A', () => localSlot(deskA, slotId)?.status === 'closed');
  });

  it('shows CAPACITY_BELOW_BOOKED with the hub’s count (holds included) and changes nothing', async () => {
    const slotId = await fx.slot({ date: '2030-06-21', capacity: 6 });
    await bookOnline(slotId);
    await bookOnline(slotId);
    // A seat held by an operator at another desktop: the hub counts it, this desktop cannot see it.
    const operator = await signInStaff(hub, hubDb.sql, 'operator');
    const hold = await hub.request('POST', '/api/v1/sync/holds', {
      body: { holdId: randomUUID(), slotId },
      headers: operator.headers,
    });
    expect(hold.status).toBe(200);
    await waitFor('the bookings on desktop A', () => {
      const row = deskA.service.db
        .prepare("SELECT count(*) FROM bookings WHERE slot_id = ? AND status = 'confirmed'")
        .pluck()
        .get(slotId) as number;
      return row === 2;
    });
    const before = localSlot(deskA, slotId)!;

    const answer = await change(deskA, { slotId, capacity: 2 });
    expect(answer).toMatchObject({
      ok: false,
      error: {
        code: 'CONFLICT',
        issues: [
          { path: 'reason', message: 'capacity_below_booked' },
          { path: 'seatsTaken', message: '3' },
        ],
      },
    });
    expect(await hubSlot(slotId)).toMatchObject({ capacity: 6 });
    expect(localSlot(deskA, slotId)).toEqual(before);
    expect(await hubAudits(slotId)).toEqual([]);
    expect(localAudits(deskA, slotId)).toEqual([]);

    // The reserve above the capacity: refused by the hub too, in the same words as without a hub.
    const reserve = await change(deskA, { slotId, capacity: 4, callCenterReserve: 5 });
    expect(reserve).toMatchObject({
      ok: false,
      error: {
        issues: [
          { path: 'reason', message: 'reserve_above_capacity' },
          { path: 'capacity', message: '4' },
        ],
      },
    });
    // Exactly the seats taken is accepted.
    expect(await change(deskA, { slotId, capacity: 3 })).toMatchObject({
      ok: true,
      value: { slot: { capacity: 3 } },
    });
  });

  it('refuses when this desktop’s login on the hub is not a manager', async () => {
    const desk = await open();
    await attachDesk(
      desk,
      hub.baseUrl,
      await deskCredentials(hubDb.sql, { role: 'operator', name: 'PC-op' }),
    );
    await idle(desk);
    const slotId = await fx.slot({ date: '2030-06-22', capacity: 8 });
    await waitFor('the slot', () => localSlot(desk, slotId));
    expect(await change(desk, { slotId, capacity: 9 })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', issues: [{ path: 'reason', message: 'hub_forbidden' }] },
    });
    expect(await hubSlot(slotId)).toMatchObject({ capacity: 8 });
    expect(localSlot(desk, slotId)?.capacity).toBe(8);
  });

  it('refuses while the hub cannot be reached, and never changes the local copy behind its back', async () => {
    // A second hub process over the same database, which then goes away.
    const doomed = await startHub(hubDb.sql);
    const desk = await open();
    await attachDesk(
      desk,
      doomed.baseUrl,
      await deskCredentials(hubDb.sql, { role: 'manager', name: 'PC-C' }),
    );
    await idle(desk);
    const slotId = await fx.slot({ date: '2030-06-23', capacity: 8 });
    await waitFor('the slot on desktop C', () => localSlot(desk, slotId));
    await doomed.close();

    const answer = await change(desk, { slotId, capacity: 12 });
    expect(answer).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', issues: [{ path: 'reason', message: 'hub_offline' }] },
    });
    expect(localSlot(desk, slotId)?.capacity).toBe(8);
    expect(localAudits(desk, slotId)).toEqual([]);
    expect(await hubSlot(slotId)).toMatchObject({ capacity: 8 });
    // Still attached: the list says changes go to the hub (never to the local store instead).
    const listed = (await desk.service.call('listSlotCapacity', {
      venueId: null,
      from: '2030-06-23',
      to: '2030-06-23',
    })) as ApiResult<SlotCapacityList>;
    expect(listed).toMatchObject({ ok: true, value: { changeTarget: 'hub' } });
  });
});
