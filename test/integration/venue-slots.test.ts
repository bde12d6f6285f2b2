/**
 * The venues and slots screen's API on a desktop without a hub, over real SQLite files: the dispatcher
 * (validation, roles) in front of the handlers; every change checked in slots, audit_events and the
 * day overview, every refusal checked to change nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { closeDatabase, type Database, openDatabase } from '../../db/open-database.ts';
import { getDayOverview } from '../../db/queries/day-overview.ts';
import { setMunicipality } from '../../db/queries/meta.ts';
import { setSyncOrigin } from '../../db/queries/sync-state.ts';
import type { DeskEvent } from '../../domain/api/contract.ts';
import type { ApiResult } from '../../domain/api/errors.ts';
import {
  type SlotCapacityList,
  type SlotChangeResult,
  venueSlotMethods,
} from '../../domain/api/methods/venue-slots.ts';
import type { StaffRole } from '../../domain/vocabulary/index.ts';
import { DeskEventBus } from '../../electron/node/desk-events.ts';
import { type CallContext, createDispatcherFor } from '../../electron/node/dispatch.ts';
import { createVenueSlotHandlers } from '../../electron/node/handlers/venue-slot-handlers.ts';
import { localDbSecretBox } from '../../electron/node/sync/secret-box.ts';
import { SyncEngine } from '../../electron/node/sync/sync-engine.ts';

let dir: string;
let db: Database;
let fileCount = 0;
let events: DeskEvent[];
let dispatch: ReturnType<typeof createDispatcherFor>;

const session = (role: StaffRole): CallContext => ({
  session: { staffId: `staff-${role}`, displayName: role, role },
});
const manager = session('manager');

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vaccine-desk-slots-'));
});
afterAll(() => {
  if (db?.open) closeDatabase(db);
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  if (db?.open) closeDatabase(db);
  db = openDatabase(join(dir, `desk-${++fileCount}.sqlite`));
  setMunicipality(db, { code: '112992', name: '青葉台市' });
  const at = '2021-05-01T00:00:00.000Z';
  db.exec(`
    INSERT INTO vaccine_products (id, name, manufacturer, doses_in_series, interval_min_days, interval_max_days,
      min_age_years) VALUES ('pfizer', 'ファイザー社ワクチン', 'P', 2, 21, 42, 12);
    INSERT INTO venues (id, municipality_code, name, name_kana, kind, area, address, phone, active, updated_at) VALUES
      ('hall', '112992', '市民会館', 'シミンカイカン', 'mass_site', '', '青葉台市本町1-1', '', 1, '${at}'),
      ('clinic', '112992', '駅前医院', 'エキマエイイン', 'clinic', '', '青葉台市桜台2-2', '', 1, '${at}'),
      ('old', '112992', '旧会場', 'キュウカイジョウ', 'clinic', '', '青葉台市', '', 0, '${at}');
    INSERT INTO slots (id, venue_id, product_id, date, start_time, end_time, capacity, call_center_reserve, status,
      updated_at) VALUES
      ('hall-0510-10', 'hall', 'pfizer', '2021-05-10', '10:00', '10:30', 10, 3, 'open', '${at}'),
      ('hall-0510-11', 'hall', 'pfizer', '2021-05-10', '11:00', '11:30', 6, 0, 'closed', '${at}'),
      ('clinic-0511', 'clinic', 'pfizer', '2021-05-11', '14:00', '14:30', 4, 1, 'open', '${at}'),
      ('old-0511', 'old', 'pfizer', '2021-05-11', '09:00', '09:30', 4, 0, 'open', '${at}'),
      ('hall-0520', 'hall', 'pfizer', '2021-05-20', '10:00', '10:30', 10, 0, 'open', '${at}');
    WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 8)
    INSERT INTO coupons (id, municipality_code, ticket_number, name, name_kana, name_kana_key, birth_date, sex,
      status, updated_at)
    SELECT 'c' || i, '112992', printf('%010d', i), '住民', 'ジュウミン', 'ジュウミン', '1950-01-01', 'F',
           'active', '${at}' FROM n;
  `);
  // hall 10:00: 2 online, 1 phone, 1 walk-in, 1 held, 1 cancelled (no seat) → 5 seats taken.
  const book = db.prepare(
    `INSERT INTO bookings (id, booking_number, coupon_id, slot_id, dose_number, channel, status, created_at, updated_at)
     VALUES (?, ?, ?, ?, 1, ?, ?, '${at}', '${at}')`,
  );
  const seats: Array<[string, string, string]> = [
    ['hall-0510-10', 'online', 'confirmed'],
    ['hall-0510-10', 'online', 'checked_in'],
    ['hall-0510-10', 'phone', 'provisional'],
    ['hall-0510-10', 'walk_in', 'vaccinated'],
    ['hall-0510-10', 'phone', 'held'],
    ['hall-0510-10', 'online', 'cancelled'],
    ['clinic-0511', 'phone', 'confirmed'],
  ];
  seats.forEach(([slotId, channel, status], i) => {
    book.run(`b${i}`, `BN${i}`, `c${i + 1}`, slotId, channel, status);
  });
  events = [];
  const bus = new DeskEventBus();
  bus.subscribe((event) => events.push(event));
  dispatch = createDispatcherFor(
    venueSlotMethods,
    createVenueSlotHandlers({ db, appVersion: 'test', transport: 'browser', events: bus }),
    { enforceRoles: true, reportInternalError: (line) => console.error(line) },
  );
});

const list = async (input: unknown, ctx = manager) => {
  const answer = (await dispatch('listSlotCapacity', input, ctx)) as ApiResult<SlotCapacityList>;
  if (!answer.ok) throw new Error(`listSlotCapacity failed: ${JSON.stringify(answer.error)}`);
  return answer.value;
};
const change = (input: unknown, ctx = manager) =>
  dispatch('changeSlotCapacity', input, ctx) as Promise<ApiResult<SlotChangeResult>>;

interface SlotCapacityRow {
  capacity: number;
  call_center_reserve: number;
  status: string;
}
const slotRecord = (id: string) =>
  db
    .prepare('SELECT capacity, call_center_reserve, status FROM slots WHERE id = ?')
    .get(id) as SlotCapacityRow;
const audits = () =>
  (
    db
      .prepare(
        "SELECT staff_id, action, entity, entity_ids, detail FROM audit_events WHERE action = 'slot.change'",
      )
      .all() as Array<{
      staff_id: string;
      action: string;
      entity: string;
      entity_ids: string;
      detail: string;
    }>
  ).map((a) => ({ ...a, entity_ids: JSON.parse(a.entity_ids), detail: JSON.parse(a.detail) }));

describe('the slot list', () => {
  it('shows one venue’s slots with seats by channel, held, remaining and status', async () => {
    const answer = await list({ venueId: 'hall', from: '2021-05-10', to: '2021-05-16' });
    expect(answer).toMatchObject({ canChange: true, changeTarget: 'local', venueId: 'hall' });
    expect(answer.venues.map((v) => v.id)).toEqual(['clinic', 'hall']);
    expect(answer.slots).toEqual([
      {
        slotId: 'hall-0510-10',
        venueId: 'hall',
        venueName: '市民会館',
        date: '2021-05-10',
        startTime: '10:00',
        endTime: '10:30',
        productName: 'ファイザー社ワクチン',
        capacity: 10,
        callCenterReserve: 3,
        booked: { phone: 1, online: 2, walk_in: 1 },
        held: 1,
        remaining: 5,
        status: 'open',
        updatedAt: '2021-05-01T00:00:00.000Z',
      },
      expect.objectContaining({ slotId: 'hall-0510-11', status: 'closed', capacity: 6, remaining: 0 }),
    ]);
  });

  it('lists every active venue by date, then venue reading, then time; inactive venues only when picked', async () => {
    const all = await list({ venueId: null, from: '2021-05-10', to: '2021-05-31' });
    expect(all.slots.map((s) => s.slotId)).toEqual([
      'hall-0510-10',
      'hall-0510-11',
      'clinic-0511',
      'hall-0520',
    ]);
    const old = await list({ venueId: 'old', from: '2021-05-10', to: '2021-05-31' });
    expect(old.slots.map((s) => s.slotId)).toEqual(['old-0511']);
  });

  it('refuses a range that is backwards or longer than 62 days', async () => {
    const backwards = await dispatch(
      'listSlotCapacity',
      { venueId: null, from: '2021-05-10', to: '2021-05-09' },
      manager,
    );
    expect(backwards).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const long = await dispatch(
      'listSlotCapacity',
      { venueId: null, from: '2021-05-01', to: '2021-07-02' },
      manager,
    );
    expect(long).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect((await list({ venueId: null, from: '2021-05-01', to: '2021-07-01' })).slots).toHaveLength(4);
  });
});

describe('a manager’s change without a hub', () => {
  it('writes the slot, audits who changed what from what to what, and the overview counts it at once', async () => {
    expect(getDayOverview(db, '2021-05-10').totals).toMatchObject({ capacity: 10, remaining: 5 });
    const answer = await change({ slotId: 'hall-0510-10', capacity: 12, callCenterReserve: 4 });
    expect(answer).toMatchObject({
      ok: true,
      value: { via: 'local', changed: true, slot: { capacity: 12, callCenterReserve: 4, remaining: 7 } },
    });
    expect(slotRecord('hall-0510-10')).toEqual({ capacity: 12, call_center_reserve: 4, status: 'open' });
    expect(getDayOverview(db, '2021-05-10').totals).toMatchObject({ capacity: 12, remaining: 7 });
    expect(audits()).toEqual([
      {
        staff_id: 'staff-manager',
        action: 'slot.change',
        entity: 'slot',
        entity_ids: ['hall-0510-10'],
        detail: {
          via: 'local',
          before: { capacity: 10, callCenterReserve: 3 },
          after: { capacity: 12, callCenterReserve: 4 },
        },
      },
    ]);
    expect(events).toEqual([{ type: 'data-changed', scopes: ['slots'] }]);
  });

  it('takes full-width digits, closes and reopens a slot', async () => {
    expect(await change({ slotId: 'hall-0510-10', capacity: '１２' })).toMatchObject({
      ok: true,
      value: { slot: { capacity: 12 } },
    });
    expect(await change({ slotId: 'hall-0510-11', status: 'open' })).toMatchObject({
      ok: true,
      value: { slot: { status: 'open', remaining: 6 } },
    });
    expect(getDayOverview(db, '2021-05-10').totals).toMatchObject({ capacity: 18, remaining: 13 });
    expect(audits().map((a) => a.detail)).toEqual([
      { via: 'local', before: { capacity: 10 }, after: { capacity: 12 } },
      { via: 'local', before: { status: 'closed' }, after: { status: 'open' } },
    ]);
  });

  it('refuses a capacity below the seats taken (booked + held), changing nothing', async () => {
    const answer = await change({ slotId: 'hall-0510-10', capacity: 4 });
    expect(answer).toEqual({
      ok: false,
      error: {
        code: 'CONFLICT',
        message: 'slot change refused: capacity_below_booked',
        issues: [
          { path: 'reason', message: 'capacity_below_booked' },
          { path: 'seatsTaken', message: '5' },
        ],
      },
    });
    expect(slotRecord('hall-0510-10').capacity).toBe(10);
    // Exactly the seats taken is allowed (the slot is then full).
    expect(await change({ slotId: 'hall-0510-10', capacity: 5 })).toMatchObject({
      ok: true,
      value: { slot: { capacity: 5, callCenterReserve: 3, remaining: 0 } },
    });
    expect(audits()).toHaveLength(1);
  });

  it('keeps the reserve within the capacity', async () => {
    const above = await change({ slotId: 'clinic-0511', callCenterReserve: 5 });
    expect(above).toMatchObject({
      ok: false,
      error: {
        code: 'CONFLICT',
        issues: [
          { path: 'reason', message: 'reserve_above_capacity' },
          { path: 'capacity', message: '4' },
        ],
      },
    });
    expect(slotRecord('clinic-0511')).toEqual({ capacity: 4, call_center_reserve: 1, status: 'open' });
    const hallNoBookings = await change({ slotId: 'hall-0520', callCenterReserve: 8 });
    expect(hallNoBookings).toMatchObject({ ok: true });
    // A capacity alone below the reserve brings the reserve down with it.
    expect(await change({ slotId: 'hall-0520', capacity: 6 })).toMatchObject({
      ok: true,
      value: { slot: { capacity: 6, callCenterReserve: 6 } },
    });
  });

  it('refuses what is not a whole seat count before anything runs', async () => {
    for (const capacity of ['2.5', '十', '-1', '', 10_001]) {
      const answer = await change({ slotId: 'hall-0510-10', capacity });
      expect(answer, String(capacity)).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION', issues: [{ path: 'capacity' }] },
      });
    }
    expect(await change({ slotId: 'hall-0510-10' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
    expect(slotRecord('hall-0510-10').capacity).toBe(10);
    expect(audits()).toEqual([]);
  });

  it('answers the same values without writing or auditing, and an unknown slot as NOT_FOUND', async () => {
    expect(await change({ slotId: 'hall-0510-10', capacity: 10, status: 'open' })).toMatchObject({
      ok: true,
      value: { changed: false, slot: { capacity: 10 } },
    });
    expect(await change({ slotId: 'no-such-slot', capacity: 3 })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', issues: [{ path: 'reason', message: 'not_found' }] },
    });
    expect(audits()).toEqual([]);
    expect(events).toEqual([]);
  });
});

describe('a desktop whose data came from a hub', () => {
  it('never changes the local copy, even with no hub configured now', async () => {
    setSyncOrigin(db, 'http://hub.example.jp/', null);
    const bus = new DeskEventBus();
    const sync = new SyncEngine({ db, events: bus, secretBox: localDbSecretBox, log: () => {} });
    const viaEngine = createDispatcherFor(
      venueSlotMethods,
      createVenueSlotHandlers({ db, appVersion: 'test', transport: 'browser', events: bus, sync }),
      { enforceRoles: true },
    );
    const listed = (await viaEngine(
      'listSlotCapacity',
      { venueId: 'hall', from: '2021-05-10', to: '2021-05-10' },
      manager,
    )) as ApiResult<SlotCapacityList>;
    expect(listed).toMatchObject({ ok: true, value: { changeTarget: 'hub' } });
    expect(
      await viaEngine('changeSlotCapacity', { slotId: 'hall-0510-10', capacity: 20 }, manager),
    ).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', issues: [{ path: 'reason', message: 'hub_offline' }] },
    });
    expect(slotRecord('hall-0510-10').capacity).toBe(10);
    expect(audits()).toEqual([]);
    await sync.stop();
  });
});

describe('roles', () => {
  it('lets every role see the slots; only managers may change them (refused by the process, nothing written)', async () => {
    for (const role of ['operator', 'venue_staff', 'admin'] as const) {
      const seen = await list({ venueId: 'hall', from: '2021-05-10', to: '2021-05-10' }, session(role));
      expect(seen.canChange, role).toBe(false);
      expect(seen.slots).toHaveLength(2);
      const answer = await change({ slotId: 'hall-0510-10', capacity: 20 }, session(role));
      expect(answer, role).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect(slotRecord('hall-0510-10').capacity).toBe(10);
    expect(audits()).toEqual([]);
  });
});
