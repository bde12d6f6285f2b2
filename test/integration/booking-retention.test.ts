/**
 * Data minimization on a real SQLite file: bookings older than the profile's window (90 days back by
 * default) leave this desktop at start and once a day, with their grid rows, history and callbacks;
 * never one whose change still waits in the outbox, nor one a kept callback points at. Only a hub's
 * copy is trimmed (the hub keeps them), and a later change of a removed booking brings its full record
 * back without trouble. The clock is moved, not waited for.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDemoCity } from '../../db/demo-load.ts';
import { closeDatabase, type Database, openDatabase } from '../../db/open-database.ts';
import { enqueueBookingStatus } from '../../db/queries/outbox.ts';
import { applyHubRows, noPendingChanges } from '../../db/queries/sync-apply.ts';
import { completeSnapshot, setSyncOrigin } from '../../db/queries/sync-state.ts';
import { addDays, todayIn } from '../../domain/calendar.ts';
import { startBookingRetention } from '../../electron/node/booking-retention.ts';
import { DeskEventBus } from '../../electron/node/desk-events.ts';
import { openDeskService } from '../../electron/node/desk-service.ts';
import { openDeskStore } from './desk-store.ts';
import { waitFor } from './sync-support.ts';

const demoDay = '2031-01-06'; // the demo city's first day: its slots run 28 days from here
const root = mkdtempSync(join(tmpdir(), 'booking-retention-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const count = (db: Database, sql: string, ...params: unknown[]) =>
  db
    .prepare(sql)
    .pluck()
    .get(...params) as number;
const bookingsBefore = (db: Database, day: string) =>
  count(db, 'SELECT count(*) FROM bookings b JOIN slots s ON s.id = b.slot_id WHERE s.date < ?', day);
const orphans = (db: Database, table: string) =>
  count(db, `SELECT count(*) FROM ${table} WHERE booking_id NOT IN (SELECT id FROM bookings)`);

/** The local copy of a hub: the demo city as if a snapshot had brought it (hub ids and views set). */
function hubCopy(db: Database, firstDay = demoDay): void {
  ensureDemoCity(db, { seed: 5, today: firstDay, couponCount: 400 });
  db.exec('UPDATE bookings SET hub_id = id, hub_status = status, hub_slot_id = slot_id');
  setSyncOrigin(db, 'https://hub.example.jp/', null);
  completeSnapshot(db, 1, new Date(`${firstDay}T00:00:00Z`));
}

const bookingDay = (db: Database, which: 'min' | 'max') =>
  db
    .prepare(`SELECT ${which}(s.date) FROM bookings b JOIN slots s ON s.id = b.slot_id`)
    .pluck()
    .get() as string;

/** The ids of `n` bookings of `day`, ordered. */
function bookingsOf(db: Database, day: string, n: number): string[] {
  return db
    .prepare(
      `SELECT b.id FROM bookings b JOIN slots s ON s.id = b.slot_id WHERE s.date = ? ORDER BY b.id LIMIT ?`,
    )
    .pluck()
    .all(day, n) as string[];
}

