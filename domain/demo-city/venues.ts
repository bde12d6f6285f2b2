/**
 * The demo city's vaccination venues: family clinics (small, afternoons), community centers (a few
 * days a week) and two mass vaccination sites (large, six days a week), each with its weekly hours.
 */
import type { VenueKind } from '../api/contract.ts';
import type { VenueRecord } from '../vocabulary/index.ts';
import { cityAddress, demoMunicipality } from './municipality.ts';
import type { DemoProductKey } from './products.ts';
import type { SeededRandom } from './random.ts';

export interface Session {
  from: string;
  to: string;
}

export interface VenuePlan {
  record: VenueRecord;
  product: DemoProductKey;
  /** Opening sessions by day of week (0 = Sunday, never open). */
  hours: ReadonlyMap<number, readonly Session[]>;
  seatsPerSlot: number;
  /** Seats per slot only the call center can fill (about a quarter). */
  reserveSeats: number;
}

interface VenueSpec {
  name: string;
  nameKana: string;
  kind: VenueKind;
  area: string;
  town: string;
  lot: readonly [number, number, number];
  product: DemoProductKey;
  hours: ReadonlyArray<readonly [days: readonly number[], sessions: readonly Session[]]>;
  seatsPerSlot: number;
  reserveSeats: number;
}

const session = (from: string, to: string): Session => ({ from, to });
const MON = 1;
const TUE = 2;
const WED = 3;
const THU = 4;
const FRI = 5;
const SAT = 6;

const specs: readonly VenueSpec[] = [
  {
    name: '青葉台中央クリニック',
    nameKana: 'アオバダイチュウオウクリニック',
    kind: 'clinic',
    area: '中央地区',
    town: '本町',
    lot: [1, 4, 8],
    product: 'pfizer',
    hours: [
      [[MON, TUE, WED, FRI], [session('14:00', '17:00')]],
      [[SAT], [session('09:00', '12:00')]],
    ],
    seatsPerSlot: 4,
    reserveSeats: 1,
  },
  {
    name: 'さくら台内科医院',
    nameKana: 'サクラダイナイカイイン',
    kind: 'clinic',
    area: '西地区',
    town: '桜台',
    lot: [2, 11, 3],
    product: 'pfizer',
    hours: [
      [[MON, TUE, FRI], [session('14:30', '17:00')]],
      [[SAT], [session('09:30', '12:00')]],
    ],
    seatsPerSlot: 4,
    reserveSeats: 1,
  },
  {
    name: '若葉ファミリークリニック',
    nameKana: 'ワカバファミリークリニック',
    kind: 'clinic',
    area: '南地区',
    town: '若葉',
    lot: [3, 2, 17],
    product: 'pfizer',
    hours: [[[TUE, THU, FRI], [session('13:30', '16:30')]]],
    seatsPerSlot: 5,
    reserveSeats: 1,
  },
  {
    name: '青葉台市北公民館',
    nameKana: 'アオバダイシキタコウミンカン',
    kind: 'community_center',
    area: '北地区',
    town: '北原',
    lot: [1, 20, 1],
    product: 'pfizer',
    hours: [
      [
        [TUE, THU, SAT],
        [session('09:30', '12:00'), session('13:30', '16:00')],
      ],
    ],
    seatsPerSlot: 12,
    reserveSeats: 3,
  },
  {
    name: '南地区コミュニティセンター',
    nameKana: 'ミナミチクコミュニティセンター',
    kind: 'community_center',
    area: '南地区',
    town: '南町',
    lot: [4, 6, 2],
    product: 'pfizer',
    hours: [
      [
        [MON, WED, SAT],
        [session('09:30', '12:00'), session('13:30', '16:00')],
      ],
    ],
    seatsPerSlot: 12,
    reserveSeats: 3,
  },
  {
    name: '東部地域交流センター',
    nameKana: 'トウブチイキコウリュウセンター',
    kind: 'community_center',
    area: '東地区',
    town: '旭町',
    lot: [2, 8, 10],
    product: 'moderna',
    hours: [[[WED, FRI], [session('13:00', '16:30')]]],
    seatsPerSlot: 15,
    reserveSeats: 4,
  },
  {
    name: '青葉台市総合体育館 集団接種会場',
    nameKana: 'アオバダイシソウゴウタイイクカン シュウダンセッシュカイジョウ',
    kind: 'mass_site',
    area: '中央地区',
    town: '栄町',
    lot: [3, 1, 1],
    product: 'moderna',
    hours: [
      [
        [MON, TUE, WED, THU, FRI, SAT],
        [session('09:00', '12:00'), session('13:00', '17:00')],
      ],
    ],
    seatsPerSlot: 48,
    reserveSeats: 12,
  },
  {
    name: '青葉台駅前ホール 集団接種会場',
    nameKana: 'アオバダイエキマエホール シュウダンセッシュカイジョウ',
    kind: 'mass_site',
    area: '西地区',
    town: '青葉台',
    lot: [1, 1, 5],
    product: 'pfizer',
    hours: [
      [
        [TUE, WED, THU, FRI, SAT],
        [session('10:00', '12:30'), session('13:30', '18:00')],
      ],
    ],
    seatsPerSlot: 36,
    reserveSeats: 9,
  },
];

export function generateVenues(random: SeededRandom, updatedAt: string): VenuePlan[] {
  return specs.map((spec) => {
    const hours = new Map<number, readonly Session[]>();
    for (const [days, sessions] of spec.hours) for (const day of days) hours.set(day, sessions);
    const [chome, ban, go] = spec.lot;
    return {
      record: {
        id: random.uuid(),
        municipalityCode: demoMunicipality.code,
        name: spec.name,
        nameKana: spec.nameKana,
        kind: spec.kind,
        area: spec.area,
        address: cityAddress(spec.town, chome, ban, go),
        phone: `${demoMunicipality.phoneAreaCode}-${random.int(200, 299)}-${random.digits(4)}`,
        active: true,
        updatedAt,
      },
      product: spec.product,
      hours,
      seatsPerSlot: spec.seatsPerSlot,
      reserveSeats: spec.reserveSeats,
    };
  });
}
