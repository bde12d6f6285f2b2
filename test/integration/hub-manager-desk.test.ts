/**
 * The manager's desk on the hub: products, venues, slot generation, capacity in bulk, the reserve
 * released by the clock, and a cancelled session's bulk move — over real HTTP, on both engines.
 */

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { daysBetween } from '../../domain/calendar.ts';
import { type HubSlotRecord, hubSlotRecordSchema } from '../../domain/hub-api/records.ts';
import type { ChangesPage } from '../../domain/hub-api/sync-api.ts';
import { changeLogHead } from '../../server/store/change-log.ts';
import { type RunningHub, startHub } from './hub-http-support.ts';
import { type SignedIn, signInStaff } from './hub-staff-support.ts';
import {
  createFixture,
  describeHubBackends,
  type Fixture,
  fixtureMunicipality,
  fixtureNow,
  fixtureProduct,
} from './hub-support.ts';

const weekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();

describeHubBackends("the manager's desk", (ctx) => {
  let hub: RunningHub;
  let fx: Fixture;
  let manager: SignedIn;
  let otherManager: SignedIn;
  let operator: SignedIn;

  beforeAll(async () => {
    fx = await createFixture(ctx.sql);
    hub = await startHub(ctx.sql);
    manager = await signInStaff(hub, ctx.sql, 'manager');
    otherManager = await signInStaff(hub, ctx.sql, 'manager');
    operator = await signInStaff(hub, ctx.sql, 'operator');
  });
  afterAll(async () => {
    await hub?.close();
  });

  const call = <T>(method: string, path: string, body: unknown, who: SignedIn = manager) =>
    hub.request<T>(method, path, { body, headers: who.headers });
  const auditOf = (entityId: string) =>
    ctx.sql.query<{ action: string; staff_id: string; detail: { before: object; after: object } }>(
      'SELECT action, staff_id, detail FROM audit_log WHERE entity_id = $1 ORDER BY id',
      [entityId],
    );
  const slotRow = async (id: string) =>
    (
      await ctx.sql.query<{ capacity: number; booked_online: number; booked_phone: number; status: string }>(
        'SELECT capacity, booked_online, booked_phone, status FROM slots WHERE id = $1',
        [id],
      )
    )[0]!;
  const bookOnline = async (slotId: string, followUpSlotId?: string) => {
    const coupon = await fx.coupon();
    const answer = await hub.request<{ bookings: Array<{ id: string }> }>('POST', '/api/v1/public/bookings', {
      body: {
        ticketNumber: coupon.ticketNumber,
        birthDate: coupon.birthDate,
        slotId,
        ...(followUpSlotId ? { followUpSlotId } : {}),
      },
      headers: { 'idempotency-key': `desk-test-${randomUUID()}` },
    });
    return answer;
  };
  const newVenue = async (name: string, productId = fixtureProduct.id) => {
    const answer = await call<{ venue: { id: string } }>('POST', '/api/v1/sync/venues', {
      name,
      kind: 'community_center',
      address: '東京都千代田区9-9',
      productIds: [productId],
    });
    expect(answer.status).toBe(201);
    return answer.body.venue!.id;
  };
  /** One day of slots at a venue, by the generation API. */
  const generateDay = async (
    venueId: string,
    date: string,
    hours: { startTime: string; endTime: string },
    capacity: number,
    extra: Record<string, unknown> = {},
  ) => {
    const answer = await call<{ created: HubSlotRecord[] }>(
      'POST',
      `/api/v1/sync/venues/${venueId}/slot-generation`,
      {
        productId: fixtureProduct.id,
        from: date,
        to: date,
        patterns: [{ daysOfWeek: [weekday(date)], ...hours, slotMinutes: 30, capacity }],
        ...extra,
      },
    );
    expect(answer.status).toBe(201);
    return answer.body.created!;
  };

  describe('vaccine products', () => {
    it('defines, changes and retires a product: change-logged for everyone and audited', async () => {
      const { lastSeq } = await changeLogHead(ctx.sql);
      const created = await call<{
        product: { id: string; ageReferenceDate: string | null; active: boolean };
      }>('POST', '/api/v1/sync/products', {
        name: 'テスト２価',
        manufacturer: 'テスト製薬',
        dosesInSeries: 2,
        intervalMinDays: 21,
        intervalMaxDays: 56,
        minAgeYears: 65,
        ageReferenceDate: '2031-03-31',
      });
      expect(created.status).toBe(201);
      const product = created.body.product!;
      expect(product).toMatchObject({ ageReferenceDate: '2031-03-31', active: true });
      const changed = await call<{ product: { intervalMaxDays: number } }>(
        'PATCH',
        `/api/v1/sync/products/${product.id}`,
        { intervalMaxDays: 60 },
      );
      expect(changed.body.product!.intervalMaxDays).toBe(60);
      const retired = await call<{ product: { active: boolean } }>(
        'POST',
        `/api/v1/sync/products/${product.id}/retire`,
        undefined,
      );
      expect(retired.body.product!.active).toBe(false);
      const pulled = await call<ChangesPage>(
        'GET',
        `/api/v1/sync/changes?since=${lastSeq}`,
        undefined,
        operator,
      );
      expect(pulled.body.changes!.map((c) => [c.entity, c.id])).toEqual([
        ['vaccine_product', product.id],
        ['vaccine_product', product.id],
        ['vaccine_product', product.id],
      ]);
      expect((await auditOf(product.id)).map((a) => [a.action, a.detail.after])).toEqual([
        [
          'product.create',
          expect.objectContaining({ name: 'テスト2価', minAgeYears: 65, ageReferenceDate: '2031-03-31' }),
        ],
        ['product.change', { intervalMaxDays: 60 }],
        ['product.retire', { active: false }],
      ]);
    });

    it('checks the minimum age on the reference date; a retired product keeps its bookings but gets no new slots', async () => {
      const created = await call<{ product: { id: string } }>('POST', '/api/v1/sync/products', {
        name: '高齢者用',
        manufacturer: 'テスト製薬',
        dosesInSeries: 1,
        intervalMinDays: 0,
        intervalMaxDays: 0,
        minAgeYears: 75,
        // "75 or older on 2030-04-01": born on or before 1955-04-01.
        ageReferenceDate: '2030-04-01',
      });
      const productId = created.body.product!.id;
      const venueId = await newVenue('高齢者会場', productId);
      const [slot] = await generateDay(venueId, '2030-06-20', { startTime: '10:00', endTime: '10:30' }, 5, {
        productId,
      });
      const book = async (birthDate: string) => {
        const coupon = await fx.coupon({ birthDate });
        return hub.request<{ bookings: Array<{ id: string }> }>('POST', '/api/v1/public/bookings', {
          body: { ticketNumber: coupon.ticketNumber, birthDate: coupon.birthDate, slotId: slot!.id },
          headers: { 'idempotency-key': `desk-test-${randomUUID()}` },
        });
      };
      // 75 on the vaccination day, but not yet on the reference date.
      const young = await book('1955-05-01');
      expect(young.status).toBe(409);
      expect(young.body.error?.reasons?.map((r) => r.code)).toEqual(['TOO_YOUNG']);
      const old = await book('1955-04-01');
      expect(old.status).toBe(201);

      await call('POST', `/api/v1/sync/products/${productId}/retire`, undefined);
      const [booking] = await ctx.sql.query<{ status: string; slot_status: string }>(
        'SELECT b.status, s.status AS slot_status FROM bookings b JOIN slots s ON s.id = b.slot_id WHERE b.id = $1',
        [old.body.bookings![0]!.id],
      );
      expect(booking).toEqual({ status: 'confirmed', slot_status: 'open' });
      const more = await call('POST', `/api/v1/sync/venues/${venueId}/slot-generation/preview`, {
        productId,
        from: '2030-06-21',
        to: '2030-06-21',
        patterns: [{ daysOfWeek: [5], startTime: '10:00', endTime: '10:30', slotMinutes: 30, capacity: 5 }],
      });
      expect(more.body.error?.fields).toEqual([{ path: 'productId', message: 'retired product' }]);
      const offered = await call('PATCH', `/api/v1/sync/venues/${fx.venueId}`, { productIds: [productId] });
      expect(offered.body.error?.fields).toEqual([{ path: 'productIds.0', message: 'retired product' }]);
    });

    it('refuses an interval window the wrong way round, and other roles', async () => {
      const body = {
        name: 'x',
        manufacturer: 'y',
        dosesInSeries: 2,
        intervalMinDays: 30,
        intervalMaxDays: 20,
        minAgeYears: 12,
      };
      const wrong = await call('POST', '/api/v1/sync/products', body);
      expect(wrong.status).toBe(422);
      expect(wrong.body.error?.fields).toEqual([
        { path: 'intervalMaxDays', message: 'at least the shortest interval' },
      ]);
      const forbidden = await call(
        'POST',
        '/api/v1/sync/products',
        { ...body, intervalMaxDays: 40 },
        operator,
      );
      expect(forbidden.status).toBe(403);
      expect(forbidden.body.error?.code).toBe('FORBIDDEN');
    });
  });

  describe('venues', () => {
    it("creates a venue in the session's municipality taking its own coupons, or several", async () => {
      const own = await call<{ venue: Record<string, unknown> }>('POST', '/api/v1/sync/venues', {
        name: ' 中央会館 ',
        kind: 'community_center',
        address: '東京都千代田区1-1',
        accessNotes: '正面入口から２階へ',
        productIds: [fixtureProduct.id],
      });
      expect(own.status).toBe(201);
      expect(own.body.venue).toMatchObject({
        municipalityCode: fixtureMunicipality.code,
        name: '中央会館',
        accessNotes: '正面入口から2階へ',
        productIds: [fixtureProduct.id],
        acceptedMunicipalityCodes: [fixtureMunicipality.code],
        outOfAreaByException: false,
        active: true,
      });
      const mass = await call<{ venue: { id: string; acceptedMunicipalityCodes: string[] } }>(
        'POST',
        '/api/v1/sync/venues',
        {
          name: '県営大規模接種会場',
          kind: 'mass_site',
          address: '東京都千代田区2-2',
          acceptedMunicipalityCodes: ['131024', fixtureMunicipality.code],
          outOfAreaByException: true,
        },
      );
      expect(mass.body.venue!.acceptedMunicipalityCodes).toEqual([fixtureMunicipality.code, '131024']);
      // The municipality the hub did not know is added, named by its code.
      const [added] = await ctx.sql.query<{ name: string }>(
        "SELECT name FROM municipalities WHERE code = '131024'",
      );
      expect(added!.name).toBe('131024');
      // Edit: the lists are replaced; the audit names the fields that changed.
      const edited = await call<{ venue: { productIds: string[] } }>(
        'PATCH',
        `/api/v1/sync/venues/${mass.body.venue!.id}`,
        { productIds: [fixtureProduct.id], acceptedMunicipalityCodes: [fixtureMunicipality.code] },
      );
      expect(edited.body.venue!.productIds).toEqual([fixtureProduct.id]);
      const audits = await auditOf(mass.body.venue!.id);
      expect(audits.map((a) => [a.action, a.detail.after])).toEqual([
        ['venue.create', expect.objectContaining({ kind: 'mass_site' })],
        [
          'venue.change',
          { productIds: [fixtureProduct.id], acceptedMunicipalityCodes: [fixtureMunicipality.code] },
        ],
      ]);
    });

    it('refuses an unknown product and a bad municipality code with the field', async () => {
      const unknown = await call('POST', '/api/v1/sync/venues', {
        name: 'x',
        kind: 'clinic',
        address: 'y',
        productIds: ['no-such-product'],
      });
      expect(unknown.status).toBe(422);
      expect(unknown.body.error?.fields).toEqual([{ path: 'productIds.0', message: 'unknown product' }]);
      const badCode = await call('POST', '/api/v1/sync/venues', {
        name: 'x',
        kind: 'clinic',
        address: 'y',
        acceptedMunicipalityCodes: ['131017'],
      });
      expect(badCode.status).toBe(422);
      expect(badCode.body.error?.fields?.[0]?.path).toBe('acceptedMunicipalityCodes.0');
    });
  });

  describe('slot generation', () => {
    const august = {
      productId: fixtureProduct.id,
      from: '2030-08-05',
      to: '2030-08-16',
      patterns: [
        {
          daysOfWeek: [1, 2, 3, 4, 5],
          startTime: '09:00',
          endTime: '16:00',
          slotMinutes: 30,
          lunchBreak: { startTime: '12:00', endTime: '13:00' },
          capacity: 12,
          callCenterReserve: 4,
        },
      ],
      closureDays: ['2030-08-07'],
      reserveRelease: { reserveReleaseHours: 48 },
    };

    it('previews the slots with the holiday and the closure day skipped, and changes nothing', async () => {
      const venueId = await newVenue('プレビュー会場');
      const { lastSeq } = await changeLogHead(ctx.sql);
      const preview = await call<{
        slots: Array<{ date: string; startTime: string; reserveReleaseHours: number | null }>;
        skipped: unknown[];
        overlaps: unknown[];
      }>('POST', `/api/v1/sync/venues/${venueId}/slot-generation/preview`, august);
      expect(preview.status).toBe(200);
      expect(preview.body.skipped).toEqual([
        { date: '2030-08-07', reason: 'closure' },
        { date: '2030-08-12', reason: 'holiday', holidayName: '山の日 振替休日' },
      ]);
      // 8 working days × (6 morning + 6 afternoon slots).
      expect(preview.body.slots).toHaveLength(96);
      expect(preview.body.slots!.map((s) => s.startTime)).not.toContain('12:00');
      expect(preview.body.slots![0]).toMatchObject({
        date: '2030-08-05',
        startTime: '09:00',
        reserveReleaseHours: 48,
      });
      expect(preview.body.overlaps).toEqual([]);
      expect((await changeLogHead(ctx.sql)).lastSeq).toBe(lastSeq);
    });

    it('applies atomically; the same request twice adds nothing the second time', async () => {
      const venueId = await newVenue('生成会場');
      const first = await call<{ created: HubSlotRecord[]; existing: number }>(
        'POST',
        `/api/v1/sync/venues/${venueId}/slot-generation`,
        august,
      );
      expect(first.status).toBe(201);
      expect(first.body.created).toHaveLength(96);
      expect(first.body.created![0]).toMatchObject({
        venueId,
        capacity: 12,
        callCenterReserve: 4,
        reserveReleaseHours: 48,
        status: 'open',
      });
      const { lastSeq } = await changeLogHead(ctx.sql);
      const again = await call<{ created: HubSlotRecord[]; existing: number }>(
        'POST',
        `/api/v1/sync/venues/${venueId}/slot-generation`,
        august,
      );
      expect(again.body).toMatchObject({ created: [], existing: 96 });
      expect((await changeLogHead(ctx.sql)).lastSeq).toBe(lastSeq);
      const [count] = await ctx.sql.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM slots WHERE venue_id = $1',
        [venueId],
      );
      expect(count!.n).toBe(96);
      expect((await auditOf(venueId)).map((a) => a.action)).toEqual(['venue.create', 'slots.generate']);
    });

    it('two generations of one venue at once make its slots once', async () => {
      const venueId = await newVenue('同時生成会場');
      const answers = await Promise.all([
        call<{ created: HubSlotRecord[] }>('POST', `/api/v1/sync/venues/${venueId}/slot-generation`, august),
        call<{ created: HubSlotRecord[] }>(
          'POST',
          `/api/v1/sync/venues/${venueId}/slot-generation`,
          august,
          otherManager,
        ),
      ]);
      expect(answers.map((a) => a.status)).toEqual([201, 201]);
      expect(answers.map((a) => a.body.created!.length).sort((a, b) => a - b)).toEqual([0, 96]);
      const [count] = await ctx.sql.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM slots WHERE venue_id = $1',
        [venueId],
      );
      expect(count!.n).toBe(96);
    });

    it('refuses a generation whose slots meet existing ones (OVERLAP, listing them) and makes none', async () => {
      const venueId = await newVenue('重複会場');
      const [existing] = await generateDay(
        venueId,
        '2030-08-06',
        { startTime: '10:15', endTime: '10:45' },
        5,
      );
      const { lastSeq } = await changeLogHead(ctx.sql);
      const refused = await call('POST', `/api/v1/sync/venues/${venueId}/slot-generation`, august);
      expect(refused.status).toBe(409);
      expect(refused.body.error?.code).toBe('OVERLAP');
      expect(refused.body.error?.overlaps).toEqual([
        {
          date: '2030-08-06',
          startTime: '10:00',
          endTime: '10:30',
          existingSlotId: existing!.id,
          existingStartTime: '10:15',
          existingEndTime: '10:45',
        },
        {
          date: '2030-08-06',
          startTime: '10:30',
          endTime: '11:00',
          existingSlotId: existing!.id,
          existingStartTime: '10:15',
          existingEndTime: '10:45',
        },
      ]);
      expect((await changeLogHead(ctx.sql)).lastSeq).toBe(lastSeq);
    });

    it('refuses a product the venue does not offer, a past day and times the wrong way round', async () => {
      const venueId = await newVenue('検査会場');
      const noProduct = await call('POST', `/api/v1/sync/venues/${venueId}/slot-generation/preview`, {
        ...august,
        productId: 'no-such-product',
      });
      expect(noProduct.body.error?.fields).toEqual([{ path: 'productId', message: 'unknown product' }]);
      const past = await call('POST', `/api/v1/sync/venues/${venueId}/slot-generation/preview`, {
        ...august,
        from: '2030-05-31',
        patterns: [{ ...august.patterns[0], endTime: '08:00' }],
      });
      expect(past.status).toBe(422);
      expect(past.body.error?.fields?.map((f) => f.path)).toEqual(['from', 'patterns.0.endTime']);
    });
  });

  describe('capacity in bulk', () => {
    it("changes a week's slots in one go; another desk's pull sees every slot change", async () => {
      const venueId = await newVenue('一括会場');
      for (const date of ['2030-06-17', '2030-06-18', '2030-06-19']) {
        await generateDay(venueId, date, { startTime: '10:00', endTime: '11:00' }, 10);
      }
      const { lastSeq } = await changeLogHead(ctx.sql);
      const answer = await call<{ changed: HubSlotRecord[]; unchanged: number }>(
        'POST',
        '/api/v1/sync/slots/bulk-change',
        {
          selection: { venueId, from: '2030-06-17', to: '2030-06-23', daysOfWeek: [1, 2] },
          change: { capacity: 15, callCenterReserve: 5 },
        },
      );
      expect(answer.status).toBe(200);
      expect(answer.body.changed).toHaveLength(4);
      expect(answer.body.changed!.every((s) => s.capacity === 15 && s.callCenterReserve === 5)).toBe(true);
      // Another session (another desktop) pulls the change log.
      const pulled = await call<ChangesPage>(
        'GET',
        `/api/v1/sync/changes?since=${lastSeq}`,
        undefined,
        otherManager,
      );
      const slotChanges = pulled.body.changes!.filter((c) => c.entity === 'slot');
      expect(slotChanges.map((c) => c.id).sort()).toEqual(answer.body.changed!.map((s) => s.id).sort());
      expect(slotChanges.every((c) => hubSlotRecordSchema.parse(c.payload).capacity === 15)).toBe(true);
      expect(answer.body.changed!.map((s) => s.date).sort()).toEqual([
        '2030-06-17',
        '2030-06-17',
        '2030-06-18',
        '2030-06-18',
      ]);
      // The reserve release switches to hours and back to days.
      const slotId = answer.body.changed![0]!.id;
      const hours = await call<{ slot: HubSlotRecord & { reserveReleaseDays: number } }>(
        'PATCH',
        `/api/v1/sync/slots/${slotId}`,
        { reserveReleaseHours: 6 },
      );
      expect(hours.body.slot).toMatchObject({ reserveReleaseHours: 6, reserveReleaseDays: 3 });
      const days = await call<{ slot: HubSlotRecord & { reserveReleaseDays: number } }>(
        'PATCH',
        `/api/v1/sync/slots/${slotId}`,
        { reserveReleaseDays: 1 },
      );
      expect(days.body.slot).toMatchObject({ reserveReleaseHours: null, reserveReleaseDays: 1 });
      const both = await call('PATCH', `/api/v1/sync/slots/${slotId}`, {
        reserveReleaseDays: 1,
        reserveReleaseHours: 2,
      });
      expect(both.body.error?.fields?.[0]?.path).toBe('reserveReleaseHours');
    });

    it('refuses a cut below the bookings though the desk never saw them, naming them; nothing changes', async () => {
      const venueId = await newVenue('削減会場');
      const slots = await generateDay(venueId, '2030-06-20', { startTime: '10:00', endTime: '11:00' }, 4);
      const booked = [];
      for (let i = 0; i < 3; i++) {
        const answer = await bookOnline(slots[0]!.id);
        expect(answer.status).toBe(201);
        booked.push(answer.body.bookings![0]!.id);
      }
      const { lastSeq } = await changeLogHead(ctx.sql);
      const cut = await call('POST', '/api/v1/sync/slots/bulk-change', {
        selection: { slotIds: slots.map((s) => s.id) },
        change: { capacity: 2 },
      });
      expect(cut.status).toBe(409);
      expect(cut.body.error?.code).toBe('CAPACITY_BELOW_BOOKED');
      expect(cut.body.error?.belowBooked).toEqual([
        { slotId: slots[0]!.id, seatsTaken: 3, held: 0, bookingIds: expect.arrayContaining(booked) },
      ]);
      expect(cut.body.error!.belowBooked![0]!.bookingIds).toHaveLength(3);
      expect((await changeLogHead(ctx.sql)).lastSeq).toBe(lastSeq);
      expect((await slotRow(slots[1]!.id)).capacity).toBe(4);
      // The single-slot change names them too.
      const single = await call('PATCH', `/api/v1/sync/slots/${slots[0]!.id}`, { capacity: 1 });
      expect(single.body.error?.belowBooked?.[0]?.bookingIds).toHaveLength(3);
      expect(single.body.error?.message).toMatch(/^3 seats/);
    });
  });

  describe('call-center reserve release', () => {
    it('opens the reserve to the online channel at its hour with nobody acting (the hub clock moved)', async () => {
      const venueId = await newVenue('放出会場');
      const [slot] = await generateDay(venueId, '2030-06-05', { startTime: '10:00', endTime: '10:30' }, 2, {
        patterns: [
          {
            daysOfWeek: [weekday('2030-06-05')],
            startTime: '10:00',
            endTime: '10:30',
            slotMinutes: 30,
            capacity: 2,
            callCenterReserve: 2,
          },
        ],
        reserveRelease: { reserveReleaseHours: 24 },
      });
      const remaining = async () => {
        const list = await hub.request<{ slots: Array<{ id: string; remaining: number }> }>(
          'GET',
          `/api/v1/public/slots?venueId=${venueId}&from=2030-06-05&to=2030-06-05`,
        );
        return list.body.slots!.find((s) => s.id === slot!.id)?.remaining;
      };
      try {
        // 2030-06-04 09:59 in Japan: the whole slot is still the call center's.
        hub.now = new Date('2030-06-04T00:59:00Z');
        expect(await remaining()).toBe(0);
        expect((await bookOnline(slot!.id)).body.error?.code).toBe('SLOT_FULL');
        // 10:00 in Japan, 24 hours before the start: released.
        hub.now = new Date('2030-06-04T01:00:00Z');
        expect(await remaining()).toBe(2);
        expect((await bookOnline(slot!.id)).status).toBe(201);
        expect(await remaining()).toBe(1);
      } finally {
        hub.now = fixtureNow;
      }
    });
  });

  describe('cancelling a session', () => {
    it('moves every resident it can (same venue first, dose-2 window kept), never overbooks, and leaves the rest in the closed slots as callbacks', async () => {
      // A product of its own, so that only this test's slots can take the residents.
      const product = await call<{ product: { id: string } }>('POST', '/api/v1/sync/products', {
        ...fixtureProduct,
        id: undefined,
        active: undefined,
        name: '休診テスト用',
      });
      const productId = product.body.product!.id;
      const home = await newVenue('休診会場', productId);
      const other = await newVenue('近隣会場', productId);
      const hours = (startTime: string, endTime: string) => ({ startTime, endTime });
      const day = (venueId: string, date: string, endTime: string, capacity: number) =>
        generateDay(venueId, date, hours('10:00', endTime), capacity, { productId });
      const session = await day(home, '2030-06-10', '11:00', 3);
      const [dose2Slot] = await day(home, '2030-06-29', '10:30', 5);
      const [nextDay] = await day(home, '2030-06-11', '10:30', 3);
      const [dayAfter] = await day(home, '2030-06-12', '10:30', 1);
      const [elsewhere] = await day(other, '2030-06-10', '10:30', 1);
      // One seat of the next day is taken already: 2 + 1 + 1 free seats for 6 residents.
      expect((await bookOnline(nextDay!.id)).status).toBe(201);
      const residents: string[] = [];
      // Two residents with their dose 2 booked on 06-29 (19 days after 06-10: 06-12 would be 17).
      for (const [slot, followUp] of [
        [session[0]!, dose2Slot],
        [session[0]!, dose2Slot],
        [session[0]!, undefined],
        [session[1]!, undefined],
        [session[1]!, undefined],
        [session[1]!, undefined],
      ] as const) {
        const answer = await bookOnline(slot.id, followUp?.id);
        expect(answer.status).toBe(201);
        residents.push(answer.body.bookings![0]!.id);
      }
      const body = { slotIds: session.map((s) => s.id) };

      const preview = await call<{ affected: Array<{ bookingId: string; toSlotId: string | null }> }>(
        'POST',
        '/api/v1/sync/slot-cancellations/preview',
        body,
      );
      expect(preview.status).toBe(200);
      expect(preview.body.affected!.map((a) => a.bookingId).sort()).toEqual([...residents].sort());
      expect((await slotRow(session[0]!.id)).status).toBe('open');

      const answer = await call<{
        closedSlotIds: string[];
        results: Array<{ bookingId: string; outcome: string; toSlotId?: string; code?: string }>;
      }>('POST', '/api/v1/sync/slot-cancellations', body);
      expect(answer.status).toBe(200);
      expect(answer.body.closedSlotIds!.sort()).toEqual(session.map((s) => s.id).sort());
      const results = answer.body.results!;
      expect(results.map((r) => r.bookingId).sort()).toEqual([...residents].sort());
      // Where the preview put each resident is where they went.
      for (const planned of preview.body.affected!) {
        const result = results.find((r) => r.bookingId === planned.bookingId)!;
        expect(result.outcome === 'moved' ? result.toSlotId : null).toBe(planned.toSlotId);
      }
      const moved = results.filter((r) => r.outcome === 'moved');
      expect(moved.map((r) => r.toSlotId).sort()).toEqual(
        [nextDay!.id, nextDay!.id, dayAfter!.id, elsewhere!.id].sort(),
      );
      // The same venue's nearest seats went first, to the residents booked first.
      expect(results.slice(0, 2).map((r) => r.toSlotId)).toEqual([nextDay!.id, nextDay!.id]);
      expect(results.filter((r) => r.outcome === 'callback').map((r) => r.code)).toEqual([
        'NO_SEAT',
        'NO_SEAT',
      ]);

      // No slot over its capacity; every resident either in an open slot or still in a closed one.
      for (const id of [nextDay!.id, dayAfter!.id, elsewhere!.id, ...session.map((s) => s.id)]) {
        const row = await slotRow(id);
        expect(row.booked_online + row.booked_phone).toBeLessThanOrEqual(row.capacity);
      }
      const after = await ctx.sql.query<{ id: string; status: string; slot_status: string; date: string }>(
        `SELECT b.id, b.status, s.status AS slot_status, s.date FROM bookings b JOIN slots s ON s.id = b.slot_id
          WHERE b.id = ANY($1::uuid[])`,
        [residents],
      );
      expect(after.every((b) => b.status === 'confirmed')).toBe(true);
      const stillClosed = after.filter((b) => b.slot_status === 'closed').map((b) => b.id);
      expect(stillClosed.sort()).toEqual(
        results
          .filter((r) => r.outcome === 'callback')
          .map((r) => r.bookingId)
          .sort(),
      );
      // The dose-2 windows held for the residents who have one booked.
      const series = await ctx.sql.query<{ dose1: string; dose2: string }>(
        `SELECT s1.date AS dose1, s2.date AS dose2 FROM bookings b1 JOIN slots s1 ON s1.id = b1.slot_id
           JOIN bookings b2 ON b2.coupon_id = b1.coupon_id AND b2.dose_number = 2 JOIN slots s2 ON s2.id = b2.slot_id
          WHERE b1.id = ANY($1::uuid[])`,
        [residents],
      );
      expect(series).toHaveLength(2);
      for (const s of series) {
        expect(daysBetween(s.dose1, s.dose2)).toBeGreaterThanOrEqual(fixtureProduct.intervalMinDays);
        expect(daysBetween(s.dose1, s.dose2)).toBeLessThanOrEqual(fixtureProduct.intervalMaxDays);
      }
      // Each move is in the booking's history and the audit, by the manager.
      const [event] = await ctx.sql.query<{ action: string; staff_id: string }>(
        'SELECT action, staff_id FROM booking_events WHERE booking_id = $1',
        [moved[0]!.bookingId],
      );
      expect(event).toEqual({ action: 'moved', staff_id: manager.staffId });

      // Again: the slots are closed already; the residents left still find no seat.
      const again = await call<{ closedSlotIds: string[]; results: Array<{ outcome: string }> }>(
        'POST',
        '/api/v1/sync/slot-cancellations',
        body,
      );
      expect(again.body.closedSlotIds).toEqual([]);
      expect(again.body.results!.map((r) => r.outcome)).toEqual(['callback', 'callback']);
    });
  });
});
