/**
 * What a manager edits, read whole (GET /api/v1/sync/manager-catalog): every vaccine product, the
 * session's venues (closed ones too) and the municipalities the hub knows. Managers only; it changes
 * nothing, so it is not audited (no resident's data is in it).
 */
import type { ManagerCatalog } from '../../domain/hub-api/manager-api.ts';
import type { SqlExecutor } from '../store/hub-sql.ts';
import { type ProductRow, productRecordOf, type VenueRow, venueRecordOf } from '../store/records.ts';
import type { SyncSession } from '../sync/device-sessions.ts';
import { managerRoles, requireRole } from '../sync/session-roles.ts';

export async function readManagerCatalog(sql: SqlExecutor, session: SyncSession): Promise<ManagerCatalog> {
  requireRole(session, managerRoles);
  const products = await sql.query<ProductRow>(
    'SELECT * FROM vaccine_products ORDER BY active DESC, name, id',
  );
  const venues = await sql.query<VenueRow>(
    `SELECT * FROM venues WHERE $1::text IS NULL OR municipality_code = $1
      ORDER BY active DESC, municipality_code, name_kana, name, id`,
    [session.municipalityCode],
  );
  const municipalities = await sql.query<{ code: string; name: string }>(
    'SELECT code, name FROM municipalities ORDER BY code',
  );
  return {
    products: products.map(productRecordOf),
    venues: venues.map(venueRecordOf),
    // ensureMunicipalities names a municipality by its code until someone names it.
    municipalities: municipalities.map((m) => ({ code: m.code, name: m.name === m.code ? null : m.name })),
    municipalityCode: session.municipalityCode,
  };
}
