import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { closeDatabase, type Database, openDatabase } from '../../db/open-database.ts';
import { appendAudit } from '../../db/queries/audit.ts';
import { enqueueMutation } from '../../db/queries/outbox.ts';
import { insertPhoneBooking, type NewPhoneBooking } from '../../db/queries/phone-booking.ts';

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
      VALUES ('s1', 'v1', 'p1', '2021-05-10', '09:00', '09:30', 40, 10, '2021-05-01T00:00:00Z');
    INSERT INTO coupons (id, municipality_code, ticket_number, name, name_kana, name_kana_key, birth_date, sex,
      updated_at) VALUES ('c1', '112992', '0000012345', 'Name', 'カナ', 'カナ', '1940-01-01', 'F', '2021-05-01T00:00:00Z');
    INSERT INTO staff (id, login, display_name, role) VALUES ('op1', 'operator1', 'Operator', 'operator');
  `);
});

const count = (table: string) => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;

const booking = (overrides: Partial<NewPhoneBooking> = {}): NewPhoneBooking => ({
  id: '6f1c2a47-1d5e-4c0b-9a51-2f3e8b7d9c10',
  bookingNumber: 'K7XH3PRW',
  couponId: 'c1',
  slotId: 's1',
  doseNumber: 1,
  contactPhone: '048-123-4567',
  notes: '',
  ...overrides,
});

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

describe('insertPhoneBooking', () => {
  it('writes the booking, its outbox mutation and an audit event together', () => {
    const now = new Date('2021-05-03T02:00:00.000Z');
    const saved = insertPhoneBooking(db, booking(), 'op1', now);

    expect(db.prepare('SELECT * FROM bookings').all()).toEqual([
      {
        id: booking().id,
        booking_number: 'K7XH3PRW',
        coupon_id: 'c1',
        slot_id: 's1',
        dose_number: 1,
        channel: 'phone',
        status: 'provisional',
        contact_phone: '048-123-4567',
        notes: '',
        reject_reason: null,
        created_by: 'op1',
        created_at: now.toISOString(),
        updated_at: now.toISOString(),
        vaccine_lot: null,
        // Not on the hub yet: nothing it said about the booking is known.
        hub_id: null,
        hub_status: null,
        hub_slot_id: null,
      },
    ]);
    const outbox = db.prepare('SELECT * FROM outbox').all() as Array<Record<string, unknown>>;
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({
      seq: saved.outboxSeq,
      mutation_id: booking().id,
      kind: 'booking.create',
      attempts: 0,
      created_at: now.toISOString(),
    });
    expect(JSON.parse(outbox[0]!.payload as string)).toMatchObject({
      id: booking().id,
      slotId: 's1',
      couponId: 'c1',
      doseNumber: 1,
      channel: 'phone',
      createdBy: 'op1',
    });
    const audit = db
      .prepare('SELECT staff_id, action, entity, entity_ids, detail FROM audit_events')
      .get() as {
      detail: string;
    };
    expect(audit).toMatchObject({
      staff_id: 'op1',
      action: 'booking.create',
      entity: 'booking',
      entity_ids: JSON.stringify([booking().id]),
    });
    // The audit detail names records, not the resident's data.
    expect(audit.detail).not.toContain('048-123-4567');
  });

  it('writes neither booking nor outbox row when the outbox insert fails', () => {
    // The same mutation id is already queued: the booking insert succeeds, the outbox insert fails.
    enqueueMutation(db, { mutationId: booking().id, kind: 'booking.create', payload: {} });
    expect(() => insertPhoneBooking(db, booking(), 'op1')).toThrow(
      /UNIQUE constraint failed: outbox.mutation_id/,
    );
    expect(count('bookings')).toBe(0);
    expect(count('outbox')).toBe(1);
    expect(count('audit_events')).toBe(0);
  });

  it('writes neither booking nor outbox row when the booking breaks a foreign key', () => {
    expect(() => insertPhoneBooking(db, booking({ slotId: 'no-such-slot' }), 'op1')).toThrow(/FOREIGN KEY/);
    expect(count('bookings')).toBe(0);
    expect(count('outbox')).toBe(0);
    expect(count('audit_events')).toBe(0);
  });

  it('rolls back with the caller when it runs inside a larger transaction that fails', () => {
    const outer = db.transaction(() => {
      insertPhoneBooking(db, booking(), 'op1');
      throw new Error('the caller changed its mind');
    });
    expect(() => outer()).toThrow(/changed its mind/);
    expect(count('bookings')).toBe(0);
    expect(count('outbox')).toBe(0);
  });

  it('keeps each booking paired with its own outbox row', () => {
    insertPhoneBooking(db, booking(), 'op1');
    insertPhoneBooking(
      db,
      booking({ id: '0b6a9a7e-3c1f-4d2a-8e5b-7f9c1d2e3a4b', bookingNumber: 'AF7M4TWX' }),
      'op1',
    );
    const pairs = db
      .prepare('SELECT b.booking_number FROM bookings b JOIN outbox o ON o.mutation_id = b.id ORDER BY o.seq')
      .pluck()
      .all();
    expect(pairs).toEqual(['K7XH3PRW', 'AF7M4TWX']);
  });
});
