/**
 * Rows of the local store's tables (db/migrations), one field per column in camelCase. The demo city
 * is made of these; db/demo-load.ts writes them as they are.
 */
import type {
  BookingChannel,
  BookingStatus,
  CouponStatus,
  Sex,
  SlotStatus,
  StaffRole,
  VenueKind,
} from './terms.ts';

export interface VaccineProductRecord {
  id: string;
  name: string;
  manufacturer: string;
  dosesInSeries: number;
  intervalMinDays: number;
  intervalMaxDays: number;
  minAgeYears: number;
  active: boolean;
}

export interface VenueRecord {
  id: string;
  municipalityCode: string;
  name: string;
  nameKana: string;
  kind: VenueKind;
  area: string;
  address: string;
  phone: string;
  active: boolean;
  updatedAt: string;
}

export interface SlotRecord {
  id: string;
  venueId: string;
  productId: string;
  date: string;
  startTime: string;
  endTime: string;
  capacity: number;
  callCenterReserve: number;
  status: SlotStatus;
  updatedAt: string;
}

export interface CouponRecord {
  id: string;
  municipalityCode: string;
  ticketNumber: string;
  name: string;
  nameKana: string;
  nameKanaKey: string;
  birthDate: string;
  sex: Sex;
  address: string;
  phone: string;
  phoneKey: string;
  status: CouponStatus;
  updatedAt: string;
}

export interface CouponDoseRecord {
  couponId: string;
  doseNumber: number;
  date: string;
  productId: string | null;
}

export interface StaffRecord {
  id: string;
  login: string;
  displayName: string;
  role: StaffRole;
  venueId: string | null;
  active: boolean;
}

export interface BookingRecord {
  id: string;
  bookingNumber: string;
  couponId: string;
  slotId: string;
  doseNumber: number;
  channel: BookingChannel;
  status: BookingStatus;
  contactPhone: string;
  notes: string;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}
