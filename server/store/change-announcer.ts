/**
 * Telling that the change log grew, after the commit and never inside the transaction (a NOTIFY in
 * the transaction holds PostgreSQL's one notify lock until its COMMIT has ended, so every writer
 * waited for the commit of the one before). The process that committed tells its own change feeds
 * (sync/change-feed.ts) at once; other hub processes on the database hear it through NOTIFY
 * hub_change_log, sent by one statement at a time: announcements that come meanwhile are merged into
 * the next one (the newest seq), at most one per `minIntervalMs`. A lost NOTIFY only delays a poke:
 * the feeds also read the horizon every few seconds.
 */
import { changeLogChannel } from './change-log.ts';
import type { HubSql } from './hub-sql.ts';

export interface AnnouncementListener {
  onSeq(seq: number): void;
  /** A NOTIFY that could not be sent (for the log). */
  onError?(error: unknown): void;
}

export class ChangeAnnouncer {
  readonly #sql: HubSql;
  readonly #minIntervalMs: number;
  readonly #listeners = new Set<AnnouncementListener>();
  #newest = 0;
  #notified = 0;
  #lastSentAt = 0;
  #timer: NodeJS.Timeout | undefined;
  #sending = false;

  constructor(sql: HubSql, minIntervalMs = 20) {
    this.#sql = sql;
    this.#minIntervalMs = minIntervalMs;
  }

  /** A transaction that appended up to `seq` has committed. */
  announce(seq: number): void {
    for (const listener of this.#listeners) listener.onSeq(seq);
    if (seq <= this.#newest) return;
    this.#newest = seq;
    if (!this.#timer && !this.#sending) this.#schedule();
  }

  subscribe(listener: AnnouncementListener): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  #schedule(): void {
    const wait = Math.max(0, this.#lastSentAt + this.#minIntervalMs - Date.now());
    this.#timer = setTimeout(() => void this.#notify(), wait);
    this.#timer.unref();
  }

  async #notify(): Promise<void> {
    this.#timer = undefined;
    const seq = this.#newest;
    this.#sending = true;
    this.#lastSentAt = Date.now();
    try {
      await this.#sql.notify(changeLogChannel, String(seq));
    } catch (error) {
      for (const listener of this.#listeners) listener.onError?.(error);
    } finally {
      this.#sending = false;
      this.#notified = seq;
      if (this.#newest > this.#notified) this.#schedule();
    }
  }
}

const announcers = new WeakMap<HubSql, ChangeAnnouncer>();

/** The announcer of this database handle (one per HubSql, shared by everything that writes through it). */
export function changeAnnouncerOf(sql: HubSql): ChangeAnnouncer {
  let announcer = announcers.get(sql);
  if (!announcer) {
    announcer = new ChangeAnnouncer(sql);
    announcers.set(sql, announcer);
  }
  return announcer;
}
