/**
 * Finding a caller's coupon: by ticket number (typed or from the OCR line), by reading and birth
 * date, by phone number, or through a booking number. The lookups return no birth date: the desk
 * checks the date the caller says with couponBirthDateMatches(), which answers yes or no.
 */
import type { CallerCandidate } from '../../domain/api/contract.ts';
import type { CouponStatus } from '../../domain/vocabulary/index.ts';
import type { Database } from '../sqlite-driver.ts';
import { cachedStatement } from '../statement-cache.ts';

interface CandidateRow {
  id: string;
  name: string;
  name_kana: string;
  ticket_number: string;
  status: CouponStatus;
}

const candidateColumns = 'id, name, name_kana, ticket_number, status';

/** A coupon found, before the desk adds what it counts itself (wrong birth dates). */
export type FoundCoupon = Omit<CallerCandidate, 'failedBirthDates'>;

const toCandidate = (row: CandidateRow, bookingId: string | null = null): FoundCoupon => ({
  couponId: row.id,
  name: row.name,
  nameKana: row.name_kana,
  ticketNumber: row.ticket_number,
  couponStatus: row.status,
  bookingId,
});

export interface CandidateList {
  candidates: FoundCoupon[];
  truncated: boolean;
}

/** Most matches a search returns; more means the search is too broad to read out on the phone. */
export const candidateLimit = 20;

function limited(rows: CandidateRow[]): CandidateList {
  return {
    candidates: rows.slice(0, candidateLimit).map((row) => toCandidate(row)),
    truncated: rows.length > candidateLimit,
  };
}

/**
 * A 10-digit ticket number. Ticket numbers are unique per municipality; a local store normally holds
 * one municipality, but when the code is known (OCR line) it is part of the lookup.
 */
export function couponsByTicket(
  db: Database,
  ticketNumber: string,
  municipalityCode: string | null,
): CandidateList {
  const rows =
    municipalityCode === null
      ? cachedStatement<[string, number], CandidateRow>(
          db,
          `SELECT ${candidateColumns} FROM coupons WHERE ticket_number = ? ORDER BY municipality_code LIMIT ?`,
        ).all(ticketNumber, candidateLimit + 1)
      : cachedStatement<[string, string], CandidateRow>(
          db,
          `SELECT ${candidateColumns} FROM coupons WHERE municipality_code = ? AND ticket_number = ?`,
        ).all(municipalityCode, ticketNumber);
  return limited(rows);
}

/**
 * Reading key (domain/kana.ts readingKey) from its start, so the family name alone is enough, and the
 * exact birth date.
 */
export function couponsByReading(db: Database, readingKeyPrefix: string, birthDate: string): CandidateList {
  // Readings are kana (BMP), so every key starting with the prefix sorts below prefix + U+FFFF.
  const rows = cachedStatement<[string, string, string, number], CandidateRow>(
    db,
    `SELECT ${candidateColumns} FROM coupons
      WHERE name_kana_key >= ? AND name_kana_key < ? AND birth_date = ?
      ORDER BY name_kana_key, id LIMIT ?`,
  ).all(readingKeyPrefix, `${readingKeyPrefix}\uFFFF`, birthDate, candidateLimit + 1);
  return limited(rows);
}

/** Digits only (domain/phone.ts phoneKey). A household often shares one number. */
export function couponsByPhone(db: Database, phoneDigits: string): CandidateList {
  const rows = cachedStatement<[string, number], CandidateRow>(
    db,
    `SELECT ${candidateColumns} FROM coupons WHERE phone_key = ? ORDER BY name_kana_key, id LIMIT ?`,
  ).all(phoneDigits, candidateLimit + 1);
  return limited(rows);
}

/** The coupon a booking number belongs to (compact form, 'K7XH3PRW'). */
export function couponByBookingNumber(db: Database, bookingNumber: string): CandidateList {
  const row = cachedStatement<[string], CandidateRow & { booking_id: string }>(
    db,
    `SELECT c.id, c.name, c.name_kana, c.ticket_number, c.status, b.id AS booking_id
       FROM bookings b JOIN coupons c ON c.id = b.coupon_id WHERE b.booking_number = ?`,
  ).get(bookingNumber);
  return { candidates: row ? [toCandidate(row, row.booking_id)] : [], truncated: false };
}

/** Whether the stored birth date is `birthDate`; null when there is no such coupon. */
export function couponBirthDateMatches(db: Database, couponId: string, birthDate: string): boolean | null {
  const row = cachedStatement<[string], { birth_date: string }>(
    db,
    'SELECT birth_date FROM coupons WHERE id = ?',
  ).get(couponId);
  return row ? row.birth_date === birthDate : null;
}

export interface CouponForRules {
  id: string;
  name: string;
  nameKana: string;
  ticketNumber: string;
  status: CouponStatus;
  birthDate: string;
  phone: string;
}

/** The coupon with what the booking rules need (birth date included: for the rules, never for display). */
export function couponForRules(db: Database, couponId: string): CouponForRules | null {
  const row = cachedStatement<[string], CandidateRow & { birth_date: string; phone: string }>(
    db,
    `SELECT ${candidateColumns}, birth_date, phone FROM coupons WHERE id = ?`,
  ).get(couponId);
  if (!row) return null;
  return {
    id: row.id,
    name: row.name,
    nameKana: row.name_kana,
    ticketNumber: row.ticket_number,
    status: row.status,
    birthDate: row.birth_date,
    phone: row.phone,
  };
}
