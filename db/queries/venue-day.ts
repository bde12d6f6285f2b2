/**
 * The venue day: one venue's list for a date with what the venue marked, and the marks themselves
 * (checked in, vaccinated with the lot, no-show), their undoing and walk-ins. Each change writes the
 * booking, its history, an outbox mutation for the hub and an audit event in ONE transaction; a
 * change whose mutation id was already applied (a retry, a double click) is not applied again.
 */

import type { DailyListRow } from '../../domain/api/methods/daily-list.ts';
import type { HubRejection } from '../../domain/api/methods/phone-desk.ts';
import {
  type AttendanceMark,
  attendanceMarkFrom,
  type VenueDay,
  type VenueDayRow,
  type VenueDaySlot,
  type WalkInCandidate,
} from '../../domain/api/methods/venue-day.ts';
import { type BookingStatus, seatOccupyingStatuses } from '../../domain/booking-status.ts';
import { todayIn } from '../../domain/calendar.ts';
import { japanTimeZone } from '../../domain/vocabulary/terms.ts';
import type { Database } from '../sqlite-driver.ts';
import { cachedStatement } from '../statement-cache.ts';
import { appendAudit } from './audit.ts';
import { appendBookingHistory, type BookingHistoryAction } from './booking-history.ts';
import { dailyListRowsOfSlot, dailyListSlotById, dailyListSlots } from './daily-list.ts';
import { rejectionFromColumns } from './hub-rejection.ts';
import {
  bookingCreateKind,
  bookingStatusKind,
  enqueueBookingCreate,
  enqueueBookingStatus,
} from './outbox.ts';

const undoableActions: readonly BookingHistoryAction[] = ['checked_in', 'vaccinated', 'no_show'];
const occupyingList = seatOccupyingStatuses.map((s) => `'${s}'`).join(', ');

interface MarkRecord {
  id: string;
  vaccine_lot: string | null;
  last_action: BookingHistoryAction | null;
  last_at: string | null;
  /** Set when the hub refused the walk-in that made this booking. */
  reject_code: string | null;
  reject_reasons: string;
  /** The hub's refusal of a venue-day change sent after the latest history entry. */
  last_refusal?: HubRejection | null;
}

/** Outbox kinds the venue day writes (a walk-in is a create, then its check-in mark). */
const venueDayKinds = [bookingStatusKind, bookingCreateKind];

function marksOf(db: Database, ids: readonly string[]): Map<string, MarkRecord> {
  const list = JSON.stringify(ids);
  const records = cachedStatement<[string], MarkRecord>(
    db,
    `SELECT b.id, b.vaccine_lot, b.reject_code, b.reject_reasons, h.action AS last_action, h.at AS last_at
       FROM bookings b
       LEFT JOIN booking_history h
         ON h.id = (SELECT max(id) FROM booking_history WHERE booking_id = b.id)
      WHERE b.id IN (SELECT value FROM json_each(?))`,
  ).all(list);
  const marks = new Map(records.map((r) => [r.id, r]));
  const refusals = cachedStatement<
    [string, string],
    { booking_id: string; code: string; reasons: string; at: string }
  >(
    db,
    `SELECT booking_id, code, reasons, at FROM sync_failures
      WHERE booking_id IN (SELECT value FROM json_each(?)) AND kind IN (SELECT value FROM json_each(?))
      ORDER BY id`,
  ).all(list, JSON.stringify(venueDayKinds));
  for (const refusal of refusals) {
    const mark = marks.get(refusal.booking_id);
    // A refusal of a change made before the latest one is no longer what the row shows.
    if (mark && refusal.at >= (mark.last_at ?? '')) {
      mark.last_refusal = rejectionFromColumns(refusal.code, refusal.reasons);
    }
  }
  return marks;
}

/** What the venue-day row adds to the daily list's row. */
function venueDayMarks(mark: MarkRecord | undefined, now: Date): Omit<VenueDayRow, keyof DailyListRow> {
  const walkInRefusal = mark ? rejectionFromColumns(mark.reject_code, mark.reject_reasons) : null;
  const hubRefusal = walkInRefusal
    ? { of: 'walk_in' as const, rejection: walkInRefusal }
    : mark?.last_refusal
      ? { of: 'mark' as const, rejection: mark.last_refusal }
      : null;
  return { vaccineLot: mark?.vaccine_lot ?? null, canUndo: isUndoable(mark, now), hubRefusal };
}

