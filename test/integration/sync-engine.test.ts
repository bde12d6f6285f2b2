/**
 * The sync engine's own rules, each against the real hub (PGlite, over HTTP) and real SQLite files:
 * the settings (checked by signing in, secrets sealed and never shown again), pokes driving the pulls,
 * RESNAPSHOT, the booking number read to the caller kept by the hub (or changed, as a callback task),
 * a move as one atomic change on the hub (and a refused one: the old seat kept, a callback task), the
 * venue's marks and walk-ins reaching the hub and the other desktop, changes of a kind the hub does not
 * take (kept, never blocking), and a hub switch refused while changes for the old one wait.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/open-database.ts';
import { cancelPhoneBooking } from '../../db/queries/phone-booking-cancel.ts';
import type { PhoneWriteContext } from '../../db/queries/phone-booking-context.ts';
import { movePhoneBooking } from '../../db/queries/phone-booking-move.ts';
import { holdClockGraceSeconds, slotAvailability } from '../../db/queries/phone-slot-availability.ts';
import { outboxEntries } from '../../db/queries/sync-outbox.ts';
import { abandonSnapshot } from '../../db/queries/sync-state.ts';
import { StoreKeyUnavailableError } from '../../db/store-errors.ts';
import type { CallbackTask } from '../../domain/api/contract.ts';
import { todayIn } from '../../domain/calendar.ts';
import type { LoginResponse, Mutation, MutationResult } from '../../domain/hub-api/sync-api.ts';
import { planEntry } from '../../electron/node/sync/outbox-plan.ts';
import { osSecretBox } from '../../electron/node/sync/secret-box.ts';
import { pruneChangeLog } from '../../server/store/change-log.ts';
import { openDeskStore } from './desk-store.ts';
import { type RunningHub, startHub } from './hub-http-support.ts';
import { protocolHeaders, signInStaff } from './hub-staff-support.ts';
import { createFixture, createTestDatabase, type Fixture, type TestDatabase } from './hub-support.ts';
import {
  attachDesk,
  bookDoseOne,
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

    // Browser mode on the same profile cannot open them: the start with the keychain sealed the
    // store's key as well, so browser mode stops at once and says why instead of guessing.
    const refused = await openTestDesk(first.dataDir).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(StoreKeyUnavailableError);
    expect((refused as StoreKeyUnavailableError).reason).toBe('sealed-by-os');
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

  it('is in its first sync while attached to a hub it has nothing from yet', async () => {
    const desk = await open();
    expect(desk.service.sync.status().firstSync).toBe(false);
    // A hub that does not answer (no sign-in is spent on the test hub: it limits them).
    const away = await desk.service.sync.saveSettings({
      hubUrl: 'http://127.0.0.1:9/',
      deviceId: randomUUID(),
      deviceSecret: 'a device secret of sixteen',
      staffLogin: 'someone',
      password: 'some password',
    });
    expect(away).toMatchObject({ outcome: 'unreachable', saved: true });
    await waitFor('offline', () => desk.service.sync.status().state === 'offline');
    expect(desk.service.sync.status()).toMatchObject({ firstSync: true, ready: false });
    desk.remove();
    desks.splice(desks.indexOf(desk), 1);
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

    // A hold whose tombstone this desk never got (the hub let it go while the desk was away).
    const missedHold = randomUUID();
    desk.service.db
      .prepare('INSERT INTO hub_holds (id, slot_id, device_id, expires_at) VALUES (?, ?, NULL, ?)')
      .run(missedHold, slotA, new Date(Date.now() + 60_000).toISOString());
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
    expect(
      reopened.service.db.prepare('SELECT 1 FROM hub_holds WHERE id = ?').get(missedHold),
    ).toBeUndefined();
    // A resnapshot is not a first sync: the data it replaces is there, and the screens keep showing it.
    reopened.service.db.transaction(() => abandonSnapshot(reopened.service.db)).immediate();
    expect(reopened.service.sync.status()).toMatchObject({ firstSync: false, ready: false });
  });
});

describe('local changes', () => {
  let a: TestDesk;
  let b: TestDesk;
  let credentialsOfA: DeskCredentials;
  beforeAll(async () => {
    a = await open();
    b = await open();
    // Managers: they take phone bookings and mark at the venue, so every change here is theirs to push.
    credentialsOfA = await deskCredentials(hubDb.sql, { role: 'manager' });
    await attachDesk(a, hub.baseUrl, credentialsOfA);
    await attachDesk(b, hub.baseUrl, await deskCredentials(hubDb.sql, { role: 'manager' }));
    await idle(a);
    await idle(b);
  });

  const couponOnBoth = async () => {
    const coupon = await fx.coupon();
    await waitFor('the coupon on both desktops', () =>
      [a, b].every((desk) => desk.service.db.prepare('SELECT 1 FROM coupons WHERE id = ?').get(coupon.id)),
    );
    return coupon;
  };
  const confirmedOn = (desk: TestDesk, bookingId: string) =>
    waitFor('confirmed', () => {
      const [row] = localBookings(desk, 'id = ? AND status = ?', bookingId, 'confirmed');
      return row;
    });
  const hubBookingsOf = (couponId: string) =>
    hubDb.sql.query<{
      id: string;
      booking_number: string;
      slot_id: string;
      status: string;
      channel: string;
      vaccine_lot: string | null;
    }>(
      'SELECT id, booking_number, slot_id, status, channel, vaccine_lot FROM bookings WHERE coupon_id = $1',
      [couponId],
    );
  const seats = async (slotId: string) => {
    const [row] = await hubDb.sql.query<{ n: number }>(
      'SELECT booked_online + booked_phone + booked_walk_in AS n FROM slots WHERE id = $1',
      [slotId],
    );
    return row!.n;
  };
  const tasksOf = async (desk: TestDesk): Promise<CallbackTask[]> => {
    const answer = await desk.service.call('listCallbackTasks', {});
    expect(answer.ok).toBe(true);
    return (answer as { value: { tasks: CallbackTask[] } }).value.tasks;
  };
  /** Desktop A is closed while `write` changes its database as the phone desk would; then it starts again. */
  const whileAIsClosed = async (write: (db: Database, context: PhoneWriteContext) => void) => {
    const dataDir = a.dataDir;
    a.close();
    desks.splice(desks.indexOf(a), 1);
    const db = openDeskStore(dataDir);
    try {
      write(db, {
        staffId: 'demo-manager',
        role: 'manager',
        now: new Date(),
        today: todayIn('Asia/Tokyo'),
      });
    } finally {
      db.close();
    }
    return async () => {
      a = await open(dataDir);
    };
  };

  /** A walk-in for dose 1 recorded at the venue on desktop A; answers its booking id. */
  const walkInOnA = async (couponId: string, slotId: string): Promise<string> => {
    const mutationId = randomUUID();
    const walkIn = await a.service.call('createWalkIn', { slotId, couponId, doseNumber: 1, mutationId });
    expect(walkIn.ok).toBe(true);
    return mutationId;
  };

  it('the hub keeps the booking number read to the caller, and the desktop’s booking id', async () => {
    const coupon = await couponOnBoth();
    const bookingId = await bookByPhone(a, coupon.id, slotA);
    const [provisional] = localBookings(a, 'id = ?', bookingId);
    const confirmed = await confirmedOn(a, bookingId);
    expect(confirmed.booking_number).toBe(provisional!.booking_number);
    expect(confirmed.hub_id).toBe(bookingId);
    expect(await hubBookingsOf(coupon.id)).toMatchObject([
      { id: bookingId, booking_number: provisional!.booking_number, status: 'confirmed' },
    ]);
    const [onB] = await waitFor('the booking on desktop B', () => {
      const rows = localBookings(b, 'id = ?', bookingId);
      return rows.length === 1 && rows;
    });
    expect(onB!.booking_number).toBe(provisional!.booking_number);
  });

  it('a number another booking took on the hub meanwhile is replaced, and the resident is called back', async () => {
    const [coupon, other] = [await couponOnBoth(), await couponOnBoth()];
    let bookingId = '';
    let told = '';
    const reopen = await whileAIsClosed((db, context) => {
      bookingId = randomUUID();
      bookDoseOne(db, context, { couponId: coupon.id, bookingId, slotId: slotA });
      told = db.prepare('SELECT booking_number FROM bookings WHERE id = ?').pluck().get(bookingId) as string;
    });
    // Another desktop's booking reaches the hub first with the very same number.
    const elsewhere = await signInStaff(hub, hubDb.sql, 'operator');
    const taken = await hub.request<{ results: MutationResult[] }>('POST', '/api/v1/sync/push', {
      body: {
        mutations: [
          {
            mutationId: randomUUID(),
            kind: 'book',
            payload: {
              couponId: other.id,
              slotId: slotA,
              doseNumber: 1,
              channel: 'phone',
              bookingId: randomUUID(),
              bookingNumber: told,
            },
          },
        ],
      },
      headers: elsewhere.headers,
    });
    expect(taken.body.results?.[0]?.status).toBe('ok');
    await reopen();

    const confirmed = await confirmedOn(a, bookingId);
    const [onHub] = await hubBookingsOf(coupon.id);
    expect(confirmed.booking_number).not.toBe(told);
    expect(confirmed.booking_number).toBe(onHub!.booking_number);
    expect(onHub!.id).toBe(bookingId);
    const tasks = await tasksOf(a);
    expect(tasks.filter((t) => t.booking.bookingId === bookingId)).toMatchObject([
      {
        kind: 'number_changed',
        previousBookingNumber: told,
        booking: { bookingNumber: confirmed.booking_number, status: 'confirmed' },
      },
    ]);
    const closed = await a.service.call('recordCallbackOutcome', {
      bookingId,
      outcome: 'informed',
      rebookedBookingId: null,
    });
    expect(closed).toEqual({ ok: true, value: { recorded: true } });
    // Told once is done: a second outcome finds no open task.
    expect(
      await a.service.call('recordCallbackOutcome', {
        bookingId,
        outcome: 'no_answer',
        rebookedBookingId: null,
      }),
    ).toEqual({ ok: true, value: { recorded: false } });
    expect((await tasksOf(a)).some((t) => t.booking.bookingId === bookingId)).toBe(false);
  });

  it('a move is one change on the hub: the same booking and number, in the new slot; desktop B follows', async () => {
    const coupon = await couponOnBoth();
    const bookingId = await bookByPhone(a, coupon.id, slotA);
    const confirmed = await confirmedOn(a, bookingId);
    const seatsBefore = { a: await seats(slotA), b: await seats(slotB) };
    const moved = await a.service.call('movePhoneBooking', {
      mutationId: randomUUID(),
      bookingId,
      toSlotId: slotB,
    });
    expect(moved).toMatchObject({ ok: true, value: { kind: 'moved' } });
    await waitFor(
      'the move confirmed',
      () =>
        localBookings(a, 'id = ? AND status = ? AND slot_id = ?', bookingId, 'confirmed', slotB).length === 1,
    );
    expect(await hubBookingsOf(coupon.id)).toMatchObject([
      { id: bookingId, booking_number: confirmed.booking_number, slot_id: slotB, status: 'confirmed' },
    ]);
    expect({ a: await seats(slotA), b: await seats(slotB) }).toEqual({
      a: seatsBefore.a - 1,
      b: seatsBefore.b + 1,
    });
    expect(localBookings(a, 'coupon_id = ?', coupon.id)).toHaveLength(1);
    await waitFor(
      'the move on desktop B',
      () => localBookings(b, 'id = ? AND slot_id = ?', bookingId, slotB).length === 1,
    );
    expect(localBookings(b, 'coupon_id = ?', coupon.id)).toMatchObject([
      { id: bookingId, booking_number: confirmed.booking_number, status: 'confirmed' },
    ]);
    expect(outboxSize(a)).toBe(0);
  });

  it('a move the hub refuses (the new slot filled up) leaves the booking in its old seat, as a callback task', async () => {
    const tight = await fx.slot({ date: '2030-06-26', capacity: 1 });
    const [coupon, online] = [await couponOnBoth(), await couponOnBoth()];
    await waitFor('the new slot on desktop A', () =>
      a.service.db.prepare('SELECT 1 FROM slots WHERE id = ?').get(tight),
    );
    const bookingId = await bookByPhone(a, coupon.id, slotA);
    const confirmed = await confirmedOn(a, bookingId);
    const moveId = randomUUID();
    const reopen = await whileAIsClosed((db, context) => {
      const result = movePhoneBooking(db, { mutationId: moveId, bookingId, toSlotId: tight }, context);
      expect(result.kind).toBe('moved');
    });
    // Meanwhile a resident takes the last seat online.
    const taken = await hub.request('POST', '/api/v1/public/bookings', {
      body: { ticketNumber: online.ticketNumber, birthDate: online.birthDate, slotId: tight },
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(taken.status).toBe(201);
    const seatsBefore = { a: await seats(slotA), tight: await seats(tight) };
    await reopen();

    await waitFor('the refusal', () => a.service.sync.status().failures.some((f) => f.mutationId === moveId));
    await waitFor('an empty outbox', () => outboxSize(a) === 0);
    expect(localBookings(a, 'id = ?', bookingId)).toMatchObject([
      { slot_id: slotA, status: 'confirmed', booking_number: confirmed.booking_number },
    ]);
    expect(a.service.sync.status().failures.find((f) => f.mutationId === moveId)).toMatchObject({
      kind: 'booking.move',
      code: 'SLOT_FULL',
      bookingId,
    });
    const [task] = (await tasksOf(a)).filter((t) => t.booking.bookingId === bookingId);
    expect(task).toMatchObject({
      kind: 'move_refused',
      booking: { slotId: slotA, status: 'confirmed', rejection: { code: 'SLOT_FULL', reasons: [] } },
    });
    // The hub changed nothing: the booking and both slots are as they were.
    expect(await hubBookingsOf(coupon.id)).toMatchObject([
      { id: bookingId, slot_id: slotA, status: 'confirmed' },
    ]);
    expect({ a: await seats(slotA), tight: await seats(tight) }).toEqual(seatsBefore);
  });

  it('a phone booking taken offline that reaches the hub after its slot began is refused SLOT_STARTED, as a callback task', async () => {
    // The hub's clock stands at 2030-06-01 09:00 in Japan: this slot began half an hour ago there.
    const begun = await fx.slot({ date: '2030-06-01', startTime: '08:30', endTime: '09:00', capacity: 5 });
    const coupon = await couponOnBoth();
    await waitFor('the slot on desktop A', () =>
      a.service.db.prepare('SELECT 1 FROM slots WHERE id = ?').get(begun),
    );
    const bookingId = randomUUID();
    // Taken while the desk was offline, before the slot began by the desk's clock.
    const reopen = await whileAIsClosed((db, context) => {
      bookDoseOne(db, context, { couponId: coupon.id, bookingId, slotId: begun });
    });
    await reopen();

    const rejected = await waitFor('the refusal', () => {
      const [row] = localBookings(a, 'id = ?', bookingId);
      return row?.status === 'rejected' && row;
    });
    expect(rejected.reject_code).toBe('SLOT_STARTED');
    const [task] = (await tasksOf(a)).filter((t) => t.booking.bookingId === bookingId);
    expect(task).toMatchObject({
      kind: 'booking_rejected',
      booking: { rejection: { code: 'SLOT_STARTED', reasons: [] } },
    });
    expect(await hubBookingsOf(coupon.id)).toEqual([]);
    expect(await seats(begun)).toBe(0);
  });

  it("the venue's marks reach the hub, and the other desktop mirrors them, lot included", async () => {
    const coupon = await couponOnBoth();
    const bookingId = await bookByPhone(a, coupon.id, slotA);
    await confirmedOn(a, bookingId);
    const mark = (input: Record<string, unknown>) =>
      a.service.call('markAttendance', { bookingId, mutationId: randomUUID(), ...input });
    expect((await mark({ mark: 'checked_in' })).ok).toBe(true);
    expect((await mark({ mark: 'vaccinated', lotNumber: 'FA-7788' })).ok).toBe(true);
    await waitFor('the marks on the hub', async () => {
      const [row] = await hubBookingsOf(coupon.id);
      return row?.status === 'vaccinated' && row;
    });
    expect((await hubBookingsOf(coupon.id))[0]!.vaccine_lot).toBe('FA-7788');
    const onB = () =>
      b.service.db.prepare('SELECT status, vaccine_lot FROM bookings WHERE id = ?').get(bookingId) as
        | { status: string; vaccine_lot: string | null }
        | undefined;
    await waitFor('the marks on desktop B', () => onB()?.status === 'vaccinated');
    expect(onB()).toEqual({ status: 'vaccinated', vaccine_lot: 'FA-7788' });

    // Undone on A (a wrong row marked): back to checked in everywhere, without the lot.
    const undone = await a.service.call('undoAttendance', { bookingId, mutationId: randomUUID() });
    expect(undone.ok).toBe(true);
    await waitFor('the undo on desktop B', () => onB()?.status === 'checked_in');
    expect(onB()).toEqual({ status: 'checked_in', vaccine_lot: null });
    expect((await hubBookingsOf(coupon.id))[0]).toMatchObject({ status: 'checked_in', vaccine_lot: null });
    const status = await a.service.sync.syncNow();
    expect(status.outbox).toEqual({ pending: 0, retrying: 0, unsupported: 0 });
    expect(localBookings(a, 'id = ?', bookingId)[0]!.status).toBe('checked_in');
  });

  it('a walk-in reaches the hub with the venue’s id and number, checked in', async () => {
    const coupon = await couponOnBoth();
    const mutationId = await walkInOnA(coupon.id, slotA);
    const [local] = localBookings(a, 'id = ?', mutationId);
    expect(local).toMatchObject({ channel: 'walk_in', status: 'checked_in' });
    await waitFor('the walk-in on the hub, checked in', async () => {
      const [row] = await hubBookingsOf(coupon.id);
      return row?.status === 'checked_in';
    });
    expect(await hubBookingsOf(coupon.id)).toMatchObject([
      { id: mutationId, booking_number: local!.booking_number, channel: 'walk_in', status: 'checked_in' },
    ]);
    await waitFor(
      'the walk-in on desktop B',
      () => localBookings(b, 'id = ? AND status = ?', mutationId, 'checked_in').length === 1,
    );
    await waitFor('an empty outbox', () => outboxSize(a) === 0);
    expect(localBookings(a, 'id = ?', mutationId)[0]).toMatchObject({
      status: 'checked_in',
      hub_id: mutationId,
    });
  });

  it("a seat another desktop holds counts as taken here; this desktop's own holds and run-out ones do not", async () => {
    const slot = await fx.slot({ date: '2030-06-27', capacity: 3 });
    await waitFor('the slot on both desktops', () =>
      [a, b].every((desk) => slotAvailability(desk.service.db, slot)),
    );
    const heldOn = (desk: TestDesk) => slotAvailability(desk.service.db, slot)!.held;
    const holdId = randomUUID();
    expect(await a.service.sync.holdSeat(holdId, slot)).toMatchObject({ kind: 'held' });
    await waitFor('the hold on desktop B', () => heldOn(b) === 1);
    await waitFor('the hold mirrored on desktop A', () =>
      a.service.db.prepare('SELECT 1 FROM hub_holds WHERE id = ?').get(holdId),
    );
    expect(heldOn(a)).toBe(0);
    // A device id kept in capitals (settings saved before they were stored in lower case) is still this desk's.
    a.service.db.prepare('UPDATE sync_state SET device_id = upper(device_id) WHERE id = 1').run();
    expect(heldOn(a)).toBe(0);

    // The hub is the clock (its tombstone ends a hold): a desk clock a little ahead changes nothing,
    // but a hold long past its time (a tombstone missed) stops counting.
    const expiresIn = (ms: number) =>
      b.service.db
        .prepare('UPDATE hub_holds SET expires_at = ? WHERE id = ?')
        .run(new Date(Date.now() + ms).toISOString(), holdId);
    expiresIn(-60_000);
    expect(heldOn(b)).toBe(1);
    expiresIn(-(holdClockGraceSeconds + 5) * 1000);
    expect(heldOn(b)).toBe(0);
    expiresIn(60_000);
    expect(heldOn(b)).toBe(1);

    expect(await a.service.sync.releaseHold(holdId)).toBe(true);
    await waitFor('the release on desktop B', () => heldOn(b) === 0);
    await waitFor(
      'the release on desktop A',
      () => !a.service.db.prepare('SELECT 1 FROM hub_holds WHERE id = ?').get(holdId),
    );
  });

  it('a change the hub could not apply for now is sent again when it is due, with pokes live and no poll to wait for', async () => {
    const coupon = await couponOnBoth();
    await waitFor('pokes live on desktop A', () => a.service.sync.status().live === 'pokes');
    // The hub's store fails this resident's insert (not a rule: the hub answers `retry`) until the trigger goes.
    await hubDb.sql.query(`CREATE FUNCTION fail_for_test() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.coupon_id = '${coupon.id}' THEN RAISE EXCEPTION 'store unavailable for this test'; END IF;
        RETURN NEW;
      END $$`);
    await hubDb.sql.query(
      'CREATE TRIGGER fail_for_test BEFORE INSERT ON bookings FOR EACH ROW EXECUTE FUNCTION fail_for_test()',
    );
    try {
      await bookByPhone(a, coupon.id, slotA);
      await waitFor('the hub to answer retry', () =>
        a.service.db.prepare('SELECT 1 FROM outbox WHERE attempts > 0 AND next_attempt_at IS NOT NULL').get(),
      );
    } finally {
      await hubDb.sql.query('DROP TRIGGER fail_for_test ON bookings');
      await hubDb.sql.query('DROP FUNCTION fail_for_test()');
    }
    // Nothing pokes and the safety pull is minutes away: the loop itself wakes when the entry is due.
    const [waiting] = localBookings(a, 'coupon_id = ?', coupon.id);
    expect(waiting!.status).toBe('provisional');
    await waitFor(
      'the retried booking confirmed',
      () => localBookings(a, 'id = ? AND status = ?', waiting!.id, 'confirmed')[0],
      10_000,
    );
    expect(await hubBookingsOf(coupon.id)).toMatchObject([{ id: waiting!.id, status: 'confirmed' }]);
    expect(outboxSize(a)).toBe(0);
  });

  it('a booking cancelled after its push reached the hub, the answer lost, is cancelled on the hub too', async () => {
    const coupon = await couponOnBoth();
    const bookingId = randomUUID();
    let sent: Mutation | null = null;
    const reopen = await whileAIsClosed((db, context) => {
      bookDoseOne(db, context, { couponId: coupon.id, bookingId, slotId: slotA });
      // What desktop A had sent when the connection dropped: its entry's hub mutation.
      const entry = outboxEntries(db).find((e) => e.mutationId === bookingId)!;
      const plan = planEntry(db, entry);
      sent = plan.kind === 'send' ? plan.steps[0]!.mutation : null;
      const cancelled = cancelPhoneBooking(
        db,
        { mutationId: randomUUID(), bookingId, reason: 'caller_request', alsoCancelLaterDoses: true },
        context,
      );
      expect(cancelled.kind).toBe('cancelled');
    });
    // The hub took it; desktop A never heard back. (The hub's clock stands still in these tests: a
    // minute on, so this file's sign-ins stay under the hub's limit per minute.)
    hub.now = new Date(hub.now.getTime() + 61_000);
    // Sent from desktop A's own device (a mutation id belongs to the desktop that sent it).
    const signedIn = await hub.request<LoginResponse>('POST', '/api/v1/sync/login', {
      body: {
        deviceId: credentialsOfA.deviceId,
        deviceSecret: credentialsOfA.deviceSecret,
        login: credentialsOfA.staffLogin,
        password: credentialsOfA.password,
      },
      headers: protocolHeaders,
    });
    const took = await hub.request<{ results: MutationResult[] }>('POST', '/api/v1/sync/push', {
      body: { mutations: [sent] },
      headers: { ...protocolHeaders, authorization: `Bearer ${signedIn.body.token}` },
    });
    expect(took.body.results?.[0]?.status).toBe('ok');
    await reopen();

    await waitFor('the booking cancelled on the hub', async () => {
      const [row] = await hubBookingsOf(coupon.id);
      return row?.status === 'cancelled';
    });
    await waitFor('an empty outbox', () => outboxSize(a) === 0);
    expect(localBookings(a, 'id = ?', bookingId)).toMatchObject([{ status: 'cancelled', hub_id: bookingId }]);
  });

  it('a cancel of both doses the hub refuses for one of them puts that one back as the hub had it', async () => {
    const coupon = await couponOnBoth();
    const later = await fx.slot({ date: '2030-07-15', capacity: 5 });
    await waitFor('the later slot on desktop A', () => slotAvailability(a.service.db, later));
    const [first, second] = [randomUUID(), randomUUID()];
    const booked = await a.service.call('createPhoneBooking', {
      couponId: coupon.id,
      first: { mutationId: first, slotId: slotA, doseNumber: 1 },
      followUp: { mutationId: second, slotId: later },
      contactPhone: '',
      notes: '',
    });
    expect(booked).toMatchObject({ ok: true, value: { kind: 'booked' } });
    await confirmedOn(a, first);
    await confirmedOn(a, second);
    const reopen = await whileAIsClosed((db, context) => {
      const cancelled = cancelPhoneBooking(
        db,
        { mutationId: randomUUID(), bookingId: first, reason: 'caller_request', alsoCancelLaterDoses: true },
        context,
      );
      expect(cancelled.kind).toBe('cancelled');
    });
    // Meanwhile the resident arrived for dose 1 at the venue (another desktop's check-in).
    await hubDb.sql.query("UPDATE bookings SET status = 'checked_in' WHERE id = $1", [first]);
    await reopen();

    await waitFor('an empty outbox', () => outboxSize(a) === 0);
    expect(a.service.sync.status().failures.find((f) => f.bookingId === first)).toMatchObject({
      code: 'NOT_CANCELLABLE',
    });
    // Dose 1 is back as the hub last said (not left cancelled here); dose 2 is cancelled on both sides.
    expect(localBookings(a, 'id = ?', first)[0]!.status).not.toBe('cancelled');
    expect(localBookings(a, 'id = ?', second)[0]!.status).toBe('cancelled');
    expect((await hubBookingsOf(coupon.id)).map((r) => [r.id, r.status]).sort()).toEqual(
      [
        [first, 'checked_in'],
        [second, 'cancelled'],
      ].sort(),
    );
  });

  it('a walk-in the hub refuses keeps what the venue recorded, with the reason beside it', async () => {
    const coupon = await couponOnBoth();
    const slot = await fx.slot({ date: '2030-06-28', capacity: 5 });
    await waitFor('the slot on desktop A', () => slotAvailability(a.service.db, slot));
    // Closed on the hub a moment before this desktop could hear of it.
    await hubDb.sql.query("UPDATE slots SET status = 'closed' WHERE id = $1", [slot]);
    const mutationId = await walkInOnA(coupon.id, slot);
    await waitFor('the refusal', () =>
      a.service.sync.status().failures.some((f) => f.mutationId === mutationId),
    );
    await waitFor('an empty outbox', () => outboxSize(a) === 0);
    expect(localBookings(a, 'id = ?', mutationId)).toMatchObject([
      { status: 'checked_in', reject_code: 'SLOT_FULL', hub_id: null },
    ]);
    expect(await hubBookingsOf(coupon.id)).toEqual([]);
  });

  it('a walk-in that reaches the hub only after its day is taken as the venue recorded it', async () => {
    const coupon = await couponOnBoth();
    const slot = await fx.slot({ date: '2030-06-29', capacity: 5 });
    await waitFor('the slot on desktop A', () => slotAvailability(a.service.db, slot));
    // The venue was offline that day: the hub hears of it the next morning.
    const before = hub.now;
    hub.now = new Date('2030-06-30T00:30:00Z');
    try {
      const mutationId = await walkInOnA(coupon.id, slot);
      await waitFor('the walk-in on the hub, checked in', async () => {
        const [row] = await hubBookingsOf(coupon.id);
        return row?.status === 'checked_in';
      });
      await waitFor('an empty outbox', () => outboxSize(a) === 0);
      expect(localBookings(a, 'id = ?', mutationId)).toMatchObject([
        { status: 'checked_in', reject_code: null, hub_id: mutationId },
      ]);
    } finally {
      hub.now = before;
    }
  });

  it('a change of a kind the hub does not take stays queued and visible, without holding anything up', async () => {
    // (Every kind the desktop writes today reaches the hub; an entry of another kind — from a newer
    // version of the desktop, say — must still neither be lost nor block the queue.)
    const coupon = await couponOnBoth();
    const bookingId = await bookByPhone(a, coupon.id, slotA);
    await confirmedOn(a, bookingId);
    // A kind this version does not know (written by a newer one).
    a.service.db
      .prepare("INSERT INTO outbox (mutation_id, kind, payload, created_at) VALUES (?, 'booking.note', ?, ?)")
      .run(randomUUID(), JSON.stringify({ bookingId, note: '車椅子' }), new Date().toISOString());
    // A later booking of the same resident's neighbour goes through past it.
    const other = await couponOnBoth();
    const otherId = await bookByPhone(a, other.id, slotA);
    await confirmedOn(a, otherId);
    const status = await a.service.sync.syncNow();
    expect(status.outbox).toEqual({ pending: 1, retrying: 0, unsupported: 1 });
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
