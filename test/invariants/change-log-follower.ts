/**
 * A reader of the hub's change log that follows its cursor over HTTP, as a desk's pull does, and
 * keeps every seq it was served: its ChangeLogReading is what changeLogViolations judges. Network
 * failures (a hub killed, a proxy cut) leave the cursor where it was; the next pull goes on from it.
 */
import type { ChangesPage } from '../../domain/hub-api/sync-api.ts';
import { HubClient, HubRefusedError, HubUnreachableError } from '../../electron/node/sync/hub-client.ts';
import type { ChangeLogReading } from './booking-invariants.ts';

export type Change = ChangesPage['changes'][number];

export class ChangeLogFollower {
  readonly #client: HubClient;
  readonly #token: string;
  readonly #name: string;
  readonly #from: number;
  readonly #seqs: number[] = [];
  readonly #onChange: (change: Change) => void;
  readonly pullMs: number[] = [];
  #cursor: number;
  #running: Promise<void> | null = null;
  #stopped = false;

  constructor(options: {
    name: string;
    hubUrl: string;
    token: string;
    from: number;
    onChange?: (change: Change) => void;
  }) {
    this.#client = new HubClient({ baseUrl: options.hubUrl, timeoutMs: 20_000 });
    this.#token = options.token;
    this.#name = options.name;
    this.#from = options.from;
    this.#cursor = options.from;
    this.#onChange = options.onChange ?? (() => {});
  }

  get cursor(): number {
    return this.#cursor;
  }

  /** Pulls until the hub has no more; false when the hub could not be reached. */
  async catchUp(): Promise<boolean> {
    for (;;) {
      const began = performance.now();
      let page: ChangesPage;
      try {
        page = await this.#client.changes(this.#token, this.#cursor, 1000);
      } catch (error) {
        if (error instanceof HubUnreachableError) return false;
        // A hub that cannot answer now (restarting, its database away) is unreachable for the reader.
        if (error instanceof HubRefusedError && error.status >= 500) return false;
        throw error;
      }
      this.pullMs.push(performance.now() - began);
      for (const change of page.changes) {
        this.#seqs.push(change.seq);
        this.#onChange(change);
      }
      this.#cursor = page.cursor;
      if (!page.hasMore) return true;
    }
  }

  /** Pulls every `intervalMs` until stop(). */
  start(intervalMs: number): void {
    this.#running = (async () => {
      while (!this.#stopped) {
        await this.catchUp();
        await new Promise((resolve) => setTimeout(resolve, intervalMs));
      }
    })();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#running;
  }

  /** Pulls until its cursor reaches `seq` (the hub's horizon at the end), or fails after `timeoutMs`. */
  async reach(seq: number, timeoutMs = 30_000): Promise<void> {
    const began = Date.now();
    while (this.#cursor < seq) {
      if (Date.now() - began > timeoutMs)
        throw new Error(`${this.#name} stuck at ${this.#cursor} below ${seq}`);
      if (!(await this.catchUp())) await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  reading(): ChangeLogReading {
    return { reader: this.#name, from: this.#from, to: this.#cursor, seqs: [...this.#seqs] };
  }
}
