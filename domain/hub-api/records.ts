/**
 * Every record the hub sends a desktop, in the snapshot, the change log and push answers: one zod
 * schema per sync entity. The hub's record builders (server/store/records.ts) produce these types, and
 * the desktop parses each row it applies with them (db/queries/sync-apply.ts): a row that does not
 * parse is set aside and listed on the 同期 screen, never written half-read.
 * Objects are not strict: a newer hub's extra fields are ignored by an older desktop.
 */
import { z } from 'zod';
import { maxDoseNumber, minDoseNumber } from '../booking-rules/booking-fields.ts';
import {
  bookingChannels,
  couponStatuses,
  hubBookingStatuses,
  type SyncEntity,
  sexes,
  slotStatuses,
  syncEntities,
  venueKinds,
} from '../vocabulary/terms.ts';

// The shapes a record's fields take. A field that does not fit sets the whole row aside on the desk,
// so these say what the hub writes, no more: a newer hub may add fields, not change these.
/** An id the hub gave (a UUID, a product code, `<couponId>:<doseNumber>`, a number as text). */
const recordId = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9._:-]+$/, 'not an id');
/** A municipality's code (全国地方公共団体コード, six digits with the check digit). */
const municipalityCode = z.string().regex(/^[0-9]{6}$/, 'not a municipality code');
/** A calendar day, YYYY-MM-DD. */
const day = z.iso.date();
/** A time of day in Japan, HH:MM. */
const clockTime = z.iso.time({ precision: -1 });
/** A moment, as the hub writes it (toISOString; an offset is read too). */
const moment = z.iso.datetime({ offset: true });
const count = z.number().int().min(0);
const doseNumber = z.number().int().min(minDoseNumber).max(maxDoseNumber);

/** A municipality (entity 'municipality'; its id is the code). */
export const hubMunicipalityRecordSchema = z
  .object({ code: municipalityCode, name: z.string() })
  .meta({ id: 'MunicipalityRecord' });
export type HubMunicipalityRecord = z.infer<typeof hubMunicipalityRecordSchema>;

/** A vaccine product as the change log and the snapshot carry it (entity 'vaccine_product'). */
export const hubProductRecordSchema = z
  .object({
    id: recordId,
    name: z.string(),
    manufacturer: z.string(),
    dosesInSeries: z.number().int().min(1).max(maxDoseNumber),
    intervalMinDays: count,
    intervalMaxDays: count,
    minAgeYears: count,
    /** false: retired (no new slots; past slots and bookings stay). */
    active: z.boolean(),
    /** The minimum age is reached by this date; null: checked on the vaccination day. */
    ageReferenceDate: day.nullable(),
  })
  .meta({ id: 'VaccineProduct' });
export type HubProductRecord = z.infer<typeof hubProductRecordSchema>;

/** A venue (entity 'venue'): the desktop's VenueRecord plus what a manager defines on the hub. */
export const hubVenueRecordSchema = z
  .object({
    id: recordId,
    municipalityCode,
    name: z.string(),
    nameKana: z.string(),
    kind: z.enum(venueKinds),
    area: z.string(),
    address: z.string(),
    phone: z.string(),
    active: z.boolean(),
    updatedAt: moment,
    /** Read back by the phone desk: how to get there, parking, which entrance. */
    accessNotes: z.string(),
    /** The vaccine products the venue offers. */
    productIds: z.array(recordId),
    /** Whose coupons the venue takes (its own municipality unless others are named). */
    acceptedMunicipalityCodes: z.array(municipalityCode),
    /** Residents of other municipalities are taken by exception (住所地外接種). */
    outOfAreaByException: z.boolean(),
  })
  .meta({ id: 'VenueRecord' });
export type HubVenueRecord = z.infer<typeof hubVenueRecordSchema>;

/** A slot (entity 'slot'): the desktop's SlotRecord plus the hub's counters and reserve release. */
export const hubSlotRecordSchema = z
  .object({
    id: recordId,
    municipalityCode,
    venueId: recordId,
    productId: recordId,
    date: day,
    startTime: clockTime,
    endTime: clockTime,
    capacity: count,
    callCenterReserve: count,
    reserveReleaseDays: count,
    /** When set, the reserve opens this many hours before the start instead of days before the date. */
    reserveReleaseHours: count.nullable(),
    status: z.enum(slotStatuses),
    bookedOnline: count,
    bookedPhone: count,
    bookedWalkIn: count,
    held: count,
    updatedAt: moment,
  })
  .meta({ id: 'SlotRecord' });
export type HubSlotRecord = z.infer<typeof hubSlotRecordSchema>;

/** A resident's vaccination ticket (entity 'coupon'). */
export const hubCouponRecordSchema = z
  .object({
    id: recordId,
    municipalityCode,
    ticketNumber: z.string().regex(/^[0-9]{10}$/, 'not a ticket number'),
    name: z.string(),
    nameKana: z.string(),
    nameKanaKey: z.string(),
    birthDate: day,
    sex: z.enum(sexes),
    address: z.string(),
    phone: z.string(),
    phoneKey: z.string(),
    status: z.enum(couponStatuses),
    updatedAt: moment,
  })
  .meta({ id: 'CouponRecord' });
export type HubCouponRecord = z.infer<typeof hubCouponRecordSchema>;

