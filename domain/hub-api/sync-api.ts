/**
 * The staff sync API between a desktop and the hub (docs/architecture.md, "Sync protocol"): device +
 * staff login, a paged snapshot at a sequence number, pulls of the change log since a cursor, and pushes
 * of local mutations with a result per mutation, live pokes (SSE), seat holds for operators on the
 * phone, and managers' changes of slots and venues. Every request carries the protocol version in
 * the X-Hub-Protocol header; the desktop's sync engine and the hub share these schemas.
 */
import { z } from 'zod';
import { cancelReasons } from '../api/methods/phone-desk.ts';
import { bookingNotesInput, contactPhoneInput, doseNumberInput } from '../booking-rules/booking-fields.ts';
import { maxReserveReleaseDays, maxReserveReleaseHours } from '../booking-rules/capacity.ts';
import { ineligibilityReasons } from '../booking-rules/eligibility.ts';
import { isValidMunicipalityCode } from '../municipality-code.ts';
import { type SyncEntity, slotStatuses, staffRoles, syncEntities, venueKinds } from '../vocabulary/terms.ts';
import { type HubErrorCode, hubErrorCodes } from './errors.ts';
import { bookingNumberInput, idInput } from './public-api.ts';
import {
  holdRecordSchema,
  hubBookingRecordSchema,
  hubRecordSchemas,
  hubSlotRecordSchema,
  hubTombstoneSchema,
  hubVenueRecordSchema,
} from './records.ts';

export const syncProtocolVersion = 1;
export const protocolHeader = 'x-hub-protocol';

export const syncHeadersSchema = z.looseObject({
  [protocolHeader]: z.string({ message: `the ${protocolHeader} header is required` }).regex(/^[0-9]{1,4}$/),
});

export const loginBodySchema = z
  .object({
    deviceId: z.uuid(),
    deviceSecret: z.string().min(16).max(200),
    login: z.string().min(1).max(64),
    password: z.string().min(1).max(200),
  })
  .strict();
export type LoginBody = z.infer<typeof loginBodySchema>;

export const loginResponseSchema = z.object({
  token: z.string(),
  expiresAt: z.string(),
  staff: z.object({ id: z.string(), displayName: z.string(), role: z.enum(staffRoles) }),
  /** The municipality this device syncs (null: every municipality on the hub). */
  municipalityCode: z.string().nullable(),
});
export type LoginResponse = z.infer<typeof loginResponseSchema>;

export { type SyncEntity, syncEntities } from '../vocabulary/terms.ts';

export const snapshotQuerySchema = z
  .object({
    cursor: z.string().max(512).optional(),
    limit: z.coerce.number().int().min(1).max(10_000).optional(),
  })
  .strict();

/**
 * Rows of the snapshot and the change log carry their entity's record (records.ts) as the payload, a
 * delete (a tombstone) carries null. The typed page schemas below document the API and check the
 * hub's answers in tests; a desktop reads a page's envelope only (the *Envelope schemas) and parses
 * every payload on its own (db/queries/sync-apply.ts), so a row it cannot read is set aside and the
 * rest of the page is applied.
 */
const recordRow = <E extends SyncEntity>(entity: E) =>
  z.object({ entity: z.literal(entity), id: z.string(), payload: hubRecordSchemas[entity] });
const recordRows = syncEntities.map(recordRow) as unknown as [
  ReturnType<typeof recordRow>,
  ...ReturnType<typeof recordRow>[],
];
/**
 * A payload as a page carries it, parsed per row against hubRecordSchemas by its reader. The page came
 * out of JSON.parse, so it is JSON already: z.json() would walk every payload once more, at about four
 * times the cost of the row's own parse (measured on a 5,000-row page), for nothing.
 */
const payloadToParse = z.custom<z.core.util.JSONType>((value) => value !== undefined, 'no payload');
/** An entity as a page names it: one this desktop does not know sets its row aside, not the page. */
const entityToParse = z.string();

const snapshotPageOf = <Row extends z.ZodType>(row: Row) =>
  z.object({
    /** Apply these rows, then pull changes since this sequence number. */
    snapshotSeq: z.number().int(),
    rows: z.array(row),
    /** Pass as `cursor` for the next page; null after the last page. */
    next: z.string().nullable(),
    /**
     * About how many rows the whole snapshot has (counted when it began; rows changing meanwhile make
     * it approximate), for a progress bar. Absent from hubs older than this field.
     */
    totalRows: z.number().int().min(0).optional(),
  });

