/**
 * Tells this hub process's subscribers (the desktops' SSE streams) the change-log horizon whenever it
 * grows: the highest seq up to which every change is settled (store/change-log.ts), so a desktop
 * that pulls on a poke finds every change it announces. It hears of new changes from the commits of
 * this process (store/change-announcer.ts) and, through one LISTEN, from the NOTIFY every hub process
 * on the same database sends after its commits; then it reads the horizon, again a little later while
 * a change it heard of is not settled yet. Bursts are coalesced: at most one poke per `pokeIntervalMs`,
 * always ending with the newest horizon. While anyone listens, the horizon is also read every
 * `checkIntervalMs`, which covers a NOTIFY lost with a broken listening connection (re-established
 * with back-off).
 */
import { changeAnnouncerOf } from '../store/change-announcer.ts';
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
  /** The newest seq heard of (announced or notified); the horizon reaches it once it is settled. */
  #heardSeq = 0;
  #settling: NodeJS.Timeout | undefined;
  #unannounce: (() => void) | undefined;
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

  /** The change log's horizon in the database (and remembered as seen). */
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
    clearTimeout(this.#settling);
    clearInterval(this.#check);
    this.#unannounce?.();
    await this.#starting?.catch(() => {});
    const unlisten = this.#unlisten;
    this.#unlisten = undefined;
    await unlisten?.().catch(() => {});
  }

  async #start(): Promise<void> {
    this.#unannounce = changeAnnouncerOf(this.#sql).subscribe({
      onSeq: (seq) => this.#heard(seq),
      onError: this.#onError,
    });
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
          if (Number.isSafeInteger(seq)) this.#heard(seq);
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

  /** A change up to `seq` has committed somewhere: read the horizon until it reaches it. */
  #heard(seq: number): void {
    if (seq <= this.#heardSeq) return;
    this.#heardSeq = seq;
    this.#scheduleSettle(0);
  }

  #scheduleSettle(delayMs: number): void {
    if (this.#settling || this.#closed || this.#lastSeq >= this.#heardSeq) return;
    this.#settling = setTimeout(() => {
      const before = this.#lastSeq;
      this.head()
        .catch(this.#onError)
        .finally(() => {
          this.#settling = undefined;
          // Not there yet (more came meanwhile, or a writer of a lower number is still committing):
          // look again, less often while the horizon does not move.
          const moved = this.#lastSeq > before;
          this.#scheduleSettle(
            moved ? this.#pokeIntervalMs : Math.min(Math.max(delayMs * 2, this.#pokeIntervalMs), 1000),
          );
        });
    }, delayMs);
    this.#settling.unref();
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
