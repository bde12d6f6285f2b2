/**
 * The phone desk screen's pure parts: the grid cells and cursor, the call's steps, the field checks,
 * the Japanese read-back and SMS text, the seat hold countdown and the hub's refusals in words.
 */

import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import type {
  CallerBooking,
  CallerFile,
  HubRejection,
  PhoneSlot,
  PhoneSlotGrid,
} from '../../domain/api/contract.ts';
import type { IneligibilityReason } from '../../domain/vocabulary/terms.ts';
import { en } from '../../renderer/src/i18n/en.ts';
import { hubRefusalAdvice, hubRefusalText } from '../../renderer/src/i18n/hub-refusal.ts';
import { ja } from '../../renderer/src/i18n/ja.ts';
import {
  awaitsHub,
  callReducer,
  initialCallState,
  savedBookingsNow,
} from '../../renderer/src/screens/phone-booking/call-state.ts';
import { spokenTime } from '../../renderer/src/screens/phone-booking/desk-dates.ts';
import {
  checkBirthDate,
  checkContactPhone,
  checkTicket,
} from '../../renderer/src/screens/phone-booking/field-checks.ts';
import {
  canExtend,
  formatCountdown,
  holdTone,
} from '../../renderer/src/screens/phone-booking/hold-countdown.ts';
import { bookedScript, smsText } from '../../renderer/src/screens/phone-booking/read-back-script.ts';
import {
  cellFor,
  firstBookableCell,
  gridCells,
  moveCursor,
} from '../../renderer/src/screens/phone-booking/slot-grid-cells.ts';

const slot = (over: Partial<PhoneSlot>): PhoneSlot => ({
  slotId: 's',
  venueId: 'hall',
  productId: 'p',
  date: '2021-05-12',
  startTime: '10:00',
  endTime: '10:30',
  capacity: 10,
  remaining: 4,
  state: 'bookable',
  reasons: [],
  ...over,
});

describe('grid cells', () => {
  it('sum the bookable seats of a day and say why a day cannot be chosen', () => {
    const slots = [
      slot({ slotId: 'a', remaining: 4 }),
      slot({ slotId: 'b', remaining: 0, state: 'full' }),
      slot({ slotId: 'c', remaining: 3 }),
      slot({ slotId: 'd', date: '2021-05-13', remaining: 0, state: 'full' }),
      slot({ slotId: 'e', date: '2021-05-13', state: 'closed' }),
      slot({ slotId: 'f', date: '2021-05-14', state: 'ineligible', reasons: ['INTERVAL_TOO_SHORT'] }),
      slot({ slotId: 'g', date: '2021-05-15', state: 'closed' }),
    ];
    expect(cellFor('hall', '2021-05-12', slots)).toMatchObject({ state: 'bookable', remaining: 7 });
    expect(cellFor('hall', '2021-05-13', slots)).toMatchObject({ state: 'full', remaining: 0 });
    expect(cellFor('hall', '2021-05-14', slots)).toMatchObject({
      state: 'ineligible',
      reasons: ['INTERVAL_TOO_SHORT'],
    });
    expect(cellFor('hall', '2021-05-15', slots).state).toBe('closed');
    expect(cellFor('hall', '2021-05-16', slots).state).toBe('none');
    expect(cellFor('clinic', '2021-05-12', slots).state).toBe('none');
  });

  it('start the cursor on the earliest bookable day, on the preferred venue when it has one', () => {
    const grid = {
      from: '2021-05-12',
      to: '2021-05-14',
      slots: [
        slot({ venueId: 'clinic', date: '2021-05-12', state: 'full', remaining: 0 }),
        slot({ venueId: 'hall', date: '2021-05-13' }),
        slot({ venueId: 'clinic', date: '2021-05-13' }),
        slot({ venueId: 'clinic', date: '2021-05-14' }),
      ],
    } as PhoneSlotGrid;
    const venues = ['clinic', 'hall'];
    const cells = gridCells(grid, venues);
    const days = ['2021-05-12', '2021-05-13', '2021-05-14'];
    expect(firstBookableCell(cells, venues, days, '2021-05-12')).toEqual({
      venueId: 'clinic',
      date: '2021-05-13',
    });
    expect(firstBookableCell(cells, venues, days, '2021-05-14')).toEqual({
      venueId: 'clinic',
      date: '2021-05-14',
    });
    expect(firstBookableCell(cells, venues, days, '2021-05-12', 'hall')).toEqual({
      venueId: 'hall',
      date: '2021-05-13',
    });
    // Nothing bookable from `earliest`: the first cell of that day.
    expect(firstBookableCell(cells, ['hall'], days, '2021-05-14')).toEqual({
      venueId: 'hall',
      date: '2021-05-14',
    });
  });

  it('move the cursor by day, week and venue, staying inside the venue list', () => {
    const venues = ['a', 'b', 'c'];
    const at = { venueId: 'b', date: '2021-05-31' };
    expect(moveCursor(at, 'right', venues)).toEqual({ venueId: 'b', date: '2021-06-01' });
    expect(moveCursor(at, 'left', venues)).toEqual({ venueId: 'b', date: '2021-05-30' });
    expect(moveCursor(at, 'week-ahead', venues)).toEqual({ venueId: 'b', date: '2021-06-07' });
    expect(moveCursor(at, 'up', venues).venueId).toBe('a');
    expect(moveCursor({ venueId: 'a', date: at.date }, 'up', venues).venueId).toBe('a');
    expect(moveCursor({ venueId: 'c', date: at.date }, 'down', venues).venueId).toBe('c');
  });
});

