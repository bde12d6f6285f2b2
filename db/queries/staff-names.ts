/**
 * Who a staff id is, for every place the desk names a person (the grid's 受付者, a booking's history):
 * names from the hub's staff directory (sync entity 'staff'), from the local demo city's accounts and
 * of this desk's own session (migration 007). A name is all the desk keeps of a person from the hub.
 */
import type { Database } from '../sqlite-driver.ts';
import { cachedStatement } from '../statement-cache.ts';

export type StaffNameSource = 'hub' | 'session';

/** Writes (or renames) a person; the demo city's accounts keep their login and role. */
export function rememberStaffName(
  db: Database,
  id: string,
  displayName: string,
  source: StaffNameSource,
): void {
  cachedStatement(
    db,
    `INSERT INTO staff (id, display_name, source) VALUES (?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET display_name = excluded.display_name`,
  ).run(id, displayName, source);
}
