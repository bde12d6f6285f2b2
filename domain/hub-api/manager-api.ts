/**
 * The manager's desk on the hub (issue 12), part of the staff sync API (X-Hub-Protocol and a
 * manager's bearer token on every request): vaccine products, venues, slot generation, capacity in
 * bulk, cancelling a session with a bulk move of its residents, and coupon list imports. Every change
 * runs in one hub transaction with its change-log rows and an audit entry; the rules are domain/supply
 * and domain/booking-rules, so a desk previewing a change decides as the hub will.
 */
import { z } from 'zod';
import {
  defaultReserveReleaseDays,
  maxReserveReleaseDays,
  maxReserveReleaseHours,
} from '../booking-rules/capacity.ts';
import { maxSeatsPerSlot } from '../booking-rules/slot-change.ts';
import {
  maxGenerationDays,
  maxSlotMinutes,
  minSlotMinutes,
  type SlotGenerationRequest,
  slotGenerationIssues,
} from '../supply/slot-generation.ts';
import { slotStatuses, venueKinds } from '../vocabulary/terms.ts';
import { slotOverlapSchema } from './errors.ts';
import { idInput, isoDateInput } from './public-api.ts';
import { hubProductRecordSchema, hubSlotRecordSchema, hubVenueRecordSchema } from './records.ts';
import { municipalityCodeInput } from './sync-api.ts';

const text = (max: number) =>
  z
    .string()
    .max(max)
    .transform((s) => s.normalize('NFKC').trim());
const requiredText = (max: number) => text(max).pipe(z.string().min(1, 'required'));
const seats = z.number().int().min(0).max(maxSeatsPerSlot);
const reserveReleaseDays = z.number().int().min(0).max(maxReserveReleaseDays);
const reserveReleaseHours = z.number().int().min(0).max(maxReserveReleaseHours);
const clockTime = z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/u, 'a time of day as HH:MM');

// ── vaccine products ─────────────────────────────────────────────────────────────────────

const productFields = {
  name: requiredText(100),
  manufacturer: requiredText(100),
  dosesInSeries: z.number().int().min(1).max(5),
  intervalMinDays: z.number().int().min(0).max(730),
  intervalMaxDays: z.number().int().min(0).max(730),
  minAgeYears: z.number().int().min(0).max(130),
  /** null or absent: the age is checked on the vaccination day. */
  ageReferenceDate: isoDateInput.nullable(),
};

const intervalInOrder = (b: { intervalMinDays?: number | undefined; intervalMaxDays?: number | undefined }) =>
  b.intervalMinDays === undefined ||
  b.intervalMaxDays === undefined ||
  b.intervalMinDays <= b.intervalMaxDays;
const intervalMessage = { message: 'at least the shortest interval', path: ['intervalMaxDays'] };

/** POST /api/v1/sync/products */
export const createProductBodySchema = z
  .object({ ...productFields, ageReferenceDate: productFields.ageReferenceDate.optional() })
  .strict()
  .refine(intervalInOrder, intervalMessage);
export type CreateProductBody = z.output<typeof createProductBodySchema>;

/**
 * PATCH /api/v1/sync/products/{productId}: the fields to change. A product's bookings stay as they
 * were made; the new rules apply to bookings and moves from now on.
 */
export const productChangeBodySchema = z
  .object({
    name: productFields.name.optional(),
    manufacturer: productFields.manufacturer.optional(),
    dosesInSeries: productFields.dosesInSeries.optional(),
    intervalMinDays: productFields.intervalMinDays.optional(),
    intervalMaxDays: productFields.intervalMaxDays.optional(),
    minAgeYears: productFields.minAgeYears.optional(),
    ageReferenceDate: productFields.ageReferenceDate.optional(),
  })
  .strict()
  .refine((b) => Object.values(b).some((v) => v !== undefined), {
    message: 'name at least one field to change',
  })
  .refine(intervalInOrder, intervalMessage);