/** A dose given before the resident booked here (entity 'coupon_dose'; id `<couponId>:<doseNumber>`). */
export const hubCouponDoseRecordSchema = z
  .object({ couponId: recordId, doseNumber, date: day, productId: recordId.nullable() })
  .meta({ id: 'CouponDoseRecord' });
export type HubCouponDoseRecord = z.infer<typeof hubCouponDoseRecordSchema>;

/** A booking (entity 'booking', and the bookings of a push answer). */
export const hubBookingRecordSchema = z
  .object({
    id: recordId,
    bookingNumber: z.string().min(1).max(32),
    municipalityCode,
    couponId: recordId,
    slotId: recordId,
    doseNumber,
    channel: z.enum(bookingChannels),
    status: z.enum(hubBookingStatuses),
    contactPhone: z.string(),
    contactEmail: z.string(),
    notes: z.string(),
    createdBy: recordId.nullable(),
    /** The desktop mutation that made it (a desktop recognises its own bookings by it). */
    mutationId: recordId.nullable(),
    /** The lot of the vaccine given, set with the venue's vaccinated mark (absent from hubs before the marks). */
    vaccineLot: z.string().nullable().optional(),
    createdAt: moment,
    updatedAt: moment,
  })
  .meta({ id: 'BookingRecord' });
export type HubBookingRecord = z.infer<typeof hubBookingRecordSchema>;

/**
 * A staff member as desktops show them (who took a booking, who changed it): the id and the name to
 * show, nothing else. In the snapshot and the change log as entity 'staff'.
 */
export const hubStaffRecordSchema = z
  .object({ id: recordId, displayName: z.string() })
  .meta({ id: 'StaffRecord' });
export type HubStaffRecord = z.infer<typeof hubStaffRecordSchema>;

/** What a booking event records (the booking's creation is the booking record itself). */
export const bookingEventActions = [
  'moved',
  'cancelled',
  'checked_in',
  'vaccinated',
  'no_show',
  'undone',
] as const;
export type BookingEventAction = (typeof bookingEventActions)[number];

/**
 * One change of a booking on the hub, for the booking's history on every desktop (entity
 * 'booking_event'). `staffId` null: the resident, online. `mutationId`: the desktop mutation that made
 * it (a desktop recognises its own changes by it).
 */
export const bookingEventRecordSchema = z
  .object({
    id: recordId,
    bookingId: recordId,
    municipalityCode,
    at: moment,
    action: z.enum(bookingEventActions),
    staffId: recordId.nullable(),
    mutationId: recordId.nullable(),
    fromStatus: z.string(),
    toStatus: z.string(),
    fromSlotId: recordId.nullable(),
    toSlotId: recordId.nullable(),
    /** A cancellation's reason (domain/api/methods/phone-desk.ts cancelReasons), if the desk gave one. */
    reason: z.string().nullable(),
    vaccineLot: z.string().nullable(),
  })
  .meta({ id: 'BookingEvent' });
export type BookingEventRecord = z.infer<typeof bookingEventRecordSchema>;

/**
 * A seat an operator keeps for a caller for a few minutes (default 5, extendable by 5 up to 15 in
 * all). It counts against the slot's capacity (phone channel: it may use the call-center reserve)
 * until it is released, expires, or a booking pushed with its `holdId` takes the seat over.
 * The same record arrives through the snapshot and the change log (entity 'hold', deleted when it
 * ends).
 */
export const holdRecordSchema = z
  .object({
    id: recordId,
    slotId: recordId,
    municipalityCode,
    staffId: recordId.nullable(),
    deviceId: recordId.nullable(),
    createdAt: moment,
    expiresAt: moment,
    /** Extensions never go past this. */
    expiresCapAt: moment,
  })
  .meta({ id: 'Hold' });
export type HoldRecord = z.infer<typeof holdRecordSchema>;

/** The record schema of each sync entity. */
export const hubRecordSchemas = {
  municipality: hubMunicipalityRecordSchema,
  vaccine_product: hubProductRecordSchema,
  venue: hubVenueRecordSchema,
  slot: hubSlotRecordSchema,
  coupon: hubCouponRecordSchema,
  coupon_dose: hubCouponDoseRecordSchema,
  booking: hubBookingRecordSchema,
  hold: holdRecordSchema,
  staff: hubStaffRecordSchema,
  booking_event: bookingEventRecordSchema,
} as const satisfies Record<SyncEntity, z.ZodType>;
export type HubRecordSchemas = typeof hubRecordSchemas;
export type HubRecordOf<E extends SyncEntity> = z.output<HubRecordSchemas[E]>;

/**
 * A deletion in the change log (a hold that ended, a dose taken off the record): the entity and id
 * only, no record.
 */
export const hubTombstoneSchema = z
  .object({ entity: z.enum(syncEntities), id: recordId, op: z.literal('delete'), payload: z.null() })
  .meta({ id: 'Tombstone' });
export type HubTombstone = z.infer<typeof hubTombstoneSchema>;

/** One row of the snapshot or the change log: an entity's record, or (op 'delete') its tombstone. */
export type HubRow = {
  [E in SyncEntity]:
    | { entity: E; id: string; op: 'upsert'; payload: HubRecordOf<E> }
    | { entity: E; id: string; op: 'delete'; payload: null };
}[SyncEntity];
