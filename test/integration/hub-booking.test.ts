import { afterAll, beforeAll, expect, it } from 'vitest';
import type { BookingsResponse, SlotView } from '../../domain/hub-api/public-api.ts';
import { freshIdempotencyKey, type RunningHub, startHub } from './hub-http-support.ts';
import {
  createFixture,
  describeHubBackends,
  type Fixture,
  type FixtureCoupon,
  tableCounts,
} from './hub-support.ts';

const bookingsPath = '/api/v1/public/bookings';

describeHubBackends('online booking', (ctx) => {
  let hub: RunningHub;
  let fx: Fixture;

  beforeAll(async () => {
    fx = await createFixture(ctx.sql);
    hub = await startHub(ctx.sql);
  });
  afterAll(async () => {
    await hub?.close();
  });

  const book = (
    coupon: FixtureCoupon,
    slotId: string,
    extra: Record<string, unknown> = {},
    key = freshIdempotencyKey(),
  ) =>
    hub.request<BookingsResponse>('POST', bookingsPath, {
      body: { ticketNumber: coupon.ticketNumber, birthDate: coupon.birthDate, slotId, ...extra },
      headers: { 'idempotency-key': key },
    });

  const slotRow = async (id: string) => {
    const [row] = await ctx.sql.query<{
      booked_online: number;
      booked_phone: number;
      held: number;
      capacity: number;
    }>('SELECT booked_online, booked_phone, held, capacity FROM slots WHERE id = $1', [id]);
    return row!;
  };

  it('200 concurrent online bookings for 20 online seats: exactly 20 succeed, the reserve stays untouched', async () => {
    // 30 seats, 10 of them kept for the call center (released 3 days before 06-20; today is 06-01).
    const slotId = await fx.slot({ date: '2030-06-20', capacity: 30, callCenterReserve: 10 });
    const coupons = await fx.coupons(200);
    const answers = await Promise.all(coupons.map((c) => book(c, slotId)));
    const created = answers.filter((a) => a.status === 201);
    const full = answers.filter((a) => a.status === 409 && a.body.error?.code === 'SLOT_FULL');
    expect(created).toHaveLength(20);
    expect(full).toHaveLength(180);
    const [count] = await ctx.sql.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM bookings WHERE slot_id = $1 AND status = 'confirmed'",
      [slotId],
    );
    expect(count!.n).toBe(20);
    expect(await slotRow(slotId)).toMatchObject({ booked_online: 20, booked_phone: 0, capacity: 30 });
    const numbers = new Set(created.map((a) => a.body.bookings![0]!.bookingNumber));
    expect(numbers.size).toBe(20);

    const slots = await hub.request<{ slots: SlotView[] }>(
      'GET',
      `/api/v1/public/slots?venueId=${fx.venueId}&from=2030-06-20&to=2030-06-20`,
    );
    expect(slots.body.slots!.find((s) => s.id === slotId)!.remaining).toBe(0);
  });

  it('opens the reserve to the online channel on the release day', async () => {
    const slotId = await fx.slot({ date: '2030-06-20', capacity: 2, callCenterReserve: 2 });
    const [a, b] = await fx.coupons(2);
    expect((await book(a!, slotId)).body.error?.code).toBe('SLOT_FULL');
    hub.now = new Date('2030-06-16T15:00:00Z'); // 2030-06-17 00:00 in Japan
    try {
      expect((await book(a!, slotId)).status).toBe(201);
      expect((await book(b!, slotId)).status).toBe(201);
    } finally {
      hub.now = new Date('2030-06-01T00:00:00Z');
    }
  });

  it('answers a retried request with the same answer and books once; another body under the key conflicts', async () => {
    const slotId = await fx.slot({ date: '2030-06-21' });
    const coupon = await fx.coupon();
    const key = freshIdempotencyKey();
    const first = await book(coupon, slotId, {}, key);
    const again = await book(coupon, slotId, {}, key);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    // Same meaning, other spelling (full-width digits, era date): the same request.
    const fullWidth = coupon.ticketNumber.replace(/[0-9]/g, (d) =>
      String.fromCharCode(d.charCodeAt(0) + 0xfee0),
    );
    const respelled = await hub.request('POST', bookingsPath, {
      body: { ticketNumber: fullWidth, birthDate: '昭和22年4月1日', slotId },
      headers: { 'idempotency-key': key },
    });
    expect(respelled.body).toEqual(first.body);
    const other = await book(coupon, slotId, { phone: '090-0000-1111' }, key);
    expect(other.status).toBe(409);
    expect(other.body.error?.code).toBe('IDEMPOTENCY_CONFLICT');
    const [count] = await ctx.sql.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM bookings WHERE coupon_id = $1',
      [coupon.id],
    );
    expect(count!.n).toBe(1);
  });

  it('books once when the same request is sent ten times at once', async () => {
    const slotId = await fx.slot({ date: '2030-06-21' });
    const coupon = await fx.coupon();
    const key = freshIdempotencyKey();
    const answers = await Promise.all(Array.from({ length: 10 }, () => book(coupon, slotId, {}, key)));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(201));
    expect(new Set(answers.map((a) => JSON.stringify(a.body))).size).toBe(1);
    expect((await slotRow(slotId)).booked_online).toBe(1);
  });

  it('books the follow-up dose in the same transaction, or neither when its slot is full', async () => {
    const first = await fx.slot({ date: '2030-06-10' });
    const second = await fx.slot({ date: '2030-07-01' });
    const fullSecond = await fx.slot({ date: '2030-07-02', capacity: 0 });
    const [a, b] = await fx.coupons(2);

    const both = await book(a!, first, { followUpSlotId: second });
    expect(both.status).toBe(201);
    expect(both.body.bookings!.map((x) => [x.slotId, x.doseNumber, x.status])).toEqual([
      [first, 1, 'confirmed'],
      [second, 2, 'confirmed'],
    ]);

    const before = await tableCounts(ctx.sql);
    const neither = await book(b!, first, { followUpSlotId: fullSecond });
    expect(neither.status).toBe(409);
    expect(neither.body.error?.code).toBe('SLOT_FULL');
    expect(await tableCounts(ctx.sql)).toEqual(before);
    expect((await slotRow(first)).booked_online).toBe(1);
  });

  it('refuses a second booking of the same dose', async () => {
    const slotId = await fx.slot({ date: '2030-06-12' });
    const other = await fx.slot({ date: '2030-06-13' });
    const coupon = await fx.coupon();
    expect((await book(coupon, slotId)).status).toBe(201);
    const again = await book(coupon, other);
    expect(again.status).toBe(409);
    expect(again.body.error?.code).toBe('ALREADY_BOOKED');
    expect((await slotRow(other)).booked_online).toBe(0);
  });

  it('refuses ineligible bookings with their reasons in plain words', async () => {
    const slotId = await fx.slot({ date: '2030-06-14' });
    const tooSoon = await fx.slot({ date: '2030-06-20' });
    const child = await fx.coupon({ birthDate: '2025-01-01' });
    const voided = await fx.coupon({ status: 'void' });
    const adult = await fx.coupon();

    const young = await book(child, slotId);
    expect(young.status).toBe(409);
    expect(young.body.error).toMatchObject({ code: 'NOT_ELIGIBLE', reasons: [{ code: 'TOO_YOUNG' }] });
    expect(young.body.error!.reasons![0]!.message).toMatch(/minimum age/);

    expect((await book(voided, slotId)).body.error).toMatchObject({
      code: 'NOT_ELIGIBLE',
      reasons: [{ code: 'COUPON_VOID' }],
    });
    const interval = await book(adult, slotId, { followUpSlotId: tooSoon });
    expect(interval.body.error).toMatchObject({
      code: 'NOT_ELIGIBLE',
      reasons: [{ code: 'INTERVAL_TOO_SHORT' }],
    });
    expect((await slotRow(slotId)).booked_online).toBe(0);
  });

  it('books the next dose after a recorded one, within its interval window', async () => {
    const coupon = await fx.coupon();
    await ctx.sql.query(
      "INSERT INTO coupon_doses (coupon_id, dose_number, date) VALUES ($1, 1, '2030-05-20')",
      [coupon.id],
    );
    const early = await fx.slot({ date: '2030-06-06' });
    const inWindow = await fx.slot({ date: '2030-06-08' });
    expect((await book(coupon, early)).body.error?.reasons?.[0]?.code).toBe('INTERVAL_TOO_SHORT');
    const ok = await book(coupon, inWindow);
    expect(ok.status).toBe(201);
    expect(ok.body.bookings![0]!.doseNumber).toBe(2);
  });

  it('refuses closed and past slots', async () => {
    const closed = await fx.slot({ date: '2030-06-15', status: 'closed' });
    const past = await fx.slot({ date: '2030-05-30' });
    const coupon = await fx.coupon();
    expect((await book(coupon, closed)).body.error?.code).toBe('SLOT_FULL');
    expect((await book(coupon, past)).body.error?.code).toBe('SLOT_STARTED');
    const unknown = await book(coupon, 'no-such-slot');
    expect(unknown.status).toBe(422);
    expect(unknown.body.error?.fields).toEqual([{ path: 'slotId', message: 'unknown slot' }]);
  });

  it('looks up and cancels: the seat is given back and the later dose is cancelled with the first', async () => {
    const first = await fx.slot({ date: '2030-06-10' });
    const second = await fx.slot({ date: '2030-07-01' });
    const coupon = await fx.coupon();
    const proof = { ticketNumber: coupon.ticketNumber, birthDate: coupon.birthDate };
    const booked = await book(coupon, first, { followUpSlotId: second });
    const [dose1] = booked.body.bookings!;

    const lookup = await hub.request<BookingsResponse>('POST', `${bookingsPath}/lookup`, { body: proof });
    expect(lookup.status).toBe(200);
    expect(lookup.body.bookings!.map((b) => b.doseNumber)).toEqual([1, 2]);

    const hyphenated = `${dose1!.bookingNumber.slice(0, 4)}-${dose1!.bookingNumber.slice(4).toLowerCase()}`;
    const cancelled = await hub.request<BookingsResponse>('POST', `${bookingsPath}/${hyphenated}/cancel`, {
      body: proof,
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.bookings!.map((b) => b.status)).toEqual(['cancelled', 'cancelled']);
    expect((await slotRow(first)).booked_online).toBe(0);
    expect((await slotRow(second)).booked_online).toBe(0);

    const twice = await hub.request('POST', `${bookingsPath}/${dose1!.bookingNumber}/cancel`, {
      body: proof,
    });
    expect(twice.status).toBe(200);
    expect((await slotRow(first)).booked_online).toBe(0);

    // Someone else's booking number: not found, whoever's it is.
    const stranger = await fx.coupon();
    const foreign = await hub.request('POST', `${bookingsPath}/${dose1!.bookingNumber}/cancel`, {
      body: { ticketNumber: stranger.ticketNumber, birthDate: stranger.birthDate },
    });
    expect(foreign.status).toBe(404);
    expect(foreign.body.error?.code).toBe('NOT_FOUND');

    // After cancelling, the resident can book again.
    expect((await book(coupon, first)).status).toBe(201);
  });
});