export type ProductChangeBody = z.output<typeof productChangeBodySchema>;

export const productParamsSchema = z.object({ productId: idInput }).strict();
export const productResponseSchema = z.object({ product: hubProductRecordSchema });
export type ProductResponse = z.infer<typeof productResponseSchema>;

// ── venues ───────────────────────────────────────────────────────────────────────────────

const venueKindSchema = z.enum(venueKinds);

/** POST /api/v1/sync/venues */
export const createVenueBodySchema = z
  .object({
    name: requiredText(100),
    nameKana: text(100).optional(),
    kind: venueKindSchema,
    area: text(100).optional(),
    address: requiredText(200),
    phone: text(32).optional(),
    /** Read back by the phone desk: how to get there, parking, which entrance. */
    accessNotes: text(500).optional(),
    /** The products offered (active ones); slots are generated for these only. */
    productIds: z.array(idInput).max(20).optional(),
    /** The venue's municipality; required when the session sees every municipality. */
    municipalityCode: municipalityCodeInput.optional(),
    /** Whose coupons it takes; default: its own municipality. */
    acceptedMunicipalityCodes: z.array(municipalityCodeInput).min(1).max(100).optional(),
    /** Residents of other municipalities are taken by exception (住所地外接種). */
    outOfAreaByException: z.boolean().optional(),
  })
  .strict();
export type CreateVenueBody = z.output<typeof createVenueBodySchema>;

export const venueResponseSchema = z.object({ venue: hubVenueRecordSchema });
export type VenueResponse = z.infer<typeof venueResponseSchema>;

// ── slot generation ──────────────────────────────────────────────────────────────────────

const weeklyPatternSchema = z
  .object({
    /** 0 = Sunday … 6 = Saturday. */
    daysOfWeek: z.array(z.number().int().min(0).max(6)).min(1).max(7),
    startTime: clockTime,
    endTime: clockTime,
    slotMinutes: z.number().int().min(minSlotMinutes).max(maxSlotMinutes),
    lunchBreak: z.object({ startTime: clockTime, endTime: clockTime }).strict().nullable().optional(),
    capacity: seats,
    callCenterReserve: seats.optional(),
  })
  .strict();

export const reserveReleaseSchema = z
  .object({
    reserveReleaseDays: reserveReleaseDays.optional(),
    reserveReleaseHours: reserveReleaseHours.nullable().optional(),
  })
  .strict();

/**
 * POST /api/v1/sync/venues/{venueId}/slot-generation[/preview]: slots of one product from `from` to
 * `to` (at most a year) by weekly patterns, skipping national holidays (unless openOnHolidays) and
 * the closure days.
 */
export const slotGenerationBodySchema = z
  .object({
    productId: idInput,
    from: isoDateInput,
    to: isoDateInput,
    patterns: z.array(weeklyPatternSchema).min(1).max(7),
    closureDays: z.array(isoDateInput).max(maxGenerationDays).optional(),
    openOnHolidays: z.boolean().optional(),
    /** Default: 3 days before the slot date. */
    reserveRelease: reserveReleaseSchema.optional(),
  })
  .strict();
export type SlotGenerationBody = z.output<typeof slotGenerationBodySchema>;

/** The body as the domain rule takes it (defaults filled in). */
export function slotGenerationRequestOf(body: SlotGenerationBody): SlotGenerationRequest {
  return {
    from: body.from,
    to: body.to,
    patterns: body.patterns.map((p) => ({
      daysOfWeek: p.daysOfWeek,
      startTime: p.startTime,
      endTime: p.endTime,
      slotMinutes: p.slotMinutes,
      lunchBreak: p.lunchBreak ?? null,
      capacity: p.capacity,
      callCenterReserve: p.callCenterReserve ?? 0,
    })),
    closureDays: body.closureDays ?? [],
    openOnHolidays: body.openOnHolidays ?? false,
    reserveRelease: {
      reserveReleaseDays: body.reserveRelease?.reserveReleaseDays ?? defaultReserveReleaseDays,
      reserveReleaseHours: body.reserveRelease?.reserveReleaseHours ?? null,
    },
  };
}

