/**
 * The daily vaccination list (接種予定者リスト): for a venue (or every venue) and a date or a range
 * of dates, the residents expected, slot by slot in time order, each slot's residents by reading.
 * Read slot by slot (one short query each, no statement left open), so an export of 100,000 rows
 * streams without holding them and other calls on the same connection are never blocked.
 */
import { type DailyList, type DailyListRow, dailyListStatuses } from '../../domain/api/methods/daily-list.ts';
import type { BookingChannel } from '../../domain/api/methods/overview.ts';
import type { BookingStatus } from '../../domain/booking-status.ts';
import { ageOn } from '../../domain/calendar.ts';
import type { Database } from '../sqlite-driver.ts';
import { cachedStatement } from '../statement-cache.ts';
import { getMeta, metaKeys } from './meta.ts';
import { strandedByClosureSqlList } from './slot-closures.ts';

export interface DailyListTarget {
  dateFrom: string;
  dateTo: string;
  /** null: every venue with slots in the range. */
  venueId: string | null;
}

export interface DailyListSlot {
  slotId: string;
  venueId: string;
  venueName: string;
  date: string;
  startTime: string;
  endTime: string;
  productName: string;
}

interface DailyListSlotRow {
  slot_id: string;
  venue_id: string;
  venue_name: string;
  date: string;
  start_time: string;
  end_time: string;
  product_name: string;
}

const statusList = dailyListStatuses.map((s) => `'${s}'`).join(', ');

const slotSelect = `
  SELECT s.id AS slot_id, s.venue_id, v.name AS venue_name, s.date, s.start_time, s.end_time, p.name AS product_name
    FROM slots s
    JOIN venues v ON v.id = s.venue_id
    JOIN vaccine_products p ON p.id = s.product_id`;

function toSlot(r: DailyListSlotRow): DailyListSlot {
  return {
    slotId: r.slot_id,
    venueId: r.venue_id,
    venueName: r.venue_name,
    date: r.date,
    startTime: r.start_time,
    endTime: r.end_time,
    productName: r.product_name,
  };
}

export function dailyListSlotById(db: Database, slotId: string): DailyListSlot | null {
  const record = cachedStatement<[string], DailyListSlotRow>(db, `${slotSelect} WHERE s.id = ?`).get(slotId);
  return record ? toSlot(record) : null;
}

/** The slots in the range, venue by venue (in reading order), each venue's slots in time order. */
export function dailyListSlots(db: Database, target: DailyListTarget): DailyListSlot[] {
  return cachedStatement<[DailyListTarget], DailyListSlotRow>(
    db,
    `${slotSelect}
      WHERE s.date BETWEEN :dateFrom AND :dateTo AND (:venueId IS NULL OR s.venue_id = :venueId)
      ORDER BY v.name_kana, v.name, v.id, s.date, s.start_time, s.end_time, s.id`,
  )
    .all(target)
    .map(toSlot);
}

interface RowRecord {
  booking_id: string;
  booking_number: string;
  ticket_number: string;
  name: string;
  name_kana: string;
  birth_date: string;
  sex: 'M' | 'F' | 'U';
  phone: string;
  dose_number: number;
  channel: BookingChannel;
  status: BookingStatus;
  notes: string;
  /** The slot's closure, when it strands this booking (db/migrations/008). */
  closed_at: string | null;
  called: 0 | 1;
}

/** One slot's residents, by reading; those a closed slot strands are marked. */
export function dailyListRowsOfSlot(db: Database, slot: DailyListSlot): DailyListRow[] {
  return cachedStatement<[string], RowRecord>(
    db,
    `SELECT b.id AS booking_id, b.booking_number, c.ticket_number, c.name, c.name_kana, c.birth_date, c.sex,
            CASE WHEN b.contact_phone = '' THEN c.phone ELSE b.contact_phone END AS phone,
            b.dose_number, b.channel, b.status, b.notes,
            k.closed_at,
            EXISTS (SELECT 1 FROM slot_closure_callbacks o
                     WHERE o.booking_id = b.id AND o.closed_at = k.closed_at) AS called
       FROM bookings b JOIN coupons c ON c.id = b.coupon_id
       LEFT JOIN slot_closures k ON k.slot_id = b.slot_id AND b.status IN (${strandedByClosureSqlList})
      WHERE b.slot_id = ? AND b.status IN (${statusList})
      ORDER BY c.name_kana_key, c.birth_date, b.booking_number`,
  )
    .all(slot.slotId)
    .map((r) => ({
      bookingId: r.booking_id,
      slotId: slot.slotId,
      date: slot.date,
      startTime: slot.startTime,
      endTime: slot.endTime,
      bookingNumber: r.booking_number,
      ticketNumber: r.ticket_number,
      name: r.name,
      nameKana: r.name_kana,
      birthDate: r.birth_date,
      age: ageOn(r.birth_date, slot.date),
      sex: r.sex,
      phone: r.phone,
      doseNumber: r.dose_number,
      productName: slot.productName,
      channel: r.channel,
      status: r.status,
      notes: r.notes,
      slotClosure: r.closed_at === null ? null : { closedAt: r.closed_at, called: r.called === 1 },
    }));
}

/** The whole list of one date, for the preview and the print. */
export function readDailyList(
  db: Database,
  date: string,
  venueId: string | null,
  now: Date = new Date(),
): DailyList {
  const read = db.transaction((): DailyList => {
    const venues: DailyList['venues'] = [];
    for (const slot of dailyListSlots(db, { dateFrom: date, dateTo: date, venueId })) {
      let venue = venues.at(-1);
      if (!venue || venue.venueId !== slot.venueId) {
        venue = { venueId: slot.venueId, venueName: slot.venueName, rows: [], slotTotals: [] };
        venues.push(venue);
      }
      const rows = dailyListRowsOfSlot(db, slot);
      venue.rows.push(...rows);
      venue.slotTotals.push({
        slotId: slot.slotId,
        startTime: slot.startTime,
        endTime: slot.endTime,
        count: rows.length,
      });
    }
    return {
      date,
      generatedAt: now.toISOString(),
      municipalityName: getMeta(db, metaKeys.municipalityName),
      venues,
    };
  });
  return read();
}
