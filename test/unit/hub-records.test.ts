/**
 * The hub's records (domain/hub-api/records.ts): what the hub's record builders make from its rows
 * parses, and a record with one field gone wrong is refused with that field named, for every entity.
 */
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { parseHubRow } from '../../db/queries/hub-rows.ts';
import { hubRecordSchemas, hubTombstoneSchema } from '../../domain/hub-api/records.ts';
import type { SyncEntity } from '../../domain/vocabulary/terms.ts';
import {
  bookingEventRecordOf,
  bookingRecordOf,
  couponDoseId,
  couponDoseRecordOf,
  couponRecordOf,
  holdRecordOf,
  municipalityRecordOf,
  productRecordOf,
  slotRecordOf,
  staffRecordOf,
  venueRecordOf,
} from '../../server/store/records.ts';

const at = new Date('2030-06-01T00:15:00.000Z');
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** Each entity's record as the hub's builder makes it from a row as the database returns it. */
const built: { [E in SyncEntity]: { id: string; record: z.input<(typeof hubRecordSchemas)[E]> } } = {
  municipality: { id: '131016', record: municipalityRecordOf({ code: '131016', name: '千代田区' }) },
  vaccine_product: {
    id: 'pfizer',
    record: productRecordOf({
      id: 'pfizer',
      name: 'コミナティ',
      manufacturer: 'ファイザー',
      doses_in_series: 2,
      interval_min_days: 18,
      interval_max_days: 42,
      min_age_years: 12,
      active: true,
      age_reference_date: null,
    }),
  },
  venue: {
    id: 'v-1',
    record: venueRecordOf({
      id: 'v-1',
      municipality_code: '131016',
      name: '区民会館',
      name_kana: 'クミンカイカン',
      kind: 'community_center',
      area: '神田',
      address: '千代田区神田1-1',
      phone: '03-1234-5678',
      active: true,
      updated_at: at,
      access_notes: '正面入口から',
      product_ids: ['pfizer'],
      accepted_municipality_codes: ['131016'],
      out_of_area_by_exception: false,
    }),
  },
  slot: {
    id: 's-1',
    record: slotRecordOf({
      id: 's-1',
      municipality_code: '131016',
      venue_id: 'v-1',
      product_id: 'pfizer',
      date: '2030-06-20',
      start_time: '10:00',
      end_time: '10:30',
      capacity: 20,
      call_center_reserve: 4,
      reserve_release_days: 3,
      reserve_release_hours: null,
      status: 'open',
      booked_online: 3,
      booked_phone: 1,
      booked_walk_in: 0,
      held: 1,
      updated_at: at,
    }),
  },
  coupon: {
    id: uuid(1),
    record: couponRecordOf({
      id: uuid(1),
      municipality_code: '131016',
      ticket_number: '0000012345',
      name: '山田 太郎',
      name_kana: 'ヤマダ タロウ',
      name_kana_key: 'ヤマダタロウ',
      birth_date: '1947-04-01',
      sex: 'M',
      address: '千代田区神田2-2',
      phone: '090-1111-2222',
      phone_key: '09011112222',
      status: 'active',
      updated_at: at,
    }),
  },
  coupon_dose: {
    id: couponDoseId({ coupon_id: uuid(1), dose_number: 1, date: '2030-05-01', product_id: 'pfizer' }),
    record: couponDoseRecordOf({
      coupon_id: uuid(1),
      dose_number: 1,
      date: '2030-05-01',
      product_id: 'pfizer',
    }),
  },
  booking: {
    id: uuid(2),
    record: bookingRecordOf({
      id: uuid(2),
      booking_number: 'K7XH3PRW',
      municipality_code: '131016',
      coupon_id: uuid(1),
      slot_id: 's-1',
      dose_number: 2,
      channel: 'phone',
      status: 'confirmed',
      contact_phone: '090-1234-5678（本人携帯・平日夜間のみ連絡可、留守電可）',
      contact_email: '',
      notes: '車椅子',
      created_by: uuid(3),
      mutation_id: uuid(2),
      vaccine_lot: null,
      created_at: at,
      updated_at: at,
      cancelled_at: null,
    }),
  },
  hold: {
    id: uuid(4),
    record: holdRecordOf({
      id: uuid(4),
      municipality_code: '131016',
      slot_id: 's-1',
      staff_id: uuid(3),
      device_id: uuid(5),
      created_at: at,
      expires_at: new Date(at.getTime() + 5 * 60_000),
      expires_cap_at: new Date(at.getTime() + 15 * 60_000),
    }),
  },
  staff: { id: uuid(3), record: staffRecordOf({ id: uuid(3), display_name: 'コールセンター 1番席' }) },
  booking_event: {
    id: '17',
    record: bookingEventRecordOf({
      id: 17,
      booking_id: uuid(2),
      municipality_code: '131016',
      at,
      action: 'moved',
      staff_id: uuid(3),
      device_id: uuid(5),
      mutation_id: uuid(6),
      from_status: 'confirmed',
      to_status: 'confirmed',
      from_slot_id: 's-0',
      to_slot_id: 's-1',
      reason: null,
      vaccine_lot: null,
    }),
  },
};

