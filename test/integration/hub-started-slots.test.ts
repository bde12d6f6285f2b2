/**
 * A slot that has started is too late for every channel but a walk-in, by the hub's clock read in
 * Japan whatever the machine's zone (domain/booking-rules/slot-start.ts): the public list, an online
 * booking and its plan, a hold, a move and a phone booking pushed later from an offline desk.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import type { BookingPlan, BookingsResponse, SlotView } from '../../domain/hub-api/public-api.ts';
import type { Mutation, MutationResult } from '../../domain/hub-api/sync-api.ts';
import { type RunningHub, startHub } from './hub-http-support.ts';
import { type SignedIn, signInStaff } from './hub-staff-support.ts';
import {
  createFixture,
  describeHubBackends,
  type Fixture,
  type FixtureCoupon,
  fixtureNow,
  tableCounts,
} from './hub-support.ts';

/** An instant given as the wall clock in Japan ('2030-06-01 10:15'). */
const japan = (wallClock: string) => new Date(`${wallClock.replace(' ', 'T')}:00+09:00`);

describeHubBackends('slots that have started', (ctx) => {
  let hub: RunningHub;
  let fx: Fixture;
  const originalTz = process.env.TZ;

  beforeAll(async () => {
    fx = await createFixture(ctx.sql);
    hub = await startHub(ctx.sql);
  });
  beforeEach(() => {
    // The hub runs in this process: a machine far from Japan.
    process.env.TZ = 'America/Los_Angeles';
    hub.now = fixtureNow;
  });
  afterEach(() => {
    if (originalTz === undefined) delete process.env.TZ;
    else process.env.TZ = originalTz;
  });
  afterAll(async () => {
    await hub?.close();
  });

  /** A slot on `date` from `start` to `start` + 30 minutes. */
  const slotAt = (date: string, start: string, end: string) =>
    fx.slot({ date, startTime: start, endTime: end, capacity: 5 });
  const listed = async (from: string) => {
    const answer = await hub.request<{ slots: SlotView[] }>(
      'GET',
      `/api/v1/public/slots?venueId=${fx.venueId}&from=${from}&to=${from}`,
    );
    expect(answer.status).toBe(200);
    return answer.body.slots!.map((s) => s.id);
  };
  const bookOnline = (coupon: FixtureCoupon, slotId: string) =>
    hub.request<BookingsResponse>('POST', '/api/v1/public/bookings', {
      body: { ticketNumber: coupon.ticketNumber, birthDate: coupon.birthDate, slotId },
      headers: { 'idempotency-key': `started-${randomUUID()}` },
    });
  const push = async (who: SignedIn, mutation: Mutation): Promise<MutationResult> => {
    const answer = await hub.request<{ results: MutationResult[] }>('POST', '/api/v1/sync/push', {
      body: { mutations: [mutation] },
      headers: who.headers,
    });
    expect(answer.status).toBe(200);
    return answer.body.results![0]!;
  };
  /** Signed in on a desktop at that time (a session lasts 12 hours). */
  const signedInAt = (role: 'operator' | 'venue_staff', instant: Date): Promise<SignedIn> => {
    hub.now = instant;
    return signInStaff(hub, ctx.sql, role);
  };
  const book = (couponId: string, slotId: string, channel: 'phone' | 'walk_in'): Mutation => ({
    mutationId: randomUUID(),
    kind: 'book',
    payload: { couponId, slotId, doseNumber: 1, channel },
  });

  it('leaves the times of today that have begun out of the public list, by the clock in Japan', async () => {
    expect(new Date('2030-07-01T00:00:00Z').getTimezoneOffset()).not.toBe(-540);
    const early = await slotAt('2030-07-01', '09:30', '10:00');
    const ten = await slotAt('2030-07-01', '10:00', '10:30');
    const eleven = await slotAt('2030-07-01', '11:00', '11:30');

    hub.now = japan('2030-07-01 09:29');
    expect(await listed('2030-07-01')).toEqual([early, ten, eleven]);
    hub.now = japan('2030-07-01 10:00');
    expect(await listed('2030-07-01')).toEqual([eleven]);
    hub.now = japan('2030-07-01 10:59');
    expect(await listed('2030-07-01')).toEqual([eleven]);

    // 00:30 on the 2nd in Japan is still the 1st in UTC (15:30) and in Los Angeles.
    const late = await slotAt('2030-07-01', '23:00', '23:30');
    const nextMorning = await slotAt('2030-07-02', '09:00', '09:30');
    hub.now = new Date('2030-07-01T15:30:00Z');
    expect(await listed('2030-07-01')).toEqual([]);
    expect(await listed('2030-07-02')).toEqual([nextMorning]);
    hub.now = japan('2030-07-01 22:59');
    expect(await listed('2030-07-01')).toEqual([late]);
  });

  it('refuses an online booking and its plan once the slot has begun, and changes nothing', async () => {
    const started = await slotAt('2030-07-03', '10:00', '10:30');
    const later = await slotAt('2030-07-03', '11:00', '11:30');
    const coupon = await fx.coupon();
    hub.now = japan('2030-07-03 10:15');
    const before = await tableCounts(ctx.sql);
    const refused = await bookOnline(coupon, started);
    expect(refused.status).toBe(409);
    expect(refused.body.error?.code).toBe('SLOT_STARTED');
    const plan = await hub.request<BookingPlan>('POST', '/api/v1/public/bookings/plan', {
      body: { ticketNumber: coupon.ticketNumber, birthDate: coupon.birthDate, slotId: started },
    });
    expect(plan.body.error?.code).toBe('SLOT_STARTED');
    expect(await tableCounts(ctx.sql)).toEqual(before);
    expect((await bookOnline(coupon, later)).status).toBe(201);
  });

  it('refuses a slot of the evening before once it is past midnight in Japan', async () => {
    const evening = await slotAt('2030-07-04', '23:00', '23:30');
    const coupon = await fx.coupon();
    // 2030-07-04 15:10 UTC = 2030-07-05 00:10 in Japan.
    hub.now = new Date('2030-07-04T15:10:00Z');
    expect((await bookOnline(coupon, evening)).body.error?.code).toBe('SLOT_STARTED');
  });

  it('holds no seat in a slot that has begun', async () => {
    const started = await slotAt('2030-07-06', '10:00', '10:30');
    const operator = await signedInAt('operator', japan('2030-07-06 10:01'));
    const answer = await hub.request('POST', '/api/v1/sync/holds', {
      body: { holdId: randomUUID(), slotId: started },
      headers: operator.headers,
    });
    expect(answer.status).toBe(409);
    expect(answer.body.error?.code).toBe('SLOT_STARTED');
    const [row] = await ctx.sql.query<{ held: number }>('SELECT held FROM slots WHERE id = $1', [started]);
    expect(row!.held).toBe(0);
  });

  it('moves no booking into a slot that has begun (the booking keeps its seat)', async () => {
    const started = await slotAt('2030-07-08', '10:00', '10:30');
    const tomorrow = await slotAt('2030-07-09', '10:00', '10:30');
    const coupon = await fx.coupon();
    const operator = await signedInAt('operator', japan('2030-07-08 09:00'));
    const made = await push(operator, book(coupon.id, tomorrow, 'phone'));
    expect(made.status).toBe('ok');
    const bookingId = ((made as Extract<MutationResult, { status: 'ok' }>).bookings[0] as { id: string }).id;
    hub.now = japan('2030-07-08 10:05');
    const moved = await push(operator, {
      mutationId: randomUUID(),
      kind: 'move',
      payload: { bookingId, toSlotId: started },
    });
    expect(moved).toMatchObject({ status: 'rejected', code: 'SLOT_STARTED' });
    const [row] = await ctx.sql.query<{ slot_id: string }>('SELECT slot_id FROM bookings WHERE id = $1', [
      bookingId,
    ]);
    expect(row!.slot_id).toBe(tomorrow);
  });

  it('refuses a phone booking pushed after its slot began (final), but takes a walk-in then and the day after', async () => {
    const started = await slotAt('2030-07-10', '10:00', '10:30');
    const coupon = await fx.coupon();
    // Taken offline at 09:40, the desk came back at 10:20.
    const operator = await signedInAt('operator', japan('2030-07-10 10:20'));
    const phone = book(coupon.id, started, 'phone');
    const refused = await push(operator, phone);
    expect(refused).toMatchObject({ status: 'rejected', code: 'SLOT_STARTED' });
    // Final: the same mutation again gets the same answer, even earlier by the clock.
    hub.now = japan('2030-07-10 09:00');
    expect(await push(operator, phone)).toEqual(refused);

    const venueStaff = await signedInAt('venue_staff', japan('2030-07-10 10:20'));
    const walkIn = await push(venueStaff, book(coupon.id, started, 'walk_in'));
    expect(walkIn.status).toBe('ok');
    const other = await fx.coupon();
    const nextMorning = await signedInAt('venue_staff', japan('2030-07-11 08:30'));
    expect((await push(nextMorning, book(other.id, started, 'walk_in'))).status).toBe('ok');
    const [seats] = await ctx.sql.query<{ booked_phone: number; booked_walk_in: number }>(
      'SELECT booked_phone, booked_walk_in FROM slots WHERE id = $1',
      [started],
    );
    expect(seats).toEqual({ booked_phone: 0, booked_walk_in: 2 });
  });
});
