/**
 * A booking's history and the names of the people in it, across the hub (PGlite and PostgreSQL) and
 * two desktops (the real desk service on SQLite files): a phone booking, a move and a cancellation
 * with its reason on desktop A appear on desktop B with who and when, the venue's marks and their
 * undoing from B appear on A, a resident's own online booking and cancellation appear as the
 * resident's, each change once (A's own lines are matched with the hub's record, not repeated), a
 * change the hub refused says so with the reason, and the grid shows the creator's name.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { movePhoneBooking } from '../../db/queries/phone-booking-move.ts';
import type { BookingDetail, BookingGridRow, BookingHistoryEntry } from '../../domain/api/contract.ts';
import { todayIn } from '../../domain/calendar.ts';
import { demoSession } from '../../electron/node/demo-session.ts';
import { openDeskStore } from './desk-store.ts';
import { type RunningHub, startHub } from './hub-http-support.ts';
import { createFixture, describeHubBackends, type Fixture } from './hub-support.ts';
import {
  attachDesk,
  bookOnline,
  deskCredentials,
  localBookings,
  openTestDesk,
  outboxSize,
  type TestDesk,
  waitFor,
} from './sync-support.ts';

/** A history line as it reads: what, by whom, and the details that matter for it. */
function lines(history: BookingHistoryEntry[]) {
  return history.map((h) => ({
    action: h.action,
    by: h.by.kind === 'staff' ? h.by.name : h.by.kind,
    ...(h.fromSlot ? { from: `${h.fromSlot.date} ${h.fromSlot.startTime}` } : {}),
    ...(h.toSlot ? { to: `${h.toSlot.date} ${h.toSlot.startTime}` } : {}),
    ...(h.reason ? { reason: h.reason } : {}),
    ...(h.rejection ? { rejection: h.rejection } : {}),
    ...(h.toStatus ? { status: `${h.fromStatus ?? ''}→${h.toStatus}` } : {}),
  }));
}

