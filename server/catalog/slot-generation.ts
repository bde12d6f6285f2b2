/**
 * Slot generation on the hub (POST /api/v1/sync/venues/{venueId}/slot-generation[/preview]): the
 * domain plan (supply/slot-generation.ts) against the venue's slots as they are. The preview is a dry
 * run; the apply runs in one transaction under the venue's row lock, so two generations of one venue
 * run one after the other and the second finds the first one's slots already there: generating twice
 * adds nothing. An overlap with an existing slot refuses the whole apply (OVERLAP) and changes nothing.
 */

import { randomUUID } from 'node:crypto';
import { todayIn } from '../../domain/calendar.ts';
import {
  type SlotGenerationBody,
  type SlotGenerationPreview,
  type SlotGenerationResult,
  slotGenerationBodyIssues,
  slotGenerationRequestOf,
} from '../../domain/hub-api/manager-api.ts';
import {
  type ExistingSlot,
  maxGeneratedSlots,
  planSlotGeneration,
  type SlotGenerationPlan,
} from '../../domain/supply/slot-generation.ts';
import { japanTimeZone } from '../../domain/vocabulary/terms.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { HubError } from '../hub-error.ts';
import type { SqlExecutor } from '../store/hub-sql.ts';
import { runHubTransaction } from '../store/hub-transaction.ts';
import { type SlotRow, slotRecordOf, type VenueRow } from '../store/records.ts';
import type { SyncSession } from '../sync/device-sessions.ts';
import { managerRoles, requireRole } from '../sync/session-roles.ts';
import { upsertSlots } from './catalog-writes.ts';
import type { ManagerChangeDeps } from './manager-changes.ts';

/** Checks the request and the venue and product, then plans against the venue's slots. */
async function planFor(
  sql: SqlExecutor,
  session: SyncSession,
  venueId: string,
  body: SlotGenerationBody,
  now: Date,
  lock: boolean,
): Promise<SlotGenerationPlan> {
  const issues = slotGenerationBodyIssues(body, todayIn(japanTimeZone, now));
  if (issues.length > 0)
    throw new HubError('VALIDATION', 'Some fields are missing or invalid.', { fields: issues });
  const [venue] = await sql.query<VenueRow>(
    `SELECT * FROM venues WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
    [venueId],
  );
  if (!venue || (session.municipalityCode && venue.municipality_code !== session.municipalityCode)) {
    throw new HubError('NOT_FOUND', 'No such venue.');
  }
  if (!venue.active) {
    throw new HubError('VALIDATION', 'The venue is closed; open it again before generating slots.', {
      fields: [{ path: 'venueId', message: 'closed venue' }],
    });
  }
  const [product] = await sql.query<{ active: boolean }>(
    'SELECT active FROM vaccine_products WHERE id = $1',
    [body.productId],
  );
  const productProblem = !product
    ? 'unknown product'
    : !product.active
      ? 'retired product'
      : !venue.product_ids.includes(body.productId)
        ? 'not offered by this venue'
        : null;
  if (productProblem) {
    throw new HubError('VALIDATION', 'Slots cannot be generated for this product here.', {
      fields: [{ path: 'productId', message: productProblem }],
    });
  }
  const existing = await sql.query<{
    id: string;
    date: string;
    start_time: string;
    end_time: string;
    product_id: string;
  }>(
    `SELECT id, date, start_time, end_time, product_id FROM slots
      WHERE venue_id = $1 AND date BETWEEN $2::date AND $3::date ORDER BY date, start_time, id`,
    [venueId, body.from, body.to],
  );
  const plan = planSlotGeneration(
    slotGenerationRequestOf(body),
    existing.map(
      (s): ExistingSlot => ({
        id: s.id,
        date: s.date,
        startTime: s.start_time,
        endTime: s.end_time,
        productId: s.product_id,
      }),
    ),
    body.productId,
  );
  if (plan.slots.length > maxGeneratedSlots) {
    throw new HubError('VALIDATION', 'That would make too many slots at once.', {
      fields: [
        {
          path: 'to',
          message: `at most ${maxGeneratedSlots} slots in one generation (${plan.slots.length} asked)`,
        },
      ],
    });
  }
  return plan;
}

function previewOf(plan: SlotGenerationPlan): SlotGenerationPreview {
  return {
    slots: plan.slots,
    existing: plan.existing.map((e) => ({
      date: e.slot.date,
      startTime: e.slot.startTime,
      existingSlotId: e.existingId,
    })),
    skipped: plan.skipped,
    overlaps: plan.overlaps.map((o) => ({
      date: o.slot.date,
      startTime: o.slot.startTime,
      endTime: o.slot.endTime,
      existingSlotId: o.existing.id,
      existingStartTime: o.existing.startTime,
      existingEndTime: o.existing.endTime,
    })),
  };
}

export async function previewSlotGeneration(
  deps: ManagerChangeDeps,
  session: SyncSession,
  venueId: string,
  body: SlotGenerationBody,
): Promise<SlotGenerationPreview> {
  requireRole(session, managerRoles);
  return previewOf(await planFor(deps.sql, session, venueId, body, deps.clock(), false));
}

export async function applySlotGeneration(
  deps: ManagerChangeDeps,
  session: SyncSession,
  venueId: string,
  body: SlotGenerationBody,
): Promise<SlotGenerationResult> {
  requireRole(session, managerRoles);
  const { result } = await runHubTransaction(deps.sql, deps.clock(), async (tx) => {
    const plan = await planFor(tx, session, venueId, body, tx.now, true);
    if (plan.overlaps.length > 0) {
      throw new HubError(
        'OVERLAP',
        `${plan.overlaps.length} new slot(s) would meet existing slots of the venue; nothing was generated.`,
        { overlaps: previewOf(plan).overlaps },
      );
    }
    const ids = plan.slots.map(() => randomUUID());
    await upsertSlots(
      tx,
      plan.slots.map((slot, i) => ({
        id: ids[i]!,
        venueId,
        productId: body.productId,
        date: slot.date,
        startTime: slot.startTime,
        endTime: slot.endTime,
        capacity: slot.capacity,
        callCenterReserve: slot.callCenterReserve,
        reserveReleaseDays: slot.reserveReleaseDays,
        reserveReleaseHours: slot.reserveReleaseHours,
        status: 'open',
      })),
    );
    const created = await tx.query<SlotRow>(
      'SELECT * FROM slots WHERE id = ANY($1::text[]) ORDER BY date, start_time, id',
      [ids],
    );
    const [venue] = await tx.query<{ municipality_code: string }>(
      'SELECT municipality_code FROM venues WHERE id = $1',
      [venueId],
    );
    if (created.length > 0) {
      await appendAudit(tx, session, {
        action: 'slots.generate',
        entity: 'venue',
        entityId: venueId,
        municipalityCode: venue!.municipality_code,
        before: {},
        after: {
          productId: body.productId,
          from: body.from,
          to: body.to,
          slotsCreated: created.length,
          skippedDays: plan.skipped.map((d) => d.date),
        },
      });
    }
    return { created: created.map(slotRecordOf), existing: plan.existing.length, skipped: plan.skipped };
  });
  return result;
}
