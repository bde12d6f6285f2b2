import { createHash } from 'node:crypto';
import holidayJp from '@holiday-jp/holiday_jp';
import { describe, expect, it } from 'vitest';
import { isValidBookingNumber } from '../../domain/booking-number.ts';
import { type DemoCity, generateDemoCity } from '../../domain/demo-city/generate-demo-city.ts';
import { isValidMunicipalityCode } from '../../domain/municipality-code.ts';
import { isPlausibleJapanesePhone } from '../../domain/phone.ts';

// Checks here use their own date arithmetic and the holiday package's table directly, not the
// generator's helpers, so that a bug shared by both cannot hide.
const msPerDay = 86_400_000;
const epochDay = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / msPerDay;
const isoPlus = (iso: string, days: number) =>
  new Date((epochDay(iso) + days) * msPerDay).toISOString().slice(0, 10);
const weekday = (iso: string) => new Date(`${iso}T00:00:00Z`).getUTCDay();
const holidays = holidayJp.holidays as Record<string, unknown>;
const ageOnDate = (birth: string, on: string) =>
  Number(on.slice(0, 4)) - Number(birth.slice(0, 4)) - (on.slice(5) < birth.slice(5) ? 1 : 0);

const occupying = new Set(['held', 'provisional', 'confirmed', 'checked_in', 'vaccinated', 'no_show']);
const active = new Set(['held', 'provisional', 'confirmed', 'checked_in', 'vaccinated']);

const hashOf = (city: DemoCity) => createHash('sha256').update(JSON.stringify(city)).digest('hex');

// A Monday before Golden Week: the four weeks contain 4/29, 5/3, 5/4 and 5/5.
const today = '2021-04-19';
const city = generateDemoCity({ today });

function invariantViolations(c: DemoCity): string[] {
  const problems: string[] = [];
  const slotById = new Map(c.slots.map((s) => [s.id, s]));
  const couponById = new Map(c.coupons.map((x) => [x.id, x]));
  const productById = new Map(c.products.map((p) => [p.id, p]));
  const perSlot = new Map<string, { all: number; online: number }>();
  for (const b of c.bookings) {
    const slot = slotById.get(b.slotId);
    if (!slot) {
      problems.push(`booking on unknown slot ${b.id}`);
      continue;
    }
    if (!couponById.has(b.couponId)) problems.push(`booking of unknown coupon ${b.id}`);
    if (!occupying.has(b.status)) continue;
    if (slot.status !== 'open') problems.push(`seat taken on closed slot ${slot.id}`);
    const use = perSlot.get(slot.id) ?? { all: 0, online: 0 };
    use.all += 1;
    if (b.channel === 'online') use.online += 1;
    perSlot.set(slot.id, use);
  }
  for (const [slotId, use] of perSlot) {
    const slot = slotById.get(slotId)!;
    if (use.all > slot.capacity) problems.push(`slot ${slotId} over capacity`);
    if (use.online > slot.capacity - slot.callCenterReserve)
      problems.push(`slot ${slotId} online in reserve`);
  }
  const activePerDose = new Map<string, number>();
  for (const b of c.bookings) {
    if (!active.has(b.status)) continue;
    const key = `${b.couponId}/${b.doseNumber}`;
    activePerDose.set(key, (activePerDose.get(key) ?? 0) + 1);
  }
  for (const [key, n] of activePerDose) if (n > 1) problems.push(`${n} active bookings for ${key}`);
  for (const s of c.slots) {
    if (s.callCenterReserve > s.capacity || s.callCenterReserve < 0) problems.push(`reserve of ${s.id}`);
    if (weekday(s.date) === 0) problems.push(`Sunday slot ${s.date}`);
    if (Object.hasOwn(holidays, s.date)) problems.push(`holiday slot ${s.date}`);
  }
  for (const b of c.bookings) {
    const slot = slotById.get(b.slotId)!;
    const product = productById.get(slot.productId)!;
    const coupon = couponById.get(b.couponId)!;
    if (ageOnDate(coupon.birthDate, slot.date) < product.minAgeYears) problems.push(`too young ${b.id}`);
    if (coupon.status !== 'active') problems.push(`booking of a ${coupon.status} coupon ${b.id}`);
  }
  return problems;
}

