/**
 * Venues defined by managers: create (POST /api/v1/sync/venues), edit and close (PATCH
 * /api/v1/sync/venues/{venueId}, `active: false`). A venue belongs to the session's municipality
 * (or, for a hub-wide session, the one named); it offers active products only, and takes its own
 * municipality's coupons unless others are named (supply/venue-coverage.ts); municipalities the hub
 * does not know yet are added, named by their code. Each change: one transaction, change-log rows, an
 * audit entry.
 */
import { randomUUID } from 'node:crypto';
import type { CreateVenueBody } from '../../domain/hub-api/manager-api.ts';
import type { VenueChangeBody } from '../../domain/hub-api/sync-api.ts';
import { acceptedMunicipalities } from '../../domain/supply/venue-coverage.ts';
import { appendAudit, changedFields } from '../audit/audit-log.ts';
import { HubError } from '../hub-error.ts';
import { type HubTx, runHubTransaction } from '../store/hub-transaction.ts';
import { type HubVenueRecord, type VenueRow, venueRecordOf } from '../store/records.ts';
import type { SyncSession } from '../sync/device-sessions.ts';
import { managerRoles, requireRole } from '../sync/session-roles.ts';
import { ensureMunicipalities, upsertVenues } from './catalog-writes.ts';
import { definedOnly, type ManagerChangeDeps } from './manager-changes.ts';

const venueShape = (v: HubVenueRecord) => ({
  name: v.name,
  nameKana: v.nameKana,
  kind: v.kind,
  area: v.area,
  address: v.address,
  phone: v.phone,
  active: v.active,
  accessNotes: v.accessNotes,
  productIds: v.productIds,
  acceptedMunicipalityCodes: v.acceptedMunicipalityCodes,
  outOfAreaByException: v.outOfAreaByException,
});

/** Products a venue is to offer: each must exist, and a product newly offered must be active. */
async function checkOfferedProducts(
  tx: HubTx,
  productIds: readonly string[],
  alreadyOffered: readonly string[],
): Promise<string[]> {
  const unique = [...new Set(productIds)];
  const rows = await tx.query<{ id: string; active: boolean }>(
    'SELECT id, active FROM vaccine_products WHERE id = ANY($1::text[])',
    [unique],
  );
  productIds.forEach((id, i) => {
    const row = rows.find((r) => r.id === id);
    if (!row) {
      throw new HubError('VALIDATION', 'No such vaccine product.', {
        fields: [{ path: `productIds.${i}`, message: 'unknown product' }],
      });
    }
    if (!row.active && !alreadyOffered.includes(id)) {
      throw new HubError('VALIDATION', 'A retired product cannot be offered.', {
        fields: [{ path: `productIds.${i}`, message: 'retired product' }],
      });
    }
  });
  return unique.sort();
}

async function readVenue(tx: HubTx, venueId: string): Promise<VenueRow | undefined> {
  const [row] = await tx.query<VenueRow>('SELECT * FROM venues WHERE id = $1', [venueId]);
  return row;
}

export async function createVenue(
  deps: ManagerChangeDeps,
  session: SyncSession,
  body: CreateVenueBody,
): Promise<HubVenueRecord> {
  requireRole(session, managerRoles);
  const municipalityCode = body.municipalityCode ?? session.municipalityCode;
  if (!municipalityCode) {
    throw new HubError('VALIDATION', "Name the venue's municipality.", {
      fields: [{ path: 'municipalityCode', message: 'required for a session of every municipality' }],
    });
  }
  if (session.municipalityCode && municipalityCode !== session.municipalityCode) {
    throw new HubError('VALIDATION', "A venue belongs to the session's municipality.", {
      fields: [
        { path: 'municipalityCode', message: `this session's municipality is ${session.municipalityCode}` },
      ],
    });
  }
  const { result } = await runHubTransaction(deps.sql, deps.clock(), async (tx) => {
    const [known] = await tx.query('SELECT 1 FROM municipalities WHERE code = $1', [municipalityCode]);
    if (!known) {
      throw new HubError('VALIDATION', 'The hub does not know this municipality.', {
        fields: [{ path: 'municipalityCode', message: 'unknown municipality' }],
      });
    }
    const productIds = await checkOfferedProducts(tx, body.productIds ?? [], []);
    const accepted = acceptedMunicipalities({
      municipalityCode,
      acceptedMunicipalityCodes: body.acceptedMunicipalityCodes ?? [],
    });
    await ensureMunicipalities(tx, accepted);
    const id = randomUUID();
    await upsertVenues(tx, [
      {
        id,
        municipalityCode,
        name: body.name,
        nameKana: body.nameKana ?? '',
        kind: body.kind,
        area: body.area ?? '',
        address: body.address,
        phone: body.phone ?? '',
        active: true,
        updatedAt: tx.now.toISOString(),
        accessNotes: body.accessNotes ?? '',
        productIds,
        acceptedMunicipalityCodes: accepted,
        outOfAreaByException: body.outOfAreaByException ?? false,
      },
    ]);
    const venue = venueRecordOf((await readVenue(tx, id))!);
    await appendAudit(tx, session, {
      action: 'venue.create',
      entity: 'venue',
      entityId: id,
      municipalityCode,
      before: {},
      after: venueShape(venue),
    });
    return venue;
  });
  return result;
}

export async function changeVenue(
  deps: ManagerChangeDeps,
  session: SyncSession,
  venueId: string,
  body: VenueChangeBody,
): Promise<HubVenueRecord> {
  requireRole(session, managerRoles);
  const { result } = await runHubTransaction(deps.sql, deps.clock(), async (tx) => {
    const [venue] = await tx.query<VenueRow>('SELECT * FROM venues WHERE id = $1 FOR UPDATE', [venueId]);
    if (!venue || (session.municipalityCode && venue.municipality_code !== session.municipalityCode)) {
      throw new HubError('NOT_FOUND', 'No such venue.');
    }
    const before = venueRecordOf(venue);
    const next = { ...venueShape(before), ...definedOnly(body) };
    if (body.productIds) next.productIds = await checkOfferedProducts(tx, body.productIds, before.productIds);
    if (body.acceptedMunicipalityCodes) {
      next.acceptedMunicipalityCodes = acceptedMunicipalities({
        municipalityCode: before.municipalityCode,
        acceptedMunicipalityCodes: body.acceptedMunicipalityCodes,
      });
      await ensureMunicipalities(tx, next.acceptedMunicipalityCodes);
    }
    await upsertVenues(tx, [{ ...before, ...next }]);
    const after = venueRecordOf((await readVenue(tx, venueId))!);
    const changes = changedFields(venueShape(before), venueShape(after));
    if (Object.keys(changes.after).length === 0) return before;
    await appendAudit(tx, session, {
      action: 'venue.change',
      entity: 'venue',
      entityId: venueId,
      municipalityCode: after.municipalityCode,
      ...changes,
    });
    return after;
  });
  return result;
}
