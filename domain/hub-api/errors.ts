/**
 * Errors of the hub's HTTP API: `{"error":{"code","message"}}`, with the failing fields for
 * VALIDATION and the reasons for NOT_ELIGIBLE. Messages are plain English for logs and developers;
 * front ends translate by code. No message ever contains a resident's personal data.
 */
import { z } from 'zod';
import { ineligibilityReasons } from '../booking-rules/eligibility.ts';

export const hubErrorStatus = {
  VALIDATION: 422,
  NOT_VERIFIED: 401,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  /** The password is right but was set by an admin (a new account, a reset): set a new one (POST /api/v1/sync/password). */
  PASSWORD_CHANGE_REQUIRED: 403,
  RESNAPSHOT: 410,
  PROTOCOL_MISMATCH: 426,
  NOT_FOUND: 404,
  LOCKED: 423,
  SLOT_FULL: 409,
  /** The slot has started (or its day is past): too late to book, hold or move into it (a walk-in excepted). */
  SLOT_STARTED: 409,
  ALREADY_BOOKED: 409,
  NOT_ELIGIBLE: 409,
  IDEMPOTENCY_CONFLICT: 409,
  NOT_CANCELLABLE: 409,
  /** The booking's status does not allow this change (a move of a checked-in booking, a mark the venue cannot set). */
  NOT_CHANGEABLE: 409,
  /** A manager's capacity cut below the seats already booked or held (`belowBooked` names the bookings). */
  CAPACITY_BELOW_BOOKED: 409,
  /** Generated slots would meet existing slots of the venue (`overlaps` lists them). */
  OVERLAP: 409,
  /** A desk's audit entry does not match the chain the hub holds for that device (a link that fails, or a rewritten entry). */
  AUDIT_CHAIN_BROKEN: 409,
  /** The hold has expired, was released or turned into a booking (or belongs to another desktop). */
  HOLD_EXPIRED: 410,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
} as const;

export type HubErrorCode = keyof typeof hubErrorStatus;
export const hubErrorCodes = Object.keys(hubErrorStatus) as HubErrorCode[];

export const fieldIssueSchema = z.object({
  /** Dotted path of the failing field ('birthDate', 'Idempotency-Key', 'body'). */
  path: z.string(),
  message: z.string(),
});
export type FieldIssue = z.infer<typeof fieldIssueSchema>;

export const reasonSchema = z.object({
  code: z.enum(ineligibilityReasons),
  message: z.string(),
});

/** A slot a capacity cut is refused for, in CAPACITY_BELOW_BOOKED answers (`error.belowBooked`). */
export const belowBookedSchema = z
  .object({
    slotId: z.string(),
    /** Seats booked and held. */
    seatsTaken: z.number().int(),
    /** Of those, seats held by operators on the phone (they end within minutes). */
    held: z.number().int(),
    /** The bookings that hold seats of the slot. */
    bookingIds: z.array(z.string()),
  })
  .meta({ id: 'BelowBooked' });
export type BelowBooked = z.infer<typeof belowBookedSchema>;

export const slotOverlapSchema = z
  .object({
    date: z.string(),
    startTime: z.string(),
    endTime: z.string(),
    existingSlotId: z.string(),
    existingStartTime: z.string(),
    existingEndTime: z.string(),
  })
  .meta({ id: 'SlotOverlap' });
export type SlotOverlapView = z.infer<typeof slotOverlapSchema>;

export const hubErrorBodySchema = z
  .object({
    error: z.object({
      code: z.enum(hubErrorCodes as [HubErrorCode, ...HubErrorCode[]]),
      message: z.string(),
      fields: z.array(fieldIssueSchema).optional(),
      reasons: z.array(reasonSchema).optional(),
      /** CAPACITY_BELOW_BOOKED: each slot in the way, with its bookings. */
      belowBooked: z.array(belowBookedSchema).optional(),
      /** OVERLAP: each new slot that meets an existing one. */
      overlaps: z.array(slotOverlapSchema).optional(),
    }),
  })
  .meta({ id: 'Error' });
export type HubErrorBody = z.infer<typeof hubErrorBodySchema>;
