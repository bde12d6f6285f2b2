/** Venues for filters and pickers: active first, then in Japanese reading order. */
import type { VenueChoice } from '../../domain/api/methods/bookings.ts';
import type { Database } from '../sqlite-driver.ts';
import { cachedStatement } from '../statement-cache.ts';

interface VenueChoiceRecord {
  id: string;
  name: string;
  kind: VenueChoice['kind'];
  active: number;
}

export function listVenueChoices(db: Database): VenueChoice[] {
  return cachedStatement<[], VenueChoiceRecord>(
    db,
    'SELECT id, name, kind, active FROM venues ORDER BY active DESC, name_kana, name',
  )
    .all()
    .map((v) => ({ id: v.id, name: v.name, kind: v.kind, active: v.active === 1 }));
}
