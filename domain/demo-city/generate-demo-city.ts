/**
 * A believable demo municipality for running the desktop without a hub: venues, products, four weeks
 * of slots from `today` (plus a week of history), residents' coupons and a realistic share of
 * bookings. Pure and deterministic: the same seed and `today` give the same city, row for row.
 */
import { addDays } from '../calendar.ts';
import type {
  BookingRecord,
  CouponDoseRecord,
  CouponRecord,
  SlotRecord,
  StaffRecord,
  VaccineProductRecord,
  VenueRecord,
} from '../vocabulary/index.ts';
import { generateBookings } from './bookings.ts';
import { demoMunicipality } from './municipality.ts';
import { demoProducts } from './products.ts';
import { SeededRandom } from './random.ts';
import { generateResidents } from './residents.ts';
import { generateSlots, workingDays } from './slots.ts';
import { generateStaff } from './staff.ts';
import { generateVenues } from './venues.ts';

export interface DemoCityOptions {
  seed?: number;
  /** First day of the four bookable weeks ('YYYY-MM-DD'). */
  today: string;
  couponCount?: number;
  /** Days of history before `today` (bookings there are vaccinated or no-shows). */
  historyDays?: number;
}

export interface DemoCity {
  seed: number;
  today: string;
  municipality: { code: string; name: string; prefecture: string };
  products: VaccineProductRecord[];
  venues: VenueRecord[];
  staff: StaffRecord[];
  slots: SlotRecord[];
  coupons: CouponRecord[];
  couponDoses: CouponDoseRecord[];
  bookings: BookingRecord[];
}

export const demoBookableDays = 28;
export const defaultCouponCount = 50_000;
export const defaultHistoryDays = 7;

export function generateDemoCity(options: DemoCityOptions): DemoCity {
  const seed = options.seed ?? 1;
  const { today } = options;
  const couponCount = options.couponCount ?? defaultCouponCount;
  const historyDays = options.historyDays ?? defaultHistoryDays;
  const updatedAt = `${addDays(today, -historyDays - 30)}T00:00:00.000Z`;

  const venuePlans = generateVenues(SeededRandom.derive(seed, 'venues'), updatedAt);
  const staff = generateStaff(SeededRandom.derive(seed, 'staff'), venuePlans);
  const days = workingDays(today, -historyDays, demoBookableDays - 1);
  const slots = generateSlots(SeededRandom.derive(seed, 'slots'), venuePlans, days, updatedAt);
  const residents = generateResidents(SeededRandom.derive(seed, 'residents'), {
    count: couponCount,
    today,
    updatedAt,
  });
  const bookings = generateBookings(SeededRandom.derive(seed, 'bookings'), {
    today,
    days,
    venues: venuePlans,
    slots,
    coupons: residents.coupons,
    vaccinatedCouponIds: new Set(residents.couponDoses.map((dose) => dose.couponId)),
    secondDoseDue: residents.secondDoseDue,
    staff,
  });

  return {
    seed,
    today,
    municipality: {
      code: demoMunicipality.code,
      name: demoMunicipality.name,
      prefecture: demoMunicipality.prefecture,
    },
    products: Object.values(demoProducts).map((product) => ({ ...product })),
    venues: venuePlans.map((plan) => plan.record),
    staff,
    slots,
    coupons: residents.coupons,
    couponDoses: residents.couponDoses,
    bookings,
  };
}