/** One field gone wrong per entity, and the path that must be named. */
const hostile: { [E in SyncEntity]: { field: string; value: unknown } } = {
  municipality: { field: 'code', value: '13101' },
  vaccine_product: { field: 'dosesInSeries', value: 0 },
  venue: { field: 'kind', value: 'bunker' },
  slot: { field: 'capacity', value: -1 },
  coupon: { field: 'birthDate', value: '1947-02-30' },
  coupon_dose: { field: 'doseNumber', value: 99 },
  booking: { field: 'status', value: 'DROP TABLE bookings' },
  hold: { field: 'expiresAt', value: 'in five minutes' },
  staff: { field: 'id', value: '' },
  booking_event: { field: 'at', value: 1_780_000_000 },
};

const entities = Object.keys(built) as SyncEntity[];

describe('hub records', () => {
  it.each(entities)('%s: the hub builder’s record parses, and is the row the desk applies', (entity) => {
    const { id, record } = built[entity];
    expect(hubRecordSchemas[entity].safeParse(record)).toMatchObject({ success: true });
    expect(parseHubRow({ entity, id, op: 'upsert', payload: record })).toMatchObject({
      ok: true,
      row: { op: 'upsert', entity, id },
    });
  });

  it.each(entities)('%s: a hostile record is refused with the field named', (entity) => {
    const { id, record } = built[entity];
    const { field, value } = hostile[entity];
    const payload = { ...record, [field]: value };
    const parsed = hubRecordSchemas[entity].safeParse(payload);
    expect(parsed.success).toBe(false);
    expect(new Set(parsed.error?.issues.map((issue) => issue.path.join('.')))).toEqual(new Set([field]));
    expect(parseHubRow({ entity, id, op: 'upsert', payload })).toEqual({ ok: false, fields: [field] });
  });

  it('names each field of a record that is wrong in several, and a missing one, never a value', () => {
    const { record } = built.coupon;
    const { birthDate: _, ...withoutBirthDate } = record;
    const parsed = parseHubRow({
      entity: 'coupon',
      id: built.coupon.id,
      op: 'upsert',
      payload: { ...withoutBirthDate, name: 42, ticketNumber: '12345' },
    });
    expect(parsed).toEqual({ ok: false, fields: ['ticketNumber', 'name', 'birthDate'] });
    expect(JSON.stringify(parsed)).not.toContain('12345');
  });

  it('refuses a record that is not one (null, an array, text) as the record', () => {
    for (const payload of [null, [], 'slot']) {
      expect(parseHubRow({ entity: 'slot', id: 's-1', op: 'upsert', payload })).toEqual({
        ok: false,
        fields: ['(record)'],
      });
    }
  });

  it('refuses a record filed under another id than its own, and an entity it does not know', () => {
    expect(parseHubRow({ entity: 'slot', id: 's-2', op: 'upsert', payload: built.slot.record })).toEqual({
      ok: false,
      fields: ['id'],
    });
    expect(
      parseHubRow({
        entity: 'coupon_dose',
        id: `${uuid(1)}:2`,
        op: 'upsert',
        payload: built.coupon_dose.record,
      }),
    ).toEqual({ ok: false, fields: ['id'] });
    expect(parseHubRow({ entity: 'voucher', id: 'x-1', op: 'upsert', payload: {} })).toEqual({
      ok: false,
      fields: ['entity'],
    });
  });

  it('reads a tombstone as entity and id, and refuses one that carries a record or a bad id', () => {
    expect(
      hubTombstoneSchema.safeParse({ entity: 'hold', id: uuid(4), op: 'delete', payload: null }).success,
    ).toBe(true);
    expect(parseHubRow({ entity: 'hold', id: uuid(4), op: 'delete', payload: null })).toEqual({
      ok: true,
      row: { op: 'delete', entity: 'hold', id: uuid(4) },
    });
    expect(parseHubRow({ entity: 'hold', id: uuid(4), op: 'delete', payload: built.hold.record })).toEqual({
      ok: false,
      fields: ['payload'],
    });
    expect(parseHubRow({ entity: 'coupon_dose', id: uuid(1), op: 'delete', payload: null })).toEqual({
      ok: false,
      fields: ['id'],
    });
    expect(parseHubRow({ entity: 'slot', id: "s'; --", op: 'delete', payload: null })).toEqual({
      ok: false,
      fields: ['id'],
    });
  });

  it('ignores fields a newer hub adds', () => {
    const payload = { ...built.slot.record, waitingList: 3 };
    expect(parseHubRow({ entity: 'slot', id: 's-1', op: 'upsert', payload })).toMatchObject({ ok: true });
  });
});
