/**
 * The phone desk's API over real SQLite files: the dispatcher (validation, roles) in front of the
 * phone-desk handlers with a fixed clock; every write checked row by row in bookings, outbox and
 * audit_events.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { closeDatabase, type Database, openDatabase } from '../../db/open-database.ts';
import { setMunicipality } from '../../db/queries/meta.ts';
import { type DeskEvent, maxContactPhoneLength, maxNotesLength } from '../../domain/api/contract.ts';
import type { ApiResult } from '../../domain/api/errors.ts';
import {
  type CallerFile,
  type CreatePhoneBookingInput,
  type CreatePhoneBookingResult,
  type FindCallerResult,
  type HubRejection,
  type PhoneSlotGrid,
  phoneDeskMethods,
} from '../../domain/api/methods/phone-desk.ts';
import { isValidBookingNumber } from '../../domain/booking-number.ts';
import type { StaffRole } from '../../domain/vocabulary/index.ts';
import { DeskEventBus } from '../../electron/node/desk-events.ts';
import { type CallContext, createDispatcherFor } from '../../electron/node/dispatch.ts';
import { createPhoneDeskHandlers } from '../../electron/node/handlers/phone-desk-handlers.ts';

let dir: string;
let db: Database;
let fileCount = 0;
let events: DeskEvent[];
let dispatch: ReturnType<typeof createDispatcherFor>;

// 09:00 in Japan on 2021-05-10.
const now = new Date('2021-05-10T00:00:00.000Z');
/** The desk's clock; tests that need time to pass move it. */
let clockNow = now;
const session = (role: StaffRole): CallContext => ({
  session: { staffId: `staff-${role}`, displayName: role, role },
});
const operator = session('operator');
const manager = session('manager');

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vaccine-desk-phone-'));
});
afterAll(() => {
  if (db?.open) closeDatabase(db);
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  if (db?.open) closeDatabase(db);
  db = openDatabase(join(dir, `desk-${++fileCount}.sqlite`));
  setMunicipality(db, { code: '112992', name: '青葉台市' });
  const at = '2021-05-01T00:00:00Z';
  db.exec(`
    INSERT INTO vaccine_products (id, name, manufacturer, doses_in_series, interval_min_days, interval_max_days,
      min_age_years) VALUES ('pfizer', 'ファイザー社ワクチン', 'P', 2, 21, 42, 12),
                            ('moderna', 'モデルナ社ワクチン', 'M', 2, 28, 56, 12);
    INSERT INTO venues (id, municipality_code, name, name_kana, kind, area, address, phone, updated_at) VALUES
      ('hall', '112992', '市民会館', 'シミンカイカン', 'mass_site', '中央地区', '青葉台市本町1-1', '048-000-0001', '${at}'),
      ('clinic', '112992', '駅前医院', 'エキマエイイン', 'clinic', '西地区', '青葉台市桜台2-2', '048-000-0002', '${at}');
    INSERT INTO slots (id, venue_id, product_id, date, start_time, end_time, capacity, call_center_reserve, status,
      updated_at) VALUES
      ('s-0511', 'hall', 'pfizer', '2021-05-11', '10:00', '10:30', 2, 1, 'open', '${at}'),
      ('s-0512', 'hall', 'pfizer', '2021-05-12', '10:00', '10:30', 2, 1, 'open', '${at}'),
      ('s-0513', 'hall', 'pfizer', '2021-05-13', '10:00', '10:30', 1, 0, 'open', '${at}'),
      ('s-0514', 'hall', 'pfizer', '2021-05-14', '10:00', '10:30', 3, 1, 'open', '${at}'),
      ('s-0515-closed', 'hall', 'pfizer', '2021-05-15', '10:00', '10:30', 3, 1, 'closed', '${at}'),
      ('s-0512-moderna', 'clinic', 'moderna', '2021-05-12', '14:00', '14:30', 4, 1, 'open', '${at}'),
      ('s-0602', 'hall', 'pfizer', '2021-06-02', '10:00', '10:30', 2, 1, 'open', '${at}'),
      ('s-0603', 'hall', 'pfizer', '2021-06-03', '10:00', '10:30', 1, 0, 'open', '${at}'),
      ('s-0603-late', 'hall', 'pfizer', '2021-06-03', '15:00', '15:30', 2, 0, 'open', '${at}'),
      ('s-0509', 'hall', 'pfizer', '2021-05-09', '10:00', '10:30', 2, 0, 'open', '${at}');
    INSERT INTO coupons (id, municipality_code, ticket_number, name, name_kana, name_kana_key, birth_date, sex,
      phone, phone_key, status, updated_at) VALUES
      ('c-yamada', '112992', '0000012345', '山田 花子', 'ヤマダ ハナコ', 'ヤマダハナコ', '1947-04-01', 'F',
       '090-1111-2222', '09011112222', 'active', '${at}'),
      ('c-suzuki', '112992', '0000099999', '鈴木 一郎', 'スズキ イチロウ', 'スズキイチロウ', '1940-12-25', 'M',
       '048-123-4567', '0481234567', 'active', '${at}'),
      ('c-suzuki2', '112992', '0000099998', '鈴木 和子', 'スズキ カズコ', 'スズキカズコ', '1942-02-03', 'F',
       '048-123-4567', '0481234567', 'active', '${at}'),
      ('c-void', '112992', '0000077777', '佐藤 三郎', 'サトウ サブロウ', 'サトウサブロウ', '1950-01-01', 'M',
       '', '', 'void', '${at}');
  `);
  events = [];
  const bus = new DeskEventBus();
  bus.subscribe((event) => events.push(event));
  clockNow = now;
  const handlers = createPhoneDeskHandlers(
    { db, appVersion: 'test', transport: 'browser', events: bus },
    () => clockNow,
  );
  dispatch = createDispatcherFor(phoneDeskMethods, handlers, {
    enforceRoles: true,
    reportInternalError: () => {},
  });
});

