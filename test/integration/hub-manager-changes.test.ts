import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { upsertMunicipalities, upsertVenues } from '../../server/catalog/catalog-writes.ts';
import { changeLogHead, readChanges } from '../../server/store/change-log.ts';
import { runHubTransaction } from '../../server/store/hub-transaction.ts';
import { type RunningHub, startHub } from './hub-http-support.ts';
import { type SignedIn, signInStaff } from './hub-staff-support.ts';
import { createFixture, describeHubBackends, type Fixture, fixtureNow } from './hub-support.ts';

interface SlotAnswer {
  slot: { id: string; capacity: number; callCenterReserve: number; status: string; bookedOnline: number };
}

describeHubBackends("managers' changes", (ctx) => {
  let hub: RunningHub;
  let fx: Fixture;
  let manager: SignedIn;

  beforeAll(async () => {
    fx = await createFixture(ctx.sql);
    hub = await startHub(ctx.sql);
    manager = await signInStaff(hub, ctx.sql, 'manager');
  });
  afterAll(async () => {
    await hub?.close();
  });

  const patchSlot = (slotId: string, body: unknown, who: SignedIn = manager) =>
    hub.request<SlotAnswer>('PATCH', `/api/v1/sync/slots/${slotId}`, { body, headers: who.headers });
  const patchVenue = (venueId: string, body: unknown, who: SignedIn = manager) =>
    hub.request<{ venue: { id: string; name: string; active: boolean } }>(
      'PATCH',
      `/api/v1/sync/venues/${venueId}`,
      { body, headers: who.headers },
    );
  const bookOnline = async (slotId: string) => {
    const coupon = await fx.coupon();
    return hub.request('POST', '/api/v1/public/bookings', {
      body: { ticketNumber: coupon.ticketNumber, birthDate: coupon.birthDate, slotId },
      headers: { 'idempotency-key': `manager-test-${randomUUID()}` },
    });
  };
  const auditOf = (entityId: string) =>
    ctx.sql.query<{ action: string; staff_id: string; device_id: string; detail: unknown }>(
      'SELECT action, staff_id, device_id, detail FROM audit_log WHERE entity_id = $1 ORDER BY id',
      [entityId],
    );

  it('changes capacity and reserve: answered, change-logged and audited with before and after', async () => {
    const slotId = await fx.slot({ date: '2030-06-20', capacity: 20, callCenterReserve: 2 });
    const { lastSeq: before } = await changeLogHead(ctx.sql);
    const answer = await patchSlot(slotId, { capacity: 30, callCenterReserve: 5 });
    expect(answer.status).toBe(200);
    expect(answer.body.slot).toMatchObject({
      id: slotId,
      capacity: 30,
      callCenterReserve: 5,
      status: 'open',
    });
    const changes = await readChanges(ctx.sql, { since: before, limit: 10 });
    expect(changes.map((c) => [c.entity, c.entityId])).toEqual([['slot', slotId]]);
    expect(changes[0]!.payload).toMatchObject({ capacity: 30, callCenterReserve: 5 });
    expect(await auditOf(slotId)).toEqual([
      {
        action: 'slot.change',
        staff_id: manager.staffId,
        device_id: manager.deviceId,
        detail: {
          before: { capacity: 20, callCenterReserve: 2 },
          after: { capacity: 30, callCenterReserve: 5 },
        },
      },
    ]);
    // The same values again change nothing and leave no trace.
    await patchSlot(slotId, { capacity: 30 });
    expect((await changeLogHead(ctx.sql)).lastSeq).toBe(before + 1);
    expect(await auditOf(slotId)).toHaveLength(1);
  });

  it('refuses a capacity below the seats booked and held with CAPACITY_BELOW_BOOKED, changing nothing', async () => {
    const slotId = await fx.slot({ date: '2030-06-21', capacity: 5 });
    for (let i = 0; i < 3; i++) expect((await bookOnline(slotId)).status).toBe(201);
    await hub.request('POST', '/api/v1/sync/holds', {
      body: { holdId: randomUUID(), slotId },
      headers: (await signInStaff(hub, ctx.sql, 'operator')).headers,
    });
    const { lastSeq: before } = await changeLogHead(ctx.sql);
    const cut = await patchSlot(slotId, { capacity: 3 });
    expect(cut.status).toBe(409);
    expect(cut.body.error?.code).toBe('CAPACITY_BELOW_BOOKED');
    expect(cut.body.error?.message).toContain('4 seats');
    expect((await changeLogHead(ctx.sql)).lastSeq).toBe(before);
    expect(await auditOf(slotId)).toEqual([]);
    const exact = await patchSlot(slotId, { capacity: 4 });
    expect(exact.status).toBe(200);
    expect(exact.body.slot!.capacity).toBe(4);
  });

  it('brings the reserve down with a capacity given alone, and refuses a reserve above the capacity', async () => {
    const slotId = await fx.slot({ date: '2030-06-22', capacity: 10, callCenterReserve: 6 });
    const answer = await patchSlot(slotId, { capacity: 4 });
    expect(answer.body.slot).toMatchObject({ capacity: 4, callCenterReserve: 4 });
    const tooMuch = await patchSlot(slotId, { callCenterReserve: 5 });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body.error?.fields?.[0]?.path).toBe('callCenterReserve');
    const both = await patchSlot(slotId, { capacity: 3, callCenterReserve: 4 });
    expect(both.status).toBe(422);
    const empty = await patchSlot(slotId, {});
    expect(empty.status).toBe(422);
  });

  it('closes and reopens a slot for booking', async () => {
    const slotId = await fx.slot({ date: '2030-06-23' });
    expect((await patchSlot(slotId, { status: 'closed' })).body.slot!.status).toBe('closed');
    const list = await hub.request<{ slots: Array<{ id: string }> }>(
      'GET',
      `/api/v1/public/slots?venueId=${fx.venueId}&from=2030-06-23&to=2030-06-23`,
    );
    expect(list.body.slots!.map((s) => s.id)).not.toContain(slotId);
    expect((await bookOnline(slotId)).body.error?.code).toBe('SLOT_FULL');
    await patchSlot(slotId, { status: 'open' });
    expect((await bookOnline(slotId)).status).toBe(201);
  });

  it('never lets a capacity cut and concurrent bookings exceed the capacity', async () => {
    const slotId = await fx.slot({ date: '2030-06-24', capacity: 20 });
    const bookings = Array.from({ length: 16 }, () => bookOnline(slotId));
    const cut = patchSlot(slotId, { capacity: 10 });
    const [booked, cutAnswer] = await Promise.all([Promise.all(bookings), cut]);
    const ok = booked.filter((b) => b.status === 201).length;
    const [slot] = await ctx.sql.query<{ capacity: number; booked_online: number }>(
      'SELECT capacity, booked_online FROM slots WHERE id = $1',
      [slotId],
    );
    expect(slot!.booked_online).toBe(ok);
    expect(slot!.booked_online).toBeLessThanOrEqual(slot!.capacity);
    if (cutAnswer.status === 200) expect(slot!.capacity).toBe(10);
    else {
      expect(cutAnswer.body.error?.code).toBe('CAPACITY_BELOW_BOOKED');
      expect(slot!.capacity).toBe(20);
    }
  });

  it("changes a venue's details; an inactive venue leaves the public list", async () => {
    const answer = await patchVenue(fx.venueId, { name: '　新しい会場名 ', phone: '03-1111-2222' });
    expect(answer.status).toBe(200);
    expect(answer.body.venue).toMatchObject({ id: fx.venueId, name: '新しい会場名', active: true });
    const [audit] = await auditOf(fx.venueId);
    expect(audit).toMatchObject({
      action: 'venue.change',
      detail: { before: { name: 'テスト会場', phone: '0312345678' }, after: { name: '新しい会場名' } },
    });
    await patchVenue(fx.venueId, { active: false });
    const venues = await hub.request<{ venues: Array<{ id: string }> }>('GET', '/api/v1/public/venues');
    expect(venues.body.venues!.map((v) => v.id)).not.toContain(fx.venueId);
    const changes = await ctx.sql.query<{ payload: { active: boolean } }>(
      "SELECT payload FROM change_log WHERE entity = 'venue' AND entity_id = $1 ORDER BY seq DESC LIMIT 1",
      [fx.venueId],
    );
    expect(changes[0]!.payload.active).toBe(false);
    await patchVenue(fx.venueId, { active: true });
    expect((await patchVenue(fx.venueId, { name: '' })).status).toBe(422);
  });

  it('is for managers only, within their municipality', async () => {
    const operator = await signInStaff(hub, ctx.sql, 'operator');
    const slotId = await fx.slot({ date: '2030-06-25' });
    const forbidden = await patchSlot(slotId, { capacity: 1 }, operator);
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error?.code).toBe('FORBIDDEN');
    expect((await patchVenue(fx.venueId, { area: 'x' }, operator)).status).toBe(403);

    const foreignVenue = `venue-${randomUUID()}`;
    await runHubTransaction(ctx.sql, fixtureNow, async (tx) => {
      await upsertMunicipalities(tx, [{ code: '011002', name: '別の市' }]);
      await upsertVenues(tx, [
        {
          id: foreignVenue,
          municipalityCode: '011002',
          name: '別の市の会場',
          nameKana: '',
          kind: 'clinic',
          area: '',
          address: '北海道',
          phone: '',
          active: true,
          updatedAt: fixtureNow.toISOString(),
        },
      ]);
    });
    const elsewhere = await patchVenue(foreignVenue, { name: '乗っ取り' });
    expect(elsewhere.status).toBe(404);
    expect((await patchSlot('no-such-slot', { capacity: 1 })).status).toBe(404);
  });

  it('keeps the audit log append-only', async () => {
    await expect(ctx.sql.query("UPDATE audit_log SET action = 'x'")).rejects.toThrow(/append-only/);
    await expect(ctx.sql.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
    await expect(ctx.sql.query('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
    const [count] = await ctx.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log');
    expect(count!.n).toBeGreaterThan(0);
  });
});
