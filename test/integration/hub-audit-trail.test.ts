/**
 * Every booking change on every channel leaves a hub audit entry (who, when, which desktop, which
 * records), with ids only: an online booking and a resident's own cancellation, a phone booking, a
 * walk-in, a desk's cancellation, a move, a mark, a capacity change. Both backends, over HTTP.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { BookingsResponse } from '../../domain/hub-api/public-api.ts';
import type { Mutation, MutationResult } from '../../domain/hub-api/sync-api.ts';
import { verifyAuditChain } from '../../server/audit/audit-chain.ts';
import { freshIdempotencyKey, type RunningHub, startHub } from './hub-http-support.ts';
import { type SignedIn, signInStaff } from './hub-staff-support.ts';
import { createFixture, describeHubBackends, type Fixture } from './hub-support.ts';

describeHubBackends('audit trail of booking changes', (ctx) => {
  let hub: RunningHub;
  let fx: Fixture;
  let operator: SignedIn;
  let reception: SignedIn;
  let manager: SignedIn;

  beforeAll(async () => {
    fx = await createFixture(ctx.sql);
    hub = await startHub(ctx.sql);
    operator = await signInStaff(hub, ctx.sql, 'operator');
    reception = await signInStaff(hub, ctx.sql, 'venue_staff');
    manager = await signInStaff(hub, ctx.sql, 'manager');
  });
  afterAll(async () => {
    await hub?.close();
  });

  const push = async (who: SignedIn, mutation: Mutation) => {
    const answer = await hub.request<{ results: MutationResult[] }>('POST', '/api/v1/sync/push', {
      body: { mutations: [mutation] },
      headers: who.headers,
    });
    const result = answer.body.results![0]!;
    expect(result.status).toBe('ok');
    return ((result as Extract<MutationResult, { status: 'ok' }>).bookings[0] as { id: string }).id;
  };

  it('names who, which desktop and which records for each change, and nothing about the resident', async () => {
    const slotId = await fx.slot({ date: '2030-06-10' });
    const later = await fx.slot({ date: '2030-06-11' });
    const [online, phone, walkIn] = [await fx.coupon(), await fx.coupon(), await fx.coupon()];

    const booked = await hub.request<BookingsResponse>('POST', '/api/v1/public/bookings', {
      body: { ticketNumber: online.ticketNumber, birthDate: online.birthDate, slotId },
      headers: { 'idempotency-key': freshIdempotencyKey() },
    });
    expect(booked.status).toBe(201);
    const onlineBooking = booked.body.bookings![0]!;
    const cancelled = await hub.request(
      'POST',
      `/api/v1/public/bookings/${onlineBooking.bookingNumber}/cancel`,
      {
        body: { ticketNumber: online.ticketNumber, birthDate: online.birthDate },
      },
    );
    expect(cancelled.status).toBe(200);

    const phoneId = await push(operator, {
      mutationId: randomUUID(),
      kind: 'book',
      payload: { couponId: phone.id, slotId, doseNumber: 1, channel: 'phone', contactPhone: '090-1111-2222' },
    });
    await push(operator, {
      mutationId: randomUUID(),
      kind: 'move',
      payload: { bookingId: phoneId, toSlotId: later },
    });
    await push(operator, {
      mutationId: randomUUID(),
      kind: 'cancel',
      payload: { bookingId: phoneId, reason: 'illness' },
    });
    const walkInId = await push(reception, {
      mutationId: randomUUID(),
      kind: 'book',
      payload: { couponId: walkIn.id, slotId, doseNumber: 1, channel: 'walk_in' },
    });
    await push(reception, {
      mutationId: randomUUID(),
      kind: 'mark',
      payload: { bookingId: walkInId, status: 'checked_in' },
    });
    const capacity = await hub.request('PATCH', `/api/v1/sync/slots/${slotId}`, {
      body: { capacity: 30 },
      headers: manager.headers,
    });
    expect(capacity.status).toBe(200);

    const entries = await ctx.sql.query<{
      action: string;
      entity_id: string;
      staff_id: string | null;
      device_id: string | null;
      detail: { after: Record<string, unknown> };
    }>(
      `SELECT action, entity_id, staff_id, device_id, detail FROM audit_log
        WHERE entity_id = ANY($1::text[]) ORDER BY id`,
      [[onlineBooking.id, phoneId, walkInId, slotId]],
    );
    const who = (s: SignedIn | null) =>
      s ? { staff_id: s.staffId, device_id: s.deviceId } : { staff_id: null, device_id: null };
    expect(
      entries.map((e) => ({
        action: e.action,
        entity_id: e.entity_id,
        staff_id: e.staff_id,
        device_id: e.device_id,
      })),
    ).toEqual([
      { action: 'booking.book', entity_id: onlineBooking.id, ...who(null) },
      { action: 'booking.cancel', entity_id: onlineBooking.id, ...who(null) },
      { action: 'booking.book', entity_id: phoneId, ...who(operator) },
      { action: 'booking.move', entity_id: phoneId, ...who(operator) },
      { action: 'booking.cancel', entity_id: phoneId, ...who(operator) },
      { action: 'booking.book', entity_id: walkInId, ...who(reception) },
      { action: 'booking.mark', entity_id: walkInId, ...who(reception) },
      { action: 'slot.change', entity_id: slotId, ...who(manager) },
    ]);
    expect(entries[0]!.detail.after).toEqual({
      couponId: online.id,
      slotId,
      doseNumber: 1,
      channel: 'online',
      status: 'confirmed',
    });
    expect(entries[2]!.detail.after).toMatchObject({ couponId: phone.id, channel: 'phone' });
    expect(entries[4]!.detail.after).toEqual({ status: 'cancelled', reason: 'illness' });

    // A snapshot taken (every resident the desktop may see) is audited too, once per snapshot.
    const snapshot = await hub.request('GET', '/api/v1/sync/snapshot?limit=5', {
      headers: reception.headers,
    });
    expect(snapshot.status).toBe(200);
    const snapshots = await ctx.sql.query<{ staff_id: string; entity_id: string }>(
      "SELECT staff_id::text, entity_id FROM audit_log WHERE action = 'sync.snapshot' AND staff_id = $1",
      [reception.staffId],
    );
    expect(snapshots).toEqual([{ staff_id: reception.staffId, entity_id: reception.deviceId }]);

    // No resident's data anywhere in the audit: names, ticket numbers, birth dates, phones.
    const everything = JSON.stringify(await ctx.sql.query('SELECT * FROM audit_log'));
    for (const c of [online, phone, walkIn]) {
      expect(everything).not.toContain(c.ticketNumber);
    }
    expect(everything).not.toMatch(/山田|ヤマダ|1947-04-01|090-1111-2222|090-1234-5678/);
    // Sealed into the chain shortly after their commits, without anyone asking.
    await expect
      .poll(
        async () =>
          (
            await ctx.sql.query<{ n: number }>(
              'SELECT count(*)::int AS n FROM audit_log WHERE chain_seq IS NULL',
            )
          )[0]!.n,
        { timeout: 5000, interval: 50 },
      )
      .toBe(0);
    expect((await verifyAuditChain(ctx.sql)).broken).toBeNull();
  });
});