async function call<T>(method: keyof typeof phoneDeskMethods, input: unknown, ctx = operator): Promise<T> {
  const result = (await dispatch(method, input, ctx)) as ApiResult<T>;
  if (!result.ok) throw new Error(`${method} failed: ${JSON.stringify(result.error)}`);
  return result.value;
}

const count = (table: string) => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
const auditRows = () =>
  db
    .prepare('SELECT staff_id, action, entity, entity_ids, detail FROM audit_events ORDER BY id')
    .all() as Array<{
    staff_id: string;
    action: string;
    entity: string;
    entity_ids: string;
    detail: string;
  }>;

function bookingRequest(over: Partial<CreatePhoneBookingInput> = {}): CreatePhoneBookingInput {
  return {
    couponId: 'c-yamada',
    first: { mutationId: randomUUID(), slotId: 's-0512', doseNumber: 1 },
    followUp: { mutationId: randomUUID(), slotId: 's-0602' },
    contactPhone: '０９０-１１１１-２２２２',
    notes: '杖を使用',
    ...over,
  };
}

describe('finding the caller', () => {
  it('by ticket number typed with full-width digits and hyphens, and by the scanned OCR line', async () => {
    const typed = await call<FindCallerResult>('findCaller', {
      by: 'ticket',
      ticket: '００００-０１２-３４５',
    });
    expect(typed).toEqual({
      kind: 'found',
      truncated: false,
      candidates: [
        {
          couponId: 'c-yamada',
          name: '山田 花子',
          nameKana: 'ヤマダ ハナコ',
          ticketNumber: '0000012345',
          couponStatus: 'active',
          bookingId: null,
          failedBirthDates: 0,
        },
      ],
    });
    const scanned = await call<FindCallerResult>('findCaller', {
      by: 'ticket',
      ticket: '111129920000012345',
    });
    expect(scanned).toEqual(typed);
  });

  it('refuses an OCR line of another municipality and says so', async () => {
    // 131016 is Chiyoda: a valid code, but not this desk's municipality.
    expect(await call('findCaller', { by: 'ticket', ticket: '111310160000012345' })).toEqual({
      kind: 'other_municipality',
    });
  });

  it('answers not found for an unknown ticket and a validation issue for a malformed one', async () => {
    expect(await call('findCaller', { by: 'ticket', ticket: '1234567890' })).toEqual({ kind: 'not_found' });
    const bad = await dispatch('findCaller', { by: 'ticket', ticket: '12345' }, operator);
    expect(bad).toEqual({
      ok: false,
      error: {
        code: 'VALIDATION',
        message: 'invalid input for findCaller',
        issues: [{ path: 'ticket', message: 'wrong_length' }],
      },
    });
    const badCheckDigit = await dispatch(
      'findCaller',
      { by: 'ticket', ticket: '111129930000012345' },
      operator,
    );
    expect(badCheckDigit.ok === false && badCheckDigit.error.issues).toEqual([
      { path: 'ticket', message: 'bad_municipality_check_digit' },
    ]);
  });

  it('by the start of the reading in hiragana with the birth date, by phone, by booking number', async () => {
    const byReading = await call<FindCallerResult>('findCaller', {
      by: 'reading',
      reading: 'やまだ',
      birthDate: '1947-04-01',
    });
    expect(byReading.kind === 'found' && byReading.candidates.map((c) => c.couponId)).toEqual(['c-yamada']);
    expect(await call('findCaller', { by: 'reading', reading: 'やまだ', birthDate: '1947-04-02' })).toEqual({
      kind: 'not_found',
    });

    const household = await call<FindCallerResult>('findCaller', { by: 'phone', phone: '048 (123) 4567' });
    expect(household.kind === 'found' && household.candidates.map((c) => c.couponId)).toEqual([
      'c-suzuki',
      'c-suzuki2',
    ]);

    const booked = await call<CreatePhoneBookingResult>(
      'createPhoneBooking',
      bookingRequest({ followUp: null }),
    );
    const number = booked.kind === 'booked' ? booked.bookings[0]!.bookingNumber : '';
    const spaced = `${number.slice(0, 4).toLowerCase()}-${number.slice(4)}`;
    const byNumber = await call<FindCallerResult>('findCaller', {
      by: 'booking_number',
      bookingNumber: spaced,
    });
    expect(byNumber.kind === 'found' && byNumber.candidates[0]).toMatchObject({
      couponId: 'c-yamada',
      bookingId: booked.kind === 'booked' ? booked.bookings[0]!.bookingId : 'x',
    });
  });

  it('audits each search with the records found and never the search terms', async () => {
    await call('findCaller', { by: 'ticket', ticket: '0000012345' });
    await call('findCaller', { by: 'phone', phone: '0481234567' });
    expect(auditRows()).toEqual([
      {
        staff_id: 'staff-operator',
        action: 'coupon.search',
        entity: 'coupon',
        entity_ids: '["c-yamada"]',
        detail: '{"by":"ticket","found":1}',
      },
      {
        staff_id: 'staff-operator',
        action: 'coupon.search',
        entity: 'coupon',
        entity_ids: '["c-suzuki","c-suzuki2"]',
        detail: '{"by":"phone","found":2}',
      },
    ]);
  });
});

