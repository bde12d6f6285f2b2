/**
 * Seat holds from the phone desk through the sync engine's session: the real desk service on a
 * SQLite file, attached to the real hub over HTTP (PGlite and PostgreSQL). A hold is a row on the hub
 * that counts against the slot; extended up to the hub's cap; released; refused with "full" when the
 * hub has no seat; carried by the booking into its outbox entry. Without a hub, or with a hub that does
 * not answer, the desk answers "not held" (the booking is then counted locally, provisional).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ApiMethod, ApiOutput } from '../../domain/api/contract.ts';
import type { ApiResult } from '../../domain/api/errors.ts';
import { type RunningHub, startHub } from './hub-http-support.ts';
import { createFixture, describeHubBackends, type Fixture, fixtureNow } from './hub-support.ts';
import {
  attachDesk,
  deskCredentials,
  freePort,
  localBookings,
  openTestDesk,
  type TestDesk,
  waitFor,
} from './sync-support.ts';

const minute = 60_000;

async function call<M extends ApiMethod>(desk: TestDesk, method: M, input: unknown): Promise<ApiOutput<M>> {
  const result = (await desk.service.call(method, input as never)) as ApiResult<ApiOutput<M>>;
  if (!result.ok) throw new Error(`${method} failed: ${JSON.stringify(result.error)}`);
  return result.value;
}

describeHubBackends('phone desk holds through the sync engine', (ctx) => {
  let hub: RunningHub;
  let fx: Fixture;
  let desk: TestDesk;
  let lastSeat: string;
  let roomy: string;

  const holdRows = (slotId: string) =>
    ctx.sql.query<{ id: string; device_id: string; expires_at: Date; expires_cap_at: Date }>(
      'SELECT id, device_id, expires_at, expires_cap_at FROM holds WHERE slot_id = $1',
      [slotId],
    );
  const slotCounters = async (slotId: string) => {
    const [row] = await ctx.sql.query<{ held: number; booked_phone: number }>(
      'SELECT held, booked_phone FROM slots WHERE id = $1',
      [slotId],
    );
    return row!;
  };

  beforeAll(async () => {
    fx = await createFixture(ctx.sql);
    lastSeat = await fx.slot({ date: '2030-06-20', capacity: 1 });
    roomy = await fx.slot({ date: '2030-06-21', capacity: 5 });
    await fx.coupons(3);
    hub = await startHub(ctx.sql);
    desk = await openTestDesk();
    await attachDesk(desk, hub.baseUrl, await deskCredentials(ctx.sql));
    await waitFor('the first snapshot', () => {
      const status = desk.service.sync.status();
      return status.ready && status.state === 'idle';
    });
  });

  afterAll(async () => {
    desk?.remove();
    await hub?.close();
  });

  it('holds the seat on the hub, once per hold id, and the countdown follows the hub’s clock', async () => {
    hub.now = fixtureNow;
    const holdId = randomUUID();
    const held = await call(desk, 'holdPhoneSeat', { holdId, slotId: lastSeat });
    // The hub's clock says 2030: the durations are still the hub's 5 and 15 minutes, not years.
    expect(held).toMatchObject({ kind: 'held', holdId, slotId: lastSeat });
    if (held.kind !== 'held') return;
    expect(held.expiresInMs).toBeGreaterThan(4 * minute);
    expect(held.expiresInMs).toBeLessThanOrEqual(5 * minute);
    expect(held.capInMs).toBeGreaterThan(14 * minute);
    expect(held.capInMs).toBeLessThanOrEqual(15 * minute);
    const rows = await holdRows(lastSeat);
    expect(rows.map((r) => r.id)).toEqual([holdId]);
    expect(rows[0]!.device_id).toBe(desk.service.sync.settingsView()!.deviceId);
    expect((await slotCounters(lastSeat)).held).toBe(1);

    // The same id again (a retried request) is the same hold, never a second seat.
    expect(await call(desk, 'holdPhoneSeat', { holdId, slotId: lastSeat })).toMatchObject({ kind: 'held' });
    expect(await holdRows(lastSeat)).toHaveLength(1);

    // Another caller for the last seat: the hub has none left.
    expect(await call(desk, 'holdPhoneSeat', { holdId: randomUUID(), slotId: lastSeat })).toEqual({
      kind: 'full',
    });
    expect(await holdRows(lastSeat)).toHaveLength(1);

    // Extended 2 minutes later: five minutes from then; and so on, but never past the cap (15 minutes).
    hub.now = new Date(fixtureNow.getTime() + 2 * minute);
    const extended = await call(desk, 'extendPhoneHold', { holdId });
    expect(extended.kind).toBe('held');
    const [afterExtend] = await holdRows(lastSeat);
    expect(afterExtend!.expires_at.getTime()).toBe(fixtureNow.getTime() + 7 * minute);
    hub.now = new Date(fixtureNow.getTime() + 6 * minute);
    expect((await call(desk, 'extendPhoneHold', { holdId })).kind).toBe('held');
    hub.now = new Date(fixtureNow.getTime() + 10 * minute);
    const capped = await call(desk, 'extendPhoneHold', { holdId });
    if (capped.kind !== 'held') throw new Error(`not held: ${capped.kind}`);
    const [atCap] = await holdRows(lastSeat);
    expect(atCap!.expires_at.getTime()).toBe(atCap!.expires_cap_at.getTime());
    expect(capped.capInMs - capped.expiresInMs).toBeLessThan(1000);

    // Released: the row is gone and the seat is back; releasing again says it had ended.
    expect(await call(desk, 'releasePhoneHold', { holdId })).toEqual({ released: true });
    expect(await holdRows(lastSeat)).toHaveLength(0);
    expect((await slotCounters(lastSeat)).held).toBe(0);
    expect(await call(desk, 'releasePhoneHold', { holdId })).toEqual({ released: false });
    // An ended hold cannot be extended: the desk says so (the screen then offers a new hold).
    expect(await call(desk, 'extendPhoneHold', { holdId })).toEqual({ kind: 'ended' });
  });

  it('a booking carries its hold id into the outbox, and the hub hands the held seat to it', async () => {
    hub.now = new Date();
    const coupon = (await fx.coupons(1))[0]!;
    await waitFor('the new coupon on the desk', () =>
      desk.service.db.prepare('SELECT 1 FROM coupons WHERE id = ?').get(coupon.id),
    );
    const holdId = randomUUID();
    expect(await call(desk, 'holdPhoneSeat', { holdId, slotId: roomy })).toMatchObject({ kind: 'held' });
    expect(await slotCounters(roomy)).toEqual({ held: 1, booked_phone: 0 });

    const mutationId = randomUUID();
    const booked = await call(desk, 'createPhoneBooking', {
      couponId: coupon.id,
      first: { mutationId, slotId: roomy, doseNumber: 1, holdId },
      followUp: null,
      contactPhone: '',
      notes: '',
    });
    expect(booked.kind).toBe('booked');
    await waitFor('the hub to confirm the booking', () => {
      const [row] = localBookings(desk, 'id = ?', mutationId);
      return row?.status === 'confirmed';
    });
    // One seat in all: the hold became the booking's (outbox-plan passes holdId to the hub's 'book').
    expect(await slotCounters(roomy)).toEqual({ held: 0, booked_phone: 1 });
    expect(await holdRows(roomy)).toHaveLength(0);
  });

  it('answers "not held" at once when the hub does not answer, and when there is no hub at all', async () => {
    const deaf = await openTestDesk();
    const unconfigured = await openTestDesk();
    try {
      const port = await freePort();
      const saved = await deaf.service.sync.saveSettings({
        hubUrl: `http://127.0.0.1:${port}/`,
        ...(await deskCredentials(ctx.sql)),
      });
      expect(saved.outcome).toBe('unreachable');
      expect(await call(deaf, 'holdPhoneSeat', { holdId: randomUUID(), slotId: roomy })).toEqual({
        kind: 'not_held',
        why: 'offline',
      });
      expect(await call(deaf, 'releasePhoneHold', { holdId: randomUUID() })).toEqual({ released: false });
      expect(await call(unconfigured, 'holdPhoneSeat', { holdId: randomUUID(), slotId: roomy })).toEqual({
        kind: 'not_held',
        why: 'unconfigured',
      });
    } finally {
      deaf.remove();
      unconfigured.remove();
    }
  });
});
