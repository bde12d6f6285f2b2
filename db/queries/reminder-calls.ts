/**
 * Reminder calls the day before: residents who booked by phone (they may have no smartphone for
 * the online reminder) with a booking still expecting them, in time order, with the last call's
 * outcome. The outcome is kept per booking in `reminder_calls` (migration 003) on this desk; every
 * change is also an audit event.
 */
import type { ReminderCall, ReminderOutcome } from '../../domain/api/methods/reminder-calls.ts';
import { ageOn } from '../../domain/calendar.ts';
import type { Database } from '../sqlite-driver.ts';
import { cachedStatement } from '../statement-cache.ts';
import { appendAudit } from './audit.ts';

interface ReminderRecord {
  booking_id: string;
  venue_id: string;
  venue_name: string;
  date: string;
  start_time: string;
  end_time: string;
  booking_number: string;
  name: string;
  name_kana: string;
  birth_date: string;
  phone: string;
  dose_number: number;
  outcome: ReminderOutcome | null;
  outcome_at: string | null;
}

/** Who gets a reminder call: phone bookings that still expect the resident. */
const onReminderList = `b.channel = 'phone' AND b.status IN ('provisional', 'confirmed')`;

const reminderSelect = `
  SELECT b.id AS booking_id, s.venue_id, v.name AS venue_name, s.date, s.start_time, s.end_time,
         b.booking_number, c.name, c.name_kana, c.birth_date,
         CASE WHEN b.contact_phone = '' THEN c.phone ELSE b.contact_phone END AS phone,
         b.dose_number, r.outcome, r.at AS outcome_at
    FROM bookings b
    JOIN slots s ON s.id = b.slot_id
    JOIN venues v ON v.id = s.venue_id
    JOIN coupons c ON c.id = b.coupon_id
    LEFT JOIN reminder_calls r ON r.booking_id = b.id`;

function toCall(r: ReminderRecord): ReminderCall {
  return {
    bookingId: r.booking_id,
    venueId: r.venue_id,
    venueName: r.venue_name,
    date: r.date,
    startTime: r.start_time,
    endTime: r.end_time,
    bookingNumber: r.booking_number,
    name: r.name,
    nameKana: r.name_kana,
    age: ageOn(r.birth_date, r.date),
    phone: r.phone,
    doseNumber: r.dose_number,
    outcome: r.outcome,
    outcomeAt: r.outcome_at,
  };
}

/** The day's list in time order (then venue, then reading); venueId null: every venue. */
export function readReminderCalls(db: Database, date: string, venueId: string | null = null): ReminderCall[] {
  return cachedStatement<[{ date: string; venueId: string | null }], ReminderRecord>(
    db,
    `${reminderSelect}
      WHERE s.date = :date AND (:venueId IS NULL OR s.venue_id = :venueId) AND ${onReminderList}
      ORDER BY s.start_time, s.end_time, v.name_kana, v.name, s.venue_id, c.name_kana_key, b.booking_number`,
  )
    .all({ date, venueId })
    .map(toCall);
}

/**
 * Records the outcome of a call (null: back to not yet called) with its audit event, in one
 * transaction. Null when the booking is not on a reminder list (unknown, not by phone, cancelled).
 */
export function recordReminderOutcome(
  db: Database,
  bookingId: string,
  outcome: ReminderOutcome | null,
  staffId: string,
  now: Date = new Date(),
): ReminderCall | null {
  const run = db.transaction((): ReminderCall | null => {
    const listed = cachedStatement<[string], number>(
      db,
      `SELECT 1 FROM bookings b WHERE b.id = ? AND ${onReminderList}`,
    )
      .pluck()
      .get(bookingId);
    if (listed === undefined) return null;
    if (outcome === null) {
      cachedStatement(db, 'DELETE FROM reminder_calls WHERE booking_id = ?').run(bookingId);
    } else {
      cachedStatement(
        db,
        `INSERT INTO reminder_calls (booking_id, outcome, at, staff_id) VALUES (?, ?, ?, ?)
         ON CONFLICT (booking_id) DO UPDATE SET outcome = excluded.outcome, at = excluded.at, staff_id = excluded.staff_id`,
      ).run(bookingId, outcome, now.toISOString(), staffId);
    }
    appendAudit(
      db,
      { staffId, action: 'reminder.call', entity: 'booking', entityIds: [bookingId], detail: { outcome } },
      now,
    );
    const record = cachedStatement<[string], ReminderRecord>(db, `${reminderSelect} WHERE b.id = ?`).get(
      bookingId,
    );
    return record ? toCall(record) : null;
  });
  return run.immediate();
}