function isUndoable(mark: MarkRecord | undefined, now: Date): boolean {
  if (!mark?.last_action || !mark.last_at) return false;
  return (
    undoableActions.includes(mark.last_action) &&
    todayIn(japanTimeZone, new Date(mark.last_at)) === todayIn(japanTimeZone, now)
  );
}

interface SlotUseRecord {
  slot_id: string;
  start_time: string;
  end_time: string;
  product_name: string;
  capacity: number;
  status: 'open' | 'closed';
  occupied: number;
}

export function venueDaySlots(db: Database, venueId: string, date: string): VenueDaySlot[] {
  return cachedStatement<[string, string], SlotUseRecord>(
    db,
    `SELECT s.id AS slot_id, s.start_time, s.end_time, p.name AS product_name, s.capacity, s.status,
            (SELECT count(*) FROM bookings b WHERE b.slot_id = s.id AND b.status IN (${occupyingList})) AS occupied
       FROM slots s JOIN vaccine_products p ON p.id = s.product_id
      WHERE s.venue_id = ? AND s.date = ?
      ORDER BY s.start_time, s.end_time, s.id`,
  )
    .all(venueId, date)
    .map((r) => ({
      slotId: r.slot_id,
      startTime: r.start_time,
      endTime: r.end_time,
      productName: r.product_name,
      capacity: r.capacity,
      occupied: r.occupied,
      remaining: r.status === 'open' ? Math.max(r.capacity - r.occupied, 0) : 0,
    }));
}

export function readVenueDay(
  db: Database,
  venueId: string,
  date: string,
  now: Date = new Date(),
): VenueDay | null {
  const read = db.transaction((): VenueDay | null => {
    const venueName = cachedStatement<[string], string>(db, 'SELECT name FROM venues WHERE id = ?')
      .pluck()
      .get(venueId);
    if (venueName === undefined) return null;
    const rows = dailyListSlots(db, { dateFrom: date, dateTo: date, venueId }).flatMap((slot) =>
      dailyListRowsOfSlot(db, slot),
    );
    const marks = marksOf(
      db,
      rows.map((r) => r.bookingId),
    );
    return {
      date,
      venueId,
      venueName,
      rows: rows.map((row) => ({ ...row, ...venueDayMarks(marks.get(row.bookingId), now) })),
      slots: venueDaySlots(db, venueId, date),
    };
  });
  return read();
}

/** One row of the venue-day list, as the screen shows it after a change. */
export function readVenueDayRow(db: Database, bookingId: string, now: Date = new Date()): VenueDayRow | null {
  const slotId = cachedStatement<[string], string>(db, 'SELECT slot_id FROM bookings WHERE id = ?')
    .pluck()
    .get(bookingId);
  if (slotId === undefined) return null;
  const slot = dailyListSlotById(db, slotId);
  if (!slot) return null;
  const row = dailyListRowsOfSlot(db, slot).find((r) => r.bookingId === bookingId);
  if (!row) return null;
  return { ...row, ...venueDayMarks(marksOf(db, [bookingId]).get(bookingId), now) };
}

export type VenueDayChange =
  | { ok: true; bookingId: string }
  | { ok: false; reason: 'not_found' | 'not_allowed' | 'nothing_to_undo' | 'too_late_to_undo' };

interface BookingStateRecord {
  status: BookingStatus;
  vaccine_lot: string | null;
}

function bookingState(db: Database, bookingId: string): BookingStateRecord | undefined {
  return cachedStatement<[string], BookingStateRecord>(
    db,
    'SELECT status, vaccine_lot FROM bookings WHERE id = ?',
  ).get(bookingId);
}

function alreadyApplied(db: Database, mutationId: string): boolean {
  return (
    cachedStatement<[string], number>(db, 'SELECT 1 FROM booking_history WHERE mutation_id = ?')
      .pluck()
      .get(mutationId) !== undefined
  );
}

export interface AttendanceChange {
  bookingId: string;
  mark: AttendanceMark;
  lotNumber: string | null;
  mutationId: string;
  staffId: string;
}

export function markAttendance(
  db: Database,
  change: AttendanceChange,
  now: Date = new Date(),
): VenueDayChange {
  const run = db.transaction((): VenueDayChange => {
    if (alreadyApplied(db, change.mutationId)) return { ok: true, bookingId: change.bookingId };
    const state = bookingState(db, change.bookingId);
    if (!state) return { ok: false, reason: 'not_found' };
    if (!attendanceMarkFrom[change.mark].includes(state.status)) return { ok: false, reason: 'not_allowed' };
    const lot = change.mark === 'vaccinated' ? change.lotNumber : null;
    writeStatus(db, change.bookingId, change.mark, lot, now);
    recordChange(db, {
      bookingId: change.bookingId,
      staffId: change.staffId,
      action: change.mark,
      fromStatus: state.status,
      toStatus: change.mark,
      lotNumber: lot,
      mutationId: change.mutationId,
      now,
    });
    return { ok: true, bookingId: change.bookingId };
  });
  return run.immediate();
}

