/** Active venues with what a caller is told: name, area, address, kind. */
import type { PhoneDeskVenue, VenueKind } from '../../domain/api/contract.ts';
import type { Database } from '../sqlite-driver.ts';
import { cachedStatement } from '../statement-cache.ts';

interface VenueRow {
  id: string;
  name: string;
  area: string;
  address: string;
  kind: VenueKind;
}

/** Ordered by area, then the name's reading (Japanese 50-sound order). */
export function activeVenues(db: Database): PhoneDeskVenue[] {
  return cachedStatement<[], VenueRow>(
    db,
    'SELECT id, name, area, address, kind FROM venues WHERE active = 1 ORDER BY area, name_kana, name',
  )
    .all()
    .map((row) => ({
      venueId: row.id,
      name: row.name,
      area: row.area,
      address: row.address,
      kind: row.kind,
    }));
}