describe('verifying the birth date', () => {
  it('answers a mismatch with nothing but "no" and how many in a row', async () => {
    const result = await call('verifyCaller', { couponId: 'c-yamada', birthDate: '1947-04-02' });
    expect(result).toEqual({ match: false, failedAttempts: 1 });
    expect(auditRows().at(-1)).toMatchObject({ action: 'coupon.verify', detail: '{"match":false}' });
  });

  it('counts wrong dates per coupon in the desk process and audits the third and each further one, ids only', async () => {
    const minutes = (m: number) => new Date(now.getTime() + m * 60_000);
    const wrong = ['1947-04-02', '1947-05-01', '1948-04-01', '1946-04-01'];
    const answers: unknown[] = [];
    for (const [i, birthDate] of wrong.entries()) {
      clockNow = minutes(i);
      answers.push(await call('verifyCaller', { couponId: 'c-yamada', birthDate }));
    }
    expect(answers).toEqual([1, 2, 3, 4].map((n) => ({ match: false, failedAttempts: n })));
    const warnings = auditRows().filter((r) => r.action === 'coupon.verify.repeated_mismatch');
    expect(warnings).toEqual(
      [3, 4].map((n) => ({
        staff_id: 'staff-operator',
        action: 'coupon.verify.repeated_mismatch',
        entity: 'coupon',
        entity_ids: '["c-yamada"]',
        detail: `{"failures":${n},"windowMinutes":30}`,
      })),
    );
    // Never a date, a name or a ticket number in the audit log.
    const logged = JSON.stringify(auditRows());
    for (const secret of [...wrong, '1947-04-01', '山田', '0000012345']) expect(logged).not.toContain(secret);

    // The screen reloaded: a new search tells the desk's count; another caller's is untouched.
    const found = await call<FindCallerResult>('findCaller', { by: 'ticket', ticket: '0000012345' });
    expect(found.kind === 'found' && found.candidates[0]?.failedBirthDates).toBe(4);
    const other = await call<FindCallerResult>('findCaller', { by: 'ticket', ticket: '0000099999' });
    expect(other.kind === 'found' && other.candidates[0]?.failedBirthDates).toBe(0);

    // Right at the fifth try: the caller file, with the wrong dates before it; the count starts again.
    const matched = await call<{ match: true; failedAttempts: number }>('verifyCaller', {
      couponId: 'c-yamada',
      birthDate: '1947-04-01',
    });
    expect(matched).toMatchObject({ match: true, failedAttempts: 4 });
    expect(await call('verifyCaller', { couponId: 'c-yamada', birthDate: '1947-04-02' })).toEqual({
      match: false,
      failedAttempts: 1,
    });

    // A wrong date counts for 30 minutes.
    clockNow = minutes(10);
    await call('verifyCaller', { couponId: 'c-suzuki', birthDate: '1940-12-24' });
    clockNow = minutes(41);
    expect(await call('verifyCaller', { couponId: 'c-suzuki', birthDate: '1940-12-24' })).toEqual({
      match: false,
      failedAttempts: 1,
    });
  });

  it('opens the caller file on a match: doses, bookings, what can be booked next', async () => {
    const result = await call<{ match: true; caller: CallerFile }>('verifyCaller', {
      couponId: 'c-yamada',
      birthDate: '1947-04-01',
    });
    expect(result.match).toBe(true);
    expect(result.caller).toMatchObject({
      couponId: 'c-yamada',
      name: '山田 花子',
      phoneOnFile: '090-1111-2222',
      doses: [],
      bookings: [],
      eligibility: { status: 'bookable', nextDose: 1, ageToday: 74, window: null, productId: null },
    });
    expect(JSON.stringify(result)).not.toContain('1947');
  });

  it('says what stops a void coupon', async () => {
    const result = await call<{ caller: CallerFile }>('verifyCaller', {
      couponId: 'c-void',
      birthDate: '1950-01-01',
    });
    expect(result.caller.eligibility).toMatchObject({ status: 'coupon_void', nextDose: null });
  });
});

