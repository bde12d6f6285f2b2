/**
 * What a verified resident is told, on both hub backends: the lookup says at once, with one status,
 * whether anything can be booked (series complete, all booked, void, another municipality …), a
 * refusal never gives contradictory reasons, and a resident of a municipality no venue here takes is
 * told NOT_ELIGIBLE OTHER_MUNICIPALITY, never NOT_VERIFIED.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { BookingPlan, BookingsResponse, LookupResponse } from '../../domain/hub-api/public-api.ts';
import { upsertMunicipalities } from '../../server/catalog/catalog-writes.ts';
import { runHubTransaction } from '../../server/store/hub-transaction.ts';
import { type RunningHub, startHub } from './hub-http-support.ts';
import {
  createFixture,
  describeHubBackends,
  type Fixture,
  type FixtureCoupon,
  fixtureNow,
  fixtureProduct,
  tableCounts,
} from './hub-support.ts';

const otherCity = { code: '141101', name: '横浜市鶴見区' };

describeHubBackends('what a verified resident is told', (ctx) => {
  let hub: RunningHub;
  let fx: Fixture;
  let slotId: string;

  beforeAll(async () => {
    fx = await createFixture(ctx.sql);
    await runHubTransaction(ctx.sql, fixtureNow, (tx) => upsertMunicipalities(tx, [otherCity]));
    slotId = await fx.slot({ date: '2030-06-10' });
    hub = await startHub(ctx.sql);
  });
  afterAll(async () => {
    await hub?.close();
  });

  const proofOf = (c: FixtureCoupon) => ({ ticketNumber: c.ticketNumber, birthDate: c.birthDate });
  const lookup = async (c: FixtureCoupon) => {
    const answer = await hub.request<LookupResponse>('POST', '/api/v1/public/bookings/lookup', {
      body: proofOf(c),
    });
    expect(answer.status).toBe(200);
    return answer.body.eligibility;
  };
  let keys = 0;
  const book = (c: FixtureCoupon, slot: string) =>
    hub.request<BookingsResponse>('POST', '/api/v1/public/bookings', {
      body: { ...proofOf(c), slotId: slot },
      headers: { 'idempotency-key': `eligibility-${++keys}-${ctx.backend}` },
    });
  const given = (couponId: string, dose: number, date: string, productId: string | null) =>
    ctx.sql.query(
      'INSERT INTO coupon_doses (coupon_id, dose_number, date, product_id) VALUES ($1, $2, $3, $4)',
      [couponId, dose, date, productId],
    );

  it('says a first dose can be booked, and the window of the next one after a dose given', async () => {
    const fresh = await fx.coupon();
    expect(await lookup(fresh)).toEqual({ status: 'bookable', nextDose: 1, window: null });
    const halfway = await fx.coupon();
    await given(halfway.id, 1, '2030-05-20', fixtureProduct.id);
    expect(await lookup(halfway)).toEqual({
      status: 'bookable',
      nextDose: 2,
      window: { from: '2030-06-07', to: '2030-07-01' },
    });
  });

  it('says at once that a complete series books nothing, and a refusal gives that one reason', async () => {
    const complete = await fx.coupon();
    await given(complete.id, 1, '2030-05-01', fixtureProduct.id);
    await given(complete.id, 2, '2030-05-25', fixtureProduct.id);
    expect(await lookup(complete)).toEqual({ status: 'series_complete', nextDose: null, window: null });
    // A slot 16 days after dose 2: "too soon" would contradict "all done".
    const refused = await book(complete, slotId);
    expect(refused.status).toBe(409);
    expect(refused.body.error?.code).toBe('NOT_ELIGIBLE');
    expect(refused.body.error?.reasons?.map((r) => r.code)).toEqual(['SERIES_COMPLETE']);
    // Doses recorded without their product: complete all the same (no product on offer has more).
    const unknownProduct = await fx.coupon();
    await given(unknownProduct.id, 1, '2030-05-01', null);
    await given(unknownProduct.id, 2, '2030-05-25', null);
    expect((await lookup(unknownProduct))?.status).toBe('series_complete');
  });

  it('says every dose is booked, and a void coupon before anything else', async () => {
    const booked = await fx.coupon();
    const second = await fx.slot({ date: '2030-07-01' });
    const both = await hub.request<BookingsResponse>('POST', '/api/v1/public/bookings', {
      body: { ...proofOf(booked), slotId, followUpSlotId: second },
      headers: { 'idempotency-key': `eligibility-both-${ctx.backend}` },
    });
    expect(both.status).toBe(201);
    expect(await lookup(booked)).toEqual({ status: 'all_booked', nextDose: null, window: null });
    const voided = await fx.coupon({ status: 'void' });
    await given(voided.id, 1, '2030-05-01', fixtureProduct.id);
    await given(voided.id, 2, '2030-05-25', fixtureProduct.id);
    expect((await lookup(voided))?.status).toBe('coupon_void');
  });

  it('tells a resident of another municipality so, at the lookup and when booking, never NOT_VERIFIED', async () => {
    const outsider = await fx.coupon({ municipalityCode: otherCity.code });
    expect(await lookup(outsider)).toEqual({ status: 'other_municipality', nextDose: null, window: null });
    const before = await tableCounts(ctx.sql);
    const refused = await book(outsider, slotId);
    expect(refused.status).toBe(409);
    expect(refused.body.error?.code).toBe('NOT_ELIGIBLE');
    expect(refused.body.error?.reasons).toEqual([
      { code: 'OTHER_MUNICIPALITY', message: expect.stringMatching(/municipality/) },
    ]);
    const plan = await hub.request<BookingPlan>('POST', '/api/v1/public/bookings/plan', {
      body: { ...proofOf(outsider), slotId },
    });
    expect(plan.body.error?.code).toBe('NOT_ELIGIBLE');
    expect(plan.body.error?.reasons?.map((r) => r.code)).toEqual(['OTHER_MUNICIPALITY']);
    expect(await tableCounts(ctx.sql)).toEqual(before);
    // A wrong birth date is still NOT_VERIFIED, as for any ticket.
    const wrong = await hub.request('POST', '/api/v1/public/bookings', {
      body: { ticketNumber: outsider.ticketNumber, birthDate: '1950-01-01', slotId },
      headers: { 'idempotency-key': `eligibility-wrong-${ctx.backend}` },
    });
    expect(wrong.body.error?.code).toBe('NOT_VERIFIED');
  });
});
