/**
 * The public online-booking API (what the LINE / web front ends and the resident page call):
 * request schemas, which normalize input the way the desktop UI does (full-width digits, spaces and
 * dashes in ticket numbers, era dates of birth), and the response shapes. This is the contract of
 * the online channel; the hub validates with these very schemas and its OpenAPI document is made
 * from them.
 */
import { z } from 'zod';
import { isValidBookingNumber, normalizeBookingNumberInput } from '../booking-number.ts';
import { callerEligibilityStatuses } from '../booking-rules/caller-eligibility.ts';
import { addDays, daysBetween, type IsoDate, isValidIsoDate } from '../calendar.ts';
import { parseDateInput } from '../era-date.ts';
import { isPlausibleJapanesePhone, phoneKey } from '../phone.ts';
import { parseTicketInput, type TicketParseError } from '../ticket-number.ts';
import { hubBookingStatuses, venueKinds } from '../vocabulary/terms.ts';
import type { FieldIssue } from './errors.ts';

const ticketErrorText: Record<TicketParseError, string> = {
  empty: 'enter the ticket number',
  not_digits: 'a ticket number has digits only',
  wrong_length: 'a ticket number has 10 digits (or 18 from the coupon scan)',
  bad_municipality_check_digit: 'the scanned code has an invalid municipality code',
};

/** A ticket as typed (10 digits) or scanned (18 digits, which also names the municipality). */
export interface TicketRef {
  ticketNumber: string;
  municipalityCode: string | null;
}

export const ticketNumberInput = z
  .string()
  .max(64)
  .transform((raw, ctx): TicketRef => {
    const parsed = parseTicketInput(raw);
    if (!parsed.ok) {
      ctx.addIssue({ code: 'custom', message: ticketErrorText[parsed.error] });
      return z.NEVER;
    }
    return {
      ticketNumber: parsed.ticketNumber,
      municipalityCode: parsed.kind === 'ocr' ? parsed.municipalityCode : null,
    };
  })
  .meta({
    description:
      '10-digit ticket number or the 18-digit coupon scan; full-width digits, spaces and dashes allowed',
  });

const earliestBirthDate = '1868-10-23';
const latestBirthDate = '2100-12-31';

export const birthDateInput = z
  .string()
  .max(40)
  .transform((raw, ctx) => {
    const parsed = parseDateInput(raw);
    if (!parsed.ok || parsed.date < earliestBirthDate || parsed.date > latestBirthDate) {
      ctx.addIssue({
        code: 'custom',
        message: 'not a date of birth (YYYY-MM-DD or an era date such as S22.4.1)',
      });
      return z.NEVER;
    }
    return parsed.date;
  })
  .meta({ description: 'date of birth: YYYY-MM-DD, 1947/4/1, 昭和22年4月1日, S22.4.1 …' });

/** Ids the hub hands out (UUIDs or stable codes): letters, digits and . _ : - only. */
export const idInput = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9._:-]+$/, 'not an id');

/** YYYY-MM-DD, full-width digits allowed. */
export const isoDateInput = z
  .string()
  .max(20)
  .transform((raw, ctx) => {
    const s = raw.normalize('NFKC').trim();
    if (!isValidIsoDate(s)) {
      ctx.addIssue({ code: 'custom', message: 'expected a real date as YYYY-MM-DD' });
      return z.NEVER;
    }
    return s;
  });

const phoneInput = z
  .string()
  .max(32)
  .transform((raw, ctx) => {
    if (raw.trim() === '') return '';
    if (!isPlausibleJapanesePhone(raw)) {
      ctx.addIssue({ code: 'custom', message: 'not a Japanese phone number' });
      return z.NEVER;
    }
    return phoneKey(raw);
  });

const emailInput = z
  .string()
  .max(254)
  .pipe(z.email({ message: 'not an e-mail address' }));

export const bookingNumberInput = z
  .string()
  .max(32)
  .transform((raw, ctx) => {
    if (!isValidBookingNumber(raw)) {
      ctx.addIssue({ code: 'custom', message: 'not a booking number' });
      return z.NEVER;
    }
    return normalizeBookingNumberInput(raw);
  })
  .meta({
    description: 'booking number, e.g. K7XH-3PRT (hyphen, case and full-width characters do not matter)',
  });

// ── requests ──────────────────────────────────────────────────────────────────────────────

