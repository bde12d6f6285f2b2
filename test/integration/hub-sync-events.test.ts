import { afterAll, beforeAll, expect, it } from 'vitest';
import type { BookingsResponse } from '../../domain/hub-api/public-api.ts';
import { changeLogHead } from '../../server/store/change-log.ts';
import { type RunningHub, startHub } from './hub-http-support.ts';
import { openEventStream } from './hub-sse-client.ts';
import { type SignedIn, signInStaff } from './hub-staff-support.ts';
import { createFixture, describeHubBackends, type Fixture } from './hub-support.ts';

const eventsPath = '/api/v1/sync/events';

describeHubBackends('sync events (SSE pokes)', (ctx) => {
  let hub: RunningHub;
  let fx: Fixture;
  let operator: SignedIn;

  beforeAll(async () => {
    fx = await createFixture(ctx.sql);
    hub = await startHub(ctx.sql, { app: { heartbeatMs: 150 } });
    operator = await signInStaff(hub, ctx.sql, 'operator');
  });
  afterAll(async () => {
    await hub?.close();
  });

  const bookOnline = async (slotId: string, key: string) => {
    const coupon = await fx.coupon();
    const answer = await hub.request<BookingsResponse>('POST', '/api/v1/public/bookings', {
      body: { ticketNumber: coupon.ticketNumber, birthDate: coupon.birthDate, slotId },
      headers: { 'idempotency-key': key },
    });
    expect(answer.status).toBe(201);
    return (await changeLogHead(ctx.sql)).lastSeq;
  };

  it('refuses a stream without protocol version or session, as JSON errors', async () => {
    const noVersion = await openEventStream(`${hub.baseUrl}${eventsPath}`, {});
    expect(noVersion.status).toBe(426);
    const noSession = await openEventStream(`${hub.baseUrl}${eventsPath}`, { 'x-hub-protocol': '1' });
    expect(noSession.status).toBe(401);
    expect(noSession.contentType).toContain('application/json');
  });

  it('pokes at once with the head, then with the seq of a booking made on the hub', async () => {
    const slotId = await fx.slot({ date: '2030-06-20' });
    const stream = await openEventStream(`${hub.baseUrl}${eventsPath}`, operator.headers);
    try {
      expect(stream.status).toBe(200);
      expect(stream.contentType).toBe('text/event-stream; charset=utf-8');
      const { lastSeq: head } = await changeLogHead(ctx.sql);
      await stream.next((e) => e.event === 'poke' && (e.data as { seq: number }).seq === head);
      const bookingSeq = await bookOnline(slotId, 'sse-poke-booking-1');
      expect(bookingSeq).toBeGreaterThan(head);
      await stream.next((e) => e.event === 'poke' && (e.data as { seq: number }).seq === bookingSeq);
      await stream.next((e) => e.event === 'heartbeat');
    } finally {
      stream.close();
    }
  });

  it('fans out through LISTEN/NOTIFY: a booking made by another hub process pokes this one', async () => {
    const otherSql = await ctx.openAnother();
    const other = await startHub(otherSql);
    const stream = await openEventStream(`${hub.baseUrl}${eventsPath}`, operator.headers);
    try {
      await stream.next((e) => e.event === 'poke');
      const slotId = await fx.slot({ date: '2030-06-21' });
      const coupon = await fx.coupon();
      const booked = await other.request('POST', '/api/v1/public/bookings', {
        body: { ticketNumber: coupon.ticketNumber, birthDate: coupon.birthDate, slotId },
        headers: { 'idempotency-key': 'sse-other-process-1' },
      });
      expect(booked.status).toBe(201);
      const { lastSeq } = await changeLogHead(ctx.sql);
      await stream.next((e) => e.event === 'poke' && (e.data as { seq: number }).seq === lastSeq);
    } finally {
      stream.close();
      await other.close();
      await otherSql.close();
    }
  });

  it('coalesces a burst of changes into few pokes that end with the newest seq', async () => {
    const slotId = await fx.slot({ date: '2030-06-22', capacity: 50 });
    // At most one poke a second: 13 commits in well under 13 s must come as fewer pokes.
    const slow = await startHub(ctx.sql, { app: { pokeIntervalMs: 1000 } });
    const stream = await openEventStream(`${slow.baseUrl}${eventsPath}`, operator.headers);
    try {
      await stream.next((e) => e.event === 'poke');
      const before = stream.events.filter((e) => e.event === 'poke').length;
      const coupons = await fx.coupons(12);
      await Promise.all(
        coupons.map((c, i) =>
          hub.request('POST', '/api/v1/public/bookings', {
            body: { ticketNumber: c.ticketNumber, birthDate: c.birthDate, slotId },
            headers: { 'idempotency-key': `sse-burst-${i}` },
          }),
        ),
      );
      const { lastSeq } = await changeLogHead(ctx.sql);
      await stream.next((e) => e.event === 'poke' && (e.data as { seq: number }).seq === lastSeq);
      const pokes = stream.events.filter((e) => e.event === 'poke').slice(before);
      const seqs = pokes.map((e) => (e.data as { seq: number }).seq);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      // 12 bookings + the coupons' change, in fewer pokes than commits.
      expect(pokes.length).toBeLessThan(13);
    } finally {
      stream.close();
      await slow.close();
    }
  });

  it('ends the stream when the session expires', async () => {
    const session = await signInStaff(hub, ctx.sql, 'operator');
    const stream = await openEventStream(`${hub.baseUrl}${eventsPath}`, session.headers);
    await stream.next((e) => e.event === 'poke');
    const started = hub.now;
    hub.now = new Date(started.getTime() + 13 * 3_600_000);
    try {
      await Promise.race([
        stream.ended,
        new Promise((_, reject) => setTimeout(() => reject(new Error('the stream did not end')), 3000)),
      ]);
    } finally {
      hub.now = started;
      stream.close();
    }
  });

  it('ends open streams when the hub closes, and the close does not wait for the clients', async () => {
    const own = await startHub(ctx.sql);
    const streams = await Promise.all(
      [1, 2].map(() => openEventStream(`${own.baseUrl}${eventsPath}`, operator.headers)),
    );
    await Promise.all(streams.map((s) => s.next((e) => e.event === 'poke')));
    const t0 = Date.now();
    await own.close();
    expect(Date.now() - t0).toBeLessThan(2000);
    await Promise.all(streams.map((s) => s.ended));
  });
});