export const snapshotPageSchema = snapshotPageOf(z.discriminatedUnion('entity', recordRows));
export const snapshotPageEnvelopeSchema = snapshotPageOf(
  z.object({ entity: entityToParse, id: z.string(), payload: payloadToParse }),
);
export type SnapshotPage = z.infer<typeof snapshotPageEnvelopeSchema>;
/** A page as the hub sends it. */
export type HubSnapshotPage = z.infer<typeof snapshotPageSchema>;

export const changesQuerySchema = z
  .object({
    since: z.coerce.number().int().min(0),
    limit: z.coerce.number().int().min(1).max(5000).optional(),
  })
  .strict();

const seq = z.object({ seq: z.number().int() });
const upsertChange = <E extends SyncEntity>(entity: E) =>
  recordRow(entity).extend({ seq: z.number().int(), op: z.literal('upsert') });
const upsertChangeSchema = z.discriminatedUnion(
  'entity',
  syncEntities.map(upsertChange) as unknown as [
    ReturnType<typeof upsertChange>,
    ...ReturnType<typeof upsertChange>[],
  ],
);
const tombstoneSchema = hubTombstoneSchema.extend(seq.shape);

const changesPageOf = <Change extends z.ZodType>(change: Change) =>
  z.object({
    changes: z.array(change),
    /** The cursor after these changes (the `since` to send next). */
    cursor: z.number().int(),
    /** The newest sequence number on the hub. */
    headSeq: z.number().int(),
    hasMore: z.boolean(),
  });

export const changesPageSchema = changesPageOf(z.union([upsertChangeSchema, tombstoneSchema]));
export const changesPageEnvelopeSchema = changesPageOf(
  seq.extend({
    entity: entityToParse,
    id: z.string(),
    op: z.enum(['upsert', 'delete']),
    payload: payloadToParse.nullable(),
  }),
);
export type ChangesPage = z.infer<typeof changesPageEnvelopeSchema>;
/** A page as the hub sends it. */
export type HubChangesPage = z.infer<typeof changesPageSchema>;

const bookMutationSchema = z
  .object({
    mutationId: z.uuid(),
    kind: z.literal('book'),
    payload: z
      .object({
        couponId: idInput,
        slotId: idInput,
        doseNumber: doseNumberInput,
        channel: z.enum(['phone', 'walk_in']),
        followUpSlotId: idInput.optional(),
        /**
         * The desktop's own id and booking number for the booking (the number it read to the caller).
         * The hub keeps both; only when another booking already has the number does it draw a new one
         * (answered in `renumbered`). Without them the hub makes its own.
         */
        bookingId: z.uuid().optional(),
        bookingNumber: bookingNumberInput.optional(),
        /** The same for the follow-up dose (with followUpSlotId). */
        followUpBookingId: z.uuid().optional(),
        followUpBookingNumber: bookingNumberInput.optional(),
        /** A hold of this desktop on slotId: the booking takes the held seat instead of a second one. */
        holdId: z.uuid().optional(),
        contactPhone: contactPhoneInput.optional(),
        notes: bookingNotesInput.optional(),
      })
      .strict()
      .refine(
        (p) =>
          p.followUpSlotId !== undefined ||
          (p.followUpBookingId === undefined && p.followUpBookingNumber === undefined),
        { message: 'the follow-up id and number come with followUpSlotId', path: ['followUpSlotId'] },
      )
      .refine((p) => p.followUpBookingId === undefined || p.followUpBookingId !== p.bookingId, {
        message: 'the two bookings need two ids',
        path: ['followUpBookingId'],
      }),
  })
  .strict();

const cancelMutationSchema = z
  .object({
    mutationId: z.uuid(),
    kind: z.literal('cancel'),
    /** `reason`: why, as the desk recorded it; kept in the booking's history. */
    payload: z.object({ bookingId: z.uuid(), reason: z.enum(cancelReasons).optional() }).strict(),
  })
  .strict();

/**
 * A booking to another slot, atomically: the new seat (phone channel; the call-center reserve may be
 * used) is taken and the old one given back in one transaction, or nothing changes. The booking keeps
 * its id and number. `holdId`: a hold of this desktop on toSlotId, whose seat the booking takes over.
 */