describe('a call, step by step', () => {
  const caller = { couponId: 'c', eligibility: { nextDose: 1 }, bookings: [] } as unknown as CallerFile;
  const choice = {
    slotId: 's',
    venueId: 'v',
    venueName: 'V',
    date: '2021-05-12',
    startTime: '10:00',
    endTime: '10:30',
    remaining: 3,
  };

  it('goes search → verify → grid → dose 2 → confirm, and back again with Esc', () => {
    let state = initialCallState();
    state = callReducer(state, { type: 'candidates', candidates: [{ couponId: 'c' } as never] });
    expect(state.step).toBe('verify');
    state = callReducer(state, { type: 'verified', caller, failedAttempts: 0 });
    expect(state.step).toBe('slot');
    state = callReducer(state, { type: 'slot-chosen', slot: choice, offerFollowUp: true });
    expect(state.step).toBe('follow-up');
    state = callReducer(state, { type: 'follow-up-chosen', slot: null });
    expect(state.step).toBe('confirm');
    expect(callReducer(state, { type: 'back' }).step).toBe('follow-up');
    expect(callReducer(callReducer(state, { type: 'back' }), { type: 'back' }).step).toBe('slot');
  });

  it('keeps the mutation ids while the form is open and makes new ones after a save or a new choice', () => {
    const state = callReducer(
      callReducer(initialCallState(), { type: 'verified', caller, failedAttempts: 0 }),
      {
        type: 'slot-chosen',
        slot: choice,
        offerFollowUp: false,
      },
    );
    expect(callReducer(state, { type: 'back' }).ids).toBe(state.ids);
    expect(callReducer(state, { type: 'choose-again', dose: 'first' }).ids.first).not.toBe(state.ids.first);
    const saved = callReducer(state, {
      type: 'saved',
      outcome: { kind: 'cancelled', result: { kind: 'cancelled', replayed: false, bookings: [] } },
    });
    expect(saved.step).toBe('done');
    expect(saved.ids.first).not.toBe(state.ids.first);
    const next = callReducer(saved, { type: 'new-call' });
    expect([next.step, next.caller, next.callNumber]).toEqual(['search', null, state.callNumber + 1]);
  });

  it('shows a save at once over a caller file read before it, and waits for the hub until a read says otherwise', () => {
    const before = { bookingId: 'b1', slotId: 's1', status: 'confirmed' } as CallerBooking;
    const moved = { ...before, slotId: 's2', status: 'provisional' } as CallerBooking;
    let state = callReducer(initialCallState(), {
      type: 'verified',
      caller: { ...caller, bookings: [before] },
      failedAttempts: 0,
    });
    state = callReducer(state, { type: 'start', task: { kind: 'move', booking: before } });
    state = callReducer(state, {
      type: 'saved',
      outcome: {
        kind: 'moved',
        result: { kind: 'moved', replayed: false, booking: moved, previousSlot: {} as never },
      },
    });
    const waiting = () => awaitsHub(savedBookingsNow(state.outcome!, state.caller!.bookings));
    expect(state.caller!.bookings).toEqual([moved]);
    expect(waiting()).toBe(true);
    state = callReducer(state, {
      type: 'caller-refreshed',
      caller: { ...caller, bookings: [{ ...moved, status: 'confirmed' }] },
    });
    expect(waiting()).toBe(false);
  });

  it('takes a refreshed caller file only while that caller is still on screen', () => {
    const onScreen = callReducer(initialCallState(), { type: 'verified', caller, failedAttempts: 0 });
    const fresher = { ...caller, phoneOnFile: '090' } as CallerFile;
    expect(callReducer(onScreen, { type: 'caller-refreshed', caller: fresher }).caller).toBe(fresher);
    // The answer of a refresh started before F2 arrives after it: the new call stays empty.
    const nextCall = callReducer(onScreen, { type: 'new-call' });
    expect(callReducer(nextCall, { type: 'caller-refreshed', caller: fresher })).toBe(nextCall);
    const other = { ...caller, couponId: 'other' } as CallerFile;
    expect(callReducer(onScreen, { type: 'caller-refreshed', caller: other }).caller).toBe(caller);
  });

  it('lands on the bookings when nothing can be booked', () => {
    const booked = { ...caller, eligibility: { nextDose: null } } as unknown as CallerFile;
    expect(
      callReducer(initialCallState(), { type: 'verified', caller: booked, failedAttempts: 0 }).step,
    ).toBe('caller');
  });
});