/** The most days one slot query covers. */
export const maxSlotQueryDays = 92;
/** Days of slots when the query gives no end date. */
export const defaultSlotWindowDays = 30;
/** How far after today (Japan) a query may start: slots are planned weeks ahead, never years. */
export const maxSlotQueryAheadDays = 366;

/** venueId, and from / to (YYYY-MM-DD); the range is checked against today by slotQueryRange. */
export const slotsQuerySchema = z
  .object({
    venueId: idInput,
    from: isoDateInput.optional(),
    to: isoDateInput.optional(),
  })
  .strict();
export type SlotsQuery = z.output<typeof slotsQuerySchema>;

/**
 * The days a slot query covers: from `from` (not before today), to `to` or `defaultSlotWindowDays`
 * later, at most `maxSlotQueryDays` days, starting at most `maxSlotQueryAheadDays` after today. The
 * failing field otherwise (so an omitted `from` cannot widen the range, and no date near the end of
 * the calendar makes the end date overflow).
 */
export function slotQueryRange(
  query: Pick<SlotsQuery, 'from' | 'to'>,
  today: IsoDate,
): { ok: true; from: IsoDate; to: IsoDate } | { ok: false; issue: FieldIssue } {
  const { from: asked, to } = query;
  if (asked && to && asked > to)
    return { ok: false, issue: { path: 'to', message: 'from must not be after to' } };
  if (asked && daysBetween(today, asked) > maxSlotQueryAheadDays) {
    return {
      ok: false,
      issue: { path: 'from', message: `at most ${maxSlotQueryAheadDays} days after today` },
    };
  }
  const from = asked && asked > today ? asked : today;
  if (to && daysBetween(from, to) > maxSlotQueryDays) {
    const message = `at most ${maxSlotQueryDays} days at once${asked ? '' : ' (from is today when omitted)'}`;
    return { ok: false, issue: { path: 'to', message } };
  }
  return { ok: true, from, to: to ?? addDays(from, defaultSlotWindowDays) };
}

export const venuesQuerySchema = z
  .object({
    municipalityCode: z
      .string()
      .regex(/^[0-9]{6}$/, 'expected a 6-digit municipality code')
      .optional(),
  })
  .strict();

export const residentProofSchema = z
  .object({ ticketNumber: ticketNumberInput, birthDate: birthDateInput })
  .strict();
export type ResidentProof = z.output<typeof residentProofSchema>;

export const createBookingBodySchema = z
  .object({
    ticketNumber: ticketNumberInput,
    birthDate: birthDateInput,
    slotId: idInput,
    followUpSlotId: idInput.optional(),
    phone: phoneInput.optional(),
    email: emailInput.optional(),
  })
  .strict()
  .refine((b) => b.followUpSlotId === undefined || b.followUpSlotId !== b.slotId, {
    message: 'the follow-up slot must differ from the first slot',
    path: ['followUpSlotId'],
  });
export type CreateBookingBody = z.output<typeof createBookingBodySchema>;

export const idempotencyKeyHeader = 'idempotency-key';
export const createBookingHeadersSchema = z.looseObject({
  [idempotencyKeyHeader]: z
    .string({ message: 'the Idempotency-Key header is required' })
    .min(8, 'at least 8 characters')
    .max(128, 'at most 128 characters')
    .regex(/^[A-Za-z0-9._:-]+$/, 'letters, digits and . _ : - only'),
});

export const bookingNumberParamsSchema = z.object({ bookingNumber: bookingNumberInput }).strict();

// ── responses ─────────────────────────────────────────────────────────────────────────────

export const venueViewSchema = z
  .object({
    id: z.string(),
    municipalityCode: z.string(),
    name: z.string(),
    nameKana: z.string(),
    kind: z.enum(venueKinds),
    area: z.string(),
    address: z.string(),
    phone: z.string(),
  })
  .meta({ id: 'Venue' });
export type VenueView = z.infer<typeof venueViewSchema>;

export const venuesResponseSchema = z.object({ venues: z.array(venueViewSchema) });

/** GET /api/v1/public/municipalities: whose residents this hub's venues take, for the page's heading. */
export const municipalityViewSchema = z
  .object({
    code: z.string(),
    /** The name as the hub knows it; null when it knows only the code (a coupon list imported by code). */
    name: z.string().nullable(),
    /** The demo city (fictional, domain/demo-city): a front end labels everything デモ. */
    demo: z.boolean(),
  })
  .meta({ id: 'Municipality' });
