/**
 * Tells this hub process's subscribers (the desktops' SSE streams) the newest change-log sequence
 * number whenever it grows. Every commit that appends to the log sends NOTIFY hub_change_log
 * (store/change-log.ts), so one LISTEN per process hears the writes of every hub process on the same
 * database. Bursts are coalesced: at most one poke per `pokeIntervalMs`, always ending with the
 * newest seq. While anyone listens, the head is also read every `checkIntervalMs`, which covers a
 * NOTIFY lost with a broken listening connection (re-established with back-off).
 */
import { changeLogChannel, changeLogHead } from '../store/change-log.ts';
import type { HubSql } from '../store/hub-sql.ts';

export type SeqListener = (seq: number) => void;

export interface ChangeFeedOptions {
  pokeIntervalMs?: number;
  checkIntervalMs?: number;
  /** Told about listening and head-check failures (for the log). */
  onError?: (error: unknown) => void;
}

const relistenDelaysMs = [500, 1000, 2000, 5000, 10_000];

export class ChangeFeed {
  readonly #sql: HubSql;
  readonly #pokeIntervalMs: number;
  readonly #checkIntervalMs: number;
  readonly #onError: (error: unknown) => void;
  readonly #listeners = new Set<SeqListener>();
  #lastSeq = 0;
  #lastSentSeq = 0;
  #lastSentAt = 0;
  #pending: NodeJS.Timeout | undefined;
  #check: NodeJS.Timeout | undefined;
  #relisten: NodeJS.Timeout | undefined;
  #unlisten: (() => Promise<void>) | undefined;
  #starting: Promise<void> | undefined;
  #failures = 0;
  #closed = false;

  constructor(sql: HubSql, options: ChangeFeedOptions = {}) {
    this.#sql = sql;
    this.#pokeIntervalMs = options.pokeIntervalMs ?? 50;
    this.#checkIntervalMs = options.checkIntervalMs ?? 5000;
    this.#onError = options.onError ?? (() => {});
  }

  /** The newest seq in the database (and remembered as seen). */
  async head(): Promise<number> {
    const { lastSeq } = await changeLogHead(this.#sql);
    this.#seen(lastSeq);
    return lastSeq;
  }

  /** Starts listening with the first subscriber; resolves once the LISTEN is in place. */
  async subscribe(listener: SeqListener): Promise<() => void> {
    if (this.#closed) throw new Error('the change feed is closed');
    this.#listeners.add(listener);
    this.#starting ??= this.#start();
    await this.#starting;
    return () => {
      this.#listeners.delete(listener);
    };
  }

  get subscriberCount(): number {
    return this.#listeners.size;
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#listeners.clear();
    clearTimeout(this.#pending);
    clearTimeout(this.#relisten);
    clearInterval(this.#check);
    await this.#starting?.catch(() => {});
    const unlisten = this.#unlisten;
    this.#unlisten = undefined;
    await unlisten?.().catch(() => {});
  }

  async #start(): Promise<void> {
    await this.#listen();
    this.#check = setInterval(() => {
      if (this.#listeners.size === 0) return;
      this.head().catch(this.#onError);
    }, this.#checkIntervalMs);
    this.#check.unref();
  }

  async #listen(): Promise<void> {
    try {
      this.#unlisten = await this.#sql.listen(
        changeLogChannel,
        (payload) => {
          const seq = Number(payload);
          if (Number.isSafeInteger(seq)) this.#seen(seq);
        },
        (error) => {
          this.#unlisten = undefined;
          this.#onError(error);
          this.#scheduleRelisten();
        },
      );
      this.#failures = 0;
    } catch (error) {
      this.#onError(error);
      this.#scheduleRelisten();
    }
  }

  #scheduleRelisten(): void {
    if (this.#closed) return;
    const delay = relistenDelaysMs[Math.min(this.#failures, relistenDelaysMs.length - 1)]!;
    this.#failures += 1;
    this.#relisten = setTimeout(() => {
      if (this.#closed) return;
      // Whatever was committed while nobody listened is found by this head read.
      void this.#listen().then(() => this.head().catch(this.#onError));
    }, delay);
    this.#relisten.unref();
  }

  #seen(seq: number): void {
    if (seq <= this.#lastSeq) return;
    this.#lastSeq = seq;
    if (this.#pending) return;
    const wait = this.#lastSentAt + this.#pokeIntervalMs - Date.now();
    if (wait <= 0) this.#broadcast();
    else this.#pending = setTimeout(() => this.#broadcast(), wait);
  }

  #broadcast(): void {
    this.#pending = undefined;
    if (this.#closed || this.#lastSeq <= this.#lastSentSeq) return;
    this.#lastSentSeq = this.#lastSeq;
    this.#lastSentAt = Date.now();
    for (const listener of this.#listeners) listener(this.#lastSeq);
  }
}
