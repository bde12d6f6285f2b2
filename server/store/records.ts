/**
 * Hub rows as the records desktops receive (domain/hub-api/records.ts, one zod schema per sync
 * entity): the change-log payloads, the snapshot rows and the bookings of push answers. Each builder
 * returns its schema's type, so a record the desktop could not parse does not compile here.
 */

import type {
  BookingEventAction,
  BookingEventRecord,
  HoldRecord,
  HubBookingRecord,
  HubCouponDoseRecord,
  HubCouponRecord,
  HubMunicipalityRecord,
  HubProductRecord,
  HubSlotRecord,
  HubStaffRecord,
  HubVenueRecord,
} from '../../domain/hub-api/records.ts';
import type {
  BookingChannel,
  CouponStatus,
  HubBookingStatus,
  Sex,
  SlotStatus,
  VenueKind,
} from '../../domain/vocabulary/index.ts';

export type {
  HubBookingRecord,
  HubCouponRecord,
  HubProductRecord,
  HubSlotRecord,
  HubVenueRecord,
} from '../../domain/hub-api/records.ts';

const iso = (d: Date): string => d.toISOString();

export interface SlotRow {
  id: string;
  municipality_code: string;
  venue_id: string;
  product_id: string;
  date: string;
  start_time: string;
  end_time: string;
  capacity: number;
  call_center_reserve: number;
  reserve_release_days: number;
  /** When set, the reserve opens this many hours before the start instead (store/migrations/010). */
  reserve_release_hours: number | null;
  status: SlotStatus;
  booked_online: number;
  booked_phone: number;
  booked_walk_in: number;
  held: number;
  updated_at: Date;
}

export function slotRecordOf(row: SlotRow): HubSlotRecord {
  return {
    id: row.id,
    municipalityCode: row.municipality_code,
    venueId: row.venue_id,
    productId: row.product_id,
    date: row.date,
    startTime: row.start_time,
    endTime: row.end_time,
    capacity: row.capacity,
    callCenterReserve: row.call_center_reserve,
    reserveReleaseDays: row.reserve_release_days,
    reserveReleaseHours: row.reserve_release_hours ?? null,
    status: row.status,
    bookedOnline: row.booked_online,
    bookedPhone: row.booked_phone,
    bookedWalkIn: row.booked_walk_in,
    held: row.held,
    updatedAt: iso(row.updated_at),
  };
}

export interface BookingRow {
  id: string;
  booking_number: string;
  municipality_code: string;
  coupon_id: string;
  slot_id: string;
  dose_number: number;
  channel: BookingChannel;
  status: HubBookingStatus;
  contact_phone: string;
  contact_email: string;
  notes: string;
  created_by: string | null;
  mutation_id: string | null;
  /** The lot of the vaccine given (vaccinated bookings; store/migrations/004). */
  vaccine_lot: string | null;
  created_at: Date;
  updated_at: Date;
  cancelled_at: Date | null;
}

