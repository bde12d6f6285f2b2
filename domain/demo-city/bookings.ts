/**
 * The demo's existing bookings. Days are filled in date order; on each day a venue's slots first take
 * the second doses that fall due there (booked together with the first dose, same venue, preferably
 * the same time), then new first doses up to a fill rate that is high in the first days and falls
 * over the four weeks. About 70 % online, the rest by phone (which alone may use the call-center
 * reserve); walk-ins only on past days. Never more seat-occupying bookings than a slot's capacity.
 */
import type { BookingChannel } from '../api/contract.ts';
import { makeBookingNumber } from '../booking-number.ts';
import { type BookingStatus, isSeatOccupying } from '../booking-status.ts';
import { addDays } from '../calendar.ts';
import type { BookingRecord, CouponRecord, SlotRecord, StaffRecord } from '../vocabulary/index.ts';
import { type DemoProductKey, demoProducts } from './products.ts';
import type { SeededRandom } from './random.ts';
import type { WorkingDay } from './slots.ts';
import type { VenuePlan } from './venues.ts';

export interface BookingInputs {
  today: string;
  days: readonly WorkingDay[];
  venues: readonly VenuePlan[];
  slots: readonly SlotRecord[];
  coupons: readonly CouponRecord[];
  /** Coupon ids with any dose already received: they never take a new first dose. */
  vaccinatedCouponIds: ReadonlySet<string>;
  secondDoseDue: ReadonlyArray<{ coupon: CouponRecord; product: DemoProductKey; firstDoseDate: string }>;
  staff: readonly StaffRecord[];
}

interface SlotState {
  slot: SlotRecord;
  occupied: number;
  online: number;
}

interface SecondDoseNeed {
  coupon: CouponRecord;
  earliest: string;
  latest: string;
  preferredStart: string;
  channel: BookingChannel;
  createdAt: string;
}

const onlineShare = 0.7;
const youngerShare = 0.06;
const phoneNotes = [
  '車椅子を利用',
  '家族が付き添い',
  '耳が遠いのでゆっくり説明',
  '前回接種後に発熱あり',
  '杖を使用',
];

