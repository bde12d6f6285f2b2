/**
 * The venue form: the values as typed, checked by the contract's bounds (required name and address,
 * lengths, municipality codes with their check digit), and turned into the hub's body (a new venue)
 * or the fields that changed (an edit).
 */
import type { ManagerVenue } from '../../../../domain/api/methods/manager.ts';
import type { CreateVenueBody } from '../../../../domain/hub-api/manager-api.ts';
import type { VenueChangeBody } from '../../../../domain/hub-api/sync-api.ts';
import { isValidMunicipalityCode } from '../../../../domain/municipality-code.ts';
import type { VenueKind } from '../../../../domain/vocabulary/index.ts';
import type { FieldProblems } from './field-problems.ts';

export interface VenueFormValues {
  name: string;
  nameKana: string;
  kind: VenueKind;
  area: string;
  address: string;
  phone: string;
  accessNotes: string;
  productIds: string[];
  /** Empty: the venue's own municipality. */
  acceptedMunicipalityCodes: string[];
  outOfAreaByException: boolean;
  /** A new venue's municipality, when the hub session sees every municipality ('' otherwise). */
  municipalityCode: string;
}
export type VenueField = keyof VenueFormValues;

const textLimits = {
  name: 100,
  nameKana: 100,
  area: 100,
  address: 200,
  phone: 32,
  accessNotes: 500,
} as const;
export const venueTextLimits: Readonly<Record<keyof typeof textLimits, number>> = textLimits;

export function venueFormValues(
  venue: ManagerVenue | null,
  municipalityCode: string | null,
): VenueFormValues {
  if (!venue) {
    return {
      name: '',
      nameKana: '',
      kind: 'community_center',
      area: '',
      address: '',
      phone: '',
      accessNotes: '',
      productIds: [],
      acceptedMunicipalityCodes: municipalityCode ? [municipalityCode] : [],
      outOfAreaByException: false,
      municipalityCode: municipalityCode ?? '',
    };
  }
  return {
    name: venue.name,
    nameKana: venue.nameKana,
    kind: venue.kind,
    area: venue.area,
    address: venue.address,
    phone: venue.phone,
    accessNotes: venue.accessNotes,
    productIds: [...venue.productIds],
    acceptedMunicipalityCodes: [...venue.acceptedMunicipalityCodes],
    outOfAreaByException: venue.outOfAreaByException,
    municipalityCode: venue.municipalityCode,
  };
}

const clean = (s: string) => s.normalize('NFKC').trim();

export type VenueFormCheck =
  | { ok: true; body: CreateVenueBody }
  | { ok: false; problems: FieldProblems<VenueField> };

/** `needsMunicipality`: a new venue on a hub session of every municipality names its own. */
export function checkVenueForm(values: VenueFormValues, needsMunicipality: boolean): VenueFormCheck {
  const problems: FieldProblems<VenueField> = {};
  for (const field of Object.keys(textLimits) as Array<keyof typeof textLimits>) {
    if (clean(values[field]).length > textLimits[field]) problems[field] = { kind: 'refused' };
  }
  if (clean(values.name) === '') problems.name = { kind: 'required' };
  if (clean(values.address) === '') problems.address = { kind: 'required' };
  if (values.acceptedMunicipalityCodes.some((c) => !isValidMunicipalityCode(c))) {
    problems.acceptedMunicipalityCodes = { kind: 'municipality_code' };
  }
  if (needsMunicipality && !isValidMunicipalityCode(values.municipalityCode)) {
    problems.municipalityCode = { kind: 'required' };
  }
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  const accepted = [...new Set(values.acceptedMunicipalityCodes)].sort();
  return {
    ok: true,
    body: {
      name: clean(values.name),
      nameKana: clean(values.nameKana),
      kind: values.kind,
      area: clean(values.area),
      address: clean(values.address),
      phone: clean(values.phone),
      accessNotes: clean(values.accessNotes),
      productIds: [...new Set(values.productIds)].sort(),
      ...(accepted.length > 0 ? { acceptedMunicipalityCodes: accepted } : {}),
      outOfAreaByException: values.outOfAreaByException,
      ...(needsMunicipality ? { municipalityCode: values.municipalityCode } : {}),
    },
  };
}

const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().every((v, i) => v === [...b].sort()[i]);

/** The fields of `body` that differ from the venue as it is; null when nothing changed. */
export function venueChangeOf(before: ManagerVenue, body: CreateVenueBody): VenueChangeBody | null {
  const change: VenueChangeBody = {};
  for (const field of ['name', 'nameKana', 'area', 'address', 'phone', 'accessNotes'] as const) {
    const value = body[field] ?? '';
    if (value !== before[field]) change[field] = value;
  }
  if (body.kind !== before.kind) change.kind = body.kind;
  const products = body.productIds ?? [];
  if (!sameList(products, before.productIds)) change.productIds = products;
  // No municipality named: the venue's own.
  const accepted = body.acceptedMunicipalityCodes ?? [before.municipalityCode];
  if (!sameList(accepted, before.acceptedMunicipalityCodes)) change.acceptedMunicipalityCodes = accepted;
  if ((body.outOfAreaByException ?? false) !== before.outOfAreaByException) {
    change.outOfAreaByException = body.outOfAreaByException ?? false;
  }
  return Object.keys(change).length > 0 ? change : null;
}

const venueFields: readonly VenueField[] = [
  'name',
  'nameKana',
  'kind',
  'area',
  'address',
  'phone',
  'accessNotes',
  'productIds',
  'acceptedMunicipalityCodes',
  'outOfAreaByException',
  'municipalityCode',
];

/** The form field a hub path names ('productIds.2' is the products field). */
export function venueFieldOf(path: string): VenueField | undefined {
  const head = path.split('.')[0];
  return venueFields.find((f) => f === head);
}
