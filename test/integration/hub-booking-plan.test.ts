import { afterAll, beforeAll, expect, it } from 'vitest';
import { isValidBookingNumber, spellBookingNumberForPhone } from '../../domain/booking-number.ts';
import type { BookingPlan, BookingsResponse } from '../../domain/hub-api/public-api.ts';
import { upsertCouponDoses } from '../../server/catalog/catalog-writes.ts';
import { runHubTransaction } from '../../server/store/hub-transaction.ts';
import { type RunningHub, startHub } from './hub-http-support.ts';
import { createFixture, describeHubBackends, type Fixture, fixtureNow } from './hub-support.ts';

describeHubBackends('booking plan (public)', (ctx) => {
  let hub: RunningHub;
  let fx: Fixture;

  beforeAll(async () => {
    fx = await createFixture(ctx.sql);
    hub = await startHub(ctx.sql);
  });
  afterAll(async () => {
    await hub?.close();
  });

  const plan = (body: Record<string, unknown>) =>
    hub.request<BookingPlan>('POST', '/api/v1/public/bookings/plan', { body });

  it('proposes the same venue and time on the first day the interval allows, with alternatives', async () => {
    // The fixture product: 2 doses, 18 to 42 days apart.
    const first = await fx.slot({ date: '2030-06-20', startTime: '14:00', endTime: '14:30' });
    const sameTime = await fx.slot({ date: '2030-07-08', startTime: '14:00', endTime: '14:30' });
    const morning = await fx.slot({ date: '2030-07-08', startTime: '09:00', endTime: '09:30' });
    const later = await fx.slot({ date: '2030-07-10', startTime: '14:00', endTime: '14:30' });
    await fx.slot({ date: '2030-07-07', startTime: '14:00', endTime: '14:30' }); // too early
    const coupon = await fx.coupon();
    const answer = await plan({
      ticketNumber: coupon.ticketNumber,
      birthDate: coupon.birthDate,
      slotId: first,
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      doseNumber: 1,
      dosesInSeries: 2,
      followUp: { doseNumber: 2, window: { from: '2030-07-08', to: '2030-08-01' } },
    });
    expect(answer.body.followUp!.proposed).toMatchObject({ id: sameTime, date: '2030-07-08', remaining: 20 });
    expect(answer.body.followUp!.alternatives.map((s) => s.id)).toEqual([later]);
    expect(answer.body.followUp!.alternatives.map((s) => s.id)).not.toContain(morning);

    // Booking with the proposal books both doses; the answer carries the read-aloud spelling.
    const booked = await hub.request<BookingsResponse>('POST', '/api/v1/public/bookings', {
      body: {
        ticketNumber: coupon.ticketNumber,
        birthDate: coupon.birthDate,
        slotId: first,
        followUpSlotId: answer.body.followUp!.proposed!.id,
      },
      headers: { 'idempotency-key': 'plan-then-book-1' },
    });
    expect(booked.status).toBe(201);
    for (const b of booked.body.bookings!) {
      expect(isValidBookingNumber(b.bookingNumber)).toBe(true);
      expect(b.bookingNumberReading).toBe(spellBookingNumberForPhone(b.bookingNumber));
    }
    const again = await plan({
      ticketNumber: coupon.ticketNumber,
      birthDate: coupon.birthDate,
      slotId: first,
    });
    expect(again.status).toBe(409);
    expect(again.body.error?.code).toBe('ALREADY_BOOKED');
  });

  it('proposes the nearest slot with a seat when the same time is full, and none when the window is full', async () => {
    const first = await fx.slot({ date: '2030-06-21', startTime: '15:00', endTime: '15:30' });
    await fx.slot({ date: '2030-07-09', startTime: '15:00', endTime: '15:30', capacity: 0 });
    const nearby = await fx.slot({ date: '2030-07-09', startTime: '15:30', endTime: '16:00' });
    const coupon = await fx.coupon();
    const answer = await plan({
      ticketNumber: coupon.ticketNumber,
      birthDate: coupon.birthDate,
      slotId: first,
    });
    expect(answer.body.followUp!.proposed!.id).toBe(nearby);
  });

  it('plans the next dose after a recorded one; nothing follows the last dose of the series', async () => {
    const coupon = await fx.coupon();
    await runHubTransaction(ctx.sql, fixtureNow, (tx) =>
      upsertCouponDoses(tx, [{ couponId: coupon.id, doseNumber: 1, date: '2030-05-20', productId: null }]),
    );
    const slotId = await fx.slot({ date: '2030-06-15' });
    const answer = await plan({ ticketNumber: coupon.ticketNumber, birthDate: coupon.birthDate, slotId });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ doseNumber: 2, dosesInSeries: 2, followUp: null });
    const tooSoon = await plan({
      ticketNumber: coupon.ticketNumber,
      birthDate: coupon.birthDate,
      slotId: await fx.slot({ date: '2030-06-02' }),
    });
    expect(tooSoon.status).toBe(409);
    expect(tooSoon.body.error?.reasons?.map((r) => r.code)).toEqual(['INTERVAL_TOO_SHORT']);
  });

  it('proves the resident first (era dates accepted) and answers NOT_VERIFIED to a wrong date', async () => {
    const coupon = await fx.coupon({ birthDate: '1947-04-01' });
    const slotId = await fx.slot({ date: '2030-06-25' });
    const era = await plan({ ticketNumber: coupon.ticketNumber, birthDate: '昭和２２年４月１日', slotId });
    expect(era.status).toBe(200);
    const wrong = await plan({ ticketNumber: coupon.ticketNumber, birthDate: '1947-04-02', slotId });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error?.code).toBe('NOT_VERIFIED');
    const badSlot = await plan({
      ticketNumber: coupon.ticketNumber,
      birthDate: coupon.birthDate,
      slotId: 'nope',
    });
    expect(badSlot.status).toBe(422);
  });
});
