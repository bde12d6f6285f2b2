/**
 * Vaccine products defined by managers (POST/PATCH /api/v1/sync/products, …/retire): name, maker,
 * doses in the series, the interval window, the minimum age and the day it is checked on. Products
 * are shared by every municipality of the hub (change log without municipality). Retiring keeps the
 * product's slots and bookings as they are; no new slot is generated for a retired product and a venue
 * cannot start offering it. Each change: one transaction, its change-log row, an audit entry.
 */
import { randomUUID } from 'node:crypto';
import type { CreateProductBody, ProductChangeBody } from '../../domain/hub-api/manager-api.ts';
import { appendAudit, changedFields } from '../audit/audit-log.ts';
import { HubError } from '../hub-error.ts';
import { type HubTx, runHubTransaction } from '../store/hub-transaction.ts';
import { type HubProductRecord, type ProductRow, productRecordOf } from '../store/records.ts';
import type { SyncSession } from '../sync/device-sessions.ts';
import { managerRoles, requireRole } from '../sync/session-roles.ts';
import { upsertProducts } from './catalog-writes.ts';
import { definedOnly, type ManagerChangeDeps } from './manager-changes.ts';

const productShape = (p: HubProductRecord) => ({
  name: p.name,
  manufacturer: p.manufacturer,
  dosesInSeries: p.dosesInSeries,
  intervalMinDays: p.intervalMinDays,
  intervalMaxDays: p.intervalMaxDays,
  minAgeYears: p.minAgeYears,
  ageReferenceDate: p.ageReferenceDate,
  active: p.active,
});
type ProductShape = ReturnType<typeof productShape>;

async function writeProduct(tx: HubTx, id: string, p: ProductShape): Promise<ProductRow | undefined> {
  const [row] = await upsertProducts(tx, [{ id, ...p }]);
  return row;
}

export async function createProduct(
  deps: ManagerChangeDeps,
  session: SyncSession,
  body: CreateProductBody,
): Promise<HubProductRecord> {
  requireRole(session, managerRoles);
  const shape: ProductShape = { ...body, ageReferenceDate: body.ageReferenceDate ?? null, active: true };
  const { result } = await runHubTransaction(deps.sql, deps.clock(), async (tx) => {
    const row = await writeProduct(tx, randomUUID(), shape);
    const product = productRecordOf(row!);
    await appendAudit(tx, session, {
      action: 'product.create',
      entity: 'vaccine_product',
      entityId: product.id,
      municipalityCode: null,
      before: {},
      after: productShape(product),
    });
    return product;
  });
  return result;
}

async function changeProductRow(
  deps: ManagerChangeDeps,
  session: SyncSession,
  productId: string,
  action: string,
  change: (before: ProductShape) => ProductShape,
): Promise<HubProductRecord> {
  requireRole(session, managerRoles);
  const { result } = await runHubTransaction(deps.sql, deps.clock(), async (tx) => {
    const [row] = await tx.query<ProductRow>('SELECT * FROM vaccine_products WHERE id = $1 FOR UPDATE', [
      productId,
    ]);
    if (!row) throw new HubError('NOT_FOUND', 'No such vaccine product.');
    const before = productRecordOf(row);
    const next = change(productShape(before));
    if (next.intervalMinDays > next.intervalMaxDays) {
      throw new HubError('VALIDATION', 'The interval window is the wrong way round.', {
        fields: [
          { path: 'intervalMaxDays', message: `at least the shortest interval (${next.intervalMinDays})` },
        ],
      });
    }
    const updated = await writeProduct(tx, productId, next);
    if (!updated) return before;
    const after = productRecordOf(updated);
    await appendAudit(tx, session, {
      action,
      entity: 'vaccine_product',
      entityId: productId,
      municipalityCode: null,
      ...changedFields(productShape(before), productShape(after)),
    });
    return after;
  });
  return result;
}

/** The fields given change; bookings made stay as they are (the rules apply from now on). */
export function changeProduct(
  deps: ManagerChangeDeps,
  session: SyncSession,
  productId: string,
  body: ProductChangeBody,
): Promise<HubProductRecord> {
  return changeProductRow(deps, session, productId, 'product.change', (before) => ({
    ...before,
    ...definedOnly(body),
  }));
}

export function retireProduct(
  deps: ManagerChangeDeps,
  session: SyncSession,
  productId: string,
): Promise<HubProductRecord> {
  return changeProductRow(deps, session, productId, 'product.retire', (before) => ({
    ...before,
    active: false,
  }));
}
