/** The demo's two vaccines: an mRNA vaccine on a 21-day schedule and one on a 28-day schedule. */
import type { VaccineProductRecord } from '../vocabulary/index.ts';

export const demoProducts = {
  pfizer: {
    id: 'demo-product-pfizer',
    name: 'ファイザー社ワクチン',
    manufacturer: 'ファイザー',
    dosesInSeries: 2,
    intervalMinDays: 21,
    intervalMaxDays: 42,
    minAgeYears: 12,
    active: true,
  },
  moderna: {
    id: 'demo-product-moderna',
    name: 'モデルナ社ワクチン',
    manufacturer: 'モデルナ',
    dosesInSeries: 2,
    intervalMinDays: 28,
    intervalMaxDays: 56,
    minAgeYears: 12,
    active: true,
  },
} as const satisfies Record<string, VaccineProductRecord>;

export type DemoProductKey = keyof typeof demoProducts;
