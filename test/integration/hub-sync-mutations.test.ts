/**
 * The sync mutations beyond a plain book and cancel, on both hub backends over HTTP: a book that keeps
 * the desktop's id and booking number (a number taken on the hub gets a new one, said in the answer),
 * the atomic move (the old seat goes only when the new one is taken; refusals change nothing; two
 * moves racing for the last seat), and the venue's marks (transitions, lot, undo, roles, replays).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { makeBookingNumber } from '../../domain/booking-number.ts';
import type { Mutation, MutationResult, SnapshotPage } from '../../domain/hub-api/sync-api.ts';
import { upsertProducts } from '../../server/catalog/catalog-writes.ts';
import { changeLogHead, readChanges } from '../../server/store/change-log.ts';
import { runHubTransaction } from '../../server/store/hub-transaction.ts';
import { type RunningHub, startHub } from './hub-http-support.ts';
import { type SignedIn, signInStaff } from './hub-staff-support.ts';
import {
  createFixture,
  describeHubBackends,
  type Fixture,
  fixtureNow,
  fixtureProduct,
} from './hub-support.ts';

type Ok = Extract<MutationResult, { status: 'ok' }>;
type BookPayload = Extract<Mutation, { kind: 'book' }>['payload'];
type HubRecord = Record<string, unknown> & { id: string; bookingNumber: string; slotId: string };

let drawn = 0;
/** A valid booking number, different on every call (a simple deterministic sequence). */
const freshNumber = (): string => {
  drawn += 1;
  let state = (drawn * 2_654_435_761) % 2 ** 32;
  return makeBookingNumber(() => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  });
};

