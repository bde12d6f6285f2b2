/**
 * The demo residents' vaccination tickets (coupons): kanji names with matching readings, sex that fits
 * the given name, birth dates mostly 65+, addresses in the city, phones, unique 10-digit ticket
 * numbers; and the doses some of them already received outside this system.
 */
import { addDays } from '../calendar.ts';
import { readingKey } from '../kana.ts';
import { phoneKey } from '../phone.ts';
import type { CouponDoseRecord, CouponRecord, Sex } from '../vocabulary/index.ts';
import { cityAddress, demoAreas, demoMunicipality } from './municipality.ts';
import { familyNameChoice, givenNameChoice } from './names.ts';
import { type DemoProductKey, demoProducts } from './products.ts';
import { type SeededRandom, WeightedChoice } from './random.ts';

export interface Residents {
  coupons: CouponRecord[];
  couponDoses: CouponDoseRecord[];
  /** Coupons whose first dose was received outside the system and whose second is still due. */
  secondDoseDue: Array<{ coupon: CouponRecord; product: DemoProductKey; firstDoseDate: string }>;
}

// Population weights by age: many 65–80, fewer towards 100; younger adults are rarer among the
// first ticket holders (elderly residents were vaccinated first).
const elderlyAge = new WeightedChoice(
  Array.from({ length: 36 }, (_, i) => {
    const age = 65 + i;
    const weight =
      age < 75 ? 1 : age < 85 ? 1 - (age - 74) * 0.06 : Math.max(0.02, 0.35 - (age - 85) * 0.025);
    return [age, weight] as const;
  }),
);
const elderlyShare = 0.82;

const apartmentNames = ['コーポ青葉', 'ハイツさくら', 'メゾン若葉', 'グリーンハイム', 'サンライズ栄'];

export function generateResidents(
  random: SeededRandom,
  options: { count: number; today: string; updatedAt: string },
): Residents {
  const { count, today, updatedAt } = options;
  const todayYear = Number(today.slice(0, 4));
  const anchorMonthDay = today.slice(5) === '02-29' ? '02-28' : today.slice(5);
  const tickets = new Set<string>();
  const coupons: CouponRecord[] = [];
  const couponDoses: CouponDoseRecord[] = [];
  const secondDoseDue: Residents['secondDoseDue'] = [];

  for (let i = 0; i < count; i++) {
    const elderly = random.chance(elderlyShare);
    const age = elderly ? elderlyAge.draw(random) : random.int(16, 64);
    // Born within the year after (today − (age + 1) years): exactly `age` years old today.
    const anchor = `${String(todayYear - age - 1).padStart(4, '0')}-${anchorMonthDay}`;
    const birthDate = addDays(anchor, random.int(1, 364));
    const sex: Sex = random.chance(elderly ? 0.56 : 0.5) ? 'F' : 'M';
    const generation = Number(birthDate.slice(0, 4)) < 1960 ? 'elderly' : 'younger';
    const family = familyNameChoice.draw(random);
    const given = givenNameChoice[sex][generation].draw(random);
    const nameKana = `${family.kana}\u3000${given.kana}`;
    const phone = drawPhone(random, elderly);

    let ticketNumber: string;
    do {
      // Many cities number tickets from a low base, so leading zeros are common.
      ticketNumber = random.chance(0.4) ? `000${random.digits(7)}` : random.digits(10);
    } while (tickets.has(ticketNumber));
    tickets.add(ticketNumber);

    const statusDraw = random.next();
    const coupon: CouponRecord = {
      id: random.uuid(),
      municipalityCode: demoMunicipality.code,
      ticketNumber,
      name: `${family.kanji}\u3000${given.kanji}`,
      nameKana,
      nameKanaKey: readingKey(nameKana),
      birthDate,
      sex,
      address: drawAddress(random),
      phone,
      phoneKey: phoneKey(phone),
      status: statusDraw < 0.004 ? 'void' : statusDraw < 0.01 ? 'moved_out' : 'active',
      updatedAt,
    };
    coupons.push(coupon);

    // Some elderly residents already had a first dose at their family doctor (outside this system).
    if (coupon.status === 'active' && elderly && random.chance(0.14)) {
      const product: DemoProductKey = random.chance(0.7) ? 'pfizer' : 'moderna';
      const { id: productId, intervalMinDays } = demoProducts[product];
      const firstDoseDate = addDays(today, -random.int(7, 45));
      couponDoses.push({ couponId: coupon.id, doseNumber: 1, date: firstDoseDate, productId });
      const secondDoseDate = addDays(firstDoseDate, intervalMinDays + random.int(0, 6));
      if (secondDoseDate < today && random.chance(0.5)) {
        couponDoses.push({ couponId: coupon.id, doseNumber: 2, date: secondDoseDate, productId });
      } else {
        secondDoseDue.push({ coupon, product, firstDoseDate });
      }
    }
  }
  return { coupons, couponDoses, secondDoseDue };
}

function drawPhone(random: SeededRandom, elderly: boolean): string {
  const draw = random.next();
  if (draw < 0.05) return '';
  if (draw < (elderly ? 0.77 : 0.35)) {
    return `${demoMunicipality.phoneAreaCode}-${random.int(200, 999)}-${random.digits(4)}`;
  }
  return `${random.pick(['090', '080', '070'])}-${random.digits(4)}-${random.digits(4)}`;
}

function drawAddress(random: SeededRandom): string {
  const { towns } = random.pick(demoAreas);
  const street = cityAddress(random.pick(towns), random.int(1, 5), random.int(1, 30), random.int(1, 25));
  if (!random.chance(0.12)) return street;
  return `${street}\u3000${random.pick(apartmentNames)} ${random.int(1, 4)}0${random.int(1, 8)}号室`;
}
