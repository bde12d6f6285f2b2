/**
 * The rows of bench/hub-booking.bench.ts: one municipality, one venue with `slotCount` open slots
 * from ten days after today (Japan), residents numbered 1… (ticket 0000000001, born 1947-04-01, each
 * books once), and the coupons the bare transaction books (`bare-coupon-K`, ten doses each).
 */
import { addDays, todayIn } from '../../domain/calendar.ts';
import { readingKey } from '../../domain/kana.ts';
import {
  type CouponInput,
  upsertCoupons,
  upsertMunicipalities,
  upsertProducts,
  upsertSlots,
  upsertVenues,
} from '../../server/catalog/catalog-writes.ts';
import type { HubSql } from '../../server/store/hub-sql.ts';
import { runHubTransaction } from '../../server/store/hub-transaction.ts';

export const benchMunicipality = '131016';
export const slotCount = 50;
/** Every bench resident's date of birth. */
export const birthDate = '1947-04-01';

/** The k-th slot of the bench venue. */
export const slotIdAt = (k: number): string => `bench-slot-${k}`;
export const slotIdOf = (i: number): string => slotIdAt(i % slotCount);
export const benchVenueId = 'bench-venue';
export const couponIdOf = (resident: number): string => `bench-coupon-${resident}`;
export const ticketOf = (resident: number): string => String(resident).padStart(10, '0');

/** The online booking of resident `i + 1` in slot i mod slotCount. */
export function bookingBody(i: number): { ticketNumber: string; birthDate: string; slotId: string } {
  return { ticketNumber: ticketOf(i + 1), birthDate, slotId: slotIdOf(i) };
}

function coupon(id: string, ticketNumber: string): CouponInput {
  return {
    id,
    municipalityCode: benchMunicipality,
    ticketNumber,
    name: 'ベンチ 太郎',
    nameKana: 'ベンチ タロウ',
    nameKanaKey: readingKey('ベンチ タロウ'),
    birthDate,
    sex: 'M',
    address: '',
    phone: '',
    phoneKey: '',
  };
}

const inChunks = <T>(rows: T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(rows.length / size) }, (_, i) => rows.slice(i * size, (i + 1) * size));

/** The vaccine of every hub bench: two doses, 18 to 42 days apart. */
export const benchProduct = {
  id: 'bench-product',
  name: 'ベンチワクチン',
  manufacturer: 'Bench',
  dosesInSeries: 2,
  intervalMinDays: 18,
  intervalMaxDays: 42,
  minAgeYears: 12,
  active: true,
};

/** The slots of the bench venue: how many, and the seats of each (room for everyone unless told). */
export interface BenchSlots {
  count: number;
  capacity: number;
  callCenterReserve: number;
}

/** The first slot's day: ten days after today in Japan (so no reserve is released yet). */
const firstSlotDate = (now: Date) => addDays(todayIn('Asia/Tokyo', now), 10);

/**
 * Writes the catalogue, `residents` coupons (resident i: couponIdOf(i), ticketOf(i)) and `bareCoupons`
 * for the bare transaction.
 */
export async function seedBenchData(
  sql: HubSql,
  options: { residents: number; bareCoupons: number; now: Date; slots?: BenchSlots },
): Promise<void> {
  const { now } = options;
  const slots = options.slots ?? { count: slotCount, capacity: 100_000, callCenterReserve: 0 };
  const first = firstSlotDate(now);
  const venueId = benchVenueId;
  await runHubTransaction(sql, now, async (tx) => {
    await upsertMunicipalities(tx, [{ code: benchMunicipality, name: 'ベンチ区' }]);
    await upsertProducts(tx, [benchProduct]);
    await upsertVenues(tx, [
      {
        id: venueId,
        municipalityCode: benchMunicipality,
        name: 'ベンチ会場',
        nameKana: 'ベンチカイジョウ',
        kind: 'mass_site',
        area: '',
        address: '東京都千代田区1-1',
        phone: '',
        active: true,
        updatedAt: now.toISOString(),
      },
    ]);
    await upsertSlots(
      tx,
      Array.from({ length: slots.count }, (_, i) => {
        const hour = String(9 + Math.floor(i / 15)).padStart(2, '0');
        return {
          id: slotIdAt(i),
          venueId,
          productId: 'bench-product',
          date: addDays(first, i % 15),
          startTime: `${hour}:00`,
          endTime: `${hour}:30`,
          capacity: slots.capacity,
          callCenterReserve: slots.callCenterReserve,
          status: 'open' as const,
        };
      }),
    );
  });
  const coupons = [
    ...Array.from({ length: options.residents }, (_, i) => coupon(couponIdOf(i + 1), ticketOf(i + 1))),
    ...Array.from({ length: options.bareCoupons }, (_, k) =>
      coupon(`bare-coupon-${k}`, String(9_000_000_000 + k)),
    ),
  ];
  for (const chunk of inChunks(coupons, 2000)) {
    await runHubTransaction(sql, now, (tx) => upsertCoupons(tx, chunk));
  }
}
