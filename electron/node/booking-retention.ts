/**
 * Data minimization: at start and then once a day (the first check after the date changes in Japan),
 * bookings older than the profile's retention (domain/booking-retention.ts, default 90 days back) are
 * removed from this desktop. Only from a copy of a hub's data whose first snapshot is complete: the
 * hub keeps them, and a later change of one on the hub brings its full record back (the next daily run
 * removes it again if it is still old). A booking whose change still waits in the outbox stays until
 * the hub has it. The log says how many, never which.
 */
import { removeBookingsBefore } from '../../db/queries/booking-retention.ts';
import { getMeta, metaKeys, setMeta } from '../../db/queries/meta.ts';
import { outboxEntries } from '../../db/queries/sync-outbox.ts';
import { readSyncState } from '../../db/queries/sync-state.ts';
import type { Database } from '../../db/sqlite-driver.ts';
import {
  defaultBookingRetentionDays,
  firstKeptBookingDay,
  isBookingRetentionDays,
} from '../../domain/booking-retention.ts';
import { todayIn } from '../../domain/calendar.ts';
import { japanTimeZone } from '../../domain/vocabulary/terms.ts';
import type { DeskEventBus } from './desk-events.ts';
import { pendingLocalChanges } from './sync/outbox-plan.ts';

/** How often the date is looked at. */
const defaultCheckEveryMs = 60 * 60_000;

/** The profile's retention in days: `given` (a launch option) is remembered; else the stored one, else the default. */
export function bookingRetentionDays(db: Database, given?: number): number {
  if (given !== undefined) {
    if (!isBookingRetentionDays(given)) throw new Error(`not a number of days to keep bookings: ${given}`);
    setMeta(db, metaKeys.bookingRetentionDays, String(given));
    return given;
  }
  const stored = Number(getMeta(db, metaKeys.bookingRetentionDays));
  return isBookingRetentionDays(stored) ? stored : defaultBookingRetentionDays;
}

export interface BookingRetentionOptions {
  db: Database;
  events: DeskEventBus;
  keepDays: number;
  now?: () => Date;
  /** One line per removal, with the count only. */
  log: (line: string) => void;
  checkEveryMs?: number;
}

export interface BookingRetention {
  /** Removes what is due now; answers how many bookings went. */
  runNow(): number;
  stop(): void;
}

export function startBookingRetention(options: BookingRetentionOptions): BookingRetention {
  const { db, events, keepDays, log } = options;
  const now = options.now ?? (() => new Date());
  let lastDay: string | null = null;

  const runNow = (): number => {
    const today = todayIn(japanTimeZone, now());
    lastDay = today;
    const state = readSyncState(db);
    // Data that came from nowhere else (the local demo city), or a snapshot still loading: left alone.
    if (state.origin === null || !state.ready) return 0;
    const firstKept = firstKeptBookingDay(today, keepDays);
    const removed = removeBookingsBefore(db, firstKept, pendingLocalChanges(outboxEntries(db)).bookingIds);
    if (removed > 0) {
      log(
        `[retention] removed ${removed} booking(s) of days before ${firstKept} from this desktop (the hub keeps them)`,
      );
      events.emit({ type: 'data-changed', scopes: ['bookings'] });
    }
    return removed;
  };

  const runSafely = () => {
    try {
      runNow();
    } catch (error) {
      // Tried again the next day; the class name only (a message may quote data).
      log(
        `[retention] removing old bookings failed: ${error instanceof Error ? error.constructor.name : typeof error}`,
      );
    }
  };
  runSafely();
  const timer = setInterval(() => {
    if (todayIn(japanTimeZone, now()) !== lastDay) runSafely();
  }, options.checkEveryMs ?? defaultCheckEveryMs);
  timer.unref?.();
  return { runNow, stop: () => clearInterval(timer) };
}
