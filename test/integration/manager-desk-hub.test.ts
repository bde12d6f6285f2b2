/**
 * The manager's desk (`manager.*` methods) on desktops attached to a real hub (PGlite over HTTP, the
 * desk service as the app runs it on real SQLite files): every change goes to the hub at once and the
 * desk's own copy has it when the answer arrives; a second desktop receives it by the pull. Products,
 * venues, slot generation (a holiday skipped, twice adds nothing, an overlap refused), capacity in
 * bulk (a cut below the bookings refused by the hub though this desktop had not heard of them),
 * cancelling a session (moves, callbacks, never an overbooking); offline, with no hub, or with a hub
 * login that is not a manager's, nothing happens anywhere.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiResult } from '../../domain/api/errors.ts';
import type {
  BulkSlotChangeAnswer,
  HubProductRecord,
  ManagerCatalog,
  ManagerVenue,
  SessionCancellationOutcome,
  SessionCancellationPlan,
  SlotGenerationAnswer,
  SlotGenerationPreview,
} from '../../domain/api/methods/manager.ts';
import { type RunningHub, startHub } from './hub-http-support.ts';
import {
  createFixture,
  createTestDatabase,
  type Fixture,
  fixtureMunicipality,
  fixtureProduct,
  type TestDatabase,
} from './hub-support.ts';
import {
  attachDesk,
  bookOnline,
  deskCredentials,
  deskUpToDate,
  openTestDesk,
  type TestDesk,
  waitFor,
} from './sync-support.ts';

let hubDb: TestDatabase;
let hub: RunningHub;
let fx: Fixture;
const desks: TestDesk[] = [];
let deskA: TestDesk;
let deskB: TestDesk;

const open = async () => {
  const desk = await openTestDesk();
  desks.push(desk);
  return desk;
};

async function call<T>(desk: TestDesk, method: string, input: unknown): Promise<T> {
  const answer = (await desk.service.call(method, input)) as ApiResult<T>;
  if (!answer.ok) throw new Error(`${method} refused: ${JSON.stringify(answer.error)}`);
  return answer.value;
}
const refusalOf = async (desk: TestDesk, method: string, input: unknown) => {
  const answer = (await desk.service.call(method, input)) as ApiResult<unknown>;
  expect(answer.ok).toBe(false);
  return (answer as Extract<ApiResult<unknown>, { ok: false }>).error;
};

const local = <T>(desk: TestDesk, sql: string, ...params: unknown[]) =>
  desk.service.db.prepare(sql).get(...params) as T | undefined;
const localCount = (desk: TestDesk, sql: string, ...params: unknown[]) =>
  desk.service.db
    .prepare(sql)
    .pluck()
    .get(...params) as number;
const hubCount = async (sql: string, params: unknown[] = []) => {
  const [row] = await hubDb.sql.query<{ n: number }>(sql, params);
  return Number(row!.n);
};

const productBody = {
  name: 'ノババックス　ヌバキソビッド',
  manufacturer: 'Novavax',
  dosesInSeries: 2,
  intervalMinDays: 21,
  intervalMaxDays: 56,
  minAgeYears: 12,
  ageReferenceDate: null,
};

beforeAll(async () => {
  hubDb = await createTestDatabase('pglite');
  fx = await createFixture(hubDb.sql);
  hub = await startHub(hubDb.sql);
  deskA = await open();
  deskB = await open();
  await attachDesk(deskA, hub.baseUrl, await deskCredentials(hubDb.sql, { role: 'manager', name: 'PC-A' }));
  await attachDesk(deskB, hub.baseUrl, await deskCredentials(hubDb.sql, { role: 'manager', name: 'PC-B' }));
  await Promise.all([deskUpToDate(deskA), deskUpToDate(deskB)]);
});

afterAll(async () => {
  for (const desk of desks) desk.remove();
  await hub?.close();
  await hubDb?.drop();
});

describe('products and venues', () => {
  it('reads what a manager edits from the hub', async () => {
    const catalog = await call<ManagerCatalog>(deskA, 'manager.getCatalog', {});
    expect(catalog.products.map((p) => p.id)).toContain(fixtureProduct.id);
    expect(catalog.venues.find((v) => v.id === fx.venueId)).toMatchObject({
      name: 'テスト会場',
      acceptedMunicipalityCodes: [fixtureMunicipality.code],
    });
    expect(catalog.municipalities).toContainEqual({ code: fixtureMunicipality.code, name: 'テスト区' });
  });

  it('creates, changes and retires a product; both desktops have it', async () => {
    const { product } = await call<{ product: HubProductRecord }>(deskA, 'manager.createProduct', {
      product: productBody,
    });
    // NFKC and trimmed, as the hub keeps it.
    expect(product).toMatchObject({ name: 'ノババックス ヌバキソビッド', active: true, intervalMaxDays: 56 });
    // In this desktop's copy when the answer arrives.
    expect(
      local(deskA, 'SELECT name, interval_min_days FROM vaccine_products WHERE id = ?', product.id),
    ).toEqual({
      name: 'ノババックス ヌバキソビッド',
      interval_min_days: 21,
    });
    await waitFor('the product on desktop B', () =>
      local(deskB, 'SELECT 1 FROM vaccine_products WHERE id = ?', product.id),
    );

    const changed = await call<{ product: HubProductRecord }>(deskA, 'manager.changeProduct', {
      productId: product.id,
      change: { intervalMaxDays: 84, ageReferenceDate: '2030-04-01', minAgeYears: 65 },
    });
    expect(changed.product).toMatchObject({
      intervalMaxDays: 84,
      ageReferenceDate: '2030-04-01',
      minAgeYears: 65,
    });
    expect(local(deskA, 'SELECT interval_max_days FROM vaccine_products WHERE id = ?', product.id)).toEqual({
      interval_max_days: 84,
    });

    // The window the wrong way round: the hub's check, named by the field the form shows.
    const backwards = await refusalOf(deskA, 'manager.changeProduct', {
      productId: product.id,
      change: { intervalMinDays: 90 },
    });
    expect(backwards).toMatchObject({ code: 'VALIDATION', issues: [{ path: 'change.intervalMaxDays' }] });

    const retired = await call<{ product: HubProductRecord }>(deskA, 'manager.retireProduct', {
      productId: product.id,
    });
    expect(retired.product.active).toBe(false);
    expect(local(deskA, 'SELECT active FROM vaccine_products WHERE id = ?', product.id)).toEqual({
      active: 0,
    });
    expect(await refusalOf(deskA, 'manager.retireProduct', { productId: 'no-such-product' })).toMatchObject({
      code: 'NOT_FOUND',
      issues: [{ path: 'reason', message: 'not_found' }],
    });
  });

  it('creates, edits and closes a venue with its products and the municipalities it takes', async () => {
    const { venue } = await call<{ venue: ManagerVenue }>(deskA, 'manager.createVenue', {
      venue: {
        name: '県営大規模接種センター',
        municipalityCode: fixtureMunicipality.code,
        nameKana: 'ケンエイダイキボセッシュセンター',
        kind: 'mass_site',
        address: '東京都千代田区2-2',
        phone: '03-1111-2222',
        accessNotes: '正面入口から２階へ',
        productIds: [fixtureProduct.id],
        acceptedMunicipalityCodes: [fixtureMunicipality.code, '131024'],
      },
    });
    expect(venue).toMatchObject({
      accessNotes: '正面入口から2階へ',
      productIds: [fixtureProduct.id],
      acceptedMunicipalityCodes: [fixtureMunicipality.code, '131024'],
      active: true,
    });
    expect(local(deskA, 'SELECT name, kind, active FROM venues WHERE id = ?', venue.id)).toEqual({
      name: '県営大規模接種センター',
      kind: 'mass_site',
      active: 1,
    });
    // The municipality first named here is known to the hub now (by its code).
    const catalog = await call<ManagerCatalog>(deskA, 'manager.getCatalog', {});
    expect(catalog.municipalities).toContainEqual({ code: '131024', name: null });

    const edited = await call<{ venue: ManagerVenue }>(deskB, 'manager.changeVenue', {
      venueId: venue.id,
      change: { accessNotes: '駐車場は裏手', phone: '03-1111-3333' },
    });
    expect(edited.venue).toMatchObject({ accessNotes: '駐車場は裏手', phone: '03-1111-3333' });
    expect(local(deskB, 'SELECT phone FROM venues WHERE id = ?', venue.id)).toEqual({
      phone: '03-1111-3333',
    });

    const closed = await call<{ venue: ManagerVenue }>(deskA, 'manager.changeVenue', {
      venueId: venue.id,
      change: { active: false },
    });
    expect(closed.venue.active).toBe(false);
    expect(local(deskA, 'SELECT active FROM venues WHERE id = ?', venue.id)).toEqual({ active: 0 });
    await waitFor(
      'the closing on desktop B',
      () =>
        local<{ active: number }>(deskB, 'SELECT active FROM venues WHERE id = ?', venue.id)?.active === 0,
    );

    // A bad municipality code never leaves the desk.
    expect(
      await refusalOf(deskA, 'manager.changeVenue', {
        venueId: venue.id,
        change: { acceptedMunicipalityCodes: ['131017'] },
      }),
    ).toMatchObject({ code: 'VALIDATION', issues: [{ path: 'change.acceptedMunicipalityCodes.0' }] });
  });
});

describe('slot generation', () => {
  // July 2030: Monday 15 is 海の日; Wednesday 24 is a closure day.
  const generation = {
    productId: fixtureProduct.id,
    from: '2030-07-01',
    to: '2030-07-31',
    patterns: [
      {
        daysOfWeek: [1, 3],
        startTime: '09:00',
        endTime: '12:00',
        slotMinutes: 30,
        lunchBreak: null,
        capacity: 10,
        callCenterReserve: 2,
      },
    ],
    closureDays: ['2030-07-24'],
  };

  it('previews with the holiday skipped, generates once, and adds nothing the second time', async () => {
    const { venue } = await call<{ venue: ManagerVenue }>(deskA, 'manager.createVenue', {
      venue: {
        name: '北公民館',
        municipalityCode: fixtureMunicipality.code,
        kind: 'community_center',
        address: '東京都千代田区3-3',
        productIds: [fixtureProduct.id],
      },
    });
    const preview = await call<SlotGenerationPreview>(deskA, 'manager.previewSlotGeneration', {
      venueId: venue.id,
      generation,
    });
    expect(preview.skipped).toEqual([
      { date: '2030-07-15', reason: 'holiday', holidayName: '海の日' },
      { date: '2030-07-24', reason: 'closure' },
    ]);
    // Mondays 1, 8, 22, 29 and Wednesdays 3, 10, 17, 31: 8 days × 6 slots.
    expect(preview.slots).toHaveLength(48);
    expect(preview.overlaps).toEqual([]);
    expect(await hubCount('SELECT count(*) AS n FROM slots WHERE venue_id = $1', [venue.id])).toBe(0);

    const first = await call<SlotGenerationAnswer>(deskA, 'manager.generateSlots', {
      venueId: venue.id,
      generation,
    });
    expect(first).toMatchObject({ outcome: 'generated', created: 48, existing: 0 });
    // Every slot is in this desktop's copy when the answer arrives, with the pattern's seats.
    expect(localCount(deskA, 'SELECT count(*) FROM slots WHERE venue_id = ?', venue.id)).toBe(48);
    expect(
      local(
        deskA,
        "SELECT capacity, call_center_reserve FROM slots WHERE venue_id = ? AND date = '2030-07-01' AND start_time = '09:00'",
        venue.id,
      ),
    ).toEqual({ capacity: 10, call_center_reserve: 2 });
    expect(
      localCount(deskA, "SELECT count(*) FROM slots WHERE venue_id = ? AND date = '2030-07-15'", venue.id),
    ).toBe(0);
    await waitFor(
      'the slots on desktop B',
      () => localCount(deskB, 'SELECT count(*) FROM slots WHERE venue_id = ?', venue.id) === 48,
    );

    const again = await call<SlotGenerationAnswer>(deskB, 'manager.generateSlots', {
      venueId: venue.id,
      generation,
    });
    expect(again).toMatchObject({ outcome: 'generated', created: 0, existing: 48 });
    expect(await hubCount('SELECT count(*) AS n FROM slots WHERE venue_id = $1', [venue.id])).toBe(48);

    // Another pattern whose slots meet the existing ones: shown in the preview and refused as a whole.
    const meeting = {
      ...generation,
      patterns: [{ ...generation.patterns[0]!, startTime: '09:15', endTime: '13:15' }],
    };
    const shown = await call<SlotGenerationPreview>(deskA, 'manager.previewSlotGeneration', {
      venueId: venue.id,
      generation: meeting,
    });
    expect(shown.overlaps.length).toBeGreaterThan(0);
    const overlap = await call<SlotGenerationAnswer>(deskA, 'manager.generateSlots', {
      venueId: venue.id,
      generation: meeting,
    });
    expect(overlap).toMatchObject({ outcome: 'overlap' });
    expect(overlap.outcome === 'overlap' && overlap.overlaps[0]).toMatchObject({
      date: '2030-07-01',
      startTime: '09:15',
      existingStartTime: '09:00',
    });
    expect(await hubCount('SELECT count(*) AS n FROM slots WHERE venue_id = $1', [venue.id])).toBe(48);

    // The hub's own checks of the request, named by the field: times the wrong way round.
    const backwards = await refusalOf(deskA, 'manager.previewSlotGeneration', {
      venueId: venue.id,
      generation: { ...generation, patterns: [{ ...generation.patterns[0]!, endTime: '08:00' }] },
    });
    expect(backwards).toMatchObject({
      code: 'VALIDATION',
      issues: [{ path: 'generation.patterns.0.endTime' }],
    });
  });
});

describe('capacity in bulk', () => {
  it('changes a week of a venue on the hub and in both copies', async () => {
    const week = ['2030-08-05', '2030-08-06', '2030-08-07'];
    const ids: string[] = [];
    for (const date of week) ids.push(await fx.slot({ date, capacity: 20, callCenterReserve: 2 }));
    const outside = await fx.slot({ date: '2030-08-12', capacity: 20 });
    await waitFor('the slots on desktop A', () => local(deskA, 'SELECT 1 FROM slots WHERE id = ?', outside));

    const answer = await call<BulkSlotChangeAnswer>(deskA, 'manager.changeSlotsInBulk', {
      selection: { venueId: fx.venueId, from: '2030-08-05', to: '2030-08-11' },
      change: { capacity: 12, callCenterReserve: 4 },
    });
    expect(answer).toEqual({ outcome: 'changed', changed: 3, unchanged: 0 });
    for (const id of ids) {
      expect(local(deskA, 'SELECT capacity, call_center_reserve FROM slots WHERE id = ?', id)).toEqual({
        capacity: 12,
        call_center_reserve: 4,
      });
    }
    expect(local(deskA, 'SELECT capacity FROM slots WHERE id = ?', outside)).toEqual({ capacity: 20 });
    await waitFor('the change on desktop B', () =>
      ids.every(
        (id) =>
          local<{ capacity: number }>(deskB, 'SELECT capacity FROM slots WHERE id = ?', id)?.capacity === 12,
      ),
    );

    // A set of slots closed at once.
    expect(
      await call<BulkSlotChangeAnswer>(deskB, 'manager.changeSlotsInBulk', {
        selection: { slotIds: ids.slice(0, 2) },
        change: { status: 'closed' },
      }),
    ).toEqual({ outcome: 'changed', changed: 2, unchanged: 0 });
    expect(local(deskB, 'SELECT status FROM slots WHERE id = ?', ids[0])).toEqual({ status: 'closed' });
  });

  it('refuses a cut below the bookings, though this desktop had not heard of them, and names them', async () => {
    const date = '2030-08-20';
    const known = await fx.slot({ date, capacity: 6 });
    const stale = await fx.slot({ date, startTime: '11:00', endTime: '11:30', capacity: 6 });
    const free = await fx.slot({ date, startTime: '13:00', endTime: '13:30', capacity: 6 });
    const booked = [];
    for (let i = 0; i < 3; i++) booked.push(await bookOnline(hub, await fx.coupon(), known));
    await waitFor(
      'the bookings on desktop A',
      () =>
        localCount(
          deskA,
          "SELECT count(*) FROM bookings WHERE slot_id = ? AND status = 'confirmed'",
          known,
        ) === 3,
    );
    // Two bookings this desktop has not heard of: in the hub's tables, not yet in its change log.
    const unheard = [];
    for (let i = 0; i < 2; i++) {
      const coupon = await fx.coupon();
      const id = randomUUID();
      await hubDb.sql.query(
        `INSERT INTO bookings (id, booking_number, municipality_code, coupon_id, slot_id, dose_number, channel, status,
                               created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, 1, 'online', 'confirmed', now(), now())`,
        [id, `ZZ${randomUUID().slice(0, 6)}`, fixtureMunicipality.code, coupon.id, stale],
      );
      await hubDb.sql.query('UPDATE slots SET booked_online = booked_online + 1 WHERE id = $1', [stale]);
      unheard.push(id);
    }
    // The local copy: every seat of `stale` free.
    expect(localCount(deskA, 'SELECT count(*) FROM bookings WHERE slot_id = ?', stale)).toBe(0);
    const localBefore = deskA.service.db
      .prepare('SELECT id, capacity FROM slots WHERE id IN (?, ?, ?) ORDER BY id')
      .all(known, stale, free);

    const answer = await call<BulkSlotChangeAnswer>(deskA, 'manager.changeSlotsInBulk', {
      selection: { venueId: fx.venueId, from: date, to: date },
      change: { capacity: 1 },
    });
    expect(answer.outcome).toBe('below_booked');
    const slots = answer.outcome === 'below_booked' ? answer.slots : [];
    expect(slots.map((s) => [s.slotId, s.seatsTaken, s.startTime])).toEqual([
      [known, 3, '10:00'],
      [stale, 2, '11:00'],
    ]);
    // The bookings in the way by number and name; those this desktop has not received are still counted.
    expect(slots[0]!.bookings.map((b) => b.bookingNumber).sort()).toEqual(
      booked.map((b) => b.bookingNumber).sort(),
    );
    expect(slots[0]!.bookings.every((b) => b.name === '山田 太郎')).toBe(true);
    expect(slots[1]!.bookings.map((b) => b.bookingId).sort()).toEqual([...unheard].sort());
    expect(slots[1]!.bookings.every((b) => b.name === '')).toBe(true);
    // Nothing changed, on the hub or here; the view of the names is audited.
    expect(
      await hubCount('SELECT count(*) AS n FROM slots WHERE id = ANY($1::text[]) AND capacity = 6', [
        [known, stale, free],
      ]),
    ).toBe(3);
    expect(
      deskA.service.db
        .prepare('SELECT id, capacity FROM slots WHERE id IN (?, ?, ?) ORDER BY id')
        .all(known, stale, free),
    ).toEqual(localBefore);
    const audit = local<{ entity_ids: string }>(
      deskA,
      "SELECT entity_ids FROM audit_events WHERE action = 'slot.bookings-in-the-way.view' ORDER BY id DESC LIMIT 1",
    );
    expect(JSON.parse(audit!.entity_ids).sort()).toEqual(booked.map((b) => b.id).sort());
  });
});

describe('cancelling a session', () => {
  it('closes the slots, moves whom it can to the same venue first, and leaves the rest as callback tasks', async () => {
    const day = '2030-09-10';
    const session = [
      await fx.slot({ date: day, startTime: '10:00', endTime: '10:30', capacity: 5 }),
      await fx.slot({ date: day, startTime: '10:30', endTime: '11:00', capacity: 5 }),
    ];
    const sameVenue = await fx.slot({
      date: '2030-09-11',
      startTime: '10:00',
      endTime: '10:30',
      capacity: 2,
    });
    const residents = [];
    for (const slotId of [session[0]!, session[0]!, session[1]!]) {
      residents.push(await bookOnline(hub, await fx.coupon(), slotId));
    }
    await waitFor(
      'the bookings on desktop A',
      () => localCount(deskA, `SELECT count(*) FROM bookings WHERE slot_id IN (?, ?)`, ...session) === 3,
    );
    const body = { slotIds: session, otherVenues: false };

    const plan = await call<SessionCancellationPlan>(deskA, 'manager.previewSessionCancellation', body);
    expect(plan.residents.map((r) => r.bookingNumber).sort()).toEqual(
      residents.map((r) => r.bookingNumber).sort(),
    );
    expect(plan.residents.every((r) => r.name === '山田 太郎' && r.from.venueName === 'テスト会場')).toBe(
      true,
    );
    // Two seats the next day at the same venue: two residents planned there, the third has none.
    expect(plan.residents.map((r) => r.to?.slotId ?? null).sort()).toEqual(
      [null, sameVenue, sameVenue].sort(),
    );
    expect(local(deskA, 'SELECT status FROM slots WHERE id = ?', session[0])).toEqual({ status: 'open' });

    const outcome = await call<SessionCancellationOutcome>(deskA, 'manager.cancelSession', body);
    expect(outcome.closedSlots).toBe(2);
    expect(outcome.results.map((r) => r.outcome).sort()).toEqual(['callback', 'moved', 'moved']);
    const callback = outcome.results.find((r) => r.outcome === 'callback')!;
    expect(callback).toMatchObject({ code: 'NO_SEAT', name: '山田 太郎' });
    for (const r of outcome.results) {
      if (r.outcome === 'moved')
        expect(r.to).toMatchObject({ slotId: sameVenue, date: '2030-09-11', startTime: '10:00' });
    }
    // Never over the capacity; every resident either moved or still in a closed slot, on the hub and here.
    expect(
      await hubCount('SELECT booked_online + booked_phone + booked_walk_in AS n FROM slots WHERE id = $1', [
        sameVenue,
      ]),
    ).toBe(2);
    expect(local(deskA, 'SELECT status FROM slots WHERE id = ?', session[1])).toEqual({ status: 'closed' });
    expect(localCount(deskA, 'SELECT count(*) FROM bookings WHERE slot_id = ?', sameVenue)).toBe(2);
    const tasks = await call<{ tasks: Array<{ booking: { bookingId: string }; kind: string }> }>(
      deskA,
      'listCallbackTasks',
      {},
    );
    expect(tasks.tasks.filter((t) => t.booking.bookingId === callback.bookingId).map((t) => t.kind)).toEqual([
      'slot_closed',
    ]);
  });
});

describe('refused, and nothing happens anywhere', () => {
  it('refuses while the hub cannot be reached (never queued)', async () => {
    const doomed = await startHub(hubDb.sql);
    const desk = await open();
    await attachDesk(
      desk,
      doomed.baseUrl,
      await deskCredentials(hubDb.sql, { role: 'manager', name: 'PC-C' }),
    );
    await deskUpToDate(desk);
    await doomed.close();
    const products = await hubCount('SELECT count(*) AS n FROM vaccine_products');
    expect(await refusalOf(desk, 'manager.createProduct', { product: productBody })).toMatchObject({
      code: 'CONFLICT',
      issues: [{ path: 'reason', message: 'hub_offline' }],
    });
    expect(await refusalOf(desk, 'manager.getCatalog', {})).toMatchObject({
      issues: [{ path: 'reason', message: 'hub_offline' }],
    });
    expect(await hubCount('SELECT count(*) AS n FROM vaccine_products')).toBe(products);
    expect(localCount(desk, 'SELECT count(*) FROM outbox')).toBe(0);
  });

  it('refuses on a desktop attached to no hub', async () => {
    const desk = await open();
    expect(
      await refusalOf(desk, 'manager.changeSlotsInBulk', {
        selection: { from: '2030-08-05', to: '2030-08-05' },
        change: { capacity: 3 },
      }),
    ).toMatchObject({ code: 'CONFLICT', issues: [{ path: 'reason', message: 'no_hub' }] });
  });

  it('refuses when this desktop’s login on the hub is not a manager’s', async () => {
    const desk = await open();
    await attachDesk(
      desk,
      hub.baseUrl,
      await deskCredentials(hubDb.sql, { role: 'operator', name: 'PC-op' }),
    );
    await deskUpToDate(desk);
    const products = await hubCount('SELECT count(*) AS n FROM vaccine_products');
    expect(await refusalOf(desk, 'manager.createProduct', { product: productBody })).toMatchObject({
      code: 'FORBIDDEN',
      issues: [{ path: 'reason', message: 'hub_forbidden' }],
    });
    expect(await refusalOf(desk, 'manager.getCatalog', {})).toMatchObject({ code: 'FORBIDDEN' });
    expect(await hubCount('SELECT count(*) AS n FROM vaccine_products')).toBe(products);
  });
});