describe('the slot grid for the phone channel', () => {
  it('counts the call-center reserve as bookable and marks full, closed, past and other-product slots', async () => {
    // One online booking: the online channel has no seat left in s-0512 (reserve 1), the phone has one.
    db.exec(`INSERT INTO bookings (id, booking_number, coupon_id, slot_id, dose_number, channel, status, created_at,
      updated_at) VALUES ('b-online', 'K7XH3PRW', 'c-suzuki', 's-0512', 1, 'online', 'confirmed', 'x', 'x'),
                         ('b-full', 'AAAAAAAA', 'c-suzuki2', 's-0513', 1, 'phone', 'provisional', 'x', 'x')`);
    const grid = await call<PhoneSlotGrid>('getPhoneSlotGrid', {
      target: { purpose: 'book', couponId: 'c-yamada' },
      from: '2021-05-09',
      days: 7,
    });
    const state = (id: string) => grid.slots.find((s) => s.slotId === id);
    expect(grid).toMatchObject({ from: '2021-05-09', to: '2021-05-15', today: '2021-05-10', doseNumber: 1 });
    expect(grid.earliest).toBe('2021-05-10');
    expect(state('s-0512')).toMatchObject({ remaining: 1, state: 'bookable', capacity: 2 });
    expect(state('s-0513')).toMatchObject({ remaining: 0, state: 'full' });
    expect(state('s-0515-closed')).toMatchObject({ state: 'closed' });
    expect(state('s-0509')).toMatchObject({ state: 'closed' });
    // A first dose may be of any product.
    expect(state('s-0512-moderna')).toMatchObject({ state: 'bookable', remaining: 4 });
    expect(grid.venues.map((v) => v.venueId)).toEqual(['hall', 'clinic']);
  });

  it('refuses a grid that would run past the end of the calendar as a validation issue, not a crash', async () => {
    const target = { purpose: 'book', couponId: 'c-yamada' };
    for (const from of ['9999-12-31', '9999-12-20', '0000-01-01']) {
      const answer = await dispatch('getPhoneSlotGrid', { target, from, days: 14 }, operator);
      expect(answer, from).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION', issues: [{ path: 'from' }] },
      });
    }
    expect(
      await dispatch('getPhoneSlotGrid', { target, from: '9999-12-18', days: 14 }, operator),
    ).toMatchObject({
      ok: true,
    });
  });

  it('for the follow-up: the interval window from the chosen slot, the same product only', async () => {
    const grid = await call<PhoneSlotGrid>('getPhoneSlotGrid', {
      target: { purpose: 'follow_up', couponId: 'c-yamada', previousSlotId: 's-0512' },
      from: '2021-05-10',
      days: 28,
    });
    expect(grid.doseNumber).toBe(2);
    expect(grid.window).toEqual({ from: '2021-06-02', to: '2021-06-23' });
    expect(grid.earliest).toBe('2021-06-02');
    expect(grid.slots.find((s) => s.slotId === 's-0514')).toMatchObject({
      state: 'ineligible',
      reasons: ['INTERVAL_TOO_SHORT'],
    });
    expect(grid.slots.find((s) => s.slotId === 's-0512-moderna')).toMatchObject({
      state: 'ineligible',
      reasons: ['PRODUCT_MISMATCH', 'INTERVAL_TOO_SHORT'],
    });
  });

  it('proposes the same venue and time at the interval, with the nearest alternatives', async () => {
    const offer = await call('proposeFollowUp', { couponId: 'c-yamada', previousSlotId: 's-0512' });
    expect(offer).toEqual({
      kind: 'proposed',
      doseNumber: 2,
      window: { from: '2021-06-02', to: '2021-06-23' },
      best: {
        slotId: 's-0602',
        venueId: 'hall',
        venueName: '市民会館',
        date: '2021-06-02',
        startTime: '10:00',
        endTime: '10:30',
        remaining: 2,
      },
      alternatives: [
        {
          slotId: 's-0603',
          venueId: 'hall',
          venueName: '市民会館',
          date: '2021-06-03',
          startTime: '10:00',
          endTime: '10:30',
          remaining: 1,
        },
      ],
    });
    const none = await call('proposeFollowUp', { couponId: 'c-yamada', previousSlotId: 's-0512-moderna' });
    expect(none).toEqual({
      kind: 'no_slot_in_window',
      doseNumber: 2,
      window: { from: '2021-06-09', to: '2021-07-07' },
    });
  });
});

describe('slots that have started today, by the clock in Japan', () => {
  const originalTz = process.env.TZ;
  afterEach(() => {
    if (originalTz === undefined) delete process.env.TZ;
    else process.env.TZ = originalTz;
  });

  /** The phone desk as it answers at `instant`. */
  const deskAt = (instant: Date) => {
    const handlers = createPhoneDeskHandlers({ db, appVersion: 'test', transport: 'browser' }, () => instant);
    const run = createDispatcherFor(phoneDeskMethods, handlers, {
      enforceRoles: true,
      reportInternalError: () => {},
    });
    return async <T>(method: keyof typeof phoneDeskMethods, input: unknown): Promise<T> => {
      const result = (await run(method, input, operator)) as ApiResult<T>;
      if (!result.ok) throw new Error(`${method} failed: ${JSON.stringify(result.error)}`);
      return result.value;
    };
  };
  const at = '2021-05-01T00:00:00Z';
  const addTodaysSlots = () =>
    db.exec(`INSERT INTO slots (id, venue_id, product_id, date, start_time, end_time, capacity, call_center_reserve,
      status, updated_at) VALUES
      ('s-0510-0930', 'hall', 'pfizer', '2021-05-10', '09:30', '10:00', 3, 0, 'open', '${at}'),
      ('s-0510-1100', 'hall', 'pfizer', '2021-05-10', '11:00', '11:30', 3, 0, 'open', '${at}'),
      ('s-0509-2330', 'hall', 'pfizer', '2021-05-09', '23:30', '23:59', 3, 0, 'open', '${at}')`);
  const gridAt = async (instant: Date) => {
    const grid = await deskAt(instant)<PhoneSlotGrid>('getPhoneSlotGrid', {
      target: { purpose: 'book', couponId: 'c-yamada' },
      from: '2021-05-09',
      days: 3,
    });
    return (id: string) => grid.slots.find((s) => s.slotId === id)?.state;
  };

  it('closes a slot from its start minute on and refuses to book it, with the machine outside Japan', async () => {
    process.env.TZ = 'America/Los_Angeles';
    expect(new Date('2021-05-10T00:00:00Z').getTimezoneOffset()).not.toBe(-540);
    addTodaysSlots();
    // 09:29 in Japan: nothing of today has started.
    const before = await gridAt(new Date('2021-05-10T00:29:00Z'));
    expect(before('s-0510-0930')).toBe('bookable');
    // 10:15 in Japan: the 09:30 slot has begun, the 11:00 one not.
    const during = await gridAt(new Date('2021-05-10T01:15:00Z'));
    expect(during('s-0510-0930')).toBe('closed');
    expect(during('s-0510-1100')).toBe('bookable');

    const book = (slotId: string) =>
      deskAt(new Date('2021-05-10T01:15:00Z'))<CreatePhoneBookingResult>('createPhoneBooking', {
        couponId: 'c-yamada',
        first: { mutationId: randomUUID(), slotId, doseNumber: 1 },
        followUp: null,
        contactPhone: '',
        notes: '',
      });
    expect(await book('s-0510-0930')).toMatchObject({ kind: 'slot_unavailable', why: 'closed' });
    expect(count('bookings')).toBe(0);
    expect(await book('s-0510-1100')).toMatchObject({ kind: 'booked' });
  });

  it('turns the day at midnight in Japan, not in UTC or the machine zone', async () => {
    process.env.TZ = 'America/New_York';
    addTodaysSlots();
    // 2021-05-09 15:30 UTC (11:30 in New York) is 00:30 on the 10th in Japan.
    const justAfterMidnight = await gridAt(new Date('2021-05-09T15:30:00Z'));
    expect(justAfterMidnight('s-0509-2330')).toBe('closed');
    expect(justAfterMidnight('s-0510-0930')).toBe('bookable');
    // Half an hour before midnight in Japan the 23:30 slot has begun, the 10th's have not.
    const lateEvening = await gridAt(new Date('2021-05-09T14:40:00Z'));
    expect(lateEvening('s-0509-2330')).toBe('closed');
    const earlyEvening = await gridAt(new Date('2021-05-09T14:20:00Z'));
    expect(earlyEvening('s-0509-2330')).toBe('bookable');
  });
});

