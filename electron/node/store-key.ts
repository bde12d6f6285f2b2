/**
 * The key of the local store (db/sqlite-driver.ts encrypts the file with it). 32 random bytes made on
 * first start, kept in a key file beside the database, owner-only (0600), sealed by the SecretBox:
 * the OS keychain (safeStorage) in Electron; browser mode has none and keeps the key as it is, so
 * there the key file protects only as far as the folder's permissions do (docs/architecture.md,
 * "Decisions worth knowing").
 *
 * A key kept as it is (made in browser mode) is sealed as soon as a start has the OS keychain: from
 * then on only a start with that keychain opens the store.
 *
 * Never creates a key while an encrypted store exists without one: a new key over an existing store
 * would mean a new empty database. A plaintext store from before encryption gets a new key and is
 * encrypted in place by the open.
 */
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { isPlaintextDatabaseFile, storeKeyBytes } from '../../db/sqlite-driver.ts';
import { StoreKeyUnavailableError } from '../../db/store-errors.ts';
import type { SecretBox } from './sync/secret-box.ts';

export const storeKeyFileName = 'desk.key';

interface KeyFile {
  format: 1;
  /** Who sealed the key: 'os' (keychain) or 'local-db' (as it is, browser mode). */
  storage: SecretBox['storage'];
  sealed: string;
}

export function storeKeyPath(dataDir: string): string {
  return join(dataDir, storeKeyFileName);
}

/** Reads the store key, or makes one when there is no store yet (or only a plaintext one). */
export function loadOrCreateStoreKey(dataDir: string, databasePath: string, secretBox: SecretBox): Buffer {
  const keyPath = storeKeyPath(dataDir);
  if (existsSync(keyPath)) return readStoreKey(keyPath, secretBox);
  const storeExists = existsSync(databasePath) && statSync(databasePath).size > 0;
  if (storeExists && !isPlaintextDatabaseFile(databasePath)) throw new StoreKeyUnavailableError('missing');
  const key = randomBytes(storeKeyBytes);
  writeKeyFile(keyPath, {
    format: 1,
    storage: secretBox.storage,
    sealed: secretBox.seal(key.toString('hex')),
  });
  return key;
}

/**
 * Seals a key kept as it is, once a start has the OS keychain. Called after the store opened with the
 * key: a start that refuses the store (one from a newer version, say) leaves the key file as it was.
 */
export function sealPlainStoreKey(dataDir: string, key: Buffer, secretBox: SecretBox): void {
  const keyPath = storeKeyPath(dataDir);
  if (secretBox.storage !== 'os' || readKeyFile(keyPath).storage === 'os') return;
  writeKeyFile(keyPath, { format: 1, storage: 'os', sealed: secretBox.seal(key.toString('hex')) });
}

function readKeyFile(keyPath: string): KeyFile {
  let file: KeyFile;
  try {
    file = JSON.parse(readFileSync(keyPath, 'utf8')) as KeyFile;
  } catch (error) {
    throw new StoreKeyUnavailableError('damaged', { cause: error });
  }
  if (file?.format !== 1 || typeof file.sealed !== 'string') throw new StoreKeyUnavailableError('damaged');
  return file;
}

/** Reads the key file as it is; no sealing box needed for a plain one (tests read the desk's store). */
export function readStoreKey(keyPath: string, secretBox: SecretBox): Buffer {
  const file = readKeyFile(keyPath);
  if (file.storage === 'os' && secretBox.storage !== 'os') throw new StoreKeyUnavailableError('sealed-by-os');
  let hex: string;
  try {
    hex = file.storage === 'os' ? secretBox.open(file.sealed) : file.sealed;
  } catch (error) {
    throw new StoreKeyUnavailableError('unsealable', { cause: error });
  }
  if (!/^[0-9a-f]{64}$/.test(hex)) throw new StoreKeyUnavailableError('damaged');
  return Buffer.from(hex, 'hex');
}

/** Written whole or not at all (temporary file, fsync, rename), owner-only. */
function writeKeyFile(keyPath: string, file: KeyFile): void {
  const temporary = `${keyPath}.new`;
  const fd = openSync(temporary, 'w', 0o600);
  try {
    writeSync(fd, `${JSON.stringify(file)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, keyPath);
}
