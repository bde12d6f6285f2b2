import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { closeDatabase, type Database, openDatabase } from '../../db/open-database.ts';
import { appendAudit } from '../../db/queries/audit.ts';
import type { OutboxKind, OutboxMutationBody } from '../../db/queries/outbox.ts';
import { cancelPhoneBooking } from '../../db/queries/phone-booking-cancel.ts';
import type { PhoneWriteContext } from '../../db/queries/phone-booking-context.ts';
import { createPhoneBookings, type PhoneBookingRequest } from '../../db/queries/phone-booking-create.ts';
import { movePhoneBooking } from '../../db/queries/phone-booking-move.ts';
import { outboxEntries } from '../../db/queries/sync-outbox.ts';
import { markAttendance } from '../../db/queries/venue-day.ts';
import { ApiError } from '../../domain/api/errors.ts';
import type { CreatePhoneBookingResult } from '../../domain/api/methods/phone-desk.ts';

let dir: string;
let db: Database;
let fileCount = 0;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vaccine-desk-outbox-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  if (db?.open) closeDatabase(db);
  db = openDatabase(join(dir, `store-${++fileCount}.sqlite`));
  db.exec(`
    INSERT INTO vaccine_products (id, name, manufacturer, doses_in_series, interval_min_days, interval_max_days,
      min_age_years) VALUES ('p1', 'Vaccine', 'Maker', 2, 21, 42, 12);
    INSERT INTO venues (id, municipality_code, name, kind, address, updated_at)
      VALUES ('v1', '112992', 'Hall', 'mass_site', 'Address', '2021-05-01T00:00:00Z');
    INSERT INTO slots (id, venue_id, product_id, date, start_time, end_time, capacity, call_center_reserve, updated_at)
      VALUES ('s1', 'v1', 'p1', '2021-05-10', '09:00', '09:30', 40, 10, '2021-05-01T00:00:00Z'),
             ('s2', 'v1', 'p1', '2021-06-07', '09:00', '09:30', 40, 10, '2021-05-01T00:00:00Z'),
             ('s3', 'v1', 'p1', '2021-06-07', '10:00', '10:30', 0, 0, '2021-05-01T00:00:00Z'),
             ('s4', 'v1', 'p1', '2021-05-11', '09:00', '09:30', 40, 10, '2021-05-01T00:00:00Z');
    INSERT INTO coupons (id, municipality_code, ticket_number, name, name_kana, name_kana_key, birth_date, sex,
      updated_at) VALUES ('c1', '112992', '0000012345', 'Name', 'カナ', 'カナ', '1940-01-01', 'F', '2021-05-01T00:00:00Z');
    INSERT INTO staff (id, login, display_name, role) VALUES ('op1', 'operator1', 'Operator', 'operator');
  `);
});

const count = (table: string) => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;

const now = new Date('2021-05-03T02:00:00.000Z');
const context: PhoneWriteContext = { staffId: 'op1', role: 'operator', now, today: '2021-05-03' };
const firstId = '6f1c2a47-1d5e-4c0b-9a51-2f3e8b7d9c10';
const followUpId = '0b6a9a7e-3c1f-4d2a-8e5b-7f9c1d2e3a4b';

const request = (overrides: Partial<PhoneBookingRequest> = {}): PhoneBookingRequest => ({
  couponId: 'c1',
  first: { mutationId: firstId, slotId: 's1', doseNumber: 1 },
  followUp: null,
  contactPhone: '048-123-4567',
  notes: '',
  overrideDuplicate: false,
  ...overrides,
});

const booked = (result: CreatePhoneBookingResult) => {
  if (result.kind !== 'booked') throw new Error(`refused: ${result.kind}`);
  return result.bookings;
};

