/**
 * The online booking's two statements (server/booking/online-booking.ts, store/migrations/011): the
 * rules judge facts read before the write, so the write must refuse when they changed in between;
 * the proof's lockout is kept on this path; the slot record written by the database is the one the
 * TypeScript code writes.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SeededRandom } from '../../domain/demo-city/random.ts';
import { type BookingsResponse, createBookingBodySchema } from '../../domain/hub-api/public-api.ts';
import { createOnlineBooking } from '../../server/booking/online-booking.ts';
import { defaultLockoutPolicy, sourceKeyOf } from '../../server/booking/resident-verification.ts';
import type { HubError } from '../../server/hub-error.ts';
import type { HubSql } from '../../server/store/hub-sql.ts';
import { type SlotRow, slotRecordOf } from '../../server/store/records.ts';
import { freshIdempotencyKey, type RunningHub, startHub } from './hub-http-support.ts';
import {
  createFixture,
  describeHubBackends,
  type Fixture,
  type FixtureCoupon,
  fixtureNow,
  lockoutWritesOf,
  tableCounts,
} from './hub-support.ts';

const bookingsPath = '/api/v1/public/bookings';

describeHubBackends('online booking in two statements', (ctx) => {
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
    birthDate = coupon.birthDate,
    key = freshIdempotencyKey(),
  ) =>
    hub.request<BookingsResponse>('POST', bookingsPath, {
      body: { ticketNumber: coupon.ticketNumber, birthDate, slotId },
      headers: { 'idempotency-key': key },
    });

  /** The database handle, but `between` runs once right after the booking's read, before its write. */
  const withChangeAfterRead = (between: () => Promise<unknown>): HubSql => {
    let done = false;
    return {
      ...ctx.sql,
      async query(text, params, options) {
        const rows = await ctx.sql.query(text, params, options);
        if (!done && text.includes('hub_read_online_booking')) {
          done = true;
          await between();
        }
        return rows as never;
      },
    };
  };

  /** The tests' HTTP requests come from 127.0.0.1: the same source as these direct calls. */
  const testSource = sourceKeyOf('127.0.0.1');
  const bookDirectly = (
    sql: HubSql,
    coupon: FixtureCoupon,
    slotId: string,
    key = freshIdempotencyKey(),
    source = testSource,
  ) =>
    createOnlineBooking(
      { sql, clock: () => fixtureNow, lockout: defaultLockoutPolicy },
      createBookingBodySchema.parse({
        ticketNumber: coupon.ticketNumber,
        birthDate: coupon.birthDate,
        slotId,
      }),
      key,
      source,
    );

  const activeBookings = async (couponId: string) =>
    (
      await ctx.sql.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM bookings WHERE coupon_id = $1 AND status IN ('confirmed', 'checked_in', 'vaccinated')",
        [couponId],
      )
    )[0]!.n;

  it('judges again when the ticket was voided between the read and the write: nothing booked, nothing stored', async () => {
    const slotId = await fx.slot({ date: '2030-06-20' });
    const coupon = await fx.coupon();
    const before = await tableCounts(ctx.sql);
    const sql = withChangeAfterRead(() =>
      ctx.sql.query("UPDATE coupons SET status = 'void' WHERE id = $1", [coupon.id]),
    );
    const key = freshIdempotencyKey();
    const refusal = (await bookDirectly(sql, coupon, slotId, key).catch((e: unknown) => e)) as HubError;
    expect(refusal.code).toBe('NOT_ELIGIBLE');
    expect(refusal.reasons).toEqual(['COUPON_VOID']);
    expect(await activeBookings(coupon.id)).toBe(0);
    expect(await tableCounts(ctx.sql)).toEqual(before);

    // Nothing was stored for the key: once the ticket is valid again, the same request books.
    await ctx.sql.query("UPDATE coupons SET status = 'active' WHERE id = $1", [coupon.id]);
    const answer = await bookDirectly(ctx.sql, coupon, slotId, key);
    expect(answer.status).toBe(201);
  });

  it('judges again when a dose was recorded between the read and the write: the next dose, not the first', async () => {
    const slotId = await fx.slot({ date: '2030-06-25' });
    const coupon = await fx.coupon();
    const sql = withChangeAfterRead(() =>
      ctx.sql.query("INSERT INTO coupon_doses (coupon_id, dose_number, date) VALUES ($1, 1, '2030-06-01')", [
        coupon.id,
      ]),
    );
    const answer = await bookDirectly(sql, coupon, slotId);
    expect(answer.status).toBe(201);
    expect(answer.body.bookings.map((b) => b.doseNumber)).toEqual([2]);
  });

  const slowTicket = (ticketNumber: string) =>
    ctx.sql.query(
      `INSERT INTO verification_failures (ticket_number, failures, last_attempt_at, locked_until)
       VALUES ($1, 5, $2, $3)`,
      [ticketNumber, fixtureNow, new Date(fixtureNow.getTime() + 30 * 60_000)],
    );

  it('answers LOCKED when the ticket got slowed between the read and the write and this source has guessed', async () => {
    const slotId = await fx.slot({ date: '2030-06-20' });
    const coupon = await fx.coupon();
    const guesser = sourceKeyOf('198.51.100.7');
    await ctx.sql.query(
      `INSERT INTO verification_source_failures (source, failures, first_failure_at, last_failure_at)
       VALUES ($1, 1, $2, $2)`,
      [guesser, fixtureNow],
    );
    const sql = withChangeAfterRead(() => slowTicket(coupon.ticketNumber));
    const refusal = (await bookDirectly(sql, coupon, slotId, freshIdempotencyKey(), guesser).catch(
      (e: unknown) => e,
    )) as HubError;
    expect(refusal.code).toBe('LOCKED');
    expect(refusal.retryAfterSeconds).toBe(30 * 60);
    expect(await activeBookings(coupon.id)).toBe(0);
  });

  it('books for a source that has not guessed, though the ticket got slowed between the read and the write', async () => {
    const slotId = await fx.slot({ date: '2030-06-20' });
    const coupon = await fx.coupon();
    const sql = withChangeAfterRead(() => slowTicket(coupon.ticketNumber));
    const answer = await bookDirectly(
      sql,
      coupon,
      slotId,
      freshIdempotencyKey(),
      sourceKeyOf('203.0.113.50'),
    );
    expect(answer.status).toBe(201);
    // The correct date cleared the ticket's count.
    expect(
      await ctx.sql.query('SELECT 1 FROM verification_failures WHERE ticket_number = $1', [
        coupon.ticketNumber,
      ]),
    ).toEqual([]);
  });

  it('books one of ten bookings of the same ticket sent at once under different keys', async () => {
    const slotIds = await Promise.all(
      Array.from({ length: 10 }, (_, i) => fx.slot({ date: `2030-06-${String(10 + i).padStart(2, '0')}` })),
    );
    const coupon = await fx.coupon();
    const answers = await Promise.all(slotIds.map((slotId) => book(coupon, slotId)));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(answers.filter((a) => a.body.error?.code === 'ALREADY_BOOKED')).toHaveLength(9);
    expect(await activeBookings(coupon.id)).toBe(1);
    const [seats] = await ctx.sql.query<{ n: number }>(
      'SELECT sum(booked_online)::int AS n FROM slots WHERE id = ANY($1::text[])',
      [slotIds],
    );
    expect(seats!.n).toBe(1);
  });

  it('counts wrong birth dates of bookings: five, then LOCKED even for the right date and a slot it could not book', async () => {
    const slotId = await fx.slot({ date: '2030-06-20' });
    const closed = await fx.slot({ date: '2030-06-21', status: 'closed' });
    const coupon = await fx.coupon();
    for (let i = 0; i < 5; i++) expect((await book(coupon, slotId, `1950-05-0${i + 1}`)).status).toBe(401);
    const locked = await book(coupon, closed);
    expect(locked.status).toBe(423);
    expect(locked.body.error?.code).toBe('LOCKED');
    expect((await book(coupon, slotId)).status).toBe(423);
    expect(await activeBookings(coupon.id)).toBe(0);
  });

  it('counts a burst of parallel booking guesses one by one', async () => {
    const slotId = await fx.slot({ date: '2030-06-20' });
    const coupon = await fx.coupon();
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => book(coupon, slotId, `1951-02-${String(i + 1).padStart(2, '0')}`)),
    );
    expect(answers.filter((a) => a.status === 401)).toHaveLength(5);
    expect(answers.filter((a) => a.status === 423)).toHaveLength(15);
  });

  it('clears the count of wrong dates with a booking made with the right one', async () => {
    const slotId = await fx.slot({ date: '2030-06-20' });
    const coupon = await fx.coupon();
    for (let i = 0; i < 4; i++) expect((await book(coupon, slotId, '1950-06-01')).status).toBe(401);
    expect((await book(coupon, slotId)).status).toBe(201);
    const [row] = await ctx.sql.query('SELECT 1 FROM verification_failures WHERE ticket_number = $1', [
      coupon.ticketNumber,
    ]);
    expect(row).toBeUndefined();
    // Four more wrong dates do not lock it: the count started again.
    for (let i = 0; i < 4; i++) expect((await book(coupon, slotId, '1950-06-01')).status).toBe(401);
    expect((await book(coupon, slotId)).body.error?.code).toBe('ALREADY_BOOKED');
  });

  it('writes nothing to the lockout table when a resident with no wrong dates books', async () => {
    const slotId = await fx.slot({ date: '2030-06-20' });
    const coupon = await fx.coupon();
    // The booking's two statements, inside a transaction of the test's that reads its statistics.
    const { result, writes } = await ctx.sql.transaction((tx) =>
      lockoutWritesOf(tx, () => bookDirectly({ ...ctx.sql, query: tx.query }, coupon, slotId)),
    );
    expect(result.status).toBe(201);
    expect(writes).toEqual({ inserted: 0, updated: 0, deleted: 0 });
  });

  it('writes the same slot record in the database function as the TypeScript change log does', async () => {
    const random = new SeededRandom(11);
    const slotId = await fx.slot({ date: '2030-06-20', capacity: 50 });
    for (let i = 0; i < 40; i++) {
      const capacity = random.int(10, 50);
      await ctx.sql.query(
        `UPDATE slots SET capacity = $2, call_center_reserve = $3, reserve_release_days = $4, status = $5,
                booked_online = $6, booked_phone = $7, booked_walk_in = $8, held = $9, updated_at = $10
          WHERE id = $1`,
        [
          slotId,
          capacity,
          random.int(0, 5),
          random.int(0, 7),
          random.int(0, 1) === 0 ? 'open' : 'closed',
          random.int(0, 2),
          random.int(0, 2),
          random.int(0, 2),
          random.int(0, 2),
          new Date(fixtureNow.getTime() + random.int(0, 10 ** 9) * 1000 + random.int(0, 999)),
        ],
      );
      const [row] = await ctx.sql.query<SlotRow & { record: unknown }>(
        'SELECT s.*, hub_slot_record(s) AS record FROM slots s WHERE id = $1',
        [slotId],
      );
      const { record, ...slot } = row!;
      expect(record).toEqual(slotRecordOf(slot as SlotRow));
    }
  });
});