export type MunicipalityView = z.infer<typeof municipalityViewSchema>;

export const municipalitiesResponseSchema = z.object({ municipalities: z.array(municipalityViewSchema) });

export const slotViewSchema = z
  .object({
    id: z.string(),
    venueId: z.string(),
    productId: z.string(),
    productName: z.string(),
    date: z.string(),
    startTime: z.string(),
    endTime: z.string(),
    /** Seats the online channel can still book. */
    remaining: z.number().int().min(0),
  })
  .meta({ id: 'Slot' });
export type SlotView = z.infer<typeof slotViewSchema>;

export const slotsResponseSchema = z.object({ slots: z.array(slotViewSchema) });

export const bookingViewSchema = z
  .object({
    id: z.string(),
    /** 8 characters, stored and sent without the hyphen; shown as 'K7XH-3PRW'. */
    bookingNumber: z.string(),
    /** How to read it aloud (for the phone): 'ケー・なな・エックス・エイチ、さん・ピー・アール・ダブリュー'. */
    bookingNumberReading: z.string(),
    slotId: z.string(),
    doseNumber: z.number().int(),
    status: z.enum(hubBookingStatuses),
    venueId: z.string(),
    venueName: z.string(),
    date: z.string(),
    startTime: z.string(),
    endTime: z.string(),
    productName: z.string(),
  })
  .meta({ id: 'Booking' });
export type BookingView = z.infer<typeof bookingViewSchema>;

export const bookingsResponseSchema = z.object({ bookings: z.array(bookingViewSchema) });
export type BookingsResponse = z.infer<typeof bookingsResponseSchema>;

/**
 * What the resident can book now, told right after the lookup so that a front end says at once,
 * with one reason, when nothing can be booked (domain/booking-rules/caller-eligibility.ts, the
 * phone desk's rule, plus whether a venue here takes the ticket's municipality).
 */
export const residentEligibilitySchema = z
  .object({
    /**
     * 'bookable', or the one reason nothing can be booked, in precedence order: coupon_void,
     * moved_out, other_municipality (no venue here takes the ticket's municipality), series_complete,
     * all_booked (every dose left is booked; change or cancel instead), window_passed (the next dose's
     * interval window ended), previous_dose_missing.
     */
    status: z.enum(callerEligibilityStatuses),
    /** The dose a booking would be for; null unless bookable. */
    nextDose: z.number().int().nullable(),
    /** The days (inclusive) the next dose may be given on, when an earlier dose sets them; else null. */
    window: z.object({ from: z.string(), to: z.string() }).nullable(),
  })
  .meta({ id: 'ResidentEligibility' });
export type ResidentEligibility = z.infer<typeof residentEligibilitySchema>;

export const lookupResponseSchema = z.object({
  bookings: z.array(bookingViewSchema),
  eligibility: residentEligibilitySchema,
});
export type LookupResponse = z.infer<typeof lookupResponseSchema>;

/** POST /api/v1/public/bookings/plan: what booking this slot would be, before confirming it. */
export const bookingPlanBodySchema = z
  .object({ ticketNumber: ticketNumberInput, birthDate: birthDateInput, slotId: idInput })
  .strict();
export type BookingPlanBody = z.output<typeof bookingPlanBodySchema>;

export const bookingPlanSchema = z
  .object({
    /** The dose the slot would be booked for. */
    doseNumber: z.number().int(),
    dosesInSeries: z.number().int(),
    /**
     * The next dose of the series, to book in the same request (followUpSlotId): null when this
     * dose completes the series. `proposed` is the same venue and time on the first day the
     * interval allows if it has a seat, else the nearest bookable slot; null when no slot in the
     * window has a seat.
     */
    followUp: z
      .object({
        doseNumber: z.number().int(),
        window: z.object({ from: z.string(), to: z.string() }),
        proposed: slotViewSchema.nullable(),
        alternatives: z.array(slotViewSchema),
      })
      .nullable(),
  })
  .meta({ id: 'BookingPlan' });
export type BookingPlan = z.infer<typeof bookingPlanSchema>;

export const healthResponseSchema = z.object({
  status: z.literal('ok'),
  engine: z.enum(['postgres', 'pglite']),
  schemaVersion: z.number().int(),
  lastSeq: z.number().int(),
});