export function generateBookings(random: SeededRandom, inputs: BookingInputs): BookingRecord[] {
  const { today, days, venues, staff } = inputs;
  const firstDay = days[0]?.date ?? today;
  const yesterday = addDays(today, -1);
  const venueById = new Map(venues.map((v) => [v.record.id, v]));
  const operators = staff.filter((s) => s.role === 'operator');
  const receptionByVenue = new Map(staff.filter((s) => s.venueId).map((s) => [s.venueId, s.id]));
  const bookingNumbers = new Set<string>();
  const bookings: BookingRecord[] = [];
  const nextRandom = () => random.next();

  // Open slots by date, then by venue, in time order.
  const openSlots = new Map<string, Map<string, SlotState[]>>();
  for (const slot of inputs.slots) {
    if (slot.status !== 'open') continue;
    let byVenue = openSlots.get(slot.date);
    if (!byVenue) {
      byVenue = new Map();
      openSlots.set(slot.date, byVenue);
    }
    const states = byVenue.get(slot.venueId);
    const state = { slot, occupied: 0, online: 0 };
    if (states) states.push(state);
    else byVenue.set(slot.venueId, [state]);
  }

  // Residents who have not started: mostly elderly (they were invited first), a few younger.
  const elderlyCutoff = `${Number(today.slice(0, 4)) - 65}${today.slice(4)}`;
  const elderly: CouponRecord[] = [];
  const younger: CouponRecord[] = [];
  for (const coupon of inputs.coupons) {
    if (coupon.status !== 'active' || inputs.vaccinatedCouponIds.has(coupon.id)) continue;
    (coupon.birthDate <= elderlyCutoff ? elderly : younger).push(coupon);
  }
  random.shuffle(elderly);
  random.shuffle(younger);
  const nextFirstDoseCoupon = (): CouponRecord | undefined =>
    (random.chance(youngerShare) && younger.pop()) || elderly.pop() || younger.pop();

  const pendingByVenue = new Map<string, SecondDoseNeed[]>();
  const addPending = (venueId: string, need: SecondDoseNeed) => {
    if (need.latest < firstDay) return;
    const list = pendingByVenue.get(venueId);
    if (list) list.push(need);
    else pendingByVenue.set(venueId, [need]);
  };

  for (const due of inputs.secondDoseDue) {
    const product = demoProducts[due.product];
    const venue = random.pick(venues.filter((v) => v.product === due.product));
    const channel: BookingChannel = random.chance(onlineShare) ? 'online' : 'phone';
    const bookedOn = minDate(addDays(due.firstDoseDate, random.int(1, 14)), yesterday);
    addPending(venue.record.id, {
      coupon: due.coupon,
      earliest: addDays(due.firstDoseDate, product.intervalMinDays),
      latest: addDays(due.firstDoseDate, product.intervalMaxDays),
      preferredStart: random.pick(['09:00', '10:00', '13:30', '14:00', '15:00']),
      channel,
      createdAt: timestampOn(random, bookedOn, channel),
    });
  }

  const book = (
    state: SlotState,
    coupon: CouponRecord,
    doseNumber: number,
    channel: BookingChannel,
    status: BookingStatus,
    createdAt: string,
  ): BookingRecord => {
    let bookingNumber: string;
    do bookingNumber = makeBookingNumber(nextRandom);
    while (bookingNumbers.has(bookingNumber));
    bookingNumbers.add(bookingNumber);
    const { slot } = state;
    const seenAtVenue = status === 'vaccinated' || status === 'no_show';
    const booking: BookingRecord = {
      id: random.uuid(),
      bookingNumber,
      couponId: coupon.id,
      slotId: slot.id,
      doseNumber,
      channel,
      status,
      contactPhone: coupon.phone,
      notes: channel === 'phone' && random.chance(0.04) ? random.pick(phoneNotes) : '',
      createdBy:
        channel === 'phone'
          ? random.pick(operators).id
          : channel === 'walk_in'
            ? (receptionByVenue.get(slot.venueId) ?? null)
            : null,
      createdAt,
      updatedAt: seenAtVenue ? jstToUtcTimestamp(slot.date, slot.endTime) : createdAt,
    };
    bookings.push(booking);
    if (isSeatOccupying(status)) {
      state.occupied += 1;
      if (channel === 'online') state.online += 1;
    }
    return booking;
  };

  for (const day of days) {
    const byVenue = openSlots.get(day.date);
    if (!byVenue) continue;
    const past = day.offset < 0;
    const baseFill = past ? 0.93 : Math.max(0.2, 0.98 - 0.032 * day.offset);

    for (const [venueId, states] of byVenue) {
      const venue = venueById.get(venueId);
      if (!venue) continue;
      const product = demoProducts[venue.product];

      // Second doses due here today.
      // In the order they were booked: who booked first keeps the seat.
      const pending = pendingByVenue.get(venueId) ?? [];
      const stillPending: SecondDoseNeed[] = [];
      for (const need of pending) {
        if (need.latest < day.date) continue; // window missed: left for after the demo's range
        if (need.earliest > day.date) {
          stillPending.push(need);
          continue;
        }
        const state = seatFor(states, need);
        if (!state) {
          stillPending.push(need);
          continue;
        }
        const status: BookingStatus = past ? (random.chance(0.97) ? 'vaccinated' : 'no_show') : 'confirmed';
        book(state, need.coupon, 2, need.channel, status, need.createdAt);
      }
      pendingByVenue.set(venueId, stillPending);

      // New first doses up to the day's fill rate.
      for (const state of states) {
        const fill = Math.min(1, Math.max(0, baseFill + (random.next() * 0.25 - 0.15)));
        const target = Math.min(state.slot.capacity, Math.round(state.slot.capacity * fill));
        while (state.occupied < target) {
          const coupon = nextFirstDoseCoupon();
          if (!coupon) break;
          const channel: BookingChannel =
            past && random.chance(0.03)
              ? 'walk_in'
              : random.chance(onlineShare) && hasRoom(state, 'online')
                ? 'online'
                : 'phone';
          const status = firstDoseStatus(random, past);
          const createdAt =
            channel === 'walk_in'
              ? jstToUtcTimestamp(day.date, state.slot.startTime)
              : timestampOn(random, minDate(addDays(day.date, -random.int(1, 20)), yesterday), channel);
          book(state, coupon, 1, channel, status, createdAt);
          if ((status === 'confirmed' || status === 'vaccinated') && channel !== 'walk_in') {
            addPending(venueId, {
              coupon,
              earliest: addDays(day.date, product.intervalMinDays),
              latest: addDays(day.date, product.intervalMaxDays),
              preferredStart: state.slot.startTime,
              channel,
              createdAt,
            });
          }
        }
      }
    }
  }
  return bookings;
}

/** The first slot at or after the preferred time with room, else the first slot with room. */
function seatFor(states: readonly SlotState[], need: SecondDoseNeed): SlotState | undefined {
  let earlier: SlotState | undefined;
  for (const state of states) {
    if (!hasRoom(state, need.channel)) continue;
    if (state.slot.startTime >= need.preferredStart) return state;
    earlier ??= state;
  }
  return earlier;
}

function hasRoom(state: SlotState, channel: BookingChannel): boolean {
  if (state.occupied >= state.slot.capacity) return false;
  // Online bookings cannot take the seats reserved for the call center.
  return channel !== 'online' || state.online < state.slot.capacity - state.slot.callCenterReserve;
}

function firstDoseStatus(random: SeededRandom, past: boolean): BookingStatus {
  const draw = random.next();
  if (past) return draw < 0.95 ? 'vaccinated' : draw < 0.985 ? 'no_show' : 'cancelled';
  return draw < 0.97 ? 'confirmed' : 'cancelled';
}

const minDate = (a: string, b: string) => (a < b ? a : b);
const pad2 = (n: number) => String(n).padStart(2, '0');

/** A creation time on `date`: online at any hour of the Japanese day, phone in call-center hours. */
function timestampOn(random: SeededRandom, date: string, channel: BookingChannel): string {
  // UTC hours: JST 09:00–23:59 is 00–14 UTC; the call center answers 09:00–17:00 JST (00–07 UTC).
  const hour = random.int(0, channel === 'online' ? 14 : 7);
  return `${date}T${pad2(hour)}:${pad2(random.int(0, 59))}:${pad2(random.int(0, 59))}.000Z`;
}

/** A venue's local time (JST, UTC+9; venues open 09:00–18:00 so the UTC date is the same). */
function jstToUtcTimestamp(date: string, time: string): string {
  return `${date}T${pad2(Number(time.slice(0, 2)) - 9)}:${time.slice(3, 5)}:00.000Z`;
}