describe('booking', () => {
  it('saves dose 1 and dose 2 as provisional phone bookings with their outbox and audit rows', async () => {
    const request = bookingRequest();
    const result = await call<CreatePhoneBookingResult>('createPhoneBooking', request);
    expect(result.kind).toBe('booked');
    if (result.kind !== 'booked') return;
    expect(result.replayed).toBe(false);
    const [first, second] = result.bookings;
    expect(isValidBookingNumber(first!.bookingNumber)).toBe(true);
    expect(isValidBookingNumber(second!.bookingNumber)).toBe(true);

    const rows = db
      .prepare(
        `SELECT id, booking_number, coupon_id, slot_id, dose_number, channel, status, contact_phone, notes,
                created_by, created_at FROM bookings ORDER BY dose_number`,
      )
      .all();
    const row = (id: string, number: string, slotId: string, dose: number) => ({
      id,
      booking_number: number,
      coupon_id: 'c-yamada',
      slot_id: slotId,
      dose_number: dose,
      channel: 'phone',
      status: 'provisional',
      contact_phone: '090-1111-2222',
      notes: '杖を使用',
      created_by: 'staff-operator',
      created_at: now.toISOString(),
    });
    expect(rows).toEqual([
      row(request.first.mutationId, first!.bookingNumber, 's-0512', 1),
      row(request.followUp!.mutationId, second!.bookingNumber, 's-0602', 2),
    ]);

    const outbox = db.prepare('SELECT mutation_id, kind, payload FROM outbox ORDER BY seq').all() as Array<{
      mutation_id: string;
      kind: string;
      payload: string;
    }>;
    expect(outbox.map((o) => [o.mutation_id, o.kind])).toEqual([
      [request.first.mutationId, 'booking.create'],
      [request.followUp!.mutationId, 'booking.create'],
    ]);
    expect(JSON.parse(outbox[1]!.payload)).toEqual({
      id: request.followUp!.mutationId,
      bookingNumber: second!.bookingNumber,
      couponId: 'c-yamada',
      slotId: 's-0602',
      doseNumber: 2,
      contactPhone: '090-1111-2222',
      notes: '杖を使用',
      channel: 'phone',
      createdBy: 'staff-operator',
      createdAt: now.toISOString(),
      followUpOf: request.first.mutationId,
    });

    const audit = auditRows();
    expect(audit.map((a) => [a.action, a.entity_ids])).toEqual([
      ['booking.create', JSON.stringify([request.first.mutationId])],
      ['booking.create', JSON.stringify([request.followUp!.mutationId])],
    ]);
    for (const entry of audit) {
      for (const personal of ['山田', 'ヤマダ', '1947', '090', '0000012345', '杖']) {
        expect(entry.detail).not.toContain(personal);
      }
    }
    expect(events).toEqual([{ type: 'data-changed', scopes: ['bookings', 'slots'] }]);
  });

  it('puts the hub hold of each slot into its outbox entry, for the hub to hand the seat over', async () => {
    const firstHold = randomUUID();
    const base = bookingRequest();
    const request = { ...base, first: { ...base.first, holdId: firstHold } };
    const result = await call<CreatePhoneBookingResult>('createPhoneBooking', request);
    expect(result.kind).toBe('booked');
    const payloads = (db.prepare('SELECT payload FROM outbox ORDER BY seq').pluck().all() as string[]).map(
      (p) => JSON.parse(p) as Record<string, unknown>,
    );
    // The follow-up had no hold (the hub was away when it was chosen): its entry carries none.
    expect(payloads.map((p) => p.holdId)).toEqual([firstHold, undefined]);
    const notAUuid = await dispatch(
      'createPhoneBooking',
      { ...bookingRequest(), first: { ...bookingRequest().first, holdId: 'hold-1' } },
      operator,
    );
    expect(notAUuid).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('answers "not held" for holds when the desk has no hub, and holds are for phone roles only', async () => {
    const holdId = randomUUID();
    expect(await call('holdPhoneSeat', { holdId, slotId: 's-0512' })).toEqual({
      kind: 'not_held',
      why: 'unconfigured',
    });
    expect(await call('extendPhoneHold', { holdId })).toEqual({ kind: 'not_held', why: 'unconfigured' });
    expect(await call('releasePhoneHold', { holdId })).toEqual({ released: false });
    expect(
      await dispatch('holdPhoneSeat', { holdId, slotId: 's-0512' }, session('venue_staff')),
    ).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await dispatch('holdPhoneSeat', { holdId: 'x', slotId: 's-0512' }, operator)).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
    expect(count('outbox')).toBe(0);
  });

  it('is idempotent: the same mutation ids again create nothing and answer the stored bookings', async () => {
    const request = bookingRequest();
    const once = await call<CreatePhoneBookingResult>('createPhoneBooking', request);
    const twice = await call<CreatePhoneBookingResult>('createPhoneBooking', request);
    expect(twice).toEqual({ ...once, replayed: true });
    expect([count('bookings'), count('outbox'), count('audit_events')]).toEqual([2, 2, 2]);
    expect(events).toHaveLength(1);

    const sameIdOtherSlot = await dispatch(
      'createPhoneBooking',
      { ...request, first: { ...request.first, slotId: 's-0514' } },
      operator,
    );
    expect(sameIdOtherSlot).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(count('bookings')).toBe(2);
  });

  it('refuses a second booking of the same dose, showing the existing one, and saves nothing', async () => {
    const first = await call<CreatePhoneBookingResult>(
      'createPhoneBooking',
      bookingRequest({ followUp: null }),
    );
    const again = await call<CreatePhoneBookingResult>(
      'createPhoneBooking',
      bookingRequest({ first: { mutationId: randomUUID(), slotId: 's-0514', doseNumber: 1 } }),
    );
    expect(again).toEqual({
      kind: 'duplicate',
      doseNumber: 1,
      existing: first.kind === 'booked' ? first.bookings[0] : null,
    });
    expect([count('bookings'), count('outbox'), count('audit_events')]).toEqual([1, 1, 1]);
  });

  it('lets only a manager override the duplicate rule, and audits the override', async () => {
    const first = await call<CreatePhoneBookingResult>(
      'createPhoneBooking',
      bookingRequest({ followUp: null }),
    );
    const second = { first: { mutationId: randomUUID(), slotId: 's-0514', doseNumber: 1 }, followUp: null };
    const byOperator = await call<CreatePhoneBookingResult>(
      'createPhoneBooking',
      bookingRequest({ ...second, overrideDuplicate: true }),
    );
    expect(byOperator.kind).toBe('duplicate');
    const byManager = await call<CreatePhoneBookingResult>(
      'createPhoneBooking',
      bookingRequest({ ...second, overrideDuplicate: true }),
      manager,
    );
    expect(byManager.kind).toBe('booked');
    const existingId = first.kind === 'booked' ? first.bookings[0]!.bookingId : '';
    expect(auditRows().at(-1)).toEqual({
      staff_id: 'staff-manager',
      action: 'booking.duplicate-override',
      entity: 'booking',
      entity_ids: JSON.stringify([second.first.mutationId, existingId]),
      detail: '{"couponId":"c-yamada","doseNumber":1,"role":"manager"}',
    });
  });

  it('refuses a full slot, and a full follow-up slot rolls back the first dose too', async () => {
    await call(
      'createPhoneBooking',
      bookingRequest({ couponId: 'c-suzuki', followUp: { mutationId: randomUUID(), slotId: 's-0603' } }),
    );
    const before = [count('bookings'), count('outbox'), count('audit_events')];
    const full = await call<CreatePhoneBookingResult>(
      'createPhoneBooking',
      bookingRequest({
        couponId: 'c-suzuki2',
        first: { mutationId: randomUUID(), slotId: 's-0513', doseNumber: 1 },
        followUp: { mutationId: randomUUID(), slotId: 's-0603' },
      }),
    );
    expect(full).toEqual({ kind: 'slot_unavailable', doseNumber: 2, slotId: 's-0603', why: 'full' });
    expect([count('bookings'), count('outbox'), count('audit_events')]).toEqual(before);
    expect(db.prepare("SELECT count(*) FROM bookings WHERE slot_id = 's-0513'").pluck().get()).toBe(0);
  });

  it('gives the last seat to one of two desks writing the same file; the other is told the slot is full', async () => {
    // A second desk process on the same SQLite file (another operator's PC in a shared-file setup,
    // or the sync engine): its grid still shows the seat when the first desk takes it.
    const other = openDatabase(join(dir, `desk-${fileCount}.sqlite`));
    try {
      const otherDispatch = createDispatcherFor(
        phoneDeskMethods,
        createPhoneDeskHandlers({ db: other, appVersion: 'test', transport: 'browser' }, () => now),
        { enforceRoles: true, reportInternalError: () => {} },
      );
      const gridTarget = { target: { purpose: 'book', couponId: 'c-suzuki2' }, from: '2021-05-13', days: 1 };
      const seen = (await otherDispatch(
        'getPhoneSlotGrid',
        gridTarget,
        operator,
      )) as ApiResult<PhoneSlotGrid>;
      expect(seen.ok && seen.value.slots.find((s) => s.slotId === 's-0513')?.remaining).toBe(1);

      const winner = await call<CreatePhoneBookingResult>(
        'createPhoneBooking',
        bookingRequest({
          couponId: 'c-suzuki',
          first: { mutationId: randomUUID(), slotId: 's-0513', doseNumber: 1 },
          followUp: null,
        }),
      );
      expect(winner.kind).toBe('booked');
      const loser = (await otherDispatch(
        'createPhoneBooking',
        bookingRequest({
          couponId: 'c-suzuki2',
          first: { mutationId: randomUUID(), slotId: 's-0513', doseNumber: 1 },
          followUp: null,
        }),
        operator,
      )) as ApiResult<CreatePhoneBookingResult>;
      expect(loser).toEqual({
        ok: true,
        value: { kind: 'slot_unavailable', doseNumber: 1, slotId: 's-0513', why: 'full' },
      });
      expect(db.prepare("SELECT coupon_id FROM bookings WHERE slot_id = 's-0513'").pluck().all()).toEqual([
        'c-suzuki',
      ]);
    } finally {
      closeDatabase(other);
    }
  });

  it('refuses closed slots, slots in the past and ineligible follow-ups', async () => {
    const closed = await call(
      'createPhoneBooking',
      bookingRequest({
        first: { mutationId: randomUUID(), slotId: 's-0515-closed', doseNumber: 1 },
        followUp: null,
      }),
    );
    expect(closed).toMatchObject({ kind: 'slot_unavailable', why: 'closed' });
    const past = await call(
      'createPhoneBooking',
      bookingRequest({
        first: { mutationId: randomUUID(), slotId: 's-0509', doseNumber: 1 },
        followUp: null,
      }),
    );
    expect(past).toMatchObject({ kind: 'slot_unavailable', why: 'closed' });
    const tooSoon = await call(
      'createPhoneBooking',
      bookingRequest({ followUp: { mutationId: randomUUID(), slotId: 's-0514' } }),
    );
    expect(tooSoon).toEqual({ kind: 'ineligible', doseNumber: 2, reasons: ['INTERVAL_TOO_SHORT'] });
    const otherProduct = await call(
      'createPhoneBooking',
      bookingRequest({ first: { mutationId: randomUUID(), slotId: 's-0512-moderna', doseNumber: 1 } }),
    );
    expect(otherProduct).toEqual({ kind: 'ineligible', doseNumber: 2, reasons: ['PRODUCT_MISMATCH'] });
    const voided = await call('createPhoneBooking', bookingRequest({ couponId: 'c-void', followUp: null }));
    expect(voided).toEqual({ kind: 'ineligible', doseNumber: 1, reasons: ['COUPON_VOID'] });
    expect([count('bookings'), count('outbox')]).toEqual([0, 0]);
  });

  it('rejects malformed phone numbers and long notes before anything runs', async () => {
    const result = await dispatch(
      'createPhoneBooking',
      bookingRequest({ contactPhone: '12-34', notes: 'あ'.repeat(maxNotesLength + 1) }),
      operator,
    );
    expect(result).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION',
        issues: [
          { path: 'contactPhone', message: 'phone_implausible' },
          { path: 'notes', message: 'notes_too_long' },
        ],
      },
    });
    const longContact = await dispatch(
      'createPhoneBooking',
      bookingRequest({ contactPhone: `090-1234-5678 ${'夜'.repeat(maxContactPhoneLength)}` }),
      operator,
    );
    expect(longContact).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', issues: [{ path: 'contactPhone', message: 'contact_too_long' }] },
    });
  });

  it('takes a contact number with a note beside it, as the hub does', async () => {
    const contactPhone = '090-1234-5678（本人携帯・平日夜間のみ連絡可、留守電可）';
    const result = await call<CreatePhoneBookingResult>(
      'createPhoneBooking',
      bookingRequest({ contactPhone }),
    );
    expect(result.kind).toBe('booked');
    if (result.kind !== 'booked') return;
    expect(result.bookings[0]!.contactPhone).toBe(contactPhone.normalize('NFKC'));
  });
});

