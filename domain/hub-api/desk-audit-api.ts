/**
 * The desks' audit chains on the hub (issue 11): each desktop sends its audit entries, in chain order
 * with their hashes (domain/audit-chain.ts), in its sync round after the push. The hub recomputes
 * every link before it keeps an entry, so what it holds per device is always a verifiable chain from
 * position 1; `hub audit-verify` checks it again. Ids only: no resident's data is in an entry.
 */
import { z } from 'zod';
import { auditHashPattern } from '../audit-chain.ts';

export const maxDeskAuditEntriesPerRequest = 500;

const hashInput = z.string().regex(auditHashPattern, '64 lowercase hex digits');
const word = z.string().min(1).max(100);

export const deskAuditEntrySchema = z
  .object({
    chainSeq: z.number().int().min(1),
    at: z.iso.datetime(),
    staffId: z.string().max(100).nullable(),
    action: word,
    entity: word,
    entityIds: z.array(z.string().max(100)).max(10_000),
    detail: z.record(z.string(), z.unknown()),
    prevHash: hashInput,
    entryHash: hashInput,
  })
  .strict()
  .meta({ id: 'DeskAuditEntry' });
export type DeskAuditEntry = z.infer<typeof deskAuditEntrySchema>;

/** POST /api/v1/sync/audit-entries: the entries after those the hub holds, in chain order. */
export const deskAuditPushBodySchema = z
  .object({ entries: z.array(deskAuditEntrySchema).min(1).max(maxDeskAuditEntriesPerRequest) })
  .strict();
export type DeskAuditPushBody = z.infer<typeof deskAuditPushBodySchema>;

/**
 * How much of this device's chain the hub now holds (0 and 64 zeros: nothing yet). Entries that do not
 * continue it (a gap) are not kept; the desk sends again from `heldThrough + 1`.
 */
export const deskAuditPushResponseSchema = z.object({
  heldThrough: z.number().int().min(0),
  heldHash: z.string(),
});
export type DeskAuditPushResponse = z.infer<typeof deskAuditPushResponseSchema>;
