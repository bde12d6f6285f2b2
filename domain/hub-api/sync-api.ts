/**
 * The staff sync API between a desktop and the hub (DESIGN.md "Sync protocol"): device + staff
 * login, a paged snapshot at a sequence number, pulls of the change log since a cursor, and pushes
 * of local mutations with a result per mutation. Every request carries the protocol version in
 * the X-Hub-Protocol header; the desktop's sync engine and the hub share these schemas.
 */
import { z } from 'zod';
import { ineligibilityReasons } from '../booking-rules/eligibility.ts';
import { staffRoles } from '../staff-roles.ts';
import { type HubErrorCode, hubErrorCodes } from './errors.ts';
import { idInput } from './public-api.ts';

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

export const syncEntities = [
  'municipality',
  'vaccine_product',
  'venue',
  'slot',
  'coupon',
  'coupon_dose',
  'booking',
  'hold',
] as const;
export type SyncEntity = (typeof syncEntities)[number];

export const snapshotQuerySchema = z
  .object({
    cursor: z.string().max(512).optional(),
    limit: z.coerce.number().int().min(1).max(10_000).optional(),
  })
  .strict();

const snapshotRowSchema = z.object({ entity: z.enum(syncEntities), id: z.string(), payload: z.unknown() });

export const snapshotPageSchema = z.object({
  /** Apply these rows, then pull changes since this sequence number. */
  snapshotSeq: z.number().int(),
  rows: z.array(snapshotRowSchema),
  /** Pass as `cursor` for the next page; null after the last page. */
  next: z.string().nullable(),
});
export type SnapshotPage = z.infer<typeof snapshotPageSchema>;

export const changesQuerySchema = z
  .object({
    since: z.coerce.number().int().min(0),
    limit: z.coerce.number().int().min(1).max(5000).optional(),
  })
  .strict();

export const changeSchema = z.object({
  seq: z.number().int(),
  entity: z.enum(syncEntities),
  id: z.string(),
  op: z.enum(['upsert', 'delete']),
  payload: z.unknown(),
});

export const changesPageSchema = z.object({
  changes: z.array(changeSchema),
  /** The cursor after these changes (the `since` to send next). */
  cursor: z.number().int(),
  /** The newest sequence number on the hub. */
  headSeq: z.number().int(),
  hasMore: z.boolean(),
});
export type ChangesPage = z.infer<typeof changesPageSchema>;

const bookMutationSchema = z
  .object({
    mutationId: z.uuid(),
    kind: z.literal('book'),
    payload: z
      .object({
        couponId: idInput,
        slotId: idInput,
        doseNumber: z.number().int().min(1).max(10),
        channel: z.enum(['phone', 'walk_in']),
        followUpSlotId: idInput.optional(),
        contactPhone: z.string().max(32).optional(),
        notes: z.string().max(500).optional(),
      })
      .strict(),
  })
  .strict();

const cancelMutationSchema = z
  .object({
    mutationId: z.uuid(),
    kind: z.literal('cancel'),
    payload: z.object({ bookingId: z.uuid() }).strict(),
  })
  .strict();

export const mutationSchema = z.discriminatedUnion('kind', [bookMutationSchema, cancelMutationSchema]);
export type Mutation = z.infer<typeof mutationSchema>;

export const maxMutationsPerPush = 100;
export const pushBodySchema = z
  .object({ mutations: z.array(mutationSchema).min(1).max(maxMutationsPerPush) })
  .strict();
export type PushBody = z.infer<typeof pushBodySchema>;

export const mutationResultSchema = z.discriminatedUnion('status', [
  z.object({
    mutationId: z.string(),
    status: z.literal('ok'),
    /** The booking records written (as in the change log). */
    bookings: z.array(z.unknown()),
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
export type MutationResult = z.infer<typeof mutationResultSchema>;

export const pushResponseSchema = z.object({ results: z.array(mutationResultSchema) });
