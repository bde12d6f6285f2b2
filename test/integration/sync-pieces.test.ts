/**
 * The sync engine's small parts on their own: step ids derived from outbox mutation ids, the plan of
 * each outbox kind, back-off, the SSE splitter, hub addresses, and applying hub rows to a real SQLite
 * file (parents missing, pending local changes, the venue's marks).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, type Database, openDatabase } from '../../db/open-database.ts';
import type { ReceivedHubRow } from '../../db/queries/hub-rows.ts';
import {
  cancelStepMutationId,
  derivedMutationId,
  enqueueBookingCancel,
  enqueueBookingCreate,
  enqueueBookingMove,
  enqueueBookingStatus,
  readOutboxBody,
} from '../../db/queries/outbox.ts';
import { rememberStaffName } from '../../db/queries/staff-names.ts';
import { applyHubRows, noPendingChanges, reapplySetAsideRows } from '../../db/queries/sync-apply.ts';
import { outboxEntries } from '../../db/queries/sync-outbox.ts';
import { clearMirroredData } from '../../db/queries/sync-reset.ts';
import { setAsideRowCount, setAsideRows, setRowAside } from '../../db/queries/sync-set-aside.ts';
import { Backoff } from '../../electron/node/sync/backoff.ts';
import { normalizeHubUrl } from '../../electron/node/sync/hub-client.ts';
import { pendingLocalChanges, planEntry } from '../../electron/node/sync/outbox-plan.ts';
import { EventStreamSplitter } from '../../electron/node/sync/poke-listener.ts';
import { rejectionOf } from '../../electron/node/sync/push-outbox.ts';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const at = '2030-06-01T00:00:00.000Z';

let dir: string;
let db: Database;

const venue = {
  id: 'v1',
  municipalityCode: '131016',
  name: '会場',
  nameKana: 'カイジョウ',
  kind: 'clinic',
  area: '',
  address: '住所',
  phone: '',
  active: true,
  updatedAt: at,
  accessNotes: '',
  productIds: ['p1'],
  acceptedMunicipalityCodes: ['131016'],
  outOfAreaByException: false,
};
const product = {
  id: 'p1',
  name: 'ワクチン',
  manufacturer: 'M',
  dosesInSeries: 2,
  intervalMinDays: 18,
  intervalMaxDays: 42,
  minAgeYears: 12,
  active: true,
  ageReferenceDate: null,
};
const slot = (id: string) => ({
  id,
  municipalityCode: '131016',
  venueId: 'v1',
  productId: 'p1',
  date: '2030-06-20',
  startTime: '10:00',
  endTime: '10:30',
  capacity: 5,
  callCenterReserve: 9,
  reserveReleaseDays: 3,
  reserveReleaseHours: null,
  status: 'open',
  bookedOnline: 0,
  bookedPhone: 0,
  bookedWalkIn: 0,
  held: 0,
  updatedAt: at,
});
const coupon = (id: string, ticket: string) => ({
  id,
  municipalityCode: '131016',
  ticketNumber: ticket,
  name: '山田 太郎',
  nameKana: 'ヤマダ タロウ',
  nameKanaKey: 'ヤマダタロウ',
  birthDate: '1947-04-01',
  sex: 'M',
  address: '',
  phone: '',
  phoneKey: '',
  status: 'active',
  updatedAt: at,
});
const booking = (id: string, over: Record<string, unknown> = {}) => ({
  id,
  bookingNumber: `B${id.slice(-7)}`,
  municipalityCode: '131016',
  couponId: 'c1',
  slotId: 's1',
  doseNumber: 1,
  channel: 'online',
  status: 'confirmed',
  contactPhone: '',
  contactEmail: '',
  notes: '',
  createdBy: null,
  mutationId: null,
  createdAt: at,
  updatedAt: at,
  ...over,
});
const upsert = (entity: ReceivedHubRow['entity'], payload: Record<string, unknown>): ReceivedHubRow => ({
  entity,
  id: typeof payload.id === 'string' ? payload.id : '',
  op: 'upsert',
  payload,
});

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sync-pieces-'));
  db = openDatabase(join(dir, 'desk.sqlite'));
});

afterAll(() => {
  closeDatabase(db);
  rmSync(dir, { recursive: true, force: true });
});

describe('pieces', () => {
  it('derives the same valid UUID for the same entry and step, another for another step', () => {
    const base = '0b7f6b52-5f0e-4c43-9a4e-2d5c8a7e1f00';
    expect(derivedMutationId(base, 'move-book')).toMatch(uuid);
    expect(derivedMutationId(base, 'move-book')).toBe(derivedMutationId(base, 'move-book'));
    expect(derivedMutationId(base, 'move-cancel')).not.toBe(derivedMutationId(base, 'move-book'));
  });

  it('reads an outbox entry as its kind’s shape, and one of an unknown kind or shape as unreadable', () => {
    const payload = { bookingIds: ['b1'], reason: 'illness', cancelledBy: 'st1', cancelledAt: at };
    expect(readOutboxBody('booking.cancel', JSON.stringify(payload))).toEqual({
      kind: 'booking.cancel',
      payload,
    });
    expect(readOutboxBody('booking.cancel', JSON.stringify({ ...payload, reason: 'bored' }))).toMatchObject({
      kind: 'unreadable',
      storedKind: 'booking.cancel',
    });
    expect(readOutboxBody('booking.note', '{}')).toMatchObject({
      kind: 'unreadable',
      storedKind: 'booking.note',
    });
    expect(readOutboxBody('booking.create', 'not json')).toMatchObject({ kind: 'unreadable', payload: null });
  });

  it('backs off exponentially up to the ceiling, and starts over after a reset', () => {
    const backoff = new Backoff({ baseMs: 100, maxMs: 1000, jitter: 0 });
    expect([1, 2, 3, 4, 5].map(() => backoff.next())).toEqual([100, 200, 400, 800, 1000]);
    backoff.reset();
    expect(backoff.next()).toBe(100);
    const spread = new Backoff({ baseMs: 1000, jitter: 0.2, random: () => 0 });
    expect(spread.next()).toBe(800);
  });

  it('splits an event stream into named events across chunk borders, skipping comments', () => {
    const splitter = new EventStreamSplitter();
    expect(splitter.feed('retry: 3000\n\n: hello\nevent: po')).toEqual([]);
    expect(splitter.feed('ke\ndata: {"seq":12}\r\n\r\nevent: heartbeat\ndata: {}\n\n')).toEqual([
      { event: 'poke', data: '{"seq":12}' },
      { event: 'heartbeat', data: '{}' },
    ]);
  });

  it('keeps a hub address prefix and drops what does not belong in it', () => {
    expect(normalizeHubUrl(' https://hub.example.jp/city ')).toBe('https://hub.example.jp/city/');
    expect(normalizeHubUrl('http://127.0.0.1:8787/?x=1#y')).toBe('http://127.0.0.1:8787/');
  });

  it('keeps a refusal as its code and reasons (reasons only with NOT_ELIGIBLE)', () => {
    const full = rejectionOf({ mutationId: 'm', status: 'rejected', code: 'SLOT_FULL', message: '' });
    expect(full).toEqual({ code: 'SLOT_FULL', reasons: [] });
    const young = rejectionOf({
      mutationId: 'm',
      status: 'rejected',
      code: 'NOT_ELIGIBLE',
      message: '',
      reasons: ['TOO_YOUNG', 'INTERVAL_TOO_SHORT'],
    });
    expect(young).toEqual({ code: 'NOT_ELIGIBLE', reasons: ['TOO_YOUNG', 'INTERVAL_TOO_SHORT'] });
    expect(
      rejectionOf({
        mutationId: 'm',
        status: 'rejected',
        code: 'SLOT_FULL',
        message: '',
        reasons: ['TOO_YOUNG'],
      }),
    ).toEqual({ code: 'SLOT_FULL', reasons: [] });
  });
});

describe('hub rows on the local tables', () => {
  it('skips rows whose parents have not arrived, and clamps a reserve above the capacity', () => {
    const early = applyHubRows(
      db,
      [upsert('slot', slot('s0')), upsert('booking', booking('00000000-0000-4000-8000-000000000001'))],
      {
        pending: noPendingChanges,
        municipalityCode: null,
      },
    );
    expect(early).toMatchObject({ applied: 0, skipped: 2 });
    const later = applyHubRows(
      db,
      [
        upsert('vaccine_product', product),
        upsert('venue', venue),
        upsert('slot', slot('s1')),
        upsert('coupon', coupon('c1', '0000000001')),
      ],
      { pending: noPendingChanges, municipalityCode: null },
    );
    expect(later.applied).toBe(4);
    expect(db.prepare('SELECT capacity, call_center_reserve FROM slots WHERE id = ?').get('s1')).toEqual({
      capacity: 5,
      call_center_reserve: 5,
    });
  });

  it('sets an unreadable row aside, applies the rest of the page, and lets a readable row replace it', () => {
    const told: Array<[string, string, readonly string[]]> = [];
    const page = applyHubRows(
      db,
      [
        upsert('slot', { ...slot('s-bad'), capacity: 'five', status: 'paused' }),
        upsert('coupon', { ...coupon('c-bad', '0000000077'), name: 42, birthDate: undefined }),
        upsert('slot', slot('s-good')),
      ],
      {
        pending: noPendingChanges,
        municipalityCode: null,
        now: new Date(at),
        onSetAside: (entity, id, fields) => told.push([entity, id, fields]),
      },
    );
    expect(page).toMatchObject({ applied: 1, setAside: 2, skipped: 0 });
    expect(db.prepare("SELECT count(*) FROM slots WHERE id IN ('s-good', 's-bad')").pluck().get()).toBe(1);
    expect(db.prepare("SELECT count(*) FROM coupons WHERE id = 'c-bad'").pluck().get()).toBe(0);
    // Told by entity, id and field names: never a value (the coupon's would be a resident's).
    expect(told).toEqual([
      ['slot', 's-bad', ['capacity', 'status']],
      ['coupon', 'c-bad', ['name', 'birthDate']],
    ]);
    expect(setAsideRows(db).map(({ entity, id, fields }) => ({ entity, id, fields }))).toEqual([
      { entity: 'coupon', id: 'c-bad', fields: ['name', 'birthDate'] },
      { entity: 'slot', id: 's-bad', fields: ['capacity', 'status'] },
    ]);
    // Kept as it came, so nothing is lost.
    expect(
      JSON.parse(
        db
          .prepare("SELECT payload FROM sync_set_aside_rows WHERE entity_id = 's-bad'")
          .pluck()
          .get() as string,
      ),
    ).toMatchObject({ capacity: 'five' });

    applyHubRows(
      db,
      [upsert('slot', slot('s-bad')), { entity: 'coupon', id: 'c-bad', op: 'delete', payload: null }],
      {
        pending: noPendingChanges,
        municipalityCode: null,
      },
    );
    expect(db.prepare("SELECT capacity FROM slots WHERE id = 's-bad'").pluck().get()).toBe(5);
    expect(setAsideRowCount(db)).toBe(0);
  });

  it('reads the rows aside again: one this desk reads now is applied and leaves the list, the others stay', () => {
    // As an older version of the desk stored them: rows it could not read that this one can (the
    // fields it named are fine now), one still unreadable, one whose venue has not arrived, and a
    // deletion.
    const asOlderDesk = new Date('2030-05-01T00:00:00.000Z');
    applyHubRows(db, [upsert('slot', slot('s-gone'))], { pending: noPendingChanges, municipalityCode: null });
    setRowAside(db, upsert('slot', { ...slot('s-new'), waitingList: 3 }), ['waitingList'], asOlderDesk);
    setRowAside(db, upsert('slot', { ...slot('s-still-bad'), capacity: -1 }), ['capacity'], asOlderDesk);
    setRowAside(db, upsert('slot', { ...slot('s-orphan'), venueId: 'v-later' }), ['venueId'], asOlderDesk);
    setRowAside(db, { entity: 'slot', id: 's-gone', op: 'delete', payload: null }, ['op'], asOlderDesk);

    const again = reapplySetAsideRows(db, { pending: noPendingChanges, municipalityCode: null });
    expect(again).toMatchObject({ applied: 2, skipped: 1, setAside: 1 });
    expect(again.scopes).toEqual(new Set(['slots']));
    const slotIds = db
      .prepare("SELECT id FROM slots WHERE id IN ('s-new', 's-still-bad', 's-orphan', 's-gone') ORDER BY id")
      .pluck()
      .all();
    expect(slotIds).toEqual(['s-new']);
    expect(setAsideRows(db).map(({ id, fields }) => ({ id, fields }))).toEqual([
      { id: 's-orphan', fields: ['venueId'] },
      { id: 's-still-bad', fields: ['capacity'] },
    ]);
    // Read again, a row is not seen again: its dates stay as they were.
    expect(setAsideRows(db).every((row) => row.lastSeenAt === asOlderDesk.toISOString())).toBe(true);
    db.exec("DELETE FROM sync_set_aside_rows; DELETE FROM slots WHERE id = 's-new'");
  });

  it('matches a pushed phone booking by its mutation id, and keeps pending local changes', () => {
    const localId = '00000000-0000-4000-8000-0000000000aa';
    db.prepare(
      `INSERT INTO bookings (id, booking_number, coupon_id, slot_id, dose_number, channel, status, created_at, updated_at)
       VALUES (?, 'LOCAL-01', 'c1', 's1', 1, 'phone', 'provisional', ?, ?)`,
    ).run(localId, at, at);
    enqueueBookingCreate(
      db,
      {
        id: localId,
        bookingNumber: 'LOCAL-01',
        couponId: 'c1',
        slotId: 's1',
        doseNumber: 1,
        channel: 'phone',
        createdBy: null,
        createdAt: at,
      },
      new Date(at),
    );
    const pending = pendingLocalChanges(outboxEntries(db));
    const hubId = '00000000-0000-4000-8000-0000000000bb';
    const record = booking(hubId, { channel: 'phone', mutationId: localId, bookingNumber: 'K7XH3PRW' });
    applyHubRows(db, [upsert('booking', record)], { pending, municipalityCode: null });
    // Still pending: only the hub's view is noted.
    expect(db.prepare('SELECT status, hub_id, hub_status FROM bookings WHERE id = ?').get(localId)).toEqual({
      status: 'provisional',
      hub_id: hubId,
      hub_status: 'confirmed',
    });
    db.prepare('DELETE FROM outbox').run();
    applyHubRows(db, [upsert('booking', record)], { pending: noPendingChanges, municipalityCode: null });
    expect(db.prepare('SELECT status, booking_number FROM bookings WHERE id = ?').get(localId)).toEqual({
      status: 'confirmed',
      booking_number: 'K7XH3PRW',
    });
    expect(db.prepare("SELECT count(*) FROM bookings WHERE coupon_id = 'c1'").pluck().get()).toBe(1);
  });

  it("takes the hub's marks and lot, but a mark still in the outbox wins until it has left", () => {
    const id = '00000000-0000-4000-8000-0000000000cc';
    applyHubRows(
      db,
      [upsert('coupon', coupon('c2', '0000000002')), upsert('booking', booking(id, { couponId: 'c2' }))],
      { pending: noPendingChanges, municipalityCode: null },
    );
    // Another desktop's marks arrive through the hub.
    applyHubRows(
      db,
      [
        upsert(
          'booking',
          booking(id, { couponId: 'c2', status: 'vaccinated', vaccineLot: 'AB-12', notes: '車椅子' }),
        ),
      ],
      { pending: noPendingChanges, municipalityCode: null },
    );
    expect(db.prepare('SELECT status, vaccine_lot, notes FROM bookings WHERE id = ?').get(id)).toEqual({
      status: 'vaccinated',
      vaccine_lot: 'AB-12',
      notes: '車椅子',
    });
    // This desktop undid the mark; the hub has not had it yet: the local state stays.
    db.prepare("UPDATE bookings SET status = 'checked_in', vaccine_lot = NULL WHERE id = ?").run(id);
    enqueueBookingStatus(
      db,
      '00000000-0000-4000-8000-0000000000c1',
      {
        bookingId: id,
        status: 'checked_in',
        fromStatus: 'vaccinated',
        vaccineLot: null,
        changedBy: 'st1',
        changedAt: at,
      },
      new Date(at),
    );
    const pending = pendingLocalChanges(outboxEntries(db));
    const vaccinated = booking(id, { couponId: 'c2', status: 'vaccinated', vaccineLot: 'AB-12' });
    applyHubRows(db, [upsert('booking', vaccinated)], { pending, municipalityCode: null });
    expect(db.prepare('SELECT status, vaccine_lot, hub_status FROM bookings WHERE id = ?').get(id)).toEqual({
      status: 'checked_in',
      vaccine_lot: null,
      hub_status: 'vaccinated',
    });
    db.prepare('DELETE FROM outbox').run();
    // A hub from before the marks (no vaccineLot in its records) leaves the local lot alone.
    db.prepare("UPDATE bookings SET status = 'vaccinated', vaccine_lot = 'LOCAL-1' WHERE id = ?").run(id);
    const older: Record<string, unknown> = { ...vaccinated };
    delete older.vaccineLot;
    applyHubRows(db, [upsert('booking', older)], { pending: noPendingChanges, municipalityCode: null });
    expect(db.prepare('SELECT vaccine_lot FROM bookings WHERE id = ?').pluck().get(id)).toBe('LOCAL-1');
    applyHubRows(db, [upsert('booking', booking(id, { couponId: 'c2', status: 'cancelled' }))], {
      pending: noPendingChanges,
      municipalityCode: null,
    });
    expect(db.prepare('SELECT status FROM bookings WHERE id = ?').pluck().get(id)).toBe('cancelled');
  });

  it('plans each outbox kind as hub mutations', () => {
    db.prepare('DELETE FROM outbox').run();
    const insertBooking = db.prepare(
      `INSERT INTO bookings (id, booking_number, coupon_id, slot_id, dose_number, channel, status, hub_id, created_at,
                             updated_at)
       VALUES (?, ?, 'c1', 's1', ?, ?, ?, ?, ?, ?)`,
    );
    const onHub = '00000000-0000-4000-8000-0000000000e1';
    const walkIn = '00000000-0000-4000-8000-0000000000e2';
    const phone = '00000000-0000-4000-8000-0000000000e3';
    insertBooking.run(onHub, 'OLD-NUMBER', 2, 'phone', 'confirmed', onHub, at, at);
    insertBooking.run(walkIn, 'JJJJJJJK', 3, 'walk_in', 'checked_in', null, at, at);
    insertBooking.run(phone, '4444444Y', 4, 'phone', 'provisional', null, at, at);
    const hold = '00000000-0000-4000-8000-0000000000f1';
    const mutationId = (i: number) => `00000000-0000-4000-8000-0000000001${String(i).padStart(2, '0')}`;
    const marked = { fromStatus: 'confirmed' as const, changedBy: 'st1', changedAt: at };
    const created = { couponId: 'c1', createdBy: 'st1', createdAt: at };
    // A kind this version does not know (written by a newer one).
    db.prepare(
      "INSERT INTO outbox (mutation_id, kind, payload, created_at) VALUES (?, 'booking.note', ?, ?)",
    ).run(mutationId(0), JSON.stringify({ bookingId: onHub }), at);
    const dead = '00000000-0000-4000-8000-00000000dead';
    enqueueBookingStatus(
      db,
      mutationId(1),
      { bookingId: dead, status: 'checked_in', vaccineLot: null, ...marked },
      new Date(at),
    );
    enqueueBookingStatus(
      db,
      mutationId(2),
      { bookingId: onHub, status: 'vaccinated', vaccineLot: 'AB-12', ...marked },
      new Date(at),
    );
    enqueueBookingStatus(
      db,
      mutationId(3),
      { bookingId: onHub, status: 'provisional', vaccineLot: null, ...marked },
      new Date(at),
    );
    enqueueBookingCreate(
      db,
      {
        id: walkIn,
        bookingNumber: 'JJJJJJJK',
        slotId: 's1',
        doseNumber: 3,
        channel: 'walk_in',
        status: 'checked_in',
        ...created,
      },
      new Date(at),
    );
    enqueueBookingCreate(
      db,
      {
        id: phone,
        bookingNumber: '4444444Y',
        slotId: 's1',
        doseNumber: 4,
        channel: 'phone',
        holdId: hold,
        ...created,
      },
      new Date(at),
    );
    enqueueBookingMove(
      db,
      mutationId(6),
      {
        bookingId: onHub,
        fromSlotId: 's1',
        toSlotId: 's0',
        holdId: 'not-a-uuid',
        movedBy: 'st1',
        movedAt: at,
      },
      new Date(at),
    );
    enqueueBookingCancel(
      db,
      mutationId(7),
      {
        bookingIds: ['00000000-0000-4000-8000-0000000000aa-never'],
        reason: 'other',
        cancelledBy: 'st1',
        cancelledAt: at,
      },
      new Date(at),
    );
    const plans = outboxEntries(db).map((entry) => planEntry(db, entry));
    const mutationsOf = (plan: (typeof plans)[number]) =>
      plan.kind === 'send'
        ? plan.steps.map((step) => [step.role, step.mutation.kind, step.mutation.payload])
        : plan;
    expect(plans.map(mutationsOf)).toEqual([
      { kind: 'unsupported', reason: "the hub does not take 'booking.note' changes yet" },
      // A mark of a booking the hub never had stays on this desktop.
      { kind: 'done-locally' },
      [['mark', 'mark', { bookingId: onHub, status: 'vaccinated', vaccineLot: 'AB-12' }]],
      // Undone back to provisional: the hub's booking goes back to confirmed.
      [['mark', 'mark', { bookingId: onHub, status: 'confirmed' }]],
      // A walk-in: booked with the venue's id and number, then checked in.
      [
        [
          'create',
          'book',
          {
            couponId: 'c1',
            slotId: 's1',
            doseNumber: 3,
            channel: 'walk_in',
            bookingId: walkIn,
            bookingNumber: 'JJJJJJJK',
          },
        ],
        ['mark', 'mark', { bookingId: walkIn, status: 'checked_in' }],
      ],
      // The phone desk's hold goes with the booking.
      [
        [
          'create',
          'book',
          {
            couponId: 'c1',
            slotId: 's1',
            doseNumber: 4,
            channel: 'phone',
            bookingId: phone,
            bookingNumber: '4444444Y',
            holdId: hold,
          },
        ],
      ],
      // One atomic move on the hub's id (a hold id that is not one is left out).
      [['move', 'move', { bookingId: onHub, toSlotId: 's0' }]],
      { kind: 'done-locally' },
    ]);
  });
});

describe('names and history on the local tables', () => {
  it('sends a cancellation with its reason, as the one step the history line names', () => {
    db.prepare('DELETE FROM outbox').run();
    const onHub = '00000000-0000-4000-8000-0000000000c1';
    db.prepare(
      `INSERT INTO bookings (id, booking_number, coupon_id, slot_id, dose_number, channel, status, hub_id, created_at,
                             updated_at)
       VALUES (?, 'CCCCCCCC', 'c1', 's1', 5, 'phone', 'cancelled', ?, ?, ?)`,
    ).run(onHub, onHub, at, at);
    const entry = '00000000-0000-4000-8000-000000000201';
    enqueueBookingCancel(
      db,
      entry,
      { bookingIds: [onHub], reason: 'illness', cancelledBy: 'st1', cancelledAt: at },
      new Date(at),
    );
    const [plan] = outboxEntries(db).map((e) => planEntry(db, e));
    expect(plan).toEqual({
      kind: 'send',
      steps: [
        {
          role: 'cancel',
          localBookingId: onHub,
          mutation: {
            mutationId: cancelStepMutationId(entry, onHub),
            kind: 'cancel',
            payload: { bookingId: onHub, reason: 'illness' },
          },
        },
      ],
    });
    db.prepare('DELETE FROM outbox').run();
  });

  it('clearing the mirrored data keeps the name of this desk’s own session, and only that', () => {
    rememberStaffName(db, 'session-1', 'デモ管理者', 'session');
    applyHubRows(db, [upsert('staff', { id: 'hub-staff-1', displayName: '受付 一郎' } as { id: string })], {
      pending: noPendingChanges,
      municipalityCode: null,
    });
    const names = () => db.prepare('SELECT id, display_name, source FROM staff ORDER BY id').all();
    expect(names()).toEqual(
      expect.arrayContaining([
        { id: 'hub-staff-1', display_name: '受付 一郎', source: 'hub' },
        { id: 'session-1', display_name: 'デモ管理者', source: 'session' },
      ]),
    );
    clearMirroredData(db, { dropOutbox: false });
    expect(names()).toEqual([{ id: 'session-1', display_name: 'デモ管理者', source: 'session' }]);
  });
});
