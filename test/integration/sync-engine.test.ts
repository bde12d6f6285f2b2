/**
 * The sync engine's own rules, each against the real hub (PGlite, over HTTP) and real SQLite files:
 * the settings (checked by signing in, secrets sealed and never shown again), pokes driving the pulls,
 * RESNAPSHOT, a move (cancel + new booking on the hub), changes the hub does not take yet (kept,
 * never blocking), and a hub switch refused while changes for the old one wait.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { osSecretBox } from '../../electron/node/sync/secret-box.ts';
import { pruneChangeLog } from '../../server/store/change-log.ts';
import { type RunningHub, startHub } from './hub-http-support.ts';
import { createFixture, createTestDatabase, type Fixture, type TestDatabase } from './hub-support.ts';
import {
  attachDesk,
  countRows,
  type DeskCredentials,
  deskCredentials,
  localBookings,
  openTestDesk,
  outboxSize,
  type TestDesk,
  waitFor,
} from './sync-support.ts';

let hubDb: TestDatabase;
let hub: RunningHub;
let fx: Fixture;
let slotA: string;
let slotB: string;
const desks: TestDesk[] = [];

const open = async (...args: Parameters<typeof openTestDesk>) => {
  const desk = await openTestDesk(...args);
  desks.push(desk);
  return desk;
};

const idle = (desk: TestDesk) =>
  waitFor('the desktop to be up to date', () => {
    const status = desk.service.sync.status();
    return status.ready && status.state === 'idle' && status;
  });

const bookByPhone = async (desk: TestDesk, couponId: string, slotId: string): Promise<string> => {
  const mutationId = randomUUID();
  const answer = await desk.service.call('createPhoneBooking', {
    couponId,
    first: { mutationId, slotId, doseNumber: 1 },
    followUp: null,
    contactPhone: '',
    notes: '',
  });
  expect(answer).toMatchObject({ ok: true, value: { kind: 'booked' } });
  return mutationId;
};

beforeAll(async () => {
  hubDb = await createTestDatabase('pglite');
  fx = await createFixture(hubDb.sql);
  slotA = await fx.slot({ date: '2030-06-20', capacity: 50 });
  slotB = await fx.slot({ date: '2030-06-24', capacity: 50 });
  await fx.coupons(30);
  hub = await startHub(hubDb.sql);
});

afterAll(async () => {
  for (const desk of desks) desk.remove();
  await hub?.close();
  await hubDb?.drop();
});

describe('settings', () => {
  let credentials: DeskCredentials;
  beforeAll(async () => {
    credentials = await deskCredentials(hubDb.sql);
  });

  it('refused credentials are not stored; accepted ones are, and the secrets never come back out', async () => {
    const desk = await open();
    const refused = await desk.service.sync.saveSettings({
      hubUrl: hub.baseUrl,
      ...credentials,
      password: 'not the password',
    });
    expect(refused).toMatchObject({ outcome: 'credentials_refused', saved: false });
    expect(desk.service.sync.settingsView()).toBeNull();

    const missing = await desk.service.sync.saveSettings({
      hubUrl: hub.baseUrl,
      ...credentials,
      password: '',
    });
    expect(missing).toMatchObject({ outcome: 'secrets_missing', saved: false });

    const answer = await desk.service.call('saveSyncSettings', { hubUrl: hub.baseUrl, ...credentials });
    expect(answer).toMatchObject({ ok: true, value: { outcome: 'saved', saved: true } });
    const view = await desk.service.call('getSyncSettings', {});
    expect(view).toEqual({
      ok: true,
      value: {
        settings: {
          hubUrl: `${hub.baseUrl}/`,
          deviceId: credentials.deviceId,
          staffLogin: credentials.staffLogin,
          hasDeviceSecret: true,
          hasPassword: true,
          secretStorage: 'local-db',
        },
      },
    });
    expect(JSON.stringify(view)).not.toContain(credentials.deviceSecret);
    await idle(desk);

    // Stored: the next start syncs without being asked.
    const again = await open(desk.dataDir);
    desks.splice(desks.indexOf(desk), 1);
    await idle(again);
    // Changing only the login keeps the stored secrets.
    const kept = await again.service.sync.saveSettings({
      hubUrl: hub.baseUrl,
      deviceId: credentials.deviceId,
      staffLogin: credentials.staffLogin,
    });
    expect(kept.outcome).toBe('saved');
  });

  it('secrets sealed by the OS keychain are stored sealed, and unreadable without it', async () => {
    // A stand-in for safeStorage: reversible, and visibly not the plain text.
    const keychain = osSecretBox({
      encrypt: (plain) => Buffer.from([...Buffer.from(plain)].map((b) => b ^ 0x5a)),
      decrypt: (sealed) => Buffer.from([...sealed].map((b) => b ^ 0x5a)).toString(),
    });
    const first = await openTestDesk();
    first.close();
    const { openDeskService } = await import('../../electron/node/desk-service.ts');
    const withKeychain = await openDeskService({
      dataDir: first.dataDir,
      empty: true,
      appVersion: 'test',
      transport: 'electron',
      secretBox: keychain,
      syncLog: () => {},
    });
    const saved = await withKeychain.sync.saveSettings({ hubUrl: hub.baseUrl, ...credentials });
    expect(saved.outcome).toBe('saved');
    const row = withKeychain.db
      .prepare('SELECT device_secret, staff_password, secret_storage FROM sync_settings')
      .get() as {
      device_secret: string;
      staff_password: string;
      secret_storage: string;
    };
    expect(row.secret_storage).toBe('os');
    expect(row.device_secret).not.toContain(credentials.deviceSecret);
    expect(keychain.open(row.device_secret)).toBe(credentials.deviceSecret);
    expect(keychain.open(row.staff_password)).toBe(credentials.password);
    withKeychain.close();

    // Browser mode on the same profile cannot open them: it says so instead of guessing.
    const browser = await open(first.dataDir);
    const status = browser.service.sync.status();
    expect(status.state).toBe('error');
    expect(status.problem?.code).toBe('credentials_refused');
  });
});

describe('live sync', () => {
  it('pokes bring an online booking within a second, with polling slowed right down', async () => {
    const { openDeskService } = await import('../../electron/node/desk-service.ts');
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dataDir = mkdtempSync(join(tmpdir(), 'sync-pokes-'));
    const service = await openDeskService({
      dataDir,
      empty: true,
      appVersion: 'test',
      transport: 'browser',
      syncLog: () => {},
      syncTiming: { pollMinMs: 120_000, pollMaxMs: 120_000, outboxCheckMs: 100 },
    });
    try {
      await service.sync.saveSettings({ hubUrl: hub.baseUrl, ...(await deskCredentials(hubDb.sql)) });
      await waitFor('pokes', () => {
        const status = service.sync.status();
        return status.state === 'idle' && status.live === 'pokes';
      });
      const coupon = await fx.coupon();
      const started = Date.now();
      const answer = await hub.request<{ bookings: Array<{ id: string }> }>(
        'POST',
        '/api/v1/public/bookings',
        {
          body: { ticketNumber: coupon.ticketNumber, birthDate: coupon.birthDate, slotId: slotA },
          headers: { 'idempotency-key': randomUUID() },
        },
      );
      expect(answer.status).toBe(201);
      const id = answer.body.bookings![0]!.id;
      await waitFor(
        'the booking',
        () => service.db.prepare('SELECT 1 FROM bookings WHERE id = ?').get(id),
        5000,
      );
      expect(Date.now() - started).toBeLessThan(1000);
    } finally {
      service.close();
    }
  });

  it('a cursor the hub no longer keeps gets a fresh snapshot, keeping local bookings single', async () => {
    const desk = await open();
    await attachDesk(desk, hub.baseUrl, await deskCredentials(hubDb.sql));
    await idle(desk);
    const coupon = await fx.coupon();
    await waitFor('the coupon', () =>
      desk.service.db.prepare('SELECT 1 FROM coupons WHERE id = ?').get(coupon.id),
    );
    const bookingId = await bookByPhone(desk, coupon.id, slotA);
    await waitFor(
      'confirmed',
      () => localBookings(desk, 'id = ? AND status = ?', bookingId, 'confirmed').length === 1,
    );

    desk.close();
    const later = await fx.coupon();
    await pruneChangeLog(hubDb.sql, new Date('2100-01-01'));
    const reopened = await open(desk.dataDir);
    desks.splice(desks.indexOf(desk), 1);
    await waitFor('the coupon made while away', () =>
      reopened.service.db.prepare('SELECT 1 FROM coupons WHERE id = ?').get(later.id),
    );
    await idle(reopened);
    expect(reopened.logLines.some((line) => line.includes('taking a new snapshot'))).toBe(true);
    expect(localBookings(reopened, 'coupon_id = ?', coupon.id)).toMatchObject([
      { id: bookingId, status: 'confirmed' },
    ]);
    const [hubCoupons] = await hubDb.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM coupons');
    expect(countRows(reopened, 'coupons')).toBe(hubCoupons!.n);
  });
});

describe('local changes', () => {
  let a: TestDesk;
  let b: TestDesk;
  beforeAll(async () => {
    a = await open();
    b = await open();
    await attachDesk(a, hub.baseUrl, await deskCredentials(hubDb.sql));
    await attachDesk(b, hub.baseUrl, await deskCredentials(hubDb.sql));
    await idle(a);
    await idle(b);
  });

  it('a move becomes a cancel and a new booking on the hub; the desktop keeps its booking, moved', async () => {
    const coupon = await fx.coupon();
    await waitFor('the coupon', () =>
      a.service.db.prepare('SELECT 1 FROM coupons WHERE id = ?').get(coupon.id),
    );
    const bookingId = await bookByPhone(a, coupon.id, slotA);
    const [confirmed] = await waitFor('confirmed', () => {
      const rows = localBookings(a, 'id = ? AND status = ?', bookingId, 'confirmed');
      return rows.length === 1 && rows;
    });
    const moved = await a.service.call('movePhoneBooking', {
      mutationId: randomUUID(),
      bookingId,
      toSlotId: slotB,
    });
    expect(moved).toMatchObject({ ok: true, value: { kind: 'moved' } });
    const [after] = await waitFor('the move confirmed', () => {
      const rows = localBookings(a, 'id = ? AND status = ? AND slot_id = ?', bookingId, 'confirmed', slotB);
      return rows.length === 1 && rows[0]!.hub_id !== confirmed!.hub_id && rows;
    });
    const onHub = await hubDb.sql.query<{ id: string; slot_id: string; status: string }>(
      'SELECT id, slot_id, status FROM bookings WHERE coupon_id = $1 ORDER BY created_at',
      [coupon.id],
    );
    expect(onHub).toEqual([
      { id: confirmed!.hub_id, slot_id: slotA, status: 'cancelled' },
      { id: after!.hub_id, slot_id: slotB, status: 'confirmed' },
    ]);
    // One live booking on the desktop that moved it (the hub's cancelled original may show beside it).
    expect(localBookings(a, "coupon_id = ? AND status <> 'cancelled'", coupon.id).map((r) => r.id)).toEqual([
      bookingId,
    ]);
    // The other desktop mirrors the hub: the cancelled booking and the new one.
    await waitFor(
      'the move on desktop B',
      () => localBookings(b, 'coupon_id = ? AND status = ?', coupon.id, 'confirmed').length === 1,
    );
    // (Both rows may carry the same creation time, so compare them in status order.)
    const onB = localBookings(b, 'coupon_id = ?', coupon.id).map((r) => [r.slot_id, r.status]);
    expect(onB.sort((x, y) => x[1]!.localeCompare(y[1]!))).toEqual([
      [slotA, 'cancelled'],
      [slotB, 'confirmed'],
    ]);
  });

  it('a change the hub does not take yet stays queued and visible, without holding anything up', async () => {
    const coupon = await fx.coupon();
    await waitFor('the coupon', () =>
      a.service.db.prepare('SELECT 1 FROM coupons WHERE id = ?').get(coupon.id),
    );
    const bookingId = await bookByPhone(a, coupon.id, slotA);
    await waitFor(
      'confirmed',
      () => localBookings(a, 'id = ? AND status = ?', bookingId, 'confirmed').length === 1,
    );
    const marked = await a.service.call('markAttendance', {
      bookingId,
      mark: 'checked_in',
      mutationId: randomUUID(),
    });
    expect(marked.ok).toBe(true);

    // A later booking of another resident goes through past it.
    const other = await fx.coupon();
    await waitFor('the coupon', () =>
      a.service.db.prepare('SELECT 1 FROM coupons WHERE id = ?').get(other.id),
    );
    const otherId = await bookByPhone(a, other.id, slotA);
    await waitFor(
      'the later booking',
      () => localBookings(a, 'id = ? AND status = ?', otherId, 'confirmed').length === 1,
    );
    const status = await a.service.sync.syncNow();
    expect(status.outbox).toEqual({ pending: 1, retrying: 0, unsupported: 1 });
    // The hub still says confirmed; the desk keeps its check-in.
    expect(localBookings(a, 'id = ?', bookingId)[0]!.status).toBe('checked_in');
  });

  it('another hub cannot be set while changes for this one wait', async () => {
    expect(outboxSize(a)).toBeGreaterThan(0);
    const other = await a.service.sync.saveSettings({
      hubUrl: 'http://127.0.0.1:9/',
      ...(await deskCredentials(hubDb.sql)),
    });
    expect(other).toMatchObject({ outcome: 'outbox_blocks_hub_change', saved: false });
    expect(a.service.sync.settingsView()?.hubUrl).toBe(`${hub.baseUrl}/`);
  });
});
