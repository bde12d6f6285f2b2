/**
 * Browser mode's finished exports waiting to be downloaded: each file sits under a random id in a
 * private folder of the data directory, is handed out once (GET /api/download/<id>, behind the run's
 * token) and deleted after that or after ten minutes. Files left by a crash are deleted at start.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export interface PendingDownload {
  path: string;
  fileName: string;
  contentType: string;
}

const defaultLifetimeMs = 10 * 60_000;

export class DownloadStore {
  readonly #dir: string;
  readonly #lifetimeMs: number;
  readonly #pending = new Map<string, PendingDownload & { timer: NodeJS.Timeout }>();

  constructor(dir: string, lifetimeMs = defaultLifetimeMs) {
    this.#dir = dir;
    this.#lifetimeMs = lifetimeMs;
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    for (const name of readdirSync(dir)) rmSync(join(dir, name), { force: true });
  }

  /** A new download slot: write the file at `path`, then hand out `id`. */
  create(fileName: string, contentType: string): { id: string; path: string } {
    const id = randomBytes(18).toString('base64url');
    const path = join(this.#dir, id);
    const timer = setTimeout(() => this.discard(id), this.#lifetimeMs);
    timer.unref();
    this.#pending.set(id, { path, fileName, contentType, timer });
    return { id, path };
  }

  /** The download for this id, once; the caller deletes the file (discard) after sending it. */
  take(id: string): PendingDownload | null {
    const entry = this.#pending.get(id);
    if (!entry) return null;
    clearTimeout(entry.timer);
    this.#pending.delete(id);
    return { path: entry.path, fileName: entry.fileName, contentType: entry.contentType };
  }

  discard(id: string): void {
    const entry = this.#pending.get(id);
    if (entry) {
      clearTimeout(entry.timer);
      this.#pending.delete(id);
      rmSync(entry.path, { force: true });
    } else {
      rmSync(join(this.#dir, id), { force: true });
    }
  }

  /** Deletes every file waiting; for shutdown. */
  clear(): void {
    for (const id of [...this.#pending.keys()]) this.discard(id);
  }
}
