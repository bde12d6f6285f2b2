/**
 * The hub this desktop is configured for (one row). Secrets arrive here already sealed (or, in
 * browser mode, as they are): this module only stores text and never sees what it means.
 */
import type { Database } from '../sqlite-driver.ts';
import { cachedStatement } from '../statement-cache.ts';

export type SecretStorage = 'os' | 'local-db';

export interface StoredSyncSettings {
  hubUrl: string;
  deviceId: string;
  /** Sealed by the OS ('os') or as typed ('local-db'). */
  deviceSecret: string;
  staffLogin: string;
  staffPassword: string;
  secretStorage: SecretStorage;
  updatedAt: string;
}

interface Row {
  hub_url: string;
  device_id: string;
  device_secret: string;
  staff_login: string;
  staff_password: string;
  secret_storage: SecretStorage;
  updated_at: string;
}

export function readStoredSyncSettings(db: Database): StoredSyncSettings | null {
  const row = cachedStatement<[], Row>(
    db,
    `SELECT hub_url, device_id, device_secret, staff_login, staff_password, secret_storage, updated_at
       FROM sync_settings WHERE id = 1`,
  ).get();
  if (!row) return null;
  return {
    hubUrl: row.hub_url,
    deviceId: row.device_id,
    deviceSecret: row.device_secret,
    staffLogin: row.staff_login,
    staffPassword: row.staff_password,
    secretStorage: row.secret_storage,
    updatedAt: row.updated_at,
  };
}

export function writeSyncSettings(db: Database, settings: StoredSyncSettings): void {
  cachedStatement(
    db,
    `INSERT INTO sync_settings (id, hub_url, device_id, device_secret, staff_login, staff_password, secret_storage,
                                updated_at)
     VALUES (1, :hubUrl, :deviceId, :deviceSecret, :staffLogin, :staffPassword, :secretStorage, :updatedAt)
     ON CONFLICT (id) DO UPDATE SET hub_url = excluded.hub_url, device_id = excluded.device_id,
       device_secret = excluded.device_secret, staff_login = excluded.staff_login,
       staff_password = excluded.staff_password, secret_storage = excluded.secret_storage,
       updated_at = excluded.updated_at`,
  ).run({ ...settings });
}