describe('field checks', () => {
  it('say what is wrong with a ticket number, a birth date or a phone number', () => {
    expect(checkTicket('１２３４５')).toEqual({
      ok: false,
      problem: { key: 'phoneDesk.input.ticket.wrong_length', values: { count: 5 } },
    });
    expect(checkTicket('0000-012-345').ok).toBe(true);
    expect(checkBirthDate('昭和22年4月1日', '2021-05-10')).toEqual({ ok: true, value: '1947-04-01' });
    expect(checkBirthDate('S64.1.8', '2021-05-10')).toMatchObject({
      problem: { key: 'phoneDesk.input.date.outside_era' },
    });
    expect(checkBirthDate('2021/5/11', '2021-05-10')).toMatchObject({
      problem: { key: 'phoneDesk.input.date.future' },
    });
    expect(checkContactPhone('')).toEqual({ ok: true, value: '' });
    expect(checkContactPhone('12-34')).toMatchObject({ ok: false });
  });
});

describe('read-back and SMS (always Japanese)', async () => {
  const instance = i18next.createInstance();
  await instance.init({
    resources: { ja: { translation: ja } },
    lng: 'ja',
    interpolation: { escapeValue: false },
  });
  const t = instance.t;
  const booking = (over: Partial<CallerBooking>): CallerBooking => ({
    bookingId: 'b1',
    bookingNumber: 'K7XH3PRW',
    doseNumber: 1,
    status: 'provisional',
    channel: 'phone',
    slotId: 's1',
    date: '2021-05-12',
    startTime: '14:30',
    endTime: '15:00',
    venue: { venueId: 'v', name: '市民会館', address: '青葉台市本町1-1', phone: '' },
    productId: 'p',
    productName: 'ワクチン',
    contactPhone: '',
    notes: '',
    rejection: null,
    cancelReason: null,
    ...over,
  });

  it('says times the way they are spoken', () => {
    expect(spokenTime('09:00', t)).toBe('午前9時');
    expect(spokenTime('14:30', t)).toBe('午後2時30分');
    expect(spokenTime('12:00', t)).toBe('午後12時');
  });

  it('reads the day, time, venue and the spelled booking number, and says the booking is provisional', () => {
    const lines = bookedScript([booking({})], t);
    expect(lines).toEqual([
      ja.phoneDesk.readBack.bookedProvisional,
      '1回目は、5月12日、水曜日、午後2時30分から、市民会館です。場所は青葉台市本町1-1です。',
      '予約番号を申し上げます。ケー・なな・エックス・エイチ、さん・ピー・アール・ダブリュー。もう一度申し上げます。ケー・なな・エックス・エイチ、さん・ピー・アール・ダブリュー。',
      ja.phoneDesk.readBack.bring,
    ]);
    expect(bookedScript([booking({ status: 'confirmed' })], t)[0]).toBe(
      ja.phoneDesk.readBack.bookedConfirmed,
    );
  });

  it('puts both doses and the number into one SMS', () => {
    const sms = smsText(
      [
        booking({}),
        booking({ bookingId: 'b2', bookingNumber: 'MXMT3W4F', doseNumber: 2, date: '2021-06-02' }),
      ],
      '青葉台市',
      t,
    );
    expect(sms.split('\n')).toEqual([
      '【青葉台市 ワクチン接種予約】',
      '予約番号 K7XH-3PRW',
      '1回目 2021/5/12(水) 14:30〜15:00 市民会館（青葉台市本町1-1）',
      '予約番号 MXMT-3W4F',
      '2回目 2021/6/2(水) 14:30〜15:00 市民会館（青葉台市本町1-1）',
      '※仮予約です。確定できない場合はお電話します。',
      '持ち物：接種券・本人確認書類',
    ]);
  });
});