const moveMutationSchema = z
  .object({
    mutationId: z.uuid(),
    kind: z.literal('move'),
    payload: z.object({ bookingId: z.uuid(), toSlotId: idInput, holdId: z.uuid().optional() }).strict(),
  })
  .strict();

/** The statuses the venue sets (`confirmed`: a mark undone). */
export const markStatuses = ['confirmed', 'checked_in', 'vaccinated', 'no_show'] as const;
export type MarkStatus = (typeof markStatuses)[number];

/** The lot of the vaccine given, as the venue day takes it. */
export const vaccineLotInput = z
  .string()
  .min(1)
  .max(32)
  .regex(/^[0-9A-Za-z-]+$/u, 'letters, digits and hyphens');

/**
 * The venue's mark on a booking (checked in, vaccinated with the lot, no-show) or its undoing, as
 * domain/booking-status.ts attendanceChangeAllowed allows it. The lot goes with `vaccinated` only.
 */
const markMutationSchema = z
  .object({
    mutationId: z.uuid(),
    kind: z.literal('mark'),
    payload: z
      .object({ bookingId: z.uuid(), status: z.enum(markStatuses), vaccineLot: vaccineLotInput.optional() })
      .strict()
      .refine((p) => p.status === 'vaccinated' || p.vaccineLot === undefined, {
        message: 'a lot goes with a vaccinated mark only',
        path: ['vaccineLot'],
      }),
  })
  .strict();

export const mutationSchema = z.discriminatedUnion('kind', [
  bookMutationSchema,
  cancelMutationSchema,
  moveMutationSchema,
  markMutationSchema,
]);
export type Mutation = z.infer<typeof mutationSchema>;
export type MutationKind = Mutation['kind'];

export const maxMutationsPerPush = 100;
export const pushBodySchema = z
  .object({ mutations: z.array(mutationSchema).min(1).max(maxMutationsPerPush) })
  .strict();
export type PushBody = z.infer<typeof pushBodySchema>;

const mutationResultOf = <Booking extends z.ZodType>(booking: Booking) =>
  z.discriminatedUnion('status', [
    z.object({
      mutationId: z.string(),
      status: z.literal('ok'),
      /** The booking records written (as in the change log). */
      bookings: z.array(booking),
      /**
       * Bookings pushed with a booking number another booking already had: the hub gave them a new one
       * (the resident must be told).
       */
      renumbered: z
        .array(z.object({ bookingId: z.string(), requested: z.string(), bookingNumber: z.string() }))
        .optional(),
    }),
    z.object({
      mutationId: z.string(),
      status: z.literal('rejected'),
      code: z.enum(hubErrorCodes as [HubErrorCode, ...HubErrorCode[]]),
      message: z.string(),
      reasons: z.array(z.enum(ineligibilityReasons)).optional(),
    }),
    z.object({ mutationId: z.string(), status: z.literal('retry'), message: z.string() }),
  ]);

export const mutationResultSchema = mutationResultOf(hubBookingRecordSchema);
export type MutationResult = z.infer<typeof mutationResultSchema>;
/** A result as a desktop reads it: each booking record is parsed on its own, like a page's rows. */
export const receivedMutationResultSchema = mutationResultOf(payloadToParse);
export type ReceivedMutationResult = z.infer<typeof receivedMutationResultSchema>;

export const pushResponseSchema = z.object({ results: z.array(mutationResultSchema) });
export const receivedPushResponseSchema = z.object({ results: z.array(receivedMutationResultSchema) });

// ── live pokes (SSE) ──────────────────────────────────────────────────────────────────────

/**
 * GET /api/v1/sync/events (X-Hub-Protocol and Authorization like every sync request) answers
 * `text/event-stream`. Right after connecting and whenever the change log grows it sends
 *
 *     event: poke
 *     data: {"seq":123}
 *
 * (seq = the newest sequence number; pull `changes?since=<your cursor>` when it is above your
 * cursor; bursts are coalesced). Every `heartbeatSeconds` it sends `event: heartbeat` with
 * `data: {}`; no heartbeat for two intervals means the stream is dead: reconnect, and poll with
 * back-off meanwhile. The stream ends when the session expires or the hub shuts down.
 */
export const syncEventsPath = '/api/v1/sync/events';
export const syncHeartbeatSeconds = 15;
export const pokeEventSchema = z.object({ seq: z.number().int().min(0) }).meta({ id: 'PokeEvent' });
export type PokeEvent = z.infer<typeof pokeEventSchema>;