describe('changing and cancelling', () => {
  async function bookBoth() {
    const result = await call<CreatePhoneBookingResult>('createPhoneBooking', bookingRequest());
    if (result.kind !== 'booked') throw new Error('not booked');
    return result.bookings;
  }

  it('moves a booking in one statement: the new seat taken, the old one free, audited and queued', async () => {
    const [first] = await bookBoth();
    const mutationId = randomUUID();
    db.exec("UPDATE bookings SET status = 'confirmed'");
    const moved = await call('movePhoneBooking', {
      mutationId,
      bookingId: first!.bookingId,
      toSlotId: 's-0511',
    });
    expect(moved).toMatchObject({
      kind: 'moved',
      replayed: false,
      booking: {
        bookingId: first!.bookingId,
        bookingNumber: first!.bookingNumber,
        slotId: 's-0511',
        status: 'provisional',
      },
      previousSlot: { slotId: 's-0512', date: '2021-05-12', venueName: '市民会館' },
    });
    expect(db.prepare("SELECT count(*) FROM bookings WHERE slot_id = 's-0512'").pluck().get()).toBe(0);
    const outbox = db.prepare('SELECT kind, payload FROM outbox WHERE mutation_id = ?').get(mutationId) as {
      kind: string;
      payload: string;
    };
    expect(outbox.kind).toBe('booking.move');
    expect(JSON.parse(outbox.payload)).toEqual({
      bookingId: first!.bookingId,
      fromSlotId: 's-0512',
      toSlotId: 's-0511',
      movedBy: 'staff-operator',
      movedAt: now.toISOString(),
    });
    expect(auditRows().at(-1)).toMatchObject({
      action: 'booking.move',
      entity_ids: JSON.stringify([first!.bookingId]),
      detail: JSON.stringify({ mutationId, fromSlotId: 's-0512', toSlotId: 's-0511' }),
    });
    const again = await call('movePhoneBooking', {
      mutationId,
      bookingId: first!.bookingId,
      toSlotId: 's-0511',
    });
    expect(again).toMatchObject({ kind: 'moved', replayed: true, previousSlot: { slotId: 's-0512' } });
    expect(count('outbox')).toBe(3);
  });

  it('keeps the booking where it was when the new slot is full or breaks the second dose window', async () => {
    const [first, second] = await bookBoth();
    db.exec(`INSERT INTO bookings (id, booking_number, coupon_id, slot_id, dose_number, channel, status, created_at,
      updated_at) VALUES ('b-full', 'AAAAAAAA', 'c-suzuki2', 's-0603', 1, 'phone', 'provisional', 'x', 'x')`);
    const full = await call('movePhoneBooking', {
      mutationId: randomUUID(),
      bookingId: second!.bookingId,
      toSlotId: 's-0603',
    });
    expect(full).toEqual({ kind: 'slot_unavailable', why: 'full' });
    // Dose 2 is on 06-02: dose 1 on 05-14 would leave only 19 days.
    const breaks = await call('movePhoneBooking', {
      mutationId: randomUUID(),
      bookingId: first!.bookingId,
      toSlotId: 's-0514',
    });
    expect(breaks).toEqual({ kind: 'ineligible', reasons: ['FOLLOW_UP_OUT_OF_WINDOW'] });
    expect(db.prepare('SELECT slot_id FROM bookings WHERE id = ?').pluck().get(first!.bookingId)).toBe(
      's-0512',
    );
    expect(db.prepare('SELECT slot_id FROM bookings WHERE id = ?').pluck().get(second!.bookingId)).toBe(
      's-0602',
    );
    expect(count('outbox')).toBe(2);
  });

  it('cancels with a reason, the later dose too, in one outbox mutation; the dose can be booked again', async () => {
    const [first, second] = await bookBoth();
    const mutationId = randomUUID();
    const input = { mutationId, bookingId: first!.bookingId, reason: 'illness', alsoCancelLaterDoses: true };
    const cancelled = await call<{ kind: string; bookings: Array<{ status: string; cancelReason: string }> }>(
      'cancelPhoneBooking',
      input,
    );
    expect(cancelled.kind).toBe('cancelled');
    expect(cancelled.bookings.map((b) => [b.status, b.cancelReason])).toEqual([
      ['cancelled', 'illness'],
      ['cancelled', 'illness'],
    ]);
    expect(
      db
        .prepare('SELECT booking_id, reason, cancelled_by FROM booking_cancellations ORDER BY booking_id')
        .all(),
    ).toEqual(
      [first!.bookingId, second!.bookingId]
        .sort()
        .map((id) => ({ booking_id: id, reason: 'illness', cancelled_by: 'staff-operator' })),
    );
    const outbox = db.prepare('SELECT kind, payload FROM outbox WHERE mutation_id = ?').get(mutationId) as {
      kind: string;
      payload: string;
    };
    expect(outbox.kind).toBe('booking.cancel');
    expect(JSON.parse(outbox.payload)).toMatchObject({
      bookingIds: [first!.bookingId, second!.bookingId],
      reason: 'illness',
    });
    expect(auditRows().at(-1)).toMatchObject({
      action: 'booking.cancel',
      entity_ids: JSON.stringify([first!.bookingId, second!.bookingId]),
      detail: JSON.stringify({ mutationId, reason: 'illness' }),
    });

    expect(await call('cancelPhoneBooking', input)).toMatchObject({ kind: 'cancelled', replayed: true });
    expect(count('outbox')).toBe(3);
    const notAgain = await call('cancelPhoneBooking', { ...input, mutationId: randomUUID() });
    expect(notAgain).toEqual({ kind: 'not_changeable', status: 'cancelled' });

    const rebooked = await call<CreatePhoneBookingResult>(
      'createPhoneBooking',
      bookingRequest({ followUp: null }),
    );
    expect(rebooked.kind).toBe('booked');
  });
});

