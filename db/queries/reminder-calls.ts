/**
 * Reminder calls the day before: residents who booked by phone (they may have no smartphone for
 * the online reminder) with a booking still expecting them, by venue and time, with the last
 * call's outcome.
 */
import type { ReminderCall, ReminderOutcome } from '../../domain/api/methods/venue-day.ts';
import type { Database } from '../sqlite-driver.ts';
import { cachedStatement } from '../statement-cache.ts';
import { appendAudit } from './audit.ts';

interface ReminderRecord {
  booking_id: string;
  venue_name: string;
  start_time: string;
  booking_number: string;
  name: string;
  name_kana: string;
  phone: string;
  dose_number: number;
  outcome: ReminderOutcome | null;
}

const reminderSelect = `
  SELECT b.id AS booking_id, v.name AS venue_name, s.start_time, b.booking_number, c.name, c.name_kana,
         CASE WHEN b.contact_phone = '' THEN c.phone ELSE b.contact_phone END AS phone,
         b.dose_number, r.outcome
    FROM bookings b
    JOIN slots s ON s.id = b.slot_id
    JOIN venues v ON v.id = s.venue_id
    JOIN coupons c ON c.id = b.coupon_id
    LEFT JOIN reminder_calls r ON r.booking_id = b.id`;

function toCall(r: ReminderRecord): ReminderCall {
  return {
    bookingId: r.booking_id,
    venueName: r.venue_name,
    startTime: r.start_time,
    bookingNumber: r.booking_number,
    name: r.name,
    nameKana: r.name_kana,
    phone: r.phone,
    doseNumber: r.dose_number,
    outcome: r.outcome,
  };
}

export function readReminderCalls(db: Database, date: string): ReminderCall[] {
  return cachedStatement<[string], ReminderRecord>(
    db,
    `${reminderSelect}
      WHERE s.date = ? AND b.channel = 'phone' AND b.status IN ('provisional', 'confirmed')
      ORDER BY v.name_kana, v.name, s.start_time, c.name_kana_key`,
  )
    .all(date)
    .map(toCall);
}

export function recordReminderOutcome(
  db: Database,
  bookingId: string,
  outcome: ReminderOutcome,
  staffId: string,
  now: Date = new Date(),
): ReminderCall | null {
  const run = db.transaction((): ReminderCall | null => {
    const exists = cachedStatement<[string], number>(db, 'SELECT 1 FROM bookings WHERE id = ?')
      .pluck()
      .get(bookingId);
    if (exists === undefined) return null;
    cachedStatement(
      db,
      `INSERT INTO reminder_calls (booking_id, outcome, at, staff_id) VALUES (?, ?, ?, ?)
       ON CONFLICT (booking_id) DO UPDATE SET outcome = excluded.outcome, at = excluded.at, staff_id = excluded.staff_id`,
    ).run(bookingId, outcome, now.toISOString(), staffId);
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