// ── holds ─────────────────────────────────────────────────────────────────────────────────

/** POST /api/v1/sync/holds: idempotent by holdId (a retry answers the same hold, never a second seat). */
export const createHoldBodySchema = z.object({ holdId: z.uuid(), slotId: idInput }).strict();
export type CreateHoldBody = z.infer<typeof createHoldBodySchema>;

export const holdParamsSchema = z.object({ holdId: z.uuid() }).strict();

/** Answer of create and extend. */
export const holdResponseSchema = z.object({ hold: holdRecordSchema });
export type HoldResponse = z.infer<typeof holdResponseSchema>;

/** POST /api/v1/sync/holds/{holdId}/release: released false when it had already ended. */
export const releaseHoldResponseSchema = z.object({ released: z.boolean() });
export type ReleaseHoldResponse = z.infer<typeof releaseHoldResponseSchema>;

// ── managers' changes ─────────────────────────────────────────────────────────────────────

export const municipalityCodeInput = z
  .string()
  .refine(isValidMunicipalityCode, 'not a valid 6-digit municipality code (check digit included)');

export const slotParamsSchema = z.object({ slotId: idInput }).strict();
export const venueParamsSchema = z.object({ venueId: idInput }).strict();

/**
 * PATCH /api/v1/sync/slots/{slotId} (managers): the fields to change. A capacity below the seats
 * booked and held answers CAPACITY_BELOW_BOOKED; when only the capacity is given and it is below
 * the reserve, the reserve comes down with it.
 */
export const slotChangeBodySchema = z
  .object({
    capacity: z.number().int().min(0).max(10_000).optional(),
    callCenterReserve: z.number().int().min(0).max(10_000).optional(),
    /** Days before the slot when the reserve opens to the online channel (replaces an hours rule). */
    reserveReleaseDays: z.number().int().min(0).max(maxReserveReleaseDays).optional(),
    /** Hours before the slot starts when the reserve opens; null: back to the days rule. */
    reserveReleaseHours: z.number().int().min(0).max(maxReserveReleaseHours).nullable().optional(),
    status: z.enum(slotStatuses).optional(),
  })
  .strict()
  .refine((b) => b.reserveReleaseDays === undefined || b.reserveReleaseHours === undefined, {
    message: 'give the release in days or in hours, not both',
    path: ['reserveReleaseHours'],
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), {
    message: 'name at least one field to change',
  })
  .refine(
    (b) => b.capacity === undefined || b.callCenterReserve === undefined || b.callCenterReserve <= b.capacity,
    {
      message: 'the call-center reserve cannot be larger than the capacity',
      path: ['callCenterReserve'],
    },
  );
export type SlotChangeBody = z.infer<typeof slotChangeBodySchema>;

export const slotChangeResponseSchema = z.object({ slot: hubSlotRecordSchema });

const venueText = (max: number) =>
  z
    .string()
    .max(max)
    .transform((s) => s.normalize('NFKC').trim());

/**
 * PATCH /api/v1/sync/venues/{venueId} (managers): the fields to change; `active: false` closes the
 * venue (it leaves the public list; its slots and bookings stay, see slot cancellations).
 */
export const venueChangeBodySchema = z
  .object({
    name: venueText(100).pipe(z.string().min(1, 'required')).optional(),
    nameKana: venueText(100).optional(),
    kind: z.enum(venueKinds).optional(),
    area: venueText(100).optional(),
    address: venueText(200).pipe(z.string().min(1, 'required')).optional(),
    phone: venueText(32).optional(),
    active: z.boolean().optional(),
    accessNotes: venueText(500).optional(),
    /** The products offered (replaces the list; a retired product cannot be added). */
    productIds: z.array(idInput).max(20).optional(),
    /** Whose coupons the venue takes (replaces the list). */
    acceptedMunicipalityCodes: z.array(municipalityCodeInput).min(1).max(100).optional(),
    outOfAreaByException: z.boolean().optional(),
  })
  .strict()
  .refine((b) => Object.values(b).some((v) => v !== undefined), {
    message: 'name at least one field to change',
  });
export type VenueChangeBody = z.output<typeof venueChangeBodySchema>;

export const venueChangeResponseSchema = z.object({ venue: hubVenueRecordSchema });
