/**
 * Saving a booking taken on the phone: the booking row (provisional until the hub accepts it), its
 * outbox mutation and an audit event, all in one transaction.
 */
import type { Database } from '../sqlite-driver.ts';
import { cachedStatement } from '../statement-cache.ts';
import { appendAudit } from './audit.ts';
import { bookingCreateKind, enqueueBookingCreate } from './outbox.ts';

export interface NewPhoneBooking {
  /** Client-generated UUID, created when the form opened; also the outbox mutation id. */
  id: string;
  bookingNumber: string;
  couponId: string;
  slotId: string;
  doseNumber: number;
  contactPhone: string;
  notes: string;
}

export interface SavedPhoneBooking {
  bookingId: string;
  outboxSeq: number;
}

export function insertPhoneBooking(
  db: Database,
  booking: NewPhoneBooking,
  staffId: string,
  now: Date = new Date(),
): SavedPhoneBooking {
  const save = db.transaction((): SavedPhoneBooking => {
    const at = now.toISOString();
    cachedStatement(
      db,
      `INSERT INTO bookings (id, booking_number, coupon_id, slot_id, dose_number, channel, status,
                             contact_phone, notes, created_by, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, 'phone', 'provisional', ?, ?, ?, ?, ?)`,
    ).run(
      booking.id,
      booking.bookingNumber,
      booking.couponId,
      booking.slotId,
      booking.doseNumber,
      booking.contactPhone,
      booking.notes,
      staffId,
      at,
      at,
    );
    const outboxSeq = enqueueBookingCreate(
      db,
      { ...booking, channel: 'phone', createdBy: staffId, createdAt: at },
      now,
    );
    appendAudit(
      db,
      {
        staffId,
        action: bookingCreateKind,
        entity: 'booking',
        entityIds: [booking.id],
        detail: { slotId: booking.slotId, couponId: booking.couponId, doseNumber: booking.doseNumber },
      },
      now,
    );
    return { bookingId: booking.id, outboxSeq };
  });
  return save.immediate();
}
