/**
 * Opens a desk's (encrypted) database from its data folder with the key beside it, as a test that
 * writes to a closed desk's store needs (browser-mode desks keep the key unsealed).
 */
import { join } from 'node:path';
import { type Database, type OpenDatabaseOptions, openDatabase } from '../../db/open-database.ts';
import { databaseFileName } from '../../electron/node/data-dir.ts';
import { readStoreKey, storeKeyPath } from '../../electron/node/store-key.ts';
import { localDbSecretBox } from '../../electron/node/sync/secret-box.ts';

export function openDeskStore(dataDir: string, options: Omit<OpenDatabaseOptions, 'key'> = {}): Database {
  const key = readStoreKey(storeKeyPath(dataDir), localDbSecretBox);
  return openDatabase(join(dataDir, databaseFileName), { ...options, key });
}
