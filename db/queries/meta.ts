/** The meta table: small facts about this local store (demo or not, which municipality). */
import { readSchemaVersion } from '../migrate.ts';
import type { Database } from '../sqlite-driver.ts';
import { cachedStatement } from '../statement-cache.ts';

export const metaKeys = {
  /** '1' when the data is the generated demo city. */
  demo: 'demo',
  demoSeed: 'demo.seed',
  /** The `today` the demo city was generated for (its slots start there). */
  demoGeneratedFor: 'demo.generated_for',
  /** 'empty' when the store was first started with --empty: it never gets the demo city later. */
  setup: 'store.setup',
  /** How many days back this desktop keeps bookings (domain/booking-retention.ts); the default when absent. */
  bookingRetentionDays: 'retention.booking_days',
  municipalityCode: 'municipality.code',
  municipalityName: 'municipality.name',
} as const;
export type MetaKey = (typeof metaKeys)[keyof typeof metaKeys];

export function getMeta(db: Database, key: MetaKey): string | null {
  const value = cachedStatement<[string], string>(db, 'SELECT value FROM meta WHERE key = ?')
    .pluck()
    .get(key);
  return value ?? null;
}

export function setMeta(db: Database, key: MetaKey, value: string): void {
  cachedStatement(
    db,
    'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  ).run(key, value);
}

export interface Municipality {
  code: string;
  name: string;
}

export function setMunicipality(db: Database, municipality: Municipality): void {
  setMeta(db, metaKeys.municipalityCode, municipality.code);
  setMeta(db, metaKeys.municipalityName, municipality.name);
}

/** What the app shows about its data (AppInfo in domain/api/contract.ts takes these fields). */
export interface LocalStoreInfo {
  demo: boolean;
  municipality: Municipality | null;
  schemaVersion: number;
}

export function getLocalStoreInfo(db: Database): LocalStoreInfo {
  const code = getMeta(db, metaKeys.municipalityCode);
  const name = getMeta(db, metaKeys.municipalityName);
  return {
    demo: getMeta(db, metaKeys.demo) === '1',
    municipality: code !== null && name !== null ? { code, name } : null,
    schemaVersion: readSchemaVersion(db),
  };
}