describe('booking retention', () => {
  const path = join(root, 'desk.sqlite');
  let db: Database;
  let clock = new Date('2031-02-01T03:00:00Z');
  const lines: string[] = [];
  let pending: string;
  let pointedAt: string;
  let removedOne: string;
  let removedTwo: string;
  let removedTwoRow: { booking_number: string; coupon_id: string; slot_id: string; created_at: string };
  /** The day of the oldest bookings (the demo city has some from before its first day). */
  let oldestDay = '';

  beforeAll(() => {
    db = openDatabase(path);
    hubCopy(db);
    oldestDay = bookingDay(db, 'min');
    [pending, pointedAt, removedOne, removedTwo] = bookingsOf(db, oldestDay, 4) as [
      string,
      string,
      string,
      string,
    ];
    removedTwoRow = db
      .prepare('SELECT booking_number, coupon_id, slot_id, created_at FROM bookings WHERE id = ?')
      .get(removedTwo) as typeof removedTwoRow;
    // A venue's mark still waiting for the hub, and a callback of the latest booking that names an old
    // booking as the one the resident was rebooked into.
    enqueueBookingStatus(
      db,
      randomUUID(),
      {
        bookingId: pending,
        status: 'checked_in',
        fromStatus: 'confirmed',
        vaccineLot: null,
        changedBy: 'op',
        changedAt: clock.toISOString(),
      },
      clock,
    );
    const [later] = bookingsOf(db, bookingDay(db, 'max'), 1);
    db.prepare(
      `INSERT INTO booking_callbacks (booking_id, kind, reject_code, mutation_id, created_at, outcome, rebooked_booking_id)
       VALUES (?, 'move_refused', 'SLOT_FULL', ?, ?, 'rebooked', ?)`,
    ).run(later, randomUUID(), clock.toISOString(), pointedAt);
    // An old booking with history and a callback of its own: both leave with it.
    db.prepare(
      `INSERT INTO booking_history (booking_id, at, action, from_status, to_status) VALUES (?, ?, 'checked_in', 'confirmed', 'checked_in')`,
    ).run(removedOne, clock.toISOString());
    db.prepare(
      `INSERT INTO booking_callbacks (booking_id, kind, previous_booking_number, mutation_id, created_at) VALUES (?, 'number_changed', 'x', ?, ?)`,
    ).run(removedOne, randomUUID(), clock.toISOString());
  });
  afterAll(() => closeDatabase(db));

  it('keeps everything within 90 days, then removes the older bookings as the days go by', async () => {
    const total = count(db, 'SELECT count(*) FROM bookings');
    const names = db.prepare('SELECT name FROM coupons LIMIT 50').pluck().all() as string[];
    const retention = startBookingRetention({
      db,
      events: new DeskEventBus(),
      keepDays: 90,
      now: () => clock,
      log: (line) => lines.push(line),
      checkEveryMs: 20,
    });
    try {
      expect(count(db, 'SELECT count(*) FROM bookings')).toBe(total);
      expect(lines).toEqual([]);

      // Ninety-four days after the oldest day: the bookings of its first four days are past the window.
      clock = new Date(`${addDays(oldestDay, 94)}T03:00:00Z`);
      const firstKept = addDays(oldestDay, 4);
      const due = bookingsBefore(db, firstKept);
      expect(due).toBeGreaterThan(10);
      await waitFor('the daily removal', () => lines.length > 0);
      expect(lines).toEqual([
        `[retention] removed ${due - 2} booking(s) of days before ${firstKept} from this desktop (the hub keeps them)`,
      ]);
      for (const name of names) expect(lines[0]).not.toContain(name);
      const left = db.prepare(
        'SELECT b.id FROM bookings b JOIN slots s ON s.id = b.slot_id WHERE s.date < ?',
      );
      expect((left.pluck().all(firstKept) as string[]).sort()).toEqual([pending, pointedAt].sort());
      expect(count(db, 'SELECT count(*) FROM bookings')).toBe(total - due + 2);
      for (const table of ['booking_grid', 'booking_history', 'booking_callbacks', 'reminder_calls'])
        expect(orphans(db, table), table).toBe(0);
      expect(count(db, 'SELECT count(*) FROM booking_grid')).toBe(total - due + 2);
      expect(count(db, 'SELECT count(*) FROM booking_history WHERE booking_id = ?', removedOne)).toBe(0);

      // The same day again: nothing more to do, nothing logged.
      expect(retention.runNow()).toBe(0);
    } finally {
      retention.stop();
    }
    // It is the file that changed.
    closeDatabase(db);
    db = openDatabase(path);
    expect(count(db, 'SELECT count(*) FROM bookings WHERE id IN (?, ?)', removedOne, removedTwo)).toBe(0);
  });

  it('takes a removed booking back when the hub sends a change of it, and removes it again the next day', () => {
    const coupon = count(db, 'SELECT count(*) FROM coupons');
    const record = {
      id: removedTwo,
      bookingNumber: removedTwoRow.booking_number,
      municipalityCode: db
        .prepare('SELECT municipality_code FROM coupons WHERE id = ?')
        .pluck()
        .get(removedTwoRow.coupon_id),
      couponId: removedTwoRow.coupon_id,
      slotId: removedTwoRow.slot_id,
      doseNumber: 1,
      channel: 'online',
      status: 'cancelled',
      contactPhone: '',
      contactEmail: '',
      notes: '',
      createdBy: null,
      mutationId: null,
      createdAt: removedTwoRow.created_at,
      updatedAt: clock.toISOString(),
      vaccineLot: null,
    };
    const event = {
      id: randomUUID(),
      bookingId: removedOne,
      municipalityCode: '000000',
      at: clock.toISOString(),
      action: 'cancelled',
      staffId: null,
      mutationId: null,
      fromStatus: 'confirmed',
      toStatus: 'cancelled',
      fromSlotId: null,
      toSlotId: null,
      reason: null,
      vaccineLot: null,
    };
    const skipped: string[] = [];
    const summary = db.transaction(() =>
      applyHubRows(
        db,
        [
          { entity: 'booking', id: removedTwo, op: 'upsert', payload: record },
          { entity: 'booking_event', id: event.id, op: 'upsert', payload: event },
          { entity: 'booking', id: removedOne, op: 'delete', payload: null },
        ],
        { pending: noPendingChanges, municipalityCode: null, onSkipped: (_e, _id, why) => skipped.push(why) },
      ),
    )();
    expect(summary).toMatchObject({ applied: 2, skipped: 1, setAside: 0 });
    expect(skipped).toEqual(['booking missing']);
    expect(db.prepare('SELECT status, hub_id FROM bookings WHERE id = ?').get(removedTwo)).toEqual({
      status: 'cancelled',
      hub_id: removedTwo,
    });
    expect(count(db, 'SELECT count(*) FROM booking_grid WHERE booking_id = ?', removedTwo)).toBe(1);
    expect(count(db, 'SELECT count(*) FROM coupons')).toBe(coupon);

    clock = new Date(clock.getTime() + 86_400_000);
    const retention = startBookingRetention({
      db,
      events: new DeskEventBus(),
      keepDays: 90,
      now: () => clock,
      log: () => {},
    });
    retention.stop();
    expect(count(db, 'SELECT count(*) FROM bookings WHERE id = ?', removedTwo)).toBe(0);
  });

  it('leaves a copy that is not a hub’s alone (the local demo city), and one whose snapshot is loading', () => {
    const local = openDatabase(join(root, 'local.sqlite'));
    ensureDemoCity(local, { seed: 5, today: demoDay, couponCount: 200 });
    const total = count(local, 'SELECT count(*) FROM bookings');
    const later = () => new Date(`${addDays(demoDay, 400)}T03:00:00Z`);
    const run = () =>
      startBookingRetention({
        db: local,
        events: new DeskEventBus(),
        keepDays: 90,
        now: later,
        log: () => {},
      });
    run().stop();
    expect(count(local, 'SELECT count(*) FROM bookings')).toBe(total);
    setSyncOrigin(local, 'https://hub.example.jp/', null); // attached, first snapshot not complete
    run().stop();
    expect(count(local, 'SELECT count(*) FROM bookings')).toBe(total);
    closeDatabase(local);
  });
});