export function bookingRecordOf(row: BookingRow): HubBookingRecord {
  return {
    id: row.id,
    bookingNumber: row.booking_number,
    municipalityCode: row.municipality_code,
    couponId: row.coupon_id,
    slotId: row.slot_id,
    doseNumber: row.dose_number,
    channel: row.channel,
    status: row.status,
    contactPhone: row.contact_phone,
    contactEmail: row.contact_email,
    notes: row.notes,
    createdBy: row.created_by,
    mutationId: row.mutation_id,
    vaccineLot: row.vaccine_lot ?? null,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

export interface CouponRow {
  id: string;
  municipality_code: string;
  ticket_number: string;
  name: string;
  name_kana: string;
  name_kana_key: string;
  birth_date: string;
  sex: Sex;
  address: string;
  phone: string;
  phone_key: string;
  status: CouponStatus;
  updated_at: Date;
}

export function couponRecordOf(row: CouponRow): HubCouponRecord {
  return {
    id: row.id,
    municipalityCode: row.municipality_code,
    ticketNumber: row.ticket_number,
    name: row.name,
    nameKana: row.name_kana,
    nameKanaKey: row.name_kana_key,
    birthDate: row.birth_date,
    sex: row.sex,
    address: row.address,
    phone: row.phone,
    phoneKey: row.phone_key,
    status: row.status,
    updatedAt: iso(row.updated_at),
  };
}

export interface VenueRow {
  id: string;
  municipality_code: string;
  name: string;
  name_kana: string;
  kind: VenueKind;
  area: string;
  address: string;
  phone: string;
  active: boolean;
  updated_at: Date;
  /** store/migrations/010 */
  access_notes: string;
  product_ids: string[];
  accepted_municipality_codes: string[];
  out_of_area_by_exception: boolean;
}

export function venueRecordOf(row: VenueRow): HubVenueRecord {
  return {
    id: row.id,
    municipalityCode: row.municipality_code,
    name: row.name,
    nameKana: row.name_kana,
    kind: row.kind,
    area: row.area,
    address: row.address,
    phone: row.phone,
    active: row.active,
    updatedAt: iso(row.updated_at),
    accessNotes: row.access_notes,
    productIds: row.product_ids,
    acceptedMunicipalityCodes: row.accepted_municipality_codes,
    outOfAreaByException: row.out_of_area_by_exception,
  };
}

export interface ProductRow {
  id: string;
  name: string;
  manufacturer: string;
  doses_in_series: number;
  interval_min_days: number;
  interval_max_days: number;
  min_age_years: number;
  active: boolean;
  /** NULL: the minimum age is checked on the vaccination day (store/migrations/010). */
  age_reference_date: string | null;
}

export function productRecordOf(row: ProductRow): HubProductRecord {
  return {
    id: row.id,
    name: row.name,
    manufacturer: row.manufacturer,
    dosesInSeries: row.doses_in_series,
    intervalMinDays: row.interval_min_days,
    intervalMaxDays: row.interval_max_days,
    minAgeYears: row.min_age_years,
    active: row.active,
    ageReferenceDate: row.age_reference_date ?? null,
  };
}

export interface HoldRow {
  id: string;
  municipality_code: string;
  slot_id: string;
  staff_id: string | null;
  device_id: string | null;
  created_at: Date;
  expires_at: Date;
  expires_cap_at: Date;
}

export function holdRecordOf(row: HoldRow): HoldRecord {
  return {
    id: row.id,
    slotId: row.slot_id,
    municipalityCode: row.municipality_code,
    staffId: row.staff_id,
    deviceId: row.device_id,
    createdAt: iso(row.created_at),
    expiresAt: iso(row.expires_at),
    expiresCapAt: iso(row.expires_cap_at),
  };
}

export interface StaffRow {
  id: string;
  display_name: string;
}

/** What desktops get of a staff member: the id and the name to show (no login, role or venue). */
export function staffRecordOf(row: StaffRow): HubStaffRecord {
  return { id: row.id, displayName: row.display_name };
}

export interface BookingEventRow {
  id: number;
  booking_id: string;
  municipality_code: string;
  at: Date;
  action: BookingEventAction;
  staff_id: string | null;
  device_id: string | null;
  mutation_id: string | null;
  from_status: string;
  to_status: string;
  from_slot_id: string | null;
  to_slot_id: string | null;
  reason: string | null;
  vaccine_lot: string | null;
}

export function bookingEventRecordOf(row: BookingEventRow): BookingEventRecord {
  return {
    id: String(row.id),
    bookingId: row.booking_id,
    municipalityCode: row.municipality_code,
    at: iso(row.at),
    action: row.action,
    staffId: row.staff_id,
    mutationId: row.mutation_id,
    fromStatus: row.from_status,
    toStatus: row.to_status,
    fromSlotId: row.from_slot_id,
    toSlotId: row.to_slot_id,
    reason: row.reason,
    vaccineLot: row.vaccine_lot,
  };
}

export function municipalityRecordOf(row: { code: string; name: string }): HubMunicipalityRecord {
  return { code: row.code, name: row.name };
}

export interface CouponDoseRow {
  coupon_id: string;
  dose_number: number;
  date: string;
  product_id: string | null;
}

/** Its id in the change log and the snapshot: `<couponId>:<doseNumber>`. */
export const couponDoseId = (row: CouponDoseRow): string => `${row.coupon_id}:${row.dose_number}`;

export function couponDoseRecordOf(row: CouponDoseRow): HubCouponDoseRecord {
  return { couponId: row.coupon_id, doseNumber: row.dose_number, date: row.date, productId: row.product_id };
}
