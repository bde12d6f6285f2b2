/** Vaccine products and their series rules (doses, interval window, minimum age). */
import type { ProductRules } from '../../domain/booking-rules/eligibility.ts';
import type { Database } from '../sqlite-driver.ts';
import { cachedStatement } from '../statement-cache.ts';

export interface VaccineProduct extends ProductRules {
  id: string;
  name: string;
  active: boolean;
}

interface ProductRow {
  id: string;
  name: string;
  doses_in_series: number;
  interval_min_days: number;
  interval_max_days: number;
  min_age_years: number;
  active: number;
}

/** Every product, active or not (a resident's earlier doses may be of a retired one), keyed by id. */
export function productsById(db: Database): Map<string, VaccineProduct> {
  const rows = cachedStatement<[], ProductRow>(
    db,
    `SELECT id, name, doses_in_series, interval_min_days, interval_max_days, min_age_years, active
       FROM vaccine_products ORDER BY id`,
  ).all();
  return new Map(
    rows.map((row) => [
      row.id,
      {
        id: row.id,
        name: row.name,
        dosesInSeries: row.doses_in_series,
        intervalMinDays: row.interval_min_days,
        intervalMaxDays: row.interval_max_days,
        minAgeYears: row.min_age_years,
        active: row.active === 1,
      },
    ]),
  );
}
