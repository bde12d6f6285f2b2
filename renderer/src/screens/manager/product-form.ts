/**
 * The vaccine product form: the values as typed, checked by the same bounds the contract has, and
 * turned into the hub's body (a new product) or the fields that changed (an edit).
 */
import type { HubProductRecord } from '../../../../domain/api/methods/manager.ts';
import { isValidIsoDate } from '../../../../domain/calendar.ts';
import type { CreateProductBody, ProductChangeBody } from '../../../../domain/hub-api/manager-api.ts';
import { type FieldProblems, readWholeNumber } from './field-problems.ts';

export interface ProductFormValues {
  name: string;
  manufacturer: string;
  dosesInSeries: string;
  intervalMinDays: string;
  intervalMaxDays: string;
  minAgeYears: string;
  /** Where the minimum age is checked: on the vaccination day, or by a fixed reference date. */
  ageCheck: 'vaccination_day' | 'reference_date';
  ageReferenceDate: string;
}
export type ProductField = keyof ProductFormValues;

export const productFields: readonly ProductField[] = [
  'name',
  'manufacturer',
  'dosesInSeries',
  'intervalMinDays',
  'intervalMaxDays',
  'minAgeYears',
  'ageCheck',
  'ageReferenceDate',
];

export function productFormValues(product: HubProductRecord | null): ProductFormValues {
  if (!product) {
    return {
      name: '',
      manufacturer: '',
      dosesInSeries: '2',
      intervalMinDays: '21',
      intervalMaxDays: '42',
      minAgeYears: '12',
      ageCheck: 'vaccination_day',
      ageReferenceDate: '',
    };
  }
  return {
    name: product.name,
    manufacturer: product.manufacturer,
    dosesInSeries: String(product.dosesInSeries),
    intervalMinDays: String(product.intervalMinDays),
    intervalMaxDays: String(product.intervalMaxDays),
    minAgeYears: String(product.minAgeYears),
    ageCheck: product.ageReferenceDate === null ? 'vaccination_day' : 'reference_date',
    ageReferenceDate: product.ageReferenceDate ?? '',
  };
}

export type ProductFormCheck =
  | { ok: true; body: CreateProductBody }
  | { ok: false; problems: FieldProblems<ProductField> };

export function checkProductForm(values: ProductFormValues): ProductFormCheck {
  const problems: FieldProblems<ProductField> = {};
  const name = values.name.normalize('NFKC').trim();
  const manufacturer = values.manufacturer.normalize('NFKC').trim();
  if (name === '') problems.name = { kind: 'required' };
  if (manufacturer === '') problems.manufacturer = { kind: 'required' };
  const doses = readWholeNumber(values.dosesInSeries, 1, 5);
  const min = readWholeNumber(values.intervalMinDays, 0, 730);
  const max = readWholeNumber(values.intervalMaxDays, 0, 730);
  const age = readWholeNumber(values.minAgeYears, 0, 130);
  if (!doses.ok) problems.dosesInSeries = doses.problem;
  if (!min.ok) problems.intervalMinDays = min.problem;
  if (!max.ok) problems.intervalMaxDays = max.problem;
  else if (min.ok && max.value < min.value) problems.intervalMaxDays = { kind: 'interval_order' };
  if (!age.ok) problems.minAgeYears = age.problem;
  const byDate = values.ageCheck === 'reference_date';
  if (byDate && !isValidIsoDate(values.ageReferenceDate)) problems.ageReferenceDate = { kind: 'required' };
  if (Object.keys(problems).length > 0 || !doses.ok || !min.ok || !max.ok || !age.ok)
    return { ok: false, problems };
  return {
    ok: true,
    body: {
      name,
      manufacturer,
      dosesInSeries: doses.value,
      intervalMinDays: min.value,
      intervalMaxDays: max.value,
      minAgeYears: age.value,
      ageReferenceDate: byDate ? values.ageReferenceDate : null,
    },
  };
}

/** The fields of `body` that differ from the product as it is; null when nothing changed. */
export function productChangeOf(before: HubProductRecord, body: CreateProductBody): ProductChangeBody | null {
  const change: ProductChangeBody = {};
  if (body.name !== before.name) change.name = body.name;
  if (body.manufacturer !== before.manufacturer) change.manufacturer = body.manufacturer;
  if (body.dosesInSeries !== before.dosesInSeries) change.dosesInSeries = body.dosesInSeries;
  if (body.intervalMinDays !== before.intervalMinDays) change.intervalMinDays = body.intervalMinDays;
  if (body.intervalMaxDays !== before.intervalMaxDays) change.intervalMaxDays = body.intervalMaxDays;
  if (body.minAgeYears !== before.minAgeYears) change.minAgeYears = body.minAgeYears;
  if ((body.ageReferenceDate ?? null) !== before.ageReferenceDate)
    change.ageReferenceDate = body.ageReferenceDate ?? null;
  return Object.keys(change).length > 0 ? change : null;
}

/** The form field a hub path names. */
export function productFieldOf(path: string): ProductField | undefined {
  return productFields.find((f) => f === path);
}