describe('the seat hold countdown', () => {
  it('shows minutes and seconds left, rounded up, and never below zero', () => {
    expect(formatCountdown(5 * 60_000)).toBe('5:00');
    expect(formatCountdown(252_000)).toBe('4:12');
    expect(formatCountdown(251_001)).toBe('4:12');
    expect(formatCountdown(59_000)).toBe('0:59');
    expect(formatCountdown(400)).toBe('0:01');
    expect(formatCountdown(0)).toBe('0:00');
    expect(formatCountdown(-3000)).toBe('0:00');
    expect(formatCountdown(15 * 60_000)).toBe('15:00');
  });

  it('warns under a minute, and says when the hold has run out or cannot be extended', () => {
    expect(holdTone(60_000)).toBe('running');
    expect(holdTone(59_999)).toBe('ending');
    expect(holdTone(1)).toBe('ending');
    expect(holdTone(0)).toBe('expired');
    expect(canExtend(1_000_000, 1_000_000 + 10 * 60_000)).toBe(true);
    expect(canExtend(1_000_000, 1_000_000)).toBe(false);
    expect(canExtend(1_000_000, 1_000_500)).toBe(false);
  });
});

describe('why the hub turned a booking down, in words', async () => {
  const instance = i18next.createInstance();
  await instance.init({
    resources: { ja: { translation: ja } },
    lng: 'ja',
    interpolation: { escapeValue: false },
  });
  const t = instance.t;

  const refusal = (code: string, ...reasons: IneligibilityReason[]): HubRejection => ({ code, reasons });

  it('translates the hub’s codes, eligibility reasons included, and never shows a raw code', () => {
    expect(hubRefusalText(t, refusal('SLOT_FULL'))).toBe(ja.hubRefusal.reason.SLOT_FULL);
    expect(hubRefusalText(t, refusal('ALREADY_BOOKED'))).toBe(ja.hubRefusal.reason.ALREADY_BOOKED);
    expect(hubRefusalText(t, refusal('NOT_ELIGIBLE', 'INTERVAL_TOO_SHORT', 'TOO_YOUNG'))).toBe(
      '接種の条件を満たしていません（前回から間隔が足りない、対象年齢前）',
    );
    expect(hubRefusalText(t, refusal('NOT_ELIGIBLE'))).toBe(ja.hubRefusal.reason.NOT_ELIGIBLE);
    expect(hubRefusalText(t, refusal('SOMETHING_NEW'))).toBe(ja.hubRefusal.reason.other);
    expect(hubRefusalText(t, null)).toBe(ja.hubRefusal.reason.other);
  });

  it('says a refusal of the desk’s hub login is about the account, and offers another slot only for a full one', () => {
    expect(hubRefusalText(t, refusal('FORBIDDEN'))).toBe(
      'このアカウントの権限では予約できません（ハブが拒否）',
    );
    expect(hubRefusalAdvice(t, refusal('FORBIDDEN'))).toContain('同期の設定のログイン');
    expect(hubRefusalAdvice(t, refusal('SLOT_FULL'))).toBe('別の枠をご案内してください。');
    for (const code of [
      refusal('FORBIDDEN'),
      refusal('ALREADY_BOOKED'),
      refusal('NOT_ELIGIBLE', 'TOO_YOUNG'),
      refusal('NOT_FOUND'),
      refusal('VALIDATION'),
      refusal('X'),
      null,
    ]) {
      expect(hubRefusalAdvice(t, code)).not.toContain('別の枠');
    }
  });

  it('says that a booking reached the hub after its slot had begun, in both languages', async () => {
    expect(hubRefusalText(t, refusal('SLOT_STARTED'))).toBe(
      'ハブに届いたときには枠の開始時刻を過ぎていました',
    );
    expect(hubRefusalAdvice(t, refusal('SLOT_STARTED'))).toBe('別の枠をご案内してください。');
    const english = i18next.createInstance();
    await english.init({
      resources: { en: { translation: en } },
      lng: 'en',
      interpolation: { escapeValue: false },
    });
    expect(hubRefusalText(english.t, refusal('SLOT_STARTED'))).toBe(
      'The slot had already begun when the booking reached the hub',
    );
    expect(hubRefusalAdvice(english.t, refusal('SLOT_STARTED'))).toBe('Offer the caller another slot.');
  });

  it('names a ticket of another municipality, in both languages', async () => {
    expect(hubRefusalText(t, refusal('NOT_ELIGIBLE', 'OTHER_MUNICIPALITY'))).toBe(
      '接種の条件を満たしていません（ほかの市区町村の接種券）',
    );
    const english = i18next.createInstance();
    await english.init({
      resources: { en: { translation: en } },
      lng: 'en',
      interpolation: { escapeValue: false },
    });
    expect(hubRefusalText(english.t, refusal('NOT_ELIGIBLE', 'OTHER_MUNICIPALITY'))).toBe(
      'Not eligible (a ticket of another municipality)',
    );
  });
});