describe('the desk profile’s window', () => {
  it('is 90 days unless --keep-bookings-days set another (remembered), applied when the desk starts', async () => {
    const dataDir = join(root, 'profile');
    const today = todayIn('Asia/Tokyo');
    // A city whose days ended 100 to 70 days ago, in a hub's copy.
    const first = await openDeskService({
      dataDir,
      empty: true,
      appVersion: 'test',
      transport: 'browser',
      syncLog: () => {},
    });
    first.close();
    const store = openDeskStore(dataDir);
    hubCopy(store, addDays(today, -100));
    const total = count(store, 'SELECT count(*) FROM bookings');
    closeDatabase(store);

    const start = async (bookingRetentionDays?: number) => {
      const lines: string[] = [];
      const service = await openDeskService({
        dataDir,
        appVersion: 'test',
        transport: 'browser',
        syncLog: (line) => lines.push(line),
        ...(bookingRetentionDays !== undefined ? { bookingRetentionDays } : {}),
      });
      const left = count(service.db, 'SELECT count(*) FROM bookings');
      service.close();
      return { left, lines: lines.filter((line) => line.startsWith('[retention]')) };
    };
    expect(await start(365)).toEqual({ left: total, lines: [] });
    expect(await start()).toEqual({ left: total, lines: [] }); // 365 remembered
    const trimmed = await start(90);
    expect(trimmed.left).toBeLessThan(total);
    expect(trimmed.lines).toHaveLength(1);
    expect(trimmed.lines[0]).toContain(`removed ${total - trimmed.left} booking(s)`);
  });
});