export interface UndoChange {
  bookingId: string;
  mutationId: string;
  staffId: string;
}

interface LastMarkRecord {
  action: BookingHistoryAction;
  at: string;
  from_status: BookingStatus | null;
  to_status: BookingStatus | null;
}

/** Puts the booking back to its status before the last venue-day mark, if that mark was made today. */
export function undoAttendance(db: Database, change: UndoChange, now: Date = new Date()): VenueDayChange {
  const run = db.transaction((): VenueDayChange => {
    if (alreadyApplied(db, change.mutationId)) return { ok: true, bookingId: change.bookingId };
    const state = bookingState(db, change.bookingId);
    if (!state) return { ok: false, reason: 'not_found' };
    const last = cachedStatement<[string], LastMarkRecord>(
      db,
      'SELECT action, at, from_status, to_status FROM booking_history WHERE booking_id = ? ORDER BY id DESC LIMIT 1',
    ).get(change.bookingId);
    if (!last || !undoableActions.includes(last.action) || last.from_status === null) {
      return { ok: false, reason: 'nothing_to_undo' };
    }
    if (last.to_status !== state.status) return { ok: false, reason: 'nothing_to_undo' };
    if (todayIn(japanTimeZone, new Date(last.at)) !== todayIn(japanTimeZone, now))
      return { ok: false, reason: 'too_late_to_undo' };
    writeStatus(db, change.bookingId, last.from_status, null, now);
    recordChange(db, {
      bookingId: change.bookingId,
      staffId: change.staffId,
      action: 'undone',
      fromStatus: state.status,
      toStatus: last.from_status,
      lotNumber: null,
      mutationId: change.mutationId,
      now,
    });
    return { ok: true, bookingId: change.bookingId };
  });
  return run.immediate();
}

function writeStatus(
  db: Database,
  bookingId: string,
  status: BookingStatus,
  lot: string | null,
  now: Date,
): void {
  cachedStatement(db, 'UPDATE bookings SET status = ?, vaccine_lot = ?, updated_at = ? WHERE id = ?').run(
    status,
    lot,
    now.toISOString(),
    bookingId,
  );
}

interface RecordedChange {
  bookingId: string;
  staffId: string;
  action: BookingHistoryAction;
  fromStatus: BookingStatus | null;
  toStatus: BookingStatus;
  lotNumber: string | null;
  mutationId: string;
  now: Date;
}

function recordChange(db: Database, change: RecordedChange): void {
  appendBookingHistory(
    db,
    {
      bookingId: change.bookingId,
      staffId: change.staffId,
      action: change.action,
      fromStatus: change.fromStatus,
      toStatus: change.toStatus,
      lotNumber: change.lotNumber,
      mutationId: change.mutationId,
    },
    change.now,
  );
  if (change.action !== 'walk_in') {
    enqueueBookingStatus(
      db,
      change.mutationId,
      {
        bookingId: change.bookingId,
        status: change.toStatus,
        fromStatus: change.fromStatus,
        vaccineLot: change.lotNumber,
        changedBy: change.staffId,
        changedAt: change.now.toISOString(),
      },
      change.now,
    );
  }
  appendAudit(
    db,
    {
      staffId: change.staffId,
      action: `booking.${change.action}`,
      entity: 'booking',
      entityIds: [change.bookingId],
      detail: { from: change.fromStatus, to: change.toStatus },
    },
    change.now,
  );
}

interface CouponRecord {
  id: string;
  ticket_number: string;
  name: string;
  name_kana: string;
  birth_date: string;
  sex: 'M' | 'F' | 'U';
  status: WalkInCandidate['status'];
  doses_given: number;
  booked_today_id: string | null;
}