describeHubBackends('sync mutations: identity, move, mark', (ctx) => {
  let hub: RunningHub;
  let fx: Fixture;
  let operator: SignedIn;
  let venueStaff: SignedIn;
  let manager: SignedIn;

  beforeAll(async () => {
    fx = await createFixture(ctx.sql);
    hub = await startHub(ctx.sql);
    operator = await signInStaff(hub, ctx.sql, 'operator');
    venueStaff = await signInStaff(hub, ctx.sql, 'venue_staff');
    manager = await signInStaff(hub, ctx.sql, 'manager');
  });
  beforeEach(() => {
    hub.now = fixtureNow;
  });
  afterAll(async () => {
    await hub?.close();
  });

  const push = async (who: SignedIn, mutations: Mutation[]): Promise<MutationResult[]> => {
    const answer = await hub.request<{ results: MutationResult[] }>('POST', '/api/v1/sync/push', {
      body: { mutations },
      headers: who.headers,
    });
    expect(answer.status).toBe(200);
    return answer.body.results!;
  };
  const pushOne = async (who: SignedIn, mutation: Mutation) => (await push(who, [mutation]))[0]!;
  const recordOf = (result: MutationResult): HubRecord => {
    expect(result.status).toBe('ok');
    return (result as Ok).bookings[0] as HubRecord;
  };
  const bookMutation = (couponId: string, slotId: string, over: Partial<BookPayload> = {}): Mutation => ({
    mutationId: randomUUID(),
    kind: 'book',
    payload: { couponId, slotId, doseNumber: 1, channel: 'phone', ...over },
  });
  /** A confirmed phone booking with the desktop's id and number. */
  const booked = async (slotId: string, over: Partial<BookPayload> = {}) => {
    const coupon = await fx.coupon();
    const record = recordOf(
      await pushOne(
        operator,
        bookMutation(coupon.id, slotId, { bookingId: randomUUID(), bookingNumber: freshNumber(), ...over }),
      ),
    );
    return { coupon, record };
  };
  const moveMutation = (bookingId: string, toSlotId: string, holdId?: string): Mutation => ({
    mutationId: randomUUID(),
    kind: 'move',
    payload: { bookingId, toSlotId, ...(holdId ? { holdId } : {}) },
  });
  const markMutation = (
    bookingId: string,
    status: 'confirmed' | 'checked_in' | 'vaccinated' | 'no_show',
    vaccineLot?: string,
  ): Mutation => ({
    mutationId: randomUUID(),
    kind: 'mark',
    payload: { bookingId, status, ...(vaccineLot ? { vaccineLot } : {}) },
  });
  const counters = async (slotId: string) => {
    const [row] = await ctx.sql.query<{
      booked_online: number;
      booked_phone: number;
      booked_walk_in: number;
      held: number;
    }>('SELECT booked_online, booked_phone, booked_walk_in, held FROM slots WHERE id = $1', [slotId]);
    return row!;
  };
  const hubBooking = async (id: string) => {
    const [row] = await ctx.sql.query<{
      id: string;
      booking_number: string;
      slot_id: string;
      status: string;
      channel: string;
      vaccine_lot: string | null;
    }>('SELECT id, booking_number, slot_id, status, channel, vaccine_lot FROM bookings WHERE id = $1', [id]);
    return row;
  };
  const headSeq = async () => (await changeLogHead(ctx.sql)).lastSeq;
  /** The audit entries of a booking's changes after it was made (its booking.book entry left out). */
  const auditOf = async (id: string) =>
    ctx.sql.query<{ action: string; detail: { before: unknown; after: unknown }; device_id: string }>(
      "SELECT action, detail, device_id FROM audit_log WHERE entity_id = $1 AND action <> 'booking.book' ORDER BY id",
      [id],
    );

  // ── book with the desktop's identity ────────────────────────────────────────────────────

  it("keeps the desktop's booking id and number, and answers the same again", async () => {
    const slotId = await fx.slot({ date: '2030-06-20' });
    const coupon = await fx.coupon();
    const bookingId = randomUUID();
    const bookingNumber = freshNumber();
    const mutation = bookMutation(coupon.id, slotId, { bookingId, bookingNumber });
    const first = await pushOne(operator, mutation);
    expect(recordOf(first)).toMatchObject({ id: bookingId, bookingNumber, status: 'confirmed' });
    expect((first as Ok).renumbered).toBeUndefined();
    expect(await hubBooking(bookingId)).toMatchObject({ booking_number: bookingNumber });
    expect(await pushOne(operator, mutation)).toEqual(first);
  });

  it('draws a new number when another booking has it, and says so', async () => {
    const slotId = await fx.slot({ date: '2030-06-20' });
    const { record: other } = await booked(slotId);
    const coupon = await fx.coupon();
    const bookingId = randomUUID();
    const mutation = bookMutation(coupon.id, slotId, { bookingId, bookingNumber: other.bookingNumber });
    const answer = await pushOne(operator, mutation);
    const record = recordOf(answer);
    expect(record.id).toBe(bookingId);
    expect(record.bookingNumber).not.toBe(other.bookingNumber);
    expect((answer as Ok).renumbered).toEqual([
      { bookingId, requested: other.bookingNumber, bookingNumber: record.bookingNumber },
    ]);
    // The other booking keeps its number; a replay tells the same.
    expect((await hubBooking(other.id))!.booking_number).toBe(other.bookingNumber);
    expect(await pushOne(operator, mutation)).toEqual(answer);
  });

  it('keeps the follow-up dose’s id and number too, when both doses come in one mutation', async () => {
    const first = await fx.slot({ date: '2030-06-20' });
    const second = await fx.slot({ date: '2030-07-15' });
    const coupon = await fx.coupon();
    const ids = [randomUUID(), randomUUID()];
    const numbers = [freshNumber(), freshNumber()];
    const answer = await pushOne(
      operator,
      bookMutation(coupon.id, first, {
        followUpSlotId: second,
        bookingId: ids[0],
        bookingNumber: numbers[0],
        followUpBookingId: ids[1],
        followUpBookingNumber: numbers[1],
      }),
    );
    expect((answer as Ok).bookings.map((b) => [(b as HubRecord).id, (b as HubRecord).bookingNumber])).toEqual(
      [
        [ids[0], numbers[0]],
        [ids[1], numbers[1]],
      ],
    );
  });

  it('refuses an id another booking has, and a number with a wrong check character', async () => {
    const slotId = await fx.slot({ date: '2030-06-20' });
    const { record } = await booked(slotId);
    const coupon = await fx.coupon();
    const taken = await pushOne(operator, bookMutation(coupon.id, slotId, { bookingId: record.id }));
    expect(taken).toMatchObject({ status: 'rejected', code: 'VALIDATION' });
    expect((await counters(slotId)).booked_phone).toBe(1);

    const good = freshNumber();
    const broken = `${good.slice(0, 7)}${good.at(7) === '3' ? '4' : '3'}`;
    const answer = await hub.request('POST', '/api/v1/sync/push', {
      body: { mutations: [bookMutation(coupon.id, slotId, { bookingNumber: broken })] },
      headers: operator.headers,
    });
    expect(answer.status).toBe(422);
    expect(answer.body.error?.code).toBe('VALIDATION');
  });

  it('still makes its own id and number when the desktop sends none', async () => {
    const slotId = await fx.slot({ date: '2030-06-20' });
    const coupon = await fx.coupon();
    const record = recordOf(await pushOne(operator, bookMutation(coupon.id, slotId)));
    expect(record.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(record.bookingNumber).toMatch(/^[34679AFHJKMPRTWXY]{8}$/);
  });

  // ── move ────────────────────────────────────────────────────────────────────────────────

  it('moves in one transaction: same id and number, new seat taken, old seat freed, logged and audited', async () => {
    const from = await fx.slot({ date: '2030-06-20', capacity: 5 });
    const to = await fx.slot({ date: '2030-06-24', capacity: 5 });
    const { record } = await booked(from);
    const since = await headSeq();
    const mutation = moveMutation(record.id, to);
    const answer = await pushOne(operator, mutation);
    expect(recordOf(answer)).toMatchObject({
      id: record.id,
      bookingNumber: record.bookingNumber,
      slotId: to,
      status: 'confirmed',
      channel: 'phone',
    });
    expect(await counters(from)).toMatchObject({ booked_phone: 0 });
    expect(await counters(to)).toMatchObject({ booked_phone: 1 });
    const [{ n }] = (await ctx.sql.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM bookings WHERE coupon_id = $1',
      [record.couponId],
    )) as [{ n: number }];
    expect(n).toBe(1);
    const changes = await readChanges(ctx.sql, { since, limit: 10 });
    const events = changes.filter((c) => c.entity === 'booking_event');
    expect(
      changes
        .filter((c) => c.entity !== 'booking_event')
        .map((c) => [c.entity, c.entityId])
        .sort(),
    ).toEqual(
      [
        ['booking', record.id],
        ['slot', from],
        ['slot', to],
      ].sort(),
    );
    // The booking's history on every desktop: who moved it, from which slot to which.
    expect(events.map((c) => c.payload)).toEqual([
      expect.objectContaining({
        bookingId: record.id,
        action: 'moved',
        staffId: operator.staffId,
        mutationId: mutation.mutationId,
        fromSlotId: from,
        toSlotId: to,
        fromStatus: 'confirmed',
        toStatus: 'confirmed',
        reason: null,
      }),
    ]);
    expect(await auditOf(record.id)).toEqual([
      {
        action: 'booking.move',
        device_id: operator.deviceId,
        detail: { before: { slotId: from, channel: 'phone' }, after: { slotId: to, channel: 'phone' } },
      },
    ]);
    // The same mutation again: the stored answer, no second move.
    expect(await pushOne(operator, mutation)).toEqual(answer);
    expect(await counters(to)).toMatchObject({ booked_phone: 1 });
  });

  it("answers another desk's mutation id with a conflict, not with that desk's answer", async () => {
    const slotId = await fx.slot({ date: '2030-06-20' });
    const coupon = await fx.coupon();
    const mutation = bookMutation(coupon.id, slotId);
    const answer = await pushOne(operator, mutation);
    expect(answer.status).toBe('ok');
    const otherDesk = await signInStaff(hub, ctx.sql, 'operator');
    const replayed = await pushOne(otherDesk, mutation);
    expect(replayed).toMatchObject({ status: 'rejected', code: 'IDEMPOTENCY_CONFLICT' });
    expect(JSON.stringify(replayed)).not.toContain(coupon.id);
    // Its own desk still gets the stored answer.
    expect(await pushOne(operator, mutation)).toEqual(answer);
    // And once the stored answer has expired, the booking found by the id is not the other desk's either.
    await ctx.sql.query("DELETE FROM idempotency_keys WHERE scope = 'sync-mutation' AND key = $1", [
      mutation.mutationId,
    ]);
    expect(await pushOne(otherDesk, mutation)).toMatchObject({
      status: 'rejected',
      code: 'IDEMPOTENCY_CONFLICT',
    });
  });

  it('refuses a move into a full slot and changes nothing: the old seat stays taken', async () => {
    const from = await fx.slot({ date: '2030-06-20', capacity: 5 });
    const full = await fx.slot({ date: '2030-06-24', capacity: 1 });
    await booked(full);
    const { record } = await booked(from);
    const since = await headSeq();
    const before = { from: await counters(from), full: await counters(full) };
    const answer = await pushOne(operator, moveMutation(record.id, full));
    expect(answer).toMatchObject({ status: 'rejected', code: 'SLOT_FULL' });
    expect(await hubBooking(record.id)).toMatchObject({ slot_id: from, status: 'confirmed' });
    expect({ from: await counters(from), full: await counters(full) }).toEqual(before);
    expect(before.from.booked_phone).toBe(1);
    expect(await headSeq()).toBe(since);
    expect(await auditOf(record.id)).toEqual([]);
  });

  it('moves into the call-center reserve (a phone seat), and an online booking moved becomes a phone one', async () => {
    // 2 seats, 1 kept for the call center: after one online booking, online is full, the phone is not.
    const to = await fx.slot({ date: '2030-06-25', capacity: 2, callCenterReserve: 1 });
    const from = await fx.slot({ date: '2030-06-20', capacity: 5 });
    const [first, second] = await fx.coupons(2);
    for (const [coupon, slotId] of [
      [first!, to],
      [second!, from],
    ] as const) {
      const online = await hub.request('POST', '/api/v1/public/bookings', {
        body: { ticketNumber: coupon.ticketNumber, birthDate: coupon.birthDate, slotId },
        headers: { 'idempotency-key': randomUUID() },
      });
      expect(online.status).toBe(201);
    }
    const [movedOnline] = await ctx.sql.query<{ id: string }>(
      'SELECT id FROM bookings WHERE coupon_id = $1',
      [second!.id],
    );
    const answer = await pushOne(operator, moveMutation(movedOnline!.id, to));
    expect(recordOf(answer)).toMatchObject({ slotId: to, channel: 'phone' });
    expect(await counters(from)).toMatchObject({ booked_online: 0, booked_phone: 0 });
    expect(await counters(to)).toMatchObject({ booked_online: 1, booked_phone: 1 });
  });

  it('takes over a hold of the desktop on the new slot instead of a second seat', async () => {
    const from = await fx.slot({ date: '2030-06-20', capacity: 5 });
    const to = await fx.slot({ date: '2030-06-26', capacity: 1 });
    const { record } = await booked(from);
    const holdId = randomUUID();
    const hold = await hub.request('POST', '/api/v1/sync/holds', {
      body: { holdId, slotId: to },
      headers: operator.headers,
    });
    expect(hold.status).toBe(200);
    const answer = await pushOne(operator, moveMutation(record.id, to, holdId));
    expect(recordOf(answer).slotId).toBe(to);
    expect(await counters(to)).toMatchObject({ held: 0, booked_phone: 1 });
    expect(await counters(from)).toMatchObject({ booked_phone: 0 });
  });

  it('refuses a move the dose interval does not allow, before or after the neighbouring dose', async () => {
    const dose1 = await fx.slot({ date: '2030-06-20' });
    const dose2 = await fx.slot({ date: '2030-07-15' });
    const tooSoon = await fx.slot({ date: '2030-06-25' });
    const tooLate = await fx.slot({ date: '2030-07-05' });
    const coupon = await fx.coupon();
    const [first, second] = (
      (await pushOne(
        operator,
        bookMutation(coupon.id, dose1, {
          followUpSlotId: dose2,
          bookingId: randomUUID(),
          followUpBookingId: randomUUID(),
        }),
      )) as Ok
    ).bookings as HubRecord[];
    // Dose 2 five days after dose 1: too short.
    expect(await pushOne(operator, moveMutation(second!.id, tooSoon))).toMatchObject({
      status: 'rejected',
      code: 'NOT_ELIGIBLE',
      reasons: ['INTERVAL_TOO_SHORT'],
    });
    // Dose 1 ten days before dose 2: dose 2 would come too soon after it.
    expect(await pushOne(operator, moveMutation(first!.id, tooLate))).toMatchObject({
      status: 'rejected',
      code: 'NOT_ELIGIBLE',
      reasons: ['INTERVAL_TOO_SHORT'],
    });
    expect((await hubBooking(first!.id))!.slot_id).toBe(dose1);
    expect((await hubBooking(second!.id))!.slot_id).toBe(dose2);
    expect(await counters(tooSoon)).toMatchObject({ booked_phone: 0 });
  });

  it('refuses a dose of another vaccine than the series, booked alone, as a follow-up or moved into', async () => {
    const otherProduct = { ...fixtureProduct, id: `product-${randomUUID()}`, name: '別のワクチン' };
    await runHubTransaction(ctx.sql, fixtureNow, (tx) => upsertProducts(tx, [otherProduct]));
    const dose1 = await fx.slot({ date: '2030-06-20' });
    const sameVaccine = await fx.slot({ date: '2030-07-15' });
    const otherVaccine = await fx.slot({ date: '2030-07-15', productId: otherProduct.id });
    const coupon = await fx.coupon();
    recordOf(await pushOne(operator, bookMutation(coupon.id, dose1)));
    const anotherVaccine = { status: 'rejected', code: 'VALIDATION' };
    expect(await pushOne(operator, bookMutation(coupon.id, otherVaccine, { doseNumber: 2 }))).toMatchObject(
      anotherVaccine,
    );
    const newcomer = await fx.coupon();
    expect(
      await pushOne(operator, bookMutation(newcomer.id, dose1, { followUpSlotId: otherVaccine })),
    ).toMatchObject(anotherVaccine);
    const second = recordOf(await pushOne(operator, bookMutation(coupon.id, sameVaccine, { doseNumber: 2 })));
    expect(await pushOne(operator, moveMutation(second.id, otherVaccine))).toMatchObject(anotherVaccine);
    expect(await counters(otherVaccine)).toMatchObject({ booked_phone: 0 });
    expect(await counters(dose1)).toMatchObject({ booked_phone: 1 });
  });

  it('refuses to move a booking that is checked in, cancelled or unknown, and a move by venue staff', async () => {
    const from = await fx.slot({ date: '2030-06-20' });
    const to = await fx.slot({ date: '2030-06-24' });
    const { record: checkedIn } = await booked(from);
    expect((await pushOne(venueStaff, markMutation(checkedIn.id, 'checked_in'))).status).toBe('ok');
    expect(await pushOne(operator, moveMutation(checkedIn.id, to))).toMatchObject({
      status: 'rejected',
      code: 'NOT_CHANGEABLE',
    });
    const { record: cancelled } = await booked(from);
    await pushOne(operator, {
      mutationId: randomUUID(),
      kind: 'cancel',
      payload: { bookingId: cancelled.id },
    });
    expect(await pushOne(operator, moveMutation(cancelled.id, to))).toMatchObject({ code: 'NOT_CHANGEABLE' });
    expect(await pushOne(operator, moveMutation(randomUUID(), to))).toMatchObject({ code: 'NOT_FOUND' });
    const { record } = await booked(from);
    expect(await pushOne(venueStaff, moveMutation(record.id, to))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await counters(to)).toMatchObject({ booked_phone: 0 });
  });

  it('lets exactly one of several moves racing for the last seat win', async () => {
    const from = await fx.slot({ date: '2030-06-20', capacity: 10 });
    const last = await fx.slot({ date: '2030-06-27', capacity: 3 });
    await booked(last);
    await booked(last);
    const movers = await Promise.all(Array.from({ length: 6 }, () => booked(from)));
    const answers = await Promise.all(
      movers.map(({ record }) => pushOne(operator, moveMutation(record.id, last))),
    );
    expect(answers.filter((a) => a.status === 'ok')).toHaveLength(1);
    expect(answers.filter((a) => a.status === 'rejected' && a.code === 'SLOT_FULL')).toHaveLength(5);
    expect(await counters(last)).toMatchObject({ booked_phone: 3 });
    expect(await counters(from)).toMatchObject({ booked_phone: 5 });
    const [{ n }] = (await ctx.sql.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM bookings WHERE slot_id = $1 AND status = 'confirmed'",
      [last],
    )) as [{ n: number }];
    expect(n).toBe(3);
  });

  // ── mark ────────────────────────────────────────────────────────────────────────────────

  it('marks checked in, then vaccinated with the lot; the lot travels in the change log and snapshot', async () => {
    const slotId = await fx.slot({ date: '2030-06-20' });
    const { record } = await booked(slotId);
    const since = await headSeq();
    expect(recordOf(await pushOne(venueStaff, markMutation(record.id, 'checked_in')))).toMatchObject({
      status: 'checked_in',
      vaccineLot: null,
    });
    expect(
      recordOf(await pushOne(venueStaff, markMutation(record.id, 'vaccinated', 'AB-1234'))),
    ).toMatchObject({ status: 'vaccinated', vaccineLot: 'AB-1234' });
    const changes = await readChanges(ctx.sql, { since, limit: 10 });
    const bookingChanges = changes.filter((c) => c.entity === 'booking');
    expect(bookingChanges.map((c) => [c.entity, (c.payload as HubRecord).status])).toEqual([
      ['booking', 'checked_in'],
      ['booking', 'vaccinated'],
    ]);
    expect(bookingChanges[1]!.payload).toMatchObject({ id: record.id, vaccineLot: 'AB-1234' });
    expect(
      changes
        .filter((c) => c.entity === 'booking_event')
        .map((c) => c.payload as Record<string, unknown>)
        .map((e) => [e.action, e.fromStatus, e.toStatus, e.vaccineLot, e.staffId]),
    ).toEqual([
      ['checked_in', 'confirmed', 'checked_in', null, venueStaff.staffId],
      ['vaccinated', 'checked_in', 'vaccinated', 'AB-1234', venueStaff.staffId],
    ]);
    const snapshot = await hub.request<SnapshotPage>('GET', '/api/v1/sync/snapshot?limit=10000', {
      headers: venueStaff.headers,
    });
    expect(
      snapshot.body.rows!.find((r) => r.entity === 'booking' && r.id === record.id)?.payload,
    ).toMatchObject({
      status: 'vaccinated',
      vaccineLot: 'AB-1234',
    });
    // Seats do not change with marks.
    expect(await counters(slotId)).toMatchObject({ booked_phone: 1 });
    expect((await auditOf(record.id)).map((a) => [a.action, a.detail.after])).toEqual([
      ['booking.mark', { status: 'checked_in', vaccineLot: null }],
      ['booking.mark', { status: 'vaccinated', vaccineLot: 'AB-1234' }],
    ]);
  });

  it('undoes marks as the venue day does (the lot goes with the vaccinated mark), and refuses the rest', async () => {
    const slotId = await fx.slot({ date: '2030-06-20' });
    const { record } = await booked(slotId);
    const mark = async (status: Parameters<typeof markMutation>[1], lot?: string) =>
      pushOne(manager, markMutation(record.id, status, lot));
    expect((await mark('vaccinated', 'LOT-1')).status).toBe('ok');
    expect(recordOf(await mark('checked_in'))).toMatchObject({ status: 'checked_in', vaccineLot: null });
    expect(recordOf(await mark('confirmed'))).toMatchObject({ status: 'confirmed' });
    expect(recordOf(await mark('no_show'))).toMatchObject({ status: 'no_show' });
    // A no-show is not vaccinated straight away: checked in first.
    expect(await mark('vaccinated', 'LOT-1')).toMatchObject({ status: 'rejected', code: 'NOT_CHANGEABLE' });
    expect(recordOf(await mark('checked_in'))).toMatchObject({ status: 'checked_in' });
    // checked_in → no_show is the undoing of a check-in made after a no-show.
    expect(recordOf(await mark('no_show'))).toMatchObject({ status: 'no_show' });
    expect((await hubBooking(record.id))!.status).toBe('no_show');

    const { record: cancelled } = await booked(slotId);
    await pushOne(operator, {
      mutationId: randomUUID(),
      kind: 'cancel',
      payload: { bookingId: cancelled.id },
    });
    expect(await pushOne(manager, markMutation(cancelled.id, 'checked_in'))).toMatchObject({
      code: 'NOT_CHANGEABLE',
    });
    expect(await pushOne(manager, markMutation(randomUUID(), 'checked_in'))).toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('takes marks from venue staff and managers only, and a lot only with vaccinated', async () => {
    const slotId = await fx.slot({ date: '2030-06-20' });
    const { record } = await booked(slotId);
    expect(await pushOne(operator, markMutation(record.id, 'checked_in'))).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect((await hubBooking(record.id))!.status).toBe('confirmed');
    const lotWithoutVaccination = await hub.request('POST', '/api/v1/sync/push', {
      body: {
        mutations: [
          {
            mutationId: randomUUID(),
            kind: 'mark',
            payload: { bookingId: record.id, status: 'no_show', vaccineLot: 'X1' },
          },
        ],
      },
      headers: venueStaff.headers,
    });
    expect(lotWithoutVaccination.status).toBe(422);
  });

  it('replays a mark by its mutation id, conflicts on another payload, and takes the same mark twice once', async () => {
    const slotId = await fx.slot({ date: '2030-06-20' });
    const { record } = await booked(slotId);
    const mutation = markMutation(record.id, 'checked_in');
    const first = await pushOne(venueStaff, mutation);
    expect(first.status).toBe('ok');
    // Undone in between: the replay still answers what the mutation did, and does not check in again.
    await pushOne(venueStaff, markMutation(record.id, 'confirmed'));
    expect(await pushOne(venueStaff, mutation)).toEqual(first);
    expect((await hubBooking(record.id))!.status).toBe('confirmed');
    const other = { ...mutation, payload: { bookingId: record.id, status: 'no_show' } } as Mutation;
    expect(await pushOne(venueStaff, other)).toMatchObject({
      status: 'rejected',
      code: 'IDEMPOTENCY_CONFLICT',
    });

    // Two desktops at the same venue mark the same booking: the second changes nothing.
    await pushOne(venueStaff, markMutation(record.id, 'checked_in'));
    const since = await headSeq();
    const again = await pushOne(manager, markMutation(record.id, 'checked_in'));
    expect(recordOf(again)).toMatchObject({ status: 'checked_in' });
    expect(await headSeq()).toBe(since);
  });

  it('books a walk-in and marks it checked in, with the venue’s id and number', async () => {
    const slotId = await fx.slot({ date: '2030-06-20' });
    const coupon = await fx.coupon();
    const bookingId = randomUUID();
    const bookingNumber = freshNumber();
    const [book, mark] = await push(venueStaff, [
      bookMutation(coupon.id, slotId, { channel: 'walk_in', bookingId, bookingNumber }),
      markMutation(bookingId, 'checked_in'),
    ]);
    expect(recordOf(book!)).toMatchObject({ id: bookingId, bookingNumber, channel: 'walk_in' });
    expect(recordOf(mark!)).toMatchObject({ id: bookingId, status: 'checked_in' });
    expect(await counters(slotId)).toMatchObject({ booked_walk_in: 1 });
  });
});
