/**
 * Driving the phone desk like an operator, with every key counted: what the caller dictates
 * (ticket digits, the digits of the birth date, a booking number) apart from every other key the
 * operator presses. Plus reading the desk's SQLite file directly, to pick callers and check rows.
 */
import type { Page } from 'playwright-core';
import type { Database } from '../../db/sqlite-driver.ts';
import { addDays, daysBetween } from '../../domain/calendar.ts';
import { openDeskDatabase } from './browser-mode.ts';

export class CountedKeyboard {
  readonly page: Page;
  /** Characters the caller dictated (typed as said). */
  dictated = 0;
  /** Every other key: Enter, arrows, F-keys, the era letter and the dots of a date. */
  operatorKeys = 0;
  readonly log: string[] = [];

  constructor(page: Page) {
    this.page = page;
  }

  /** Types text as dictated: letters and digits count as dictated, anything else as operator keys. */
  async dictate(text: string): Promise<void> {
    for (const ch of text) {
      await this.page.keyboard.type(ch);
      if (/[0-9]/.test(ch)) this.dictated += 1;
      else {
        this.operatorKeys += 1;
        this.log.push(ch);
      }
    }
  }

  /** A booking number read out by the caller: all of it is dictated. */
  async dictateAll(text: string): Promise<void> {
    for (const ch of text) await this.page.keyboard.type(ch);
    this.dictated += text.length;
  }

  async press(key: string, times = 1): Promise<void> {
    for (let i = 0; i < times; i++) {
      await this.page.keyboard.press(key);
      this.operatorKeys += 1;
      this.log.push(key);
    }
  }

  reset(): void {
    this.dictated = 0;
    this.operatorKeys = 0;
    this.log.length = 0;
  }
}

/** Waits until the focused element carries `data-field` = field (or matches the predicate's selector). */
export async function waitForFocus(page: Page, selector: string): Promise<void> {
  await page.waitForFunction((s) => document.activeElement?.matches(s) === true, selector, {
    timeout: 15_000,
  });
}

/** Venue ids in grid row order, and the cell that has focus. */
export async function gridState(
  page: Page,
): Promise<{ rows: string[]; focused: { venueId: string; date: string } }> {
  return page.evaluate(() => {
    const rows = [...document.querySelectorAll('tbody tr')].map(
      (tr) => (tr.querySelector('[data-cell]') as HTMLElement | null)?.dataset.cell?.split(' ')[0] ?? '',
    );
    const cell = (document.activeElement as HTMLElement | null)?.dataset.cell ?? ' ';
    const [venueId = '', date = ''] = cell.split(' ');
    return { rows, focused: { venueId, date } };
  });
}

/** Arrow keys from the focused cell to (venue, date), counted. */
export async function moveTo(
  page: Page,
  keys: CountedKeyboard,
  venueId: string,
  date: string,
): Promise<void> {
  const { rows, focused } = await gridState(page);
  const rowDelta = rows.indexOf(venueId) - rows.indexOf(focused.venueId);
  await keys.press(rowDelta > 0 ? 'ArrowDown' : 'ArrowUp', Math.abs(rowDelta));
  const dayDelta = daysBetween(focused.date, date);
  await keys.press(dayDelta > 0 ? 'ArrowRight' : 'ArrowLeft', Math.abs(dayDelta));
  await waitForFocus(page, `[data-cell="${venueId} ${date}"]`);
}

export function openDatabase(path: string): Database {
  return openDeskDatabase(path);
}

export interface Caller {
  id: string;
  ticketNumber: string;
  birthDate: string;
}

/** A resident with nothing received or booked yet, born in the Showa era (so the date is said in era form). */
export function freshShowaCaller(databasePath: string, skip = 0): Caller {
  const db = openDatabase(databasePath);
  try {
    return db
      .prepare(
        `SELECT id, ticket_number AS ticketNumber, birth_date AS birthDate FROM coupons c
          WHERE status = 'active' AND birth_date BETWEEN '1927-01-01' AND '1955-12-31'
            AND NOT EXISTS (SELECT 1 FROM coupon_doses d WHERE d.coupon_id = c.id)
            AND NOT EXISTS (SELECT 1 FROM bookings b WHERE b.coupon_id = c.id)
          ORDER BY id LIMIT 1 OFFSET ?`,
      )
      .get(skip) as Caller;
  } finally {
    db.close();
  }
}

const seatStatuses = "('held','provisional','confirmed','checked_in','vaccinated','no_show')";

/** Phone seats left per open slot of a venue on a day, by start time. */
export function seatsLeft(databasePath: string, venueId: string, date: string): Map<string, number> {
  const db = openDatabase(databasePath);
  try {
    const rows = db
      .prepare(
        `SELECT s.start_time AS start, s.capacity - (SELECT count(*) FROM bookings b WHERE b.slot_id = s.id
                  AND b.status IN ${seatStatuses}) AS left
           FROM slots s WHERE s.venue_id = ? AND s.date = ? AND s.status = 'open' ORDER BY s.start_time`,
      )
      .all(venueId, date) as Array<{ start: string; left: number }>;
    return new Map(rows.map((r) => [r.start, r.left]));
  } finally {
    db.close();
  }
}

/**
 * The first day after today on which the venue's first free time also has a free seat `interval` days
 * later at the same time: the day the operator picks so that the proposal is "same venue, same time".
 * (Today is skipped: its early times may have started already.)
 */
export function dayWithSameTimeFollowUp(
  databasePath: string,
  venueId: string,
  today: string,
  interval: number,
) {
  for (let offset = 1; offset < 7; offset++) {
    const date = addDays(today, offset);
    const first = [...seatsLeft(databasePath, venueId, date)].find(([, left]) => left > 0);
    if (!first) continue;
    const later = seatsLeft(databasePath, venueId, addDays(date, interval)).get(first[0]) ?? 0;
    if (later > 0) return { date, startTime: first[0], followUpDate: addDays(date, interval) };
  }
  throw new Error('no day with a same-time follow-up in the demo data');
}

export function venueIdByName(databasePath: string, name: string): string {
  const db = openDatabase(databasePath);
  try {
    return db.prepare('SELECT id FROM venues WHERE name = ?').pluck().get(name) as string;
  } finally {
    db.close();
  }
}

export interface BookingRow {
  id: string;
  booking_number: string;
  slot_id: string;
  dose_number: number;
  channel: string;
  status: string;
  contact_phone: string;
  created_by: string;
  date: string;
  start_time: string;
  venue_id: string;
}

export function bookingsOf(databasePath: string, couponId: string): BookingRow[] {
  const db = openDatabase(databasePath);
  try {
    return db
      .prepare(
        `SELECT b.id, b.booking_number, b.slot_id, b.dose_number, b.channel, b.status, b.contact_phone, b.created_by,
                s.date, s.start_time, s.venue_id
           FROM bookings b JOIN slots s ON s.id = b.slot_id WHERE b.coupon_id = ? ORDER BY b.dose_number`,
      )
      .all(couponId) as BookingRow[];
  } finally {
    db.close();
  }
}

export function tableCounts(databasePath: string): { bookings: number; outbox: number } {
  const db = openDatabase(databasePath);
  try {
    return {
      bookings: db.prepare('SELECT count(*) FROM bookings').pluck().get() as number,
      outbox: db.prepare('SELECT count(*) FROM outbox').pluck().get() as number,
    };
  } finally {
    db.close();
  }
}

export function rowsWhere<T>(databasePath: string, sql: string, ...params: unknown[]): T[] {
  const db = openDatabase(databasePath);
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}