describe('callback tasks and roles', () => {
  it('lists phone bookings the hub rejected until the outcome is recorded', async () => {
    const booked = await call<CreatePhoneBookingResult>(
      'createPhoneBooking',
      bookingRequest({ followUp: null }),
    );
    const bookingId = booked.kind === 'booked' ? booked.bookings[0]!.bookingId : '';
    db.prepare("UPDATE bookings SET status = 'rejected', reject_code = 'SLOT_FULL' WHERE id = ?").run(
      bookingId,
    );
    const { tasks } = await call<{
      tasks: Array<{ booking: { bookingId: string; rejection: HubRejection | null }; phone: string }>;
    }>('listCallbackTasks', {});
    expect(tasks.map((t) => [t.booking.bookingId, t.booking.rejection, t.phone])).toEqual([
      [bookingId, { code: 'SLOT_FULL', reasons: [] }, '090-1111-2222'],
    ]);
    // "Told" is for a change that stands; a turned-down booking is rebooked, declined or not reached.
    expect(
      await call('recordCallbackOutcome', { bookingId, outcome: 'informed', rebookedBookingId: null }),
    ).toEqual({ recorded: false });
    expect((await call<{ tasks: unknown[] }>('listCallbackTasks', {})).tasks).toHaveLength(1);
    expect(
      await call('recordCallbackOutcome', { bookingId, outcome: 'no_answer', rebookedBookingId: null }),
    ).toEqual({
      recorded: true,
    });
    expect(await call('listCallbackTasks', {})).toEqual({ tasks: [] });
    expect(
      await call('recordCallbackOutcome', { bookingId, outcome: 'declined', rebookedBookingId: null }),
    ).toEqual({
      recorded: false,
    });
  });

  it('is for operators and managers only', async () => {
    for (const role of ['venue_staff', 'admin'] as const) {
      const result = await dispatch('findCaller', { by: 'ticket', ticket: '0000012345' }, session(role));
      expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect(count('audit_events')).toBe(0);
  });
});
