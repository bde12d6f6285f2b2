/**
 * Writes an export where the user gets it: in Electron straight to the path chosen in the system
 * save dialog; in browser mode into the download store, for the page to fetch. The file is written
 * through a stream either way; a failed write leaves no partial file behind.
 */
import { createWriteStream, rmSync, statSync } from 'node:fs';
import type { Writable } from 'node:stream';
import type { FileDelivery } from '../../../domain/api/methods/daily-list.ts';
import type { DesktopShell, SaveFileFilter } from '../desktop-shell.ts';
import type { DownloadStore } from './download-store.ts';

export interface FileDeliveryDeps {
  shell?: DesktopShell | undefined;
  downloads?: DownloadStore | undefined;
}

export interface DeliveredFile<T> {
  delivery: FileDelivery;
  byteSize: number;
  /** What the writer returned; null when the user cancelled the save dialog. */
  written: T | null;
}

export async function deliverFile<T>(
  deps: FileDeliveryDeps,
  fileName: string,
  file: { contentType: string; filter: SaveFileFilter },
  write: (output: Writable) => Promise<T>,
): Promise<DeliveredFile<T>> {
  if (deps.shell) {
    const path = await deps.shell.chooseSavePath(fileName, file.filter);
    if (path === null) return { delivery: { kind: 'cancelled' }, byteSize: 0, written: null };
    const written = await writeFile(path, write);
    return { delivery: { kind: 'saved' }, byteSize: statSync(path).size, written };
  }
  if (!deps.downloads) throw new Error('no way to deliver a file: neither a desktop shell nor downloads');
  const slot = deps.downloads.create(fileName, file.contentType);
  try {
    const written = await writeFile(slot.path, write);
    return {
      delivery: { kind: 'download', downloadId: slot.id },
      byteSize: statSync(slot.path).size,
      written,
    };
  } catch (error) {
    deps.downloads.discard(slot.id);
    throw error;
  }
}

async function writeFile<T>(path: string, write: (output: Writable) => Promise<T>): Promise<T> {
  const output = createWriteStream(path, { mode: 0o600 });
  const closed = new Promise<void>((resolve, reject) => {
    output.once('close', resolve);
    output.once('error', reject);
  });
  closed.catch(() => {}); // observed below; this only keeps an early error from counting as unhandled
  try {
    const written = await write(output);
    await closed;
    return written;
  } catch (error) {
    output.destroy();
    await closed.catch(() => {});
    rmSync(path, { force: true });
    throw error;
  }
}
