/**
 * Shared by the sync tests: desktops as the app runs them (openDeskService on a real SQLite file in
 * a temporary folder, with the sync engine on fast timings), a registered device and staff member per
 * desktop on the hub, and small helpers to wait for and read what reached a desktop's database.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { PhoneWriteContext } from '../../db/queries/phone-booking-context.ts';
import { createPhoneBookings } from '../../db/queries/phone-booking-create.ts';
import type { Database } from '../../db/sqlite-driver.ts';
import { type DeskService, openDeskService } from '../../electron/node/desk-service.ts';
import type { SyncTiming } from '../../electron/node/sync/sync-engine.ts';
import { createStaff } from '../../server/staff/create-staff.ts';
import type { HubSql } from '../../server/store/hub-sql.ts';
import { migrate } from '../../server/store/migrate.ts';
import { openPgEngine } from '../../server/store/pg-engine.ts';
import { registerDevice } from '../../server/sync/device-sessions.ts';
import type { RunningHub } from './hub-http-support.ts';
import { waitFor } from './hub-process.ts';

export const fastSyncTiming: Partial<SyncTiming> = {
  pollMinMs: 100,
  pollMaxMs: 400,
  failureBaseMs: 100,
  failureMaxMs: 800,
  refusedMaxMs: 2000,
  outboxCheckMs: 100,
};

export interface DeskCredentials {
  deviceId: string;
  deviceSecret: string;
  staffLogin: string;
  password: string;
}

/**
 * A registered device and an operator account on the hub for one desktop. Without a municipality the
 * session sees the whole hub (the hub's snapshot leaves vaccine products out of municipal sessions).
 */
export async function deskCredentials(
  sql: HubSql,
  options: { municipalityCode?: string; role?: string; name?: string; displayName?: string } = {},
): Promise<DeskCredentials> {
  const device = await registerDevice(sql, {
    name: options.name ?? 'テスト端末',
    municipalityCode: options.municipalityCode ?? null,
  });
  const staffLogin = `op-${randomUUID().slice(0, 8)}`;
  const password = 'operator password 1';
  // Venue staff work at every venue there is now (of their municipality, when they have one).
  const venues =
    options.role === 'venue_staff'
      ? await sql.query<{ id: string }>(
          'SELECT id FROM venues WHERE $1::text IS NULL OR municipality_code = $1',
          [options.municipalityCode ?? null],
        )
      : [];
  await createStaff(sql, {
    login: staffLogin,
    role: options.role ?? 'operator',
    password,
    venueIds: venues.map((v) => v.id),
    ...(options.municipalityCode ? { municipalityCode: options.municipalityCode } : {}),
    ...(options.displayName ? { displayName: options.displayName } : {}),
  });
  return { deviceId: device.id, deviceSecret: device.secret, staffLogin, password };
}

export interface TestDesk {
  readonly dataDir: string;
  service: DeskService;
  logLines: string[];
  /** Closes the desktop as the app does on quit (sync stops, database closed). */
  close(): void;
  /** Opens the same data folder again, like a restart of the app. */
  reopen(): Promise<TestDesk>;
  /** Removes the data folder (after close). */
  remove(): void;
}

export async function openTestDesk(dataDir = mkdtempSync(join(tmpdir(), 'sync-desk-'))): Promise<TestDesk> {
  const logLines: string[] = [];
  const service = await openDeskService({
    dataDir,
    empty: true,
    appVersion: 'test',
    transport: 'browser',
    syncLog: (line) => logLines.push(line),
    syncTiming: fastSyncTiming,
  });
  let closed = false;
  const desk: TestDesk = {
    dataDir,
    service,
    logLines,
    close() {
      if (closed) return;
      closed = true;
      service.close();
    },
    async reopen() {
      desk.close();
      return openTestDesk(dataDir);
    },
    remove() {
      desk.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return desk;
}

export async function attachDesk(
  desk: TestDesk,
  hubUrl: string,
  credentials: DeskCredentials,
): Promise<void> {
  const result = await desk.service.sync.saveSettings({ hubUrl, ...credentials });
  if (!result.saved || result.outcome !== 'saved') throw new Error(`settings not saved: ${result.outcome}`);
}

/** Waits until the desktop has its first snapshot and a sync round has ended well; answers the status. */
export const deskUpToDate = (desk: TestDesk) =>
  waitFor('the desktop to be up to date', () => {
    const status = desk.service.sync.status();
    return status.ready && status.state === 'idle' && status;
  });

/** A resident books online through the hub's public API (201 expected); the booking as answered. */
export async function bookOnline(
  hub: RunningHub,
  coupon: { ticketNumber: string; birthDate: string },
  slotId: string,
): Promise<{ id: string; bookingNumber: string }> {
  const answer = await hub.request<{ bookings: Array<{ id: string; bookingNumber: string }> }>(
    'POST',
    '/api/v1/public/bookings',
    {
      body: { ticketNumber: coupon.ticketNumber, birthDate: coupon.birthDate, slotId },
      headers: { 'idempotency-key': randomUUID() },
    },
  );
  if (answer.status !== 201) throw new Error(`online booking refused: ${answer.status}`);
  return answer.body.bookings![0]!;
}

/** Polls `probe` until it answers something truthy; fails with `what` after the timeout. */
/** A dose 1 phone booking written straight into a desktop's database (as while that desktop is closed). */
export function bookDoseOne(
  db: Database,
  context: PhoneWriteContext,
  booking: { couponId: string; bookingId: string; slotId: string },
): void {
  const result = createPhoneBookings(
    db,
    {
      couponId: booking.couponId,
      first: { mutationId: booking.bookingId, slotId: booking.slotId, doseNumber: 1 },
      followUp: null,
      contactPhone: '',
      notes: '',
      overrideDuplicate: false,
    },
    context,
  );
  if (result.kind !== 'booked') throw new Error(`test booking refused: ${result.kind}`);
}

export { waitFor } from './hub-process.ts';

export interface LocalBookingRow {
  id: string;
  booking_number: string;
  coupon_id: string;
  slot_id: string;
  dose_number: number;
  channel: string;
  status: string;
  reject_code: string | null;
  hub_id: string | null;
}

export function localBookings(desk: TestDesk, where = '1 = 1', ...params: unknown[]): LocalBookingRow[] {
  return desk.service.db
    .prepare(
      `SELECT id, booking_number, coupon_id, slot_id, dose_number, channel, status, reject_code, hub_id
         FROM bookings WHERE ${where} ORDER BY created_at, id`,
    )
    .all(...params) as LocalBookingRow[];
}

export function countRows(desk: TestDesk, table: string): number {
  return desk.service.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
}

export function outboxSize(desk: TestDesk): number {
  return countRows(desk, 'outbox');
}

export { freePort, type HubProcess, hubProcess } from './hub-process.ts';

export interface PgTestDatabase {
  url: string;
  sql: HubSql;
  drop(): Promise<void>;
}

/** A migrated PostgreSQL database of its own (HUB_TEST_PG_URL names the server, like the hub's tests). */
export async function createPgTestDatabase(): Promise<PgTestDatabase> {
  const adminUrl = process.env.HUB_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const name = `sync_test_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const sql = await openPgEngine(url.toString(), { maxConnections: 4 });
  await migrate(sql);
  return {
    url: url.toString(),
    sql,
    async drop() {
      await sql.close();
      const again = new pg.Client({ connectionString: adminUrl });
      await again.connect();
      await again.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await again.end();
    },
  };
}
