/**
 * Listens to the hub's SSE pokes (GET /api/v1/sync/events: `event: poke` with {"seq":N} whenever the
 * change log grows, heartbeats in between) and tells the engine to pull. The stream counts as dead
 * after two heartbeats without a byte; it is then reopened with back-off, and the engine polls
 * meanwhile. A hub without the route is asked again every few minutes.
 */
import { pokeEventSchema, syncHeartbeatSeconds } from '../../../domain/hub-api/sync-api.ts';
import { Backoff } from './backoff.ts';
import { type HubClient, HubRefusedError } from './hub-client.ts';

export interface PokeListenerOptions {
  client: HubClient;
  /** The current session token, or null while signed out. */
  token: () => string | null;
  /** Resolves once a token is there (or never, while signed out). */
  tokenReady: () => Promise<void>;
  onPoke: (seq: number) => void;
  /** True while a stream is open. */
  onLive: (live: boolean) => void;
  /** The hub refused the session: the engine signs in again. */
  onUnauthorized: (token: string) => void;
  heartbeatMs?: number;
  /** How long to wait before asking a hub without pokes again. */
  unsupportedRetryMs?: number;
}

/** Splits a text/event-stream into events (name + data); comments and ids are ignored. */
export class EventStreamSplitter {
  #buffer = '';
  #event = 'message';
  #data: string[] = [];

  feed(chunk: string): Array<{ event: string; data: string }> {
    this.#buffer += chunk;
    const done: Array<{ event: string; data: string }> = [];
    for (;;) {
      const match = /\r\n|\r|\n/.exec(this.#buffer);
      if (!match || (match[0] === '\r' && match.index === this.#buffer.length - 1)) break;
      const line = this.#buffer.slice(0, match.index);
      this.#buffer = this.#buffer.slice(match.index + match[0].length);
      if (line === '') {
        if (this.#data.length > 0) done.push({ event: this.#event, data: this.#data.join('\n') });
        this.#event = 'message';
        this.#data = [];
      } else if (line.startsWith('data:')) {
        this.#data.push(line.slice(line.startsWith('data: ') ? 6 : 5));
      } else if (line.startsWith('event:')) {
        this.#event = line.slice(6).trim();
      }
    }
    return done;
  }
}

export class PokeListener {
  readonly #options: PokeListenerOptions;
  readonly #heartbeatMs: number;
  readonly #backoff = new Backoff({ baseMs: 1000, maxMs: 30_000 });
  #abort: AbortController | null = null;
  #stopped = false;
  #sleepTimer: NodeJS.Timeout | null = null;
  #wakeSleep: (() => void) | null = null;

  constructor(options: PokeListenerOptions) {
    this.#options = options;
    this.#heartbeatMs = options.heartbeatMs ?? syncHeartbeatSeconds * 1000;
  }

  start(): void {
    void this.#run();
  }

  stop(): void {
    this.#stopped = true;
    this.#abort?.abort();
    if (this.#sleepTimer) clearTimeout(this.#sleepTimer);
    this.#wakeSleep?.();
  }

  async #run(): Promise<void> {
    while (!this.#stopped) {
      await this.#options.tokenReady();
      const token = this.#options.token();
      if (this.#stopped) return;
      if (!token) continue;
      try {
        const opened = await this.#listen(token);
        if (opened === 'unsupported') {
          await this.#sleep(this.#options.unsupportedRetryMs ?? 5 * 60_000);
          continue;
        }
        if (opened === 'heard') this.#backoff.reset();
      } catch (error) {
        if (error instanceof HubRefusedError && error.code === 'UNAUTHORIZED')
          this.#options.onUnauthorized(token);
      } finally {
        this.#options.onLive(false);
      }
      if (!this.#stopped) await this.#sleep(this.#backoff.next());
    }
  }

  /** Reads one stream until it ends or goes quiet; says whether anything was heard on it. */
  async #listen(token: string): Promise<'unsupported' | 'heard' | 'silent'> {
    const abort = new AbortController();
    this.#abort = abort;
    let watchdog: NodeJS.Timeout | null = null;
    const arm = () => {
      if (watchdog) clearTimeout(watchdog);
      watchdog = setTimeout(() => abort.abort(), this.#heartbeatMs * 2);
    };
    arm();
    let heard = false;
    try {
      const response = await this.#options.client.openEvents(token, abort.signal);
      if (!response) return 'unsupported';
      if (!response.body) return 'silent';
      this.#options.onLive(true);
      const splitter = new EventStreamSplitter();
      const decoder = new TextDecoder();
      for await (const chunk of response.body) {
        arm();
        for (const event of splitter.feed(decoder.decode(chunk, { stream: true }))) {
          heard = true;
          if (event.event !== 'poke') continue;
          let json: unknown;
          try {
            json = JSON.parse(event.data);
          } catch {
            continue;
          }
          const poke = pokeEventSchema.safeParse(json);
          if (poke.success) this.#options.onPoke(poke.data.seq);
        }
      }
      return heard ? 'heard' : 'silent';
    } catch (error) {
      if (abort.signal.aborted) return heard ? 'heard' : 'silent';
      throw error;
    } finally {
      if (watchdog) clearTimeout(watchdog);
      abort.abort();
      if (this.#abort === abort) this.#abort = null;
    }
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.#wakeSleep = resolve;
      this.#sleepTimer = setTimeout(resolve, ms);
      this.#sleepTimer.unref?.();
    });
  }
}