/** The problems of a generation body the schema cannot see (times in order, the range against today). */
export function slotGenerationBodyIssues(body: SlotGenerationBody, today: string) {
  return slotGenerationIssues(slotGenerationRequestOf(body), today);
}

const plannedSlotSchema = z.object({
  date: z.string(),
  startTime: z.string(),
  endTime: z.string(),
  capacity: z.number().int(),
  callCenterReserve: z.number().int(),
  reserveReleaseDays: z.number().int(),
  reserveReleaseHours: z.number().int().nullable(),
});

const skippedDaySchema = z.object({
  date: z.string(),
  reason: z.enum(['holiday', 'closure']),
  /** The holiday's name in Japanese (成人の日), for a holiday. */
  holidayName: z.string().optional(),
});

export const slotGenerationPreviewSchema = z.object({
  /** The slots the generation would create. */
  slots: z.array(plannedSlotSchema),
  /** Generated slots the venue has already (same date, times and product): not created again. */
  existing: z.array(z.object({ date: z.string(), startTime: z.string(), existingSlotId: z.string() })),
  /** Days the patterns would open on that are skipped: holidays (with the name) and closure days. */
  skipped: z.array(skippedDaySchema),
  /** New slots whose time meets an existing slot of the venue: generating is refused (OVERLAP) until they go. */
  overlaps: z.array(slotOverlapSchema),
});
export type SlotGenerationPreview = z.infer<typeof slotGenerationPreviewSchema>;

export const slotGenerationResultSchema = z.object({
  /** The slots created, as the change log carries them. */
  created: z.array(hubSlotRecordSchema),
  /** How many generated slots were there already. */
  existing: z.number().int(),
  skipped: z.array(skippedDaySchema),
});
export type SlotGenerationResult = z.infer<typeof slotGenerationResultSchema>;

// ── capacity in bulk ─────────────────────────────────────────────────────────────────────

/** The most slots one bulk change may touch. */
export const maxBulkSlots = 5000;

/**
 * Which slots: named ones, or those of a date range (a day, a week …) of one venue or of every venue
 * the session sees, on some days of the week and starting at some times if given.
 */
export const slotSelectionSchema = z.union([
  z.object({ slotIds: z.array(idInput).min(1).max(maxBulkSlots) }).strict(),
  z
    .object({
      venueId: idInput.optional(),
      from: isoDateInput,
      to: isoDateInput,
      daysOfWeek: z.array(z.number().int().min(0).max(6)).min(1).max(7).optional(),
      startTimes: z.array(clockTime).min(1).max(96).optional(),
    })
    .strict()
    .refine((s) => s.from <= s.to, { message: 'on or after from', path: ['to'] }),
]);
export type SlotSelection = z.output<typeof slotSelectionSchema>;

/** POST /api/v1/sync/slots/bulk-change: all or nothing. */
export const bulkSlotChangeBodySchema = z
  .object({
    selection: slotSelectionSchema,
    change: z
      .object({
        capacity: seats.optional(),
        callCenterReserve: seats.optional(),
        reserveReleaseDays: reserveReleaseDays.optional(),
        /** Hours before the start; null: back to the days rule. */
        reserveReleaseHours: reserveReleaseHours.nullable().optional(),
        status: z.enum(slotStatuses).optional(),
      })
      .strict()
      .refine((c) => Object.values(c).some((v) => v !== undefined), {
        message: 'name at least one field to change',
      })
      .refine(
        (c) =>
          c.capacity === undefined || c.callCenterReserve === undefined || c.callCenterReserve <= c.capacity,
        {
          message: 'the call-center reserve cannot be larger than the capacity',
          path: ['callCenterReserve'],
        },
      )
      .refine((c) => c.reserveReleaseDays === undefined || c.reserveReleaseHours === undefined, {
        message: 'give the release in days or in hours, not both',
        path: ['reserveReleaseHours'],
      }),
  })
  .strict();