describe('audit events', () => {
  it('are appended with who, what and which records', () => {
    const at = new Date('2021-05-10T01:02:03.000Z');
    const id = appendAudit(
      db,
      {
        staffId: 'op1',
        action: 'coupon.view',
        entity: 'coupon',
        entityIds: ['c1'],
        detail: { screen: 'desk' },
      },
      at,
    );
    expect(db.prepare('SELECT * FROM audit_events WHERE id = ?').get(id)).toEqual({
      id,
      at: '2021-05-10T01:02:03.000Z',
      staff_id: 'op1',
      action: 'coupon.view',
      entity: 'coupon',
      entity_ids: '["c1"]',
      detail: '{"screen":"desk"}',
      chain_seq: 1,
      prev_hash: '0'.repeat(64),
      entry_hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it('cannot be changed or deleted', () => {
    appendAudit(db, { staffId: 'op1', action: 'coupon.view', entity: 'coupon', entityIds: ['c1'] });
    expect(() => db.prepare("UPDATE audit_events SET action = 'nothing'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_events').run()).toThrow(/append-only/);
    expect(db.prepare('SELECT action FROM audit_events').pluck().all()).toEqual(['coupon.view']);
  });
});

describe('a phone booking (createPhoneBookings)', () => {
  it('writes the booking, its outbox mutation and an audit event together', () => {
    const [saved] = booked(createPhoneBookings(db, request(), context));

    expect(db.prepare('SELECT * FROM bookings').all()).toEqual([
      {
        id: firstId,
        booking_number: saved!.bookingNumber,
        coupon_id: 'c1',
        slot_id: 's1',
        dose_number: 1,
        channel: 'phone',
        status: 'provisional',
        contact_phone: '048-123-4567',
        notes: '',
        created_by: 'op1',
        created_at: now.toISOString(),
        updated_at: now.toISOString(),
        vaccine_lot: null,
        // Not on the hub yet: nothing it said about the booking is known.
        hub_id: null,
        hub_status: null,
        hub_slot_id: null,
        reject_code: null,
        reject_reasons: '[]',
      },
    ]);
    const [entry, ...more] = outboxEntries(db);
    expect(more).toEqual([]);
    expect(entry).toMatchObject({
      mutationId: firstId,
      kind: 'booking.create',
      attempts: 0,
      createdAt: now.toISOString(),
      payload: {
        id: firstId,
        bookingNumber: saved!.bookingNumber,
        slotId: 's1',
        couponId: 'c1',
        doseNumber: 1,
        channel: 'phone',
        createdBy: 'op1',
        followUpOf: null,
      },
    });
    const audit = db
      .prepare('SELECT staff_id, action, entity, entity_ids, detail FROM audit_events')
      .get() as { detail: string };
    expect(audit).toMatchObject({
      staff_id: 'op1',
      action: 'booking.create',
      entity: 'booking',
      entity_ids: JSON.stringify([firstId]),
    });
    // The audit detail names records, not the resident's data.
    expect(audit.detail).not.toContain('048-123-4567');
  });

  it('keeps each booking paired with its own outbox row, the follow-up naming the first', () => {
    booked(createPhoneBookings(db, request({ followUp: { mutationId: followUpId, slotId: 's2' } }), context));
    const pairs = db
      .prepare(
        'SELECT b.id, b.dose_number FROM bookings b JOIN outbox o ON o.mutation_id = b.id ORDER BY o.seq',
      )
      .all();
    expect(pairs).toEqual([
      { id: firstId, dose_number: 1 },
      { id: followUpId, dose_number: 2 },
    ]);
    expect(outboxEntries(db).map((e) => e.kind === 'booking.create' && e.payload.followUpOf)).toEqual([
      null,
      firstId,
    ]);
  });

  it('writes nothing when a later part of the request is refused: booking, outbox and audit roll back', () => {
    // The first dose fits; the follow-up's slot has no seat, after the first was written.
    const result = createPhoneBookings(
      db,
      request({ followUp: { mutationId: followUpId, slotId: 's3' } }),
      context,
    );
    expect(result).toMatchObject({ kind: 'slot_unavailable', slotId: 's3', why: 'full' });
    expect([count('bookings'), count('outbox'), count('audit_events')]).toEqual([0, 0, 0]);
  });

  it('writes nothing when its mutation id is already queued for another change', () => {
    db.prepare(
      "INSERT INTO outbox (mutation_id, kind, payload, created_at) VALUES (?, 'booking.cancel', '{}', ?)",
    ).run(firstId, now.toISOString());
    expect(() => createPhoneBookings(db, request(), context)).toThrow(ApiError);
    expect([count('bookings'), count('outbox'), count('audit_events')]).toEqual([0, 1, 0]);
  });

  it('rolls back with the caller when it runs inside a larger transaction that fails', () => {
    const outer = db.transaction(() => {
      booked(createPhoneBookings(db, request(), context));
      throw new Error('the caller changed its mind');
    });
    expect(() => outer()).toThrow(/changed its mind/);
    expect([count('bookings'), count('outbox'), count('audit_events')]).toEqual([0, 0, 0]);
  });
});

describe('the outbox', () => {
  it('reads back what each writer queued as its kind, with that kind’s payload', () => {
    const [first] = booked(createPhoneBookings(db, request(), context));
    const moveId = '8d7c6b5a-4e3f-4a1b-9c2d-1e0f9a8b7c6d';
    expect(
      movePhoneBooking(db, { mutationId: moveId, bookingId: firstId, toSlotId: 's4' }, context).kind,
    ).toBe('moved');
    const markId = '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
    expect(
      markAttendance(
        db,
        { bookingId: firstId, mark: 'checked_in', lotNumber: null, mutationId: markId, staffId: 'op1' },
        new Date('2021-05-11T00:05:00.000Z'),
      ),
    ).toEqual({ ok: true, bookingId: firstId });
    db.prepare("UPDATE bookings SET status = 'confirmed' WHERE id = ?").run(firstId);
    const cancelId = '2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e';
    expect(
      cancelPhoneBooking(
        db,
        { mutationId: cancelId, bookingId: firstId, reason: 'illness', alsoCancelLaterDoses: false },
        context,
      ).kind,
    ).toBe('cancelled');

    const entries = outboxEntries(db);
    expect(entries.map((e) => [e.kind, e.mutationId])).toEqual([
      ['booking.create', firstId],
      ['booking.move', moveId],
      ['booking.status', markId],
      ['booking.cancel', cancelId],
    ]);
    const byKind = (kind: OutboxKind) => entries.find((e) => e.kind === kind)?.payload;
    expect(byKind('booking.create')).toMatchObject({ bookingNumber: first!.bookingNumber, slotId: 's1' });
    expect(byKind('booking.move')).toEqual({
      bookingId: firstId,
      fromSlotId: 's1',
      toSlotId: 's4',
      movedBy: 'op1',
      movedAt: now.toISOString(),
    });
    expect(byKind('booking.status')).toEqual({
      bookingId: firstId,
      status: 'checked_in',
      fromStatus: 'provisional',
      vaccineLot: null,
      changedBy: 'op1',
      changedAt: '2021-05-11T00:05:00.000Z',
    });
    expect(byKind('booking.cancel')).toEqual({
      bookingIds: [firstId],
      reason: 'illness',
      cancelledBy: 'op1',
      cancelledAt: now.toISOString(),
    });
    // What is stored is exactly the payload: nothing else rides along.
    const stored = db.prepare('SELECT kind, payload FROM outbox ORDER BY seq').all() as Array<{
      kind: OutboxKind;
      payload: string;
    }>;
    expect(stored.map((row) => ({ kind: row.kind, payload: JSON.parse(row.payload) }))).toEqual(
      entries.map((e) => ({ kind: e.kind, payload: e.payload }) as OutboxMutationBody),
    );
  });

  it('keeps an entry it cannot read as unreadable, with the kind it was stored as', () => {
    db.prepare(
      "INSERT INTO outbox (mutation_id, kind, payload, created_at) VALUES ('m-odd', 'booking.move', ?, ?)",
    ).run(JSON.stringify({ bookingId: firstId, toSlotId: 7 }), now.toISOString());
    expect(outboxEntries(db)).toMatchObject([{ kind: 'unreadable', storedKind: 'booking.move' }]);
  });
});
