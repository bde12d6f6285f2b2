/**
 * Keeping the device secret and the staff password at rest. In Electron the desk process gets an
 * encrypt/decrypt pair backed by the OS keychain (safeStorage) from electron-main; browser mode has
 * no such store, and keeps them as they are in the local database (docs/architecture.md, "Decisions
 * worth knowing").
 */
export interface SecretBox {
  readonly storage: 'os' | 'local-db';
  seal(plain: string): string;
  open(sealed: string): string;
}

/** What electron-main passes in: safeStorage's encryptString / decryptString. */
export interface OsEncryption {
  encrypt(plain: string): Buffer;
  decrypt(sealed: Buffer): string;
}

export function osSecretBox(encryption: OsEncryption): SecretBox {
  return {
    storage: 'os',
    seal: (plain) => encryption.encrypt(plain).toString('base64'),
    open: (sealed) => encryption.decrypt(Buffer.from(sealed, 'base64')),
  };
}

export const localDbSecretBox: SecretBox = {
  storage: 'local-db',
  seal: (plain) => plain,
  open: (sealed) => sealed,
};