export type BulkSlotChangeBody = z.output<typeof bulkSlotChangeBodySchema>;

export const bulkSlotChangeResponseSchema = z.object({
  /** The slots that changed, as the change log carries them. */
  changed: z.array(hubSlotRecordSchema),
  /** Selected slots already as asked. */
  unchanged: z.number().int(),
});
export type BulkSlotChangeResponse = z.infer<typeof bulkSlotChangeResponseSchema>;

// ── cancelling a session ─────────────────────────────────────────────────────────────────

/**
 * POST /api/v1/sync/slot-cancellations[/preview]: the slots of the session to close (at most a
 * few days' worth); residents are offered open slots of the same product up to `searchDays` days
 * before or after their own, at the same venue first and at others (unless otherVenues is false).
 */
export const sessionCancellationBodySchema = z
  .object({
    slotIds: z.array(idInput).min(1).max(500),
    searchDays: z.number().int().min(0).max(60).optional(),
    otherVenues: z.boolean().optional(),
  })
  .strict();
export type SessionCancellationBody = z.output<typeof sessionCancellationBodySchema>;

export const defaultSearchDays = 14;

const affectedBookingSchema = z.object({
  bookingId: z.string(),
  bookingNumber: z.string(),
  couponId: z.string(),
  doseNumber: z.number().int(),
  fromSlotId: z.string(),
  /** The slot planned for the resident; null: no fitting seat, the resident gets a callback. */
  toSlotId: z.string().nullable(),
  alternatives: z.array(z.string()),
});

export const sessionCancellationPreviewSchema = z.object({
  /** Every resident booked in the slots, with where the bulk move would put them. */
  affected: z.array(affectedBookingSchema),
  /** The slots residents would be moved to, for showing them (open, with their counters). */
  targetSlots: z.array(hubSlotRecordSchema),
});
export type SessionCancellationPreview = z.infer<typeof sessionCancellationPreviewSchema>;

const moveResultSchema = z.discriminatedUnion('outcome', [
  z.object({
    bookingId: z.string(),
    fromSlotId: z.string(),
    outcome: z.literal('moved'),
    toSlotId: z.string(),
  }),
  z.object({
    bookingId: z.string(),
    fromSlotId: z.string(),
    /** Left in the closed slot: every desk lists it as a slot_closed callback task. */
    outcome: z.literal('callback'),
    /** NO_SEAT: no open slot fits; else the hub's refusal of the last slot tried (SLOT_FULL …). */
    code: z.string(),
  }),
]);

export const sessionCancellationResultSchema = z.object({
  /** The slots closed by this request (already closed ones are not repeated). */
  closedSlotIds: z.array(z.string()),
  /** One result per resident who was booked in the slots. */
  results: z.array(moveResultSchema),
});
export type SessionCancellationResult = z.infer<typeof sessionCancellationResultSchema>;

// ── what a manager edits ─────────────────────────────────────────────────────────────────

/**
 * GET /api/v1/sync/manager-catalog: the definitions a manager edits, whole (a desktop's local copy
 * keeps only what booking needs): every vaccine product (retired ones too), the session's venues
 * (closed ones too), and the municipalities the hub knows (for whose coupons a venue takes).
 */
export const managerCatalogSchema = z
  .object({
    products: z.array(hubProductRecordSchema),
    venues: z.array(hubVenueRecordSchema),
    /** `name` null: the hub knows only the code (a municipality first met in a coupon list). */
    municipalities: z.array(z.object({ code: z.string(), name: z.string().nullable() })),
    /** The session's municipality; null: it sees every municipality (a venue then names its own). */
    municipalityCode: z.string().nullable(),
  })
  .meta({ id: 'ManagerCatalog' });
export type ManagerCatalog = z.infer<typeof managerCatalogSchema>;