/** The resident for a walk-in, by ticket number (this municipality's coupons). */
export function findWalkInCoupon(db: Database, ticketNumber: string, date: string): WalkInCandidate | null {
  const record = cachedStatement<[{ ticketNumber: string; date: string }], CouponRecord>(
    db,
    `SELECT c.id, c.ticket_number, c.name, c.name_kana, c.birth_date, c.sex, c.status,
            max(coalesce((SELECT max(dose_number) FROM coupon_doses d WHERE d.coupon_id = c.id), 0),
                coalesce((SELECT max(dose_number) FROM bookings b WHERE b.coupon_id = c.id AND b.status = 'vaccinated'), 0))
              AS doses_given,
            (SELECT b.id FROM bookings b JOIN slots s ON s.id = b.slot_id
              WHERE b.coupon_id = c.id AND s.date = :date AND b.status IN (${occupyingList}) LIMIT 1) AS booked_today_id
       FROM coupons c
      WHERE c.ticket_number = :ticketNumber
      ORDER BY c.status = 'active' DESC
      LIMIT 1`,
  ).get({ ticketNumber, date });
  if (!record) return null;
  return {
    couponId: record.id,
    ticketNumber: record.ticket_number,
    name: record.name,
    nameKana: record.name_kana,
    birthDate: record.birth_date,
    sex: record.sex,
    status: record.status,
    nextDose: record.doses_given + 1,
    bookedTodayId: record.booked_today_id,
  };
}

export interface NewWalkIn {
  id: string;
  bookingNumber: string;
  slotId: string;
  couponId: string;
  doseNumber: number;
  staffId: string;
}

export type WalkInResult =
  | { ok: true; bookingId: string }
  | {
      ok: false;
      reason: 'slot_not_found' | 'slot_closed' | 'slot_full' | 'coupon_unusable' | 'already_booked_today';
    };

interface SlotSeatRecord {
  date: string;
  status: 'open' | 'closed';
  capacity: number;
  occupied: number;
}

/**
 * A resident who came without a booking, into a free seat of an open slot: created checked in
 * (they are at the desk), sent to the hub as a walk-in booking.
 */
export function createWalkIn(db: Database, walkIn: NewWalkIn, now: Date = new Date()): WalkInResult {
  const run = db.transaction((): WalkInResult => {
    const existing = cachedStatement<[string], string>(db, 'SELECT id FROM bookings WHERE id = ?')
      .pluck()
      .get(walkIn.id);
    if (existing !== undefined) return { ok: true, bookingId: existing };
    const slot = cachedStatement<[string], SlotSeatRecord>(
      db,
      `SELECT s.date, s.status, s.capacity,
              (SELECT count(*) FROM bookings b WHERE b.slot_id = s.id AND b.status IN (${occupyingList})) AS occupied
         FROM slots s WHERE s.id = ?`,
    ).get(walkIn.slotId);
    if (!slot) return { ok: false, reason: 'slot_not_found' };
    if (slot.status !== 'open') return { ok: false, reason: 'slot_closed' };
    if (slot.occupied >= slot.capacity) return { ok: false, reason: 'slot_full' };
    const coupon = cachedStatement<[string], { status: string; phone: string }>(
      db,
      'SELECT status, phone FROM coupons WHERE id = ?',
    ).get(walkIn.couponId);
    if (coupon?.status !== 'active') return { ok: false, reason: 'coupon_unusable' };
    const bookedToday = cachedStatement<[string, string], number>(
      db,
      `SELECT 1 FROM bookings b JOIN slots s ON s.id = b.slot_id
        WHERE b.coupon_id = ? AND s.date = ? AND b.status IN (${occupyingList}) LIMIT 1`,
    )
      .pluck()
      .get(walkIn.couponId, slot.date);
    if (bookedToday !== undefined) return { ok: false, reason: 'already_booked_today' };

    const at = now.toISOString();
    cachedStatement(
      db,
      `INSERT INTO bookings (id, booking_number, coupon_id, slot_id, dose_number, channel, status, contact_phone,
                             notes, created_by, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, 'walk_in', 'checked_in', ?, '', ?, ?, ?)`,
    ).run(
      walkIn.id,
      walkIn.bookingNumber,
      walkIn.couponId,
      walkIn.slotId,
      walkIn.doseNumber,
      coupon.phone,
      walkIn.staffId,
      at,
      at,
    );
    enqueueBookingCreate(
      db,
      {
        id: walkIn.id,
        bookingNumber: walkIn.bookingNumber,
        couponId: walkIn.couponId,
        slotId: walkIn.slotId,
        doseNumber: walkIn.doseNumber,
        channel: 'walk_in',
        status: 'checked_in',
        createdBy: walkIn.staffId,
        createdAt: at,
      },
      now,
    );
    recordChange(db, {
      bookingId: walkIn.id,
      staffId: walkIn.staffId,
      action: 'walk_in',
      fromStatus: null,
      toStatus: 'checked_in',
      lotNumber: null,
      mutationId: `${walkIn.id}:history`,
      now,
    });
    return { ok: true, bookingId: walkIn.id };
  });
  return run.immediate();
}