describe('generateDemoCity', () => {
  it('is deterministic: same seed and day give the same city, another seed or day another one', () => {
    const small = { today, couponCount: 3_000 };
    const first = hashOf(generateDemoCity(small));
    expect(hashOf(generateDemoCity(small))).toBe(first);
    expect(hashOf(generateDemoCity({ ...small, seed: 2 }))).not.toBe(first);
    expect(hashOf(generateDemoCity({ ...small, today: '2021-04-20' }))).not.toBe(first);
  });

  it('is a fictional city with a valid municipality code in a real prefecture', () => {
    const { code } = city.municipality;
    expect(code).toBe('112992'); // 11 埼玉県, city 299: r = (6+5+8+27+18) mod 11 = 9, check (11-9) mod 10 = 2
    expect(isValidMunicipalityCode(code)).toBe(true);
    expect(city.municipality.prefecture).toBe('埼玉県');
    for (const venue of city.venues) expect(venue.municipalityCode).toBe(code);
    for (const coupon of city.coupons.slice(0, 500)) {
      expect(coupon.municipalityCode).toBe(code);
      expect(coupon.address.startsWith(`埼玉県${city.municipality.name}`)).toBe(true);
    }
  });

  it('has about eight venues of all three kinds and two products with 21- and 28-day intervals', () => {
    expect(city.venues.length).toBeGreaterThanOrEqual(7);
    expect(city.venues.length).toBeLessThanOrEqual(10);
    expect(new Set(city.venues.map((v) => v.kind))).toEqual(
      new Set(['clinic', 'community_center', 'mass_site']),
    );
    for (const v of city.venues) {
      expect(v.nameKana).toMatch(/^[\u30A1-\u30FA\u30FC ]+$/);
      expect(isPlausibleJapanesePhone(v.phone)).toBe(true);
    }
    const intervals = city.products.map((p) => [p.intervalMinDays, p.intervalMaxDays, p.dosesInSeries]);
    expect(intervals).toEqual(
      expect.arrayContaining([
        [21, 42, 2],
        [28, 56, 2],
      ]),
    );
  });

  it('has slots on every working day of the four weeks from today and none on Sundays or holidays', () => {
    const dates = new Set(city.slots.map((s) => s.date));
    for (let offset = 0; offset < 28; offset++) {
      const date = isoPlus(today, offset);
      const working = weekday(date) !== 0 && !Object.hasOwn(holidays, date);
      expect(dates.has(date), date).toBe(working);
    }
    expect([...dates].every((d) => d <= isoPlus(today, 27))).toBe(true);
    expect(dates.has('2021-04-29')).toBe(false); // 昭和の日
    expect(dates.has('2021-05-04')).toBe(false); // みどりの日
  });

  it('makes 30-minute slots with kind-appropriate sizes, a call-center reserve of 20–30 % and some closed', () => {
    const kindOf = new Map(city.venues.map((v) => [v.id, v.kind]));
    for (const s of city.slots) {
      const [h1, m1] = s.startTime.split(':').map(Number) as [number, number];
      const [h2, m2] = s.endTime.split(':').map(Number) as [number, number];
      expect(h2 * 60 + m2 - (h1 * 60 + m1)).toBe(30);
      expect(s.callCenterReserve / s.capacity).toBeGreaterThanOrEqual(0.2);
      expect(s.callCenterReserve / s.capacity).toBeLessThanOrEqual(0.3);
    }
    const maxBy = (kind: string) =>
      Math.max(...city.slots.filter((s) => kindOf.get(s.venueId) === kind).map((s) => s.capacity));
    const minBy = (kind: string) =>
      Math.min(...city.slots.filter((s) => kindOf.get(s.venueId) === kind).map((s) => s.capacity));
    expect(maxBy('clinic')).toBeLessThan(minBy('community_center'));
    expect(maxBy('community_center')).toBeLessThan(minBy('mass_site'));
    const closed = city.slots.filter((s) => s.status === 'closed').length;
    expect(closed).toBeGreaterThan(0);
    expect(closed / city.slots.length).toBeLessThan(0.05);
  });

  it('keeps every invariant: capacity, reserve, one active booking per dose, no closed or holiday slots', () => {
    expect(invariantViolations(city)).toEqual([]);
    // Other days and seeds too (New Year closure, leap day).
    for (const options of [
      { today: '2021-12-20', seed: 7, couponCount: 8_000 },
      { today: '2024-02-29', seed: 3, couponCount: 8_000 },
    ]) {
      const other = generateDemoCity(options);
      expect(invariantViolations(other)).toEqual([]);
      expect(other.slots.some((s) => s.date >= '2021-12-29' && s.date <= '2022-01-03')).toBe(false);
    }
  });

  it('gives 50,000 coupons with unique 10-digit ticket numbers, some with leading zeros', () => {
    expect(city.coupons).toHaveLength(50_000);
    const tickets = city.coupons.map((c) => c.ticketNumber);
    expect(new Set(tickets).size).toBe(tickets.length);
    for (const t of tickets) expect(t).toMatch(/^[0-9]{10}$/);
    expect(tickets.filter((t) => t.startsWith('0')).length).toBeGreaterThan(1_000);
    expect(new Set(city.coupons.map((c) => c.id)).size).toBe(city.coupons.length);
    const statuses = new Set(city.coupons.map((c) => c.status));
    expect(statuses).toEqual(new Set(['active', 'void', 'moved_out']));
    expect(city.coupons.filter((c) => c.status !== 'active').length).toBeLessThan(1_000);
  });

  it('gives kanji names with katakana readings of the same shape and a search key without spaces', () => {
    for (const c of city.coupons) {
      expect(c.name).toMatch(
        /^[\u4E00-\u9FFF\u3005\u30A1-\u30FA]+\u3000[\u4E00-\u9FFF\u3005\u30A1-\u30FA]+$/,
      );
      expect(c.nameKana).toMatch(/^[\u30A1-\u30FA\u30FC]+\u3000[\u30A1-\u30FA\u30FC]+$/);
      expect(c.nameKanaKey).toBe(c.nameKana.replace('\u3000', ''));
    }
  });

  it('gives each given name one sex only', () => {
    const sexByGiven = new Map<string, Set<string>>();
    for (const c of city.coupons) {
      const given = c.name.split('\u3000')[1]!;
      const set = sexByGiven.get(given) ?? new Set();
      set.add(c.sex);
      sexByGiven.set(given, set);
    }
    for (const [given, sexes] of sexByGiven) expect(sexes.size, given).toBe(1);
    expect(new Set(city.coupons.map((c) => c.sex))).toEqual(new Set(['M', 'F']));
  });

  it('gives mostly elderly birth dates and mostly landline phones with search keys', () => {
    const ages = city.coupons.map((c) => ageOnDate(c.birthDate, today));
    const elderly = ages.filter((a) => a >= 65).length / ages.length;
    expect(elderly).toBeGreaterThan(0.7);
    expect(elderly).toBeLessThan(0.95);
    expect(Math.min(...ages)).toBeGreaterThanOrEqual(12);
    expect(Math.max(...ages)).toBeLessThanOrEqual(105);
    const withPhone = city.coupons.filter((c) => c.phone !== '');
    expect(withPhone.length / city.coupons.length).toBeGreaterThan(0.9);
    const mobile = withPhone.filter((c) => /^0[789]0-\d{4}-\d{4}$/.test(c.phone)).length;
    const landline = withPhone.filter((c) => /^0\d{2}-\d{3}-\d{4}$/.test(c.phone)).length;
    expect(mobile + landline).toBe(withPhone.length);
    expect(landline).toBeGreaterThan(mobile);
    expect(mobile).toBeGreaterThan(0);
    for (const c of withPhone) expect(c.phoneKey).toBe(c.phone.replaceAll('-', ''));
  });

  it('books a realistic share: about 70 % online, fuller in the first days, never above capacity', () => {
    const slotById = new Map(city.slots.map((s) => [s.id, s]));
    const seats = city.bookings.filter((b) => occupying.has(b.status));
    const byChannel = (ch: string) => seats.filter((b) => b.channel === ch).length;
    const onlineShare = byChannel('online') / (byChannel('online') + byChannel('phone'));
    expect(onlineShare).toBeGreaterThan(0.6);
    expect(onlineShare).toBeLessThan(0.8);

    const fillOfWeek = (week: number) => {
      const from = isoPlus(today, week * 7);
      const to = isoPlus(today, week * 7 + 6);
      const open = city.slots.filter((s) => s.status === 'open' && s.date >= from && s.date <= to);
      const capacity = open.reduce((sum, s) => sum + s.capacity, 0);
      const taken = seats.filter((b) => {
        const d = slotById.get(b.slotId)!.date;
        return d >= from && d <= to;
      }).length;
      return taken / capacity;
    };
    expect(fillOfWeek(0)).toBeGreaterThan(0.8);
    expect(fillOfWeek(0)).toBeGreaterThan(fillOfWeek(2));
    expect(fillOfWeek(2)).toBeGreaterThan(0.2);
  });

  it('uses unique, valid booking numbers and ids', () => {
    const numbers = city.bookings.map((b) => b.bookingNumber);
    expect(new Set(numbers).size).toBe(numbers.length);
    for (const n of numbers) expect(isValidBookingNumber(n)).toBe(true);
    expect(new Set(city.bookings.map((b) => b.id)).size).toBe(city.bookings.length);
  });

  it('marks past bookings vaccinated or no-show (or cancelled), today and later confirmed (or cancelled)', () => {
    const slotById = new Map(city.slots.map((s) => [s.id, s]));
    const past = new Set<string>();
    const coming = new Set<string>();
    for (const b of city.bookings) {
      const date = slotById.get(b.slotId)!.date;
      (date < today ? past : coming).add(b.status);
      expect(b.createdAt.slice(0, 10) <= date).toBe(true);
      expect(b.createdAt.slice(0, 10) <= today).toBe(true);
      if (b.channel === 'walk_in') expect(date < today).toBe(true);
      if (b.channel === 'online') expect(b.createdBy).toBeNull();
      if (b.channel === 'phone') expect(b.createdBy).not.toBeNull();
    }
    expect(past).toEqual(new Set(['vaccinated', 'no_show', 'cancelled']));
    expect(coming).toEqual(new Set(['confirmed', 'cancelled']));
  });

  it('books second doses within the product window after a given or booked first dose of that product', () => {
    const slotById = new Map(city.slots.map((s) => [s.id, s]));
    const productById = new Map(city.products.map((p) => [p.id, p]));
    const firstDose = new Map<string, { date: string; productId: string | null }>();
    for (const d of city.couponDoses) if (d.doseNumber === 1) firstDose.set(d.couponId, d);
    for (const b of city.bookings) {
      if (b.doseNumber !== 1 || !active.has(b.status)) continue;
      const slot = slotById.get(b.slotId)!;
      firstDose.set(b.couponId, { date: slot.date, productId: slot.productId });
    }
    const secondDoses = city.bookings.filter((b) => b.doseNumber === 2);
    expect(secondDoses.length).toBeGreaterThan(1_000);
    for (const b of secondDoses) {
      const slot = slotById.get(b.slotId)!;
      const first = firstDose.get(b.couponId);
      expect(first, b.id).toBeDefined();
      expect(first!.productId).toBe(slot.productId);
      const product = productById.get(slot.productId)!;
      const gap = epochDay(slot.date) - epochDay(first!.date);
      expect(gap).toBeGreaterThanOrEqual(product.intervalMinDays);
      expect(gap).toBeLessThanOrEqual(product.intervalMaxDays);
    }
    for (const d of city.couponDoses.filter((x) => x.doseNumber === 2)) {
      const first = firstDose.get(d.couponId)!;
      const product = productById.get(d.productId!)!;
      expect(epochDay(d.date) - epochDay(first.date)).toBeGreaterThanOrEqual(product.intervalMinDays);
      expect(d.date < today).toBe(true);
    }
  });

  it('has staff of every role', () => {
    expect(new Set(city.staff.map((s) => s.role))).toEqual(
      new Set(['operator', 'venue_staff', 'manager', 'admin']),
    );
    expect(new Set(city.staff.map((s) => s.login)).size).toBe(city.staff.length);
  });
});