// ── coupon list import ───────────────────────────────────────────────────────────────────

export const importParamsSchema = z.object({ importId: z.uuid() }).strict();

/** The largest coupon list file taken (a municipality's 300,000 coupons are about 40 MB as CSV). */
export const maxCouponListBytes = 256 * 1024 * 1024;

/** A coupon list's file name: .csv or .xlsx decides the format. */
export const couponListFileNameSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/\.(csv|xlsx)$/iu, 'a .csv or .xlsx file name');

export const importUploadQuerySchema = z
  .object({
    /** The file's name as the manager chose it. */
    fileName: couponListFileNameSchema,
  })
  .strict();

export const couponImportStates = [
  'reading',
  'previewed',
  'applying',
  'applied',
  'discarded',
  'failed',
] as const;

export const couponImportSchema = z
  .object({
    id: z.string(),
    state: z.enum(couponImportStates),
    fileName: z.string(),
    format: z.enum(['csv', 'xlsx']),
    encoding: z.enum(['utf-8-bom', 'utf-8', 'shift_jis']).nullable(),
    /** Rows below the header (blank ones not counted). */
    dataRows: z.number().int(),
    /** Rows to import. */
    validRows: z.number().int(),
    /** Rows with a problem (each problem is listed by row number, field and reason). */
    rejectedRows: z.number().int(),
    /** Rows imported so far (of validRows): the progress of the apply step. */
    appliedRows: z.number().int(),
    inserted: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    /** Municipalities the hub did not know before (named by their code until someone names them). */
    newMunicipalities: z.array(z.string()),
    /** Valid rows of municipalities no active venue here takes (imported; those residents cannot book yet). */
    notServed: z.object({ rows: z.number().int(), municipalities: z.array(z.string()) }),
    createdAt: z.string(),
  })
  .meta({ id: 'CouponImport' });
export type CouponImportView = z.infer<typeof couponImportSchema>;

export const importProblemSchema = z
  .object({ row: z.number().int(), field: z.string(), reason: z.string() })
  .meta({ id: 'ImportProblem' });

export const couponImportPreviewSchema = z.object({
  import: couponImportSchema,
  /** Each header cell with the column it was read as (null: ignored). */
  columns: z.array(z.object({ header: z.string(), column: z.string().nullable() })),
  /** The first rows to import, as they will be stored. */
  firstRows: z.array(
    z.object({
      row: z.number().int(),
      ticketNumber: z.string(),
      municipalityCode: z.string(),
      name: z.string(),
      nameKana: z.string(),
      birthDate: z.string(),
      sex: z.string(),
      address: z.string(),
      phone: z.string(),
    }),
  ),
  /** The first problems by row number; page through the rest with …/problems?after=. */
  problems: z.array(importProblemSchema),
  /**
   * The first rows to import whose municipality no active venue here takes (see import.notServed):
   * imported all the same, but those residents cannot book until a venue takes them.
   */
  notServedRows: z.array(z.object({ row: z.number().int(), municipalityCode: z.string() })),
});
export type CouponImportPreview = z.infer<typeof couponImportPreviewSchema>;

export const importProblemsQuerySchema = z
  .object({
    /** Problems after this position (the `next` of the page before). */
    after: z.coerce.number().int().min(0).optional(),
    limit: z.coerce.number().int().min(1).max(5000).optional(),
  })
  .strict();

export const importProblemsPageSchema = z.object({
  problems: z.array(importProblemSchema),
  /** Pass as `after` for the next page; null after the last. */
  next: z.number().int().nullable(),
});

/** POST /api/v1/sync/coupon-imports/{importId}/apply: imports up to `maxRows` more rows. */
export const importApplyBodySchema = z
  .object({ maxRows: z.number().int().min(1).max(100_000).optional() })
  .strict();

export const couponImportResponseSchema = z.object({ import: couponImportSchema });
export type CouponImportResponse = z.infer<typeof couponImportResponseSchema>;
