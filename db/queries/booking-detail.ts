/** One booking as its page shows it: the grid row, the resident's coupon fields and the history. */

import type { BookingDetail, BookingHistoryEntry } from '../../domain/api/methods/bookings.ts';
import type { Database } from '../sqlite-driver.ts';
import { cachedStatement } from '../statement-cache.ts';
import { gridRowsByIds } from './booking-grid.ts';
import { readBookingHistory } from './booking-history.ts';
import { rejectionFromColumns } from './hub-rejection.ts';

interface DetailRecord {
  ticket_number: string;
  sex: 'M' | 'F' | 'U';
  address: string;
  product_name: string;
  notes: string;
  reject_code: string | null;
  reject_reasons: string;
  vaccine_lot: string | null;
}

export function getBookingDetail(db: Database, bookingId: string): BookingDetail | null {
  const read = db.transaction((): BookingDetail | null => {
    const [row] = gridRowsByIds(db, [bookingId]);
    if (!row) return null;
    const extra = cachedStatement<[string], DetailRecord>(
      db,
      `SELECT c.ticket_number, c.sex, c.address, p.name AS product_name, b.notes, b.reject_code, b.reject_reasons, b.vaccine_lot
         FROM bookings b
         JOIN coupons c ON c.id = b.coupon_id
         JOIN slots s ON s.id = b.slot_id
         JOIN vaccine_products p ON p.id = s.product_id
        WHERE b.id = ?`,
    ).get(bookingId);
    if (!extra) return null;
    const created: BookingHistoryEntry = {
      at: row.createdAt,
      by: row.createdBy
        ? { kind: 'staff', name: row.createdBy.name }
        : row.channel === 'online'
          ? { kind: 'resident' }
          : { kind: 'staff', name: null },
      action: 'created',
      fromStatus: null,
      toStatus: null,
      lotNumber: null,
      fromSlot: null,
      toSlot: null,
      reason: null,
      rejection: null,
      channel: row.channel,
    };
    const later = readBookingHistory(db, bookingId);
    return {
      ...row,
      ticketNumber: extra.ticket_number,
      sex: extra.sex,
      address: extra.address,
      productName: extra.product_name,
      notes: extra.notes,
      rejection: rejectionFromColumns(extra.reject_code, extra.reject_reasons),
      vaccineLot: extra.vaccine_lot,
      history: [created, ...later],
    };
  });
  return read();
}
