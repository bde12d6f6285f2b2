/**
 * The venue day over real SQLite: marks change the booking, its history, the grid projection, the
 * outbox (for the hub) and the audit log in one transaction; a repeated mutation id is applied once;
 * impossible marks and late undos are refused; walk-ins take only free seats; reminder calls list
 * tomorrow's phone bookings.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readReminderCalls, recordReminderOutcome } from '../../db/queries/reminder-calls.ts';
import { recordSyncFailure } from '../../db/queries/sync-outbox.ts';
import {
  createWalkIn,
  findWalkInCoupon,
  markAttendance,
  readVenueDay,
  readVenueDayRow,
  undoAttendance,
} from '../../db/queries/venue-day.ts';
import { addDays } from '../../domain/calendar.ts';
import { parseTicketInput } from '../../domain/ticket-number.ts';
import { createApiHandlers } from '../../electron/node/api-handlers.ts';
import { createDispatcher } from '../../electron/node/dispatch.ts';
import {
  type BookingsFixture,
  busiestVenueDay,
  fixtureToday,
  openBookingsFixture,
} from './bookings-fixture.ts';

let fixture: BookingsFixture;

function readVenueDayRowOf(bookingId: string) {
  return readVenueDayRow(fixture.db, bookingId, onTheDay);
}

function parseTicket(raw: string): string {
  const parsed = parseTicketInput(raw);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.ticketNumber;
}
const staffId = 'venue-staff-test';
// Marks are "today" when made on the list's day, in Japan time.
const onTheDay = new Date(`${fixtureToday}T01:00:00Z`);

function confirmedBooking(): { id: string; slot_id: string; coupon_id: string } {
  return fixture.db
    .prepare(
      `SELECT b.id, b.slot_id, b.coupon_id FROM bookings b JOIN slots s ON s.id = b.slot_id
        WHERE b.status = 'confirmed' AND s.date = ? AND NOT EXISTS (SELECT 1 FROM booking_history h WHERE h.booking_id = b.id)
        LIMIT 1`,
    )
    .get(fixtureToday) as { id: string; slot_id: string; coupon_id: string };
}

const count = (sql: string, ...params: unknown[]) =>
  fixture.db
    .prepare(sql)
    .pluck()
    .get(...params) as number;

beforeAll(() => {
  fixture = openBookingsFixture();
});

afterAll(() => fixture?.close());

describe('marks', () => {
  test('checking in writes the booking, history, grid, outbox and audit together, once per mutation id', () => {
    const booking = confirmedBooking();
    const mutationId = randomUUID();
    const outboxBefore = count('SELECT count(*) FROM outbox');
    const change = {
      bookingId: booking.id,
      mark: 'checked_in' as const,
      lotNumber: null,
      mutationId,
      staffId,
    };
    expect(markAttendance(fixture.db, change, onTheDay)).toEqual({ ok: true, bookingId: booking.id });
    expect(count("SELECT count(*) FROM bookings WHERE id = ? AND status = 'checked_in'", booking.id)).toBe(1);
    expect(
      count("SELECT count(*) FROM booking_grid WHERE booking_id = ? AND status = 'checked_in'", booking.id),
    ).toBe(1);
    const outbox = fixture.db
      .prepare('SELECT kind, payload FROM outbox WHERE mutation_id = ?')
      .get(mutationId) as {
      kind: string;
      payload: string;
    };
    expect(outbox.kind).toBe('booking.status');
    expect(JSON.parse(outbox.payload)).toMatchObject({
      bookingId: booking.id,
      status: 'checked_in',
      fromStatus: 'confirmed',
    });
    expect(
      count(
        "SELECT count(*) FROM audit_events WHERE action = 'booking.checked_in' AND entity_ids = ?",
        JSON.stringify([booking.id]),
      ),
    ).toBe(1);

    // The same click again (a retry): nothing more is written.
    expect(markAttendance(fixture.db, change, onTheDay)).toEqual({ ok: true, bookingId: booking.id });
    expect(count('SELECT count(*) FROM outbox')).toBe(outboxBefore + 1);
    expect(count('SELECT count(*) FROM booking_history WHERE booking_id = ?', booking.id)).toBe(1);
  });

  test('a mark the hub refused is shown on the row until a later mark replaces it', () => {
    const booking = confirmedBooking();
    const rowOf = () => readVenueDayRowOf(booking.id);
    const mark = (m: 'checked_in' | 'no_show', mutationId: string, at: Date) =>
      markAttendance(
        fixture.db,
        { bookingId: booking.id, mark: m, lotNumber: null, mutationId, staffId },
        at,
      );
    const refused = randomUUID();
    expect(mark('checked_in', refused, onTheDay).ok).toBe(true);
    expect(rowOf()?.hubRefusal).toBeNull();
    const pushedAt = new Date(onTheDay.getTime() + 60_000);
    const refusal = { kind: 'booking.status', bookingId: booking.id, reasons: [], message: 'role' };
    recordSyncFailure(fixture.db, { ...refusal, mutationId: refused, code: 'FORBIDDEN' }, pushedAt);
    // A refusal of something else about the booking (a phone move) is not the venue's.
    recordSyncFailure(
      fixture.db,
      { ...refusal, kind: 'booking.move', mutationId: randomUUID(), code: 'SLOT_FULL' },
      pushedAt,
    );
    expect(rowOf()?.hubRefusal).toEqual({ of: 'mark', rejection: { code: 'FORBIDDEN', reasons: [] } });
    const later = new Date(pushedAt.getTime() + 60_000);
    expect(
      undoAttendance(fixture.db, { bookingId: booking.id, mutationId: randomUUID(), staffId }, later).ok,
    ).toBe(true);
    expect(rowOf()?.hubRefusal).toBeNull();
  });

  test('vaccinated keeps the lot; a no-show after vaccination is refused', () => {
    const booking = confirmedBooking();
    const vaccinate = {
      bookingId: booking.id,
      mark: 'vaccinated' as const,
      lotNumber: 'FA5765',
      mutationId: randomUUID(),
      staffId,
    };
    expect(markAttendance(fixture.db, vaccinate, onTheDay).ok).toBe(true);
    expect(
      fixture.db.prepare('SELECT status, vaccine_lot FROM bookings WHERE id = ?').get(booking.id),
    ).toEqual({
      status: 'vaccinated',
      vaccine_lot: 'FA5765',
    });
    const noShow = { ...vaccinate, mark: 'no_show' as const, lotNumber: null, mutationId: randomUUID() };
    expect(markAttendance(fixture.db, noShow, onTheDay)).toEqual({ ok: false, reason: 'not_allowed' });
  });

  test('undo puts the status back the same day only, and only once', () => {
    const booking = confirmedBooking();
    markAttendance(
      fixture.db,
      { bookingId: booking.id, mark: 'no_show', lotNumber: null, mutationId: randomUUID(), staffId },
      onTheDay,
    );
    const nextDay = new Date(onTheDay.getTime() + 24 * 3600_000);
    expect(
      undoAttendance(fixture.db, { bookingId: booking.id, mutationId: randomUUID(), staffId }, nextDay),
    ).toEqual({
      ok: false,
      reason: 'too_late_to_undo',
    });
    expect(
      undoAttendance(fixture.db, { bookingId: booking.id, mutationId: randomUUID(), staffId }, onTheDay),
    ).toEqual({
      ok: true,
      bookingId: booking.id,
    });
    expect(count("SELECT count(*) FROM bookings WHERE id = ? AND status = 'confirmed'", booking.id)).toBe(1);
    expect(
      undoAttendance(fixture.db, { bookingId: booking.id, mutationId: randomUUID(), staffId }, onTheDay),
    ).toEqual({
      ok: false,
      reason: 'nothing_to_undo',
    });
    const history = fixture.db
      .prepare('SELECT action, from_status, to_status FROM booking_history WHERE booking_id = ? ORDER BY id')
      .all(booking.id);
    expect(history).toEqual([
      { action: 'no_show', from_status: 'confirmed', to_status: 'no_show' },
      { action: 'undone', from_status: 'no_show', to_status: 'confirmed' },
    ]);
  });

  test('the venue day lists the venue’s residents with what can be undone', () => {
    const busy = busiestVenueDay(fixture.db);
    const day = readVenueDay(fixture.db, busy.venueId, busy.date, onTheDay)!;
    expect(day.venueName).toBe(busy.venueName);
    expect(day.rows).toHaveLength(busy.count);
    expect(day.slots.length).toBeGreaterThan(0);
    expect(readVenueDay(fixture.db, 'no-such-venue', busy.date)).toBeNull();
  });

  test('through the API a vaccinated mark without a lot is refused, and changes announce data-changed', async () => {
    const events: unknown[] = [];
    const dispatch = createDispatcher(
      createApiHandlers({
        db: fixture.db,
        appVersion: 'test',
        transport: 'browser',
        events: { emit: (e: unknown) => events.push(e) } as never,
      }),
      { enforceRoles: true },
    );
    const session = { staffId, displayName: '受付', role: 'venue_staff' as const };
    const booking = confirmedBooking();
    const noLot = await dispatch(
      'markAttendance',
      { bookingId: booking.id, mark: 'vaccinated', mutationId: randomUUID() },
      { session },
    );
    expect(noLot).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const asOperator = await dispatch(
      'markAttendance',
      { bookingId: booking.id, mark: 'checked_in', mutationId: randomUUID() },
      { session: { ...session, role: 'operator' } },
    );
    expect(asOperator).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const ok = await dispatch(
      'markAttendance',
      { bookingId: booking.id, mark: 'checked_in', mutationId: randomUUID() },
      { session },
    );
    expect(ok).toMatchObject({
      ok: true,
      value: { bookingId: booking.id, status: 'checked_in', canUndo: true },
    });
    expect(events).toEqual([{ type: 'data-changed', scopes: ['bookings'] }]);
    const refused = await dispatch(
      'markAttendance',
      { bookingId: booking.id, mark: 'no_show', mutationId: randomUUID() },
      { session },
    );
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', issues: [{ path: 'reason', message: 'not_allowed' }] },
    });
  });
});

describe('walk-ins', () => {
  function freeSlot(): { id: string; free: number } {
    return fixture.db
      .prepare(
        `SELECT s.id, s.capacity - (SELECT count(*) FROM bookings b WHERE b.slot_id = s.id
                  AND b.status IN ('held','provisional','confirmed','checked_in','vaccinated','no_show')) AS free
           FROM slots s WHERE s.date = ? AND s.status = 'open' ORDER BY free DESC LIMIT 1`,
      )
      .get(fixtureToday) as { id: string; free: number };
  }

  let ticketSeq = 0;
  /** A resident with no dose and no booking yet (the demo books nearly everyone). */
  function couponWithoutBooking(): { id: string; ticket_number: string } {
    const id = randomUUID();
    const ticket = `00007${String(++ticketSeq).padStart(5, '0')}`;
    fixture.db
      .prepare(
        `INSERT INTO coupons (id, municipality_code, ticket_number, name, name_kana, name_kana_key, birth_date, sex,
                              phone, phone_key, updated_at)
         VALUES (?, '112992', ?, '来場　太郎', 'ライジョウ　タロウ', 'ライジョウタロウ', '1945-03-03', 'M', '048-000-0000',
                 '0480000000', '2025-01-01T00:00:00Z')`,
      )
      .run(id, ticket);
    return { id, ticket_number: ticket };
  }

  test('finds the coupon by ticket number and books a free seat, checked in, for the hub', () => {
    const coupon = couponWithoutBooking();
    // Typed in full-width digits with a hyphen, as a scanner or a hurried hand might.
    const typed = `${coupon.ticket_number.slice(0, 5)}－${coupon.ticket_number.slice(5)}`.replace(
      /\d/g,
      (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0),
    );
    const candidate = findWalkInCoupon(fixture.db, parseTicket(typed), fixtureToday)!;
    expect(candidate).toMatchObject({
      couponId: coupon.id,
      nextDose: 1,
      bookedTodayId: null,
      status: 'active',
    });
    const slot = freeSlot();
    expect(slot.free).toBeGreaterThan(0);
    const id = randomUUID();
    const walkIn = {
      id,
      bookingNumber: 'WK3H4PRT',
      slotId: slot.id,
      couponId: coupon.id,
      doseNumber: 1,
      staffId,
    };
    expect(createWalkIn(fixture.db, walkIn, onTheDay)).toEqual({ ok: true, bookingId: id });
    expect(
      fixture.db.prepare('SELECT channel, status, created_by FROM bookings WHERE id = ?').get(id),
    ).toEqual({
      channel: 'walk_in',
      status: 'checked_in',
      created_by: staffId,
    });
    expect(fixture.db.prepare('SELECT kind FROM outbox WHERE mutation_id = ?').pluck().get(id)).toBe(
      'booking.create',
    );
    // Registering again with the same id creates nothing new; the resident now has today's booking.
    expect(createWalkIn(fixture.db, walkIn, onTheDay)).toEqual({ ok: true, bookingId: id });
    expect(findWalkInCoupon(fixture.db, coupon.ticket_number, fixtureToday)?.bookedTodayId).toBe(id);
    const again = { ...walkIn, id: randomUUID(), bookingNumber: 'WK3H4PRX' };
    expect(createWalkIn(fixture.db, again, onTheDay)).toEqual({ ok: false, reason: 'already_booked_today' });
  });

  test('a full slot takes no walk-in', () => {
    const full = fixture.db
      .prepare(
        `SELECT s.id FROM slots s WHERE s.status = 'open' AND s.capacity <= (SELECT count(*) FROM bookings b
          WHERE b.slot_id = s.id AND b.status IN ('held','provisional','confirmed','checked_in','vaccinated','no_show')) LIMIT 1`,
      )
      .pluck()
      .get() as string | undefined;
    const slotId =
      full ??
      (() => {
        const slot = freeSlot();
        fixture.db
          .prepare('UPDATE slots SET capacity = 0, call_center_reserve = 0 WHERE id = ?')
          .run(slot.id);
        return slot.id;
      })();
    const coupon = couponWithoutBooking();
    const walkIn = {
      id: randomUUID(),
      bookingNumber: 'WK3H4PR9',
      slotId,
      couponId: coupon.id,
      doseNumber: 1,
      staffId,
    };
    expect(createWalkIn(fixture.db, walkIn, onTheDay)).toEqual({ ok: false, reason: 'slot_full' });
  });

  test('a closed slot with free seats is refused as closed, not as full', () => {
    const slot = freeSlot();
    fixture.db.prepare("UPDATE slots SET status = 'closed' WHERE id = ?").run(slot.id);
    const walkIn = {
      id: randomUUID(),
      bookingNumber: 'WK3H4PRA',
      slotId: slot.id,
      couponId: couponWithoutBooking().id,
      doseNumber: 1,
      staffId,
    };
    expect(createWalkIn(fixture.db, walkIn, onTheDay)).toEqual({ ok: false, reason: 'slot_closed' });
  });
});

describe('reminder calls', () => {
  test('list tomorrow’s phone bookings only, with the outcome recorded and audited', () => {
    const tomorrow = addDays(fixtureToday, 1);
    const calls = readReminderCalls(fixture.db, tomorrow);
    const expected = count(
      `SELECT count(*) FROM bookings b JOIN slots s ON s.id = b.slot_id
        WHERE s.date = ? AND b.channel = 'phone' AND b.status IN ('provisional', 'confirmed')`,
      tomorrow,
    );
    expect(calls).toHaveLength(expected);
    expect(expected).toBeGreaterThan(0);
    const first = calls[0]!;
    expect(first.outcome).toBeNull();
    expect(recordReminderOutcome(fixture.db, first.bookingId, 'message', staffId)?.outcome).toBe('message');
    expect(recordReminderOutcome(fixture.db, first.bookingId, 'reached', staffId)?.outcome).toBe('reached');
    expect(count("SELECT count(*) FROM audit_events WHERE action = 'reminder.call'")).toBe(2);
  });
});