describeHubBackends('booking history and staff names across the hub', (ctx) => {
  let hub: RunningHub;
  let fx: Fixture;
  let a: TestDesk;
  let b: TestDesk;
  let first: string;
  let second: string;

  const detail = async (desk: TestDesk, bookingId: string): Promise<BookingDetail> => {
    const answer = await desk.service.call('getBooking', { bookingId });
    expect(answer.ok).toBe(true);
    return (answer as { ok: true; value: BookingDetail }).value;
  };
  const historyOf = async (desk: TestDesk, bookingId: string) =>
    lines((await detail(desk, bookingId)).history);
  const call = async (desk: TestDesk, method: string, input: unknown) => {
    const answer = await desk.service.call(method, input);
    expect(answer, method).toMatchObject({ ok: true });
    return (answer as { ok: true; value: unknown }).value;
  };
  const hubStatus = async (bookingId: string) =>
    (await ctx.sql.query<{ status: string }>('SELECT status FROM bookings WHERE id = $1', [bookingId]))[0]
      ?.status;
  const synced = (desk: TestDesk, bookingId: string, status: string) =>
    waitFor(
      `${bookingId} ${status} on the desk`,
      () => localBookings(desk, 'id = ? AND status = ?', bookingId, status).length === 1,
    );
  const onDesk = (desk: TestDesk, table: string, id: string) =>
    waitFor(
      `${table} ${id}`,
      () => desk.service.db.prepare(`SELECT 1 FROM ${table} WHERE id = ?`).get(id) !== undefined,
    );

  beforeAll(async () => {
    fx = await createFixture(ctx.sql);
    first = await fx.slot({ date: '2030-06-20', capacity: 30 });
    second = await fx.slot({ date: '2030-06-24', startTime: '14:00', endTime: '14:30', capacity: 30 });
    hub = await startHub(ctx.sql);
    a = await openTestDesk();
    b = await openTestDesk();
    await attachDesk(a, hub.baseUrl, await deskCredentials(ctx.sql, { displayName: 'コールセンター A席' }));
    await attachDesk(
      b,
      hub.baseUrl,
      await deskCredentials(ctx.sql, { role: 'manager', displayName: '会場 受付B' }),
    );
    for (const desk of [a, b]) {
      await waitFor('the first snapshot', () => desk.service.sync.status().ready);
    }
  });

  afterAll(async () => {
    a?.remove();
    b?.remove();
    await hub?.close();
  });

  it('a phone booking moved and cancelled with a reason on A: every change on A and on B, with who', async () => {
    const coupon = await fx.coupon();
    await onDesk(a, 'coupons', coupon.id);
    const bookingId = randomUUID();
    await call(a, 'createPhoneBooking', {
      couponId: coupon.id,
      first: { mutationId: bookingId, slotId: first, doseNumber: 1 },
      followUp: null,
      contactPhone: '',
      notes: '',
    });
    await synced(a, bookingId, 'confirmed');
    await call(a, 'movePhoneBooking', { mutationId: randomUUID(), bookingId, toSlotId: second });
    await waitFor(
      'the move on the hub',
      async () =>
        (await ctx.sql.query('SELECT 1 FROM bookings WHERE id = $1 AND slot_id = $2', [bookingId, second]))
          .length,
    );
    await synced(a, bookingId, 'confirmed');
    await call(a, 'cancelPhoneBooking', {
      mutationId: randomUUID(),
      bookingId,
      reason: 'illness',
      alsoCancelLaterDoses: true,
    });
    await waitFor('the cancel on the hub', async () => (await hubStatus(bookingId)) === 'cancelled');
    await waitFor('an empty outbox on A', () => outboxSize(a) === 0);

    // B never had it provisional: the hub's record of each change, by A's staff member (the hub's name).
    await synced(b, bookingId, 'cancelled');
    await waitFor('three history lines on B', async () => (await historyOf(b, bookingId)).length === 3);
    expect(await historyOf(b, bookingId)).toEqual([
      { action: 'created', by: 'コールセンター A席' },
      {
        action: 'moved',
        by: 'コールセンター A席',
        from: '2030-06-20 10:00',
        to: '2030-06-24 14:00',
        status: 'confirmed→confirmed',
      },
      { action: 'cancelled', by: 'コールセンター A席', reason: 'illness', status: 'confirmed→cancelled' },
    ]);
    expect((await detail(b, bookingId)).createdBy).toMatchObject({ name: 'コールセンター A席' });

    // A: its own lines, each once (the hub's records found them), by this desk's session, and the
    // hub's confirmations of the booking and of the move.
    await waitFor(
      'the hub events on A',
      () =>
        a.service.db
          .prepare('SELECT count(*) FROM booking_history WHERE booking_id = ? AND hub_event_id IS NOT NULL')
          .pluck()
          .get(bookingId) === 2,
    );
    expect(await historyOf(a, bookingId)).toEqual([
      { action: 'created', by: demoSession.displayName },
      { action: 'hub_confirmed', by: 'hub', status: 'provisional→confirmed' },
      {
        action: 'moved',
        by: demoSession.displayName,
        from: '2030-06-20 10:00',
        to: '2030-06-24 14:00',
        status: 'confirmed→provisional',
      },
      { action: 'hub_confirmed', by: 'hub', status: 'provisional→confirmed' },
      { action: 'cancelled', by: demoSession.displayName, reason: 'illness', status: 'confirmed→cancelled' },
    ]);
  });

  it('the venue’s marks and their undoing on B appear on A, by B’s staff member', async () => {
    const coupon = await fx.coupon();
    const booked = await bookOnline(hub, coupon, first);
    await synced(b, booked.id, 'confirmed');
    await call(b, 'markAttendance', { bookingId: booked.id, mark: 'checked_in', mutationId: randomUUID() });
    await call(b, 'undoAttendance', { bookingId: booked.id, mutationId: randomUUID() });
    await waitFor('an empty outbox on B', () => outboxSize(b) === 0);
    await waitFor('the marks on A', async () => (await historyOf(a, booked.id)).length === 3);
    expect(await historyOf(a, booked.id)).toEqual([
      { action: 'created', by: 'resident' },
      { action: 'checked_in', by: '会場 受付B', status: 'confirmed→checked_in' },
      { action: 'undone', by: '会場 受付B', status: 'checked_in→confirmed' },
    ]);
    // B: its own two lines, not repeated by the hub's records of them.
    await waitFor(
      'the hub events on B',
      () =>
        b.service.db
          .prepare('SELECT count(*) FROM booking_history WHERE booking_id = ? AND hub_event_id IS NOT NULL')
          .pluck()
          .get(booked.id) === 2,
    );
    expect((await historyOf(b, booked.id)).map((l) => [l.action, l.by])).toEqual([
      ['created', 'resident'],
      ['checked_in', demoSession.displayName],
      ['undone', demoSession.displayName],
    ]);
  });

  it('a resident’s own online booking and cancellation read as the resident’s', async () => {
    const coupon = await fx.coupon();
    const booked = await bookOnline(hub, coupon, first);
    const cancelled = await hub.request('POST', `/api/v1/public/bookings/${booked.bookingNumber}/cancel`, {
      body: { ticketNumber: coupon.ticketNumber, birthDate: coupon.birthDate },
    });
    expect(cancelled.status).toBe(200);
    await synced(a, booked.id, 'cancelled');
    await waitFor('the cancel line on A', async () => (await historyOf(a, booked.id)).length === 2);
    expect(await historyOf(a, booked.id)).toEqual([
      { action: 'created', by: 'resident' },
      { action: 'cancelled', by: 'resident', status: 'confirmed→cancelled' },
    ]);
  });

  it('a move the hub refused says so with the reason, and the booking is back in its slot', async () => {
    const full = await fx.slot({ date: '2030-06-25', capacity: 1 });
    const [mine, online] = [await fx.coupon(), await fx.coupon()];
    const booked = await bookOnline(hub, mine, first);
    await synced(a, booked.id, 'confirmed');
    await onDesk(a, 'slots', full);
    // A is closed; the operator's move is written into its database while a resident takes the seat.
    const dataDir = a.dataDir;
    a.close();
    const db = openDeskStore(dataDir);
    const moved = movePhoneBooking(
      db,
      { mutationId: randomUUID(), bookingId: booked.id, toSlotId: full },
      {
        staffId: demoSession.staffId,
        role: 'manager',
        now: new Date(),
        today: todayIn('Asia/Tokyo'),
      },
    );
    expect(moved.kind).toBe('moved');
    db.close();
    await bookOnline(hub, online, full);
    a = await openTestDesk(dataDir);
    await waitFor('the refusal on A', async () => (await historyOf(a, booked.id)).length === 3);
    expect(await historyOf(a, booked.id)).toEqual([
      { action: 'created', by: 'resident' },
      {
        action: 'moved',
        by: demoSession.displayName,
        from: '2030-06-20 10:00',
        to: '2030-06-25 10:00',
        status: 'confirmed→provisional',
      },
      {
        action: 'hub_refused_move',
        by: 'hub',
        rejection: { code: 'SLOT_FULL', reasons: [] },
        status: 'provisional→confirmed',
      },
    ]);
    expect(localBookings(a, 'id = ?', booked.id)[0]).toMatchObject({ slot_id: first, status: 'confirmed' });
  });

  it('the grid shows and sorts by the creator’s name from the hub’s staff directory', async () => {
    const page = (await call(b, 'listBookings', {
      filter: { channels: ['phone'] },
      sort: { column: 'createdBy', desc: false },
      offset: 0,
      limit: 50,
    })) as { rows: BookingGridRow[] };
    expect(page.rows.length).toBeGreaterThan(0);
    expect(page.rows.map((r) => r.createdBy?.name)).toContain('コールセンター A席');
    expect(page.rows.every((r) => r.createdBy?.name !== null && r.createdBy?.name !== r.createdBy?.id)).toBe(
      true,
    );
  });
});
