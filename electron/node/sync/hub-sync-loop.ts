/**
 * One hub, one loop (docs/architecture.md, "Sync protocol"):
 *
 *   sign in → first snapshot (resumable, with progress) → push the outbox → pull since the cursor
 *   → wait for a poke (SSE), a local change, "sync now", or the next poll → again.
 *
 * Failures never stop it: an unreachable hub is retried with exponential back-off (state 'offline'),
 * an expired session signs in again, RESNAPSHOT takes a new snapshot, and a refusal of this desktop
 * (credentials, protocol version) waits long between tries (state 'error'). Stopping aborts every
 * request in flight; the database is not touched after stop() returns control.
 */
import { getMeta, metaKeys, setMeta } from '../../../db/queries/meta.ts';
import type { ChangeScope } from '../../../db/queries/sync-apply.ts';
import { outboxHead, outboxLength, outboxNextDueAfter } from '../../../db/queries/sync-outbox.ts';
import { clearMirroredData, dataFromElsewhere } from '../../../db/queries/sync-reset.ts';
import {
  abandonSnapshot,
  clearSyncProblem,
  readSyncState,
  recordHeadSeq,
  recordSyncProblem,
  setSyncDevice,
  setSyncOrigin,
} from '../../../db/queries/sync-state.ts';
import type { Database } from '../../../db/sqlite-driver.ts';
import type { SyncProblemCode, SyncState } from '../../../domain/api/methods/sync.ts';
import type { LoginResponse } from '../../../domain/hub-api/sync-api.ts';
import type { DeskEventBus } from '../desk-events.ts';
import { Backoff } from './backoff.ts';
import { HubClient, HubRefusedError, HubUnreachableError, InsecureHubError } from './hub-client.ts';
import { pullChanges, type SnapshotProgress, snapshotFraction, takeSnapshot } from './mirror-hub.ts';
import { PokeListener } from './poke-listener.ts';
import { pushAuditChain } from './push-audit-chain.ts';
import { pushOutbox } from './push-outbox.ts';

/** Everything needed to sync with one hub. */
export interface HubConnection {
  hubUrl: string;
  deviceId: string;
  deviceSecret: string;
  staffLogin: string;
  password: string;
  /** Where the local data comes from: the hub's normalized address, or the demo hub's store. */
  origin: string;
  demo: boolean;
}

export interface SyncTiming {
  /** Polling while the hub sends no pokes: from this… */
  pollMinMs: number;
  /** …doubling while nothing changes, up to this. */
  pollMaxMs: number;
  /** Back-off after failures (hub unreachable, errors). */
  failureBaseMs: number;
  failureMaxMs: number;
  /** The longest wait after the hub refused this desktop (credentials, protocol). */
  refusedMaxMs: number;
  /** With pokes live, still pull this often in case a poke was lost. */
  safetyPullMs: number;
  /** How often the outbox is looked at for new local changes. */
  outboxCheckMs: number;
  /** The hub's heartbeat interval (pokes count as dead after two missed). */
  heartbeatMs: number;
}

export const defaultSyncTiming: SyncTiming = {
  pollMinMs: 2000,
  pollMaxMs: 60_000,
  failureBaseMs: 1000,
  failureMaxMs: 60_000,
  refusedMaxMs: 5 * 60_000,
  safetyPullMs: 5 * 60_000,
  outboxCheckMs: 1000,
  heartbeatMs: 15_000,
};

export interface HubLoopOptions {
  db: Database;
  events: DeskEventBus;
  now?: () => Date;
  /** One line per notable event; never personal data. */
  log?: (line: string) => void;
}

/** What a 'sync-status' event carries beside the state (a snapshot's rows, of about `total`). */
export interface SyncStateExtra {
  progress?: number;
  received?: number;
  total?: number;
}

class OriginBlockedError extends Error {
  override name = 'OriginBlockedError';
}

const allScopes: ChangeScope[] = ['bookings', 'slots', 'venues', 'coupons'];

/** Started once, stopped once; the engine makes a new one when the hub or the settings change. */
export class HubSyncLoop {
  readonly connection: HubConnection;
  state: SyncState = 'syncing';
  live = false;
  staff: LoginResponse['staff'] | null = null;
  nextAttemptAt: Date | null = null;
  /** The snapshot being loaded: rows applied so far and the hub's count (null between snapshots). */
  snapshotProgress: SnapshotProgress | null = null;

  readonly #options: HubLoopOptions;
  readonly #timing: SyncTiming;
  readonly #client: HubClient;
  readonly #onState: (state: SyncState, extra?: SyncStateExtra) => void;
  readonly #failures: Backoff;
  readonly #refusals: Backoff;
  readonly #stepProgress = new Map<string, number>();
  readonly #pokes: PokeListener;
  #token: string | null = null;
  #tokenExpiresAt = 0;
  #municipalityCode: string | null = null;
  #tokenWaiters: Array<() => void> = [];
  #stopped = false;
  #loop: Promise<void> | null = null;
  #wake: (() => void) | null = null;
  #wakePending = false;
  #pollMs: number;
  #roundsStarted = 0;
  #roundsDone = 0;
  #roundWaiters: Array<{ round: number; resolve: () => void }> = [];
  #outboxTimer: NodeJS.Timeout | null = null;
  #outboxSeen = 0;
  #unsubscribe: (() => void) | null = null;
  #emittingOwnChange = false;
  #relogins = 0;
  /** The hub's last refusal of the audit entries (logged once while it lasts). */
  #auditRefusal: string | null = null;
  readonly #stopSignal = new AbortController();

  constructor(
    connection: HubConnection,
    options: HubLoopOptions,
    timing: SyncTiming,
    onState: (state: SyncState, extra?: SyncStateExtra) => void,
  ) {
    this.connection = connection;
    this.#options = options;
    this.#timing = timing;
    this.#onState = onState;
    this.#client = new HubClient({ baseUrl: connection.hubUrl, signal: this.#stopSignal.signal });
    this.#failures = new Backoff({ baseMs: timing.failureBaseMs, maxMs: timing.failureMaxMs });
    this.#refusals = new Backoff({ baseMs: timing.failureBaseMs * 5, maxMs: timing.refusedMaxMs });
    this.#pollMs = timing.pollMinMs;
    this.#pokes = new PokeListener({
      client: this.#client,
      token: () => this.#token,
      tokenReady: () => this.#tokenReady(),
      heartbeatMs: timing.heartbeatMs,
      onPoke: (seq) => {
        if (this.#stopped) return;
        recordHeadSeq(this.#options.db, seq);
        if (seq > readSyncState(this.#options.db).cursor) this.wake();
      },
      onLive: (live) => {
        if (this.live === live) return;
        this.live = live;
        // Opened: pokes may have been missed meanwhile. Dropped: poll from now on (a dead hub shows).
        this.wake();
      },
      onUnauthorized: (token) => {
        if (this.#token === token) this.#token = null;
        this.wake();
      },
    });
  }

  start(): void {
    this.#outboxSeen = outboxHead(this.#options.db);
    this.#outboxTimer = setInterval(() => {
      if (this.#stopped) return;
      const head = outboxHead(this.#options.db);
      if (head !== this.#outboxSeen) {
        this.#outboxSeen = head;
        this.#pollMs = this.#timing.pollMinMs;
        this.wake();
      }
    }, this.#timing.outboxCheckMs);
    this.#outboxTimer.unref?.();
    // A handler that wrote a local change says so on the event bus: push without waiting for the timer.
    this.#unsubscribe = this.#options.events.subscribe((event) => {
      if (event.type === 'data-changed' && !this.#emittingOwnChange) this.wake();
    });
    this.#pokes.start();
    this.#loop = this.#run();
  }

  /** Stops at once (requests in flight are aborted, the database is not touched again); resolves when the loop has ended. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#stopSignal.abort();
    this.#pokes.stop();
    if (this.#outboxTimer) clearInterval(this.#outboxTimer);
    this.#unsubscribe?.();
    this.wake();
    for (const waiter of this.#tokenWaiters.splice(0)) waiter();
    await this.#loop;
    for (const waiter of this.#roundWaiters.splice(0)) waiter.resolve();
  }

  wake(): void {
    if (this.#wake) {
      const wake = this.#wake;
      this.#wake = null;
      wake();
    } else {
      this.#wakePending = true;
    }
  }

  /**
   * One request of the desk's own (an operator's seat hold) with this loop's current session. It never
   * signs in and never waits for the loop: without a live session (offline, signing in, refused) it
   * fails at once with HubUnreachableError. A session the hub no longer knows is dropped, so the loop
   * signs in again.
   */
  async withSession<T>(call: (client: HubClient, token: string) => Promise<T>): Promise<T> {
    const token = this.#token;
    if (
      this.#stopped ||
      token === null ||
      Date.now() >= this.#tokenExpiresAt ||
      this.state === 'offline' ||
      this.state === 'error'
    ) {
      throw new HubUnreachableError('no live session with the hub');
    }
    try {
      return await call(this.#client, token);
    } catch (error) {
      if (error instanceof HubRefusedError && error.code === 'UNAUTHORIZED' && this.#token === token) {
        this.#token = null;
        this.wake();
      }
      throw error;
    }
  }

  /** Starts a round now and resolves when it has finished (or after waitMs). */
  async runRoundNow(waitMs: number): Promise<void> {
    const round = this.#roundsStarted + 1;
    this.#pollMs = this.#timing.pollMinMs;
    const done = new Promise<void>((resolve) => this.#roundWaiters.push({ round, resolve }));
    this.wake();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([done, new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)))]);
    clearTimeout(timer);
  }

  async #run(): Promise<void> {
    while (!this.#stopped) {
      this.#roundsStarted += 1;
      let waitMs: number | null;
      try {
        const changed = await this.#round();
        this.#failures.reset();
        this.#refusals.reset();
        this.#relogins = 0;
        this.nextAttemptAt = null;
        this.#setState('idle');
        waitMs = this.#untilNextDue(this.live ? this.#timing.safetyPullMs : this.#nextPoll(changed));
      } catch (error) {
        if (this.#stopped) break;
        waitMs = this.#failed(error);
      }
      this.#roundDone();
      if (waitMs > 0) await this.#sleep(waitMs);
      this.nextAttemptAt = null;
    }
    this.#roundDone();
  }

  #roundDone(): void {
    this.#roundsDone = this.#roundsStarted;
    const ready = this.#roundWaiters.filter((w) => w.round <= this.#roundsDone);
    this.#roundWaiters = this.#roundWaiters.filter((w) => w.round > this.#roundsDone);
    for (const waiter of ready) waiter.resolve();
  }

  /** One round: sign in, snapshot when needed, push, pull. True when the local data changed. */
  async #round(): Promise<boolean> {
    const { db } = this.#options;
    this.#ensureOrigin();
    await this.#ensureSession();
    const token = this.#token!;
    const deps = {
      db,
      client: this.#client,
      token,
      now: () => this.#now(),
      municipalityCode: this.#municipalityCode,
      onSkipped: (entity: string, id: string, why: string) =>
        this.#log(`skipped hub ${entity} ${id}: ${why}`),
      // By entity, id and field names only: the values may be a resident's.
      onSetAside: (entity: string, id: string, fields: readonly string[]) =>
        this.#log(`set aside hub ${entity} ${id}: unreadable ${fields.join(', ')}`),
    };
    let changed = false;
    if (!readSyncState(db).ready) {
      this.#setState('syncing', { received: readSyncState(db).snapshot?.rows ?? 0 });
      const started = Date.now();
      const snapshot = await takeSnapshot(deps, (progress) => {
        this.snapshotProgress = progress;
        const fraction = snapshotFraction(progress);
        this.#onState('syncing', {
          received: progress.rows,
          ...(fraction === undefined ? {} : { progress: fraction }),
          ...(progress.total === null ? {} : { total: progress.total }),
        });
      });
      this.snapshotProgress = null;
      this.#log(`snapshot of ${snapshot.rows} rows at seq ${snapshot.seq} in ${Date.now() - started} ms`);
      this.#announce(allScopes);
      changed = true;
    }
    if (outboxLength(db) > 0) {
      const pushed = await pushOutbox({
        db,
        client: this.#client,
        token,
        now: deps.now,
        stepProgress: this.#stepProgress,
        retryDelayMs: (attempts) =>
          Math.min(this.#timing.failureMaxMs, this.#timing.failureBaseMs * 2 ** attempts),
        onBookingsChanged: () => this.#announce(['bookings']),
        onSetAside: deps.onSetAside,
      });
      if (pushed.sent > 0) changed = true;
      if (pushed.retried > 0)
        this.#log(`the hub could not apply ${pushed.retried} change(s) now: sent again when due`);
    }
    await this.#pushAudit(token);
    try {
      const pulled = await pullChanges(deps);
      if (pulled.changes > 0) {
        this.#announce([...pulled.scopes]);
        changed = true;
      }
    } catch (error) {
      if (!(error instanceof HubRefusedError && error.code === 'RESNAPSHOT')) throw error;
      this.#log('the hub no longer keeps changes since our cursor: taking a new snapshot');
      db.transaction(() => abandonSnapshot(db)).immediate();
      this.#wakePending = true;
      return true;
    }
    return changed;
  }

  /**
   * This desktop's audit entries to the hub. A hub that refuses them (an older one without the route,
   * a chain it cannot take) does not stop the round: it is logged once, and tried again next round.
   */
  async #pushAudit(token: string): Promise<void> {
    const { db } = this.#options;
    try {
      const { sent } = await pushAuditChain({
        db,
        client: this.#client,
        token,
        origin: this.connection.origin,
        deviceId: this.connection.deviceId,
      });
      if (sent > 0) this.#log(`${sent} audit entr${sent === 1 ? 'y' : 'ies'} kept by the hub`);
      this.#auditRefusal = null;
    } catch (error) {
      if (!(error instanceof HubRefusedError) || error.code === 'UNAUTHORIZED') throw error;
      if (this.#auditRefusal !== error.code)
        this.#log(`the hub did not take the audit entries: ${error.code}`);
      this.#auditRefusal = error.code;
    }
  }

  /** The local data must come from this hub; data from elsewhere is cleared first (never pending changes). */
  #ensureOrigin(): void {
    const { db } = this.#options;
    const state = readSyncState(db);
    const { origin, deviceId, demo } = this.connection;
    if (state.origin === origin) {
      if (state.deviceId !== deviceId) setSyncDevice(db, deviceId);
      return;
    }
    const demoData = getMeta(db, metaKeys.demo) === '1';
    if (outboxLength(db) > 0 && !demoData)
      throw new OriginBlockedError('local changes for another hub are waiting');
    if (dataFromElsewhere(db, origin)) {
      this.#log('local data came from elsewhere: clearing it before the first snapshot');
      clearMirroredData(db, { dropOutbox: demoData });
    }
    db.transaction(() => {
      setSyncOrigin(db, origin, deviceId);
      if (demo) setMeta(db, metaKeys.demo, '1');
    }).immediate();
    this.#announce(allScopes);
  }

  async #ensureSession(): Promise<void> {
    if (this.#token && Date.now() < this.#tokenExpiresAt) return;
    this.#token = null;
    const { deviceId, deviceSecret, staffLogin, password } = this.connection;
    const session = await this.#client
      .login({ deviceId, deviceSecret, login: staffLogin, password })
      .catch((error: unknown) => {
        if (error instanceof HubRefusedError && error.code === 'UNAUTHORIZED') {
          throw new HubRefusedError(error.status, 'UNAUTHORIZED', `sign-in refused: ${error.message}`, null);
        }
        throw error;
      });
    this.#token = session.token;
    // Sign in again a minute before the hub would refuse the token.
    this.#tokenExpiresAt = Date.parse(session.expiresAt) - 60_000;
    this.#municipalityCode = session.municipalityCode;
    this.staff = session.staff;
    for (const waiter of this.#tokenWaiters.splice(0)) waiter();
  }

  #tokenReady(): Promise<void> {
    if (this.#token || this.#stopped) return Promise.resolve();
    return new Promise((resolve) => this.#tokenWaiters.push(resolve));
  }

  /** Records what went wrong and answers how long to wait before the next round. */
  #failed(error: unknown): number {
    const { db } = this.#options;
    const now = this.#now();
    let code: SyncProblemCode;
    let state: SyncState;
    let waitMs: number;
    if (error instanceof HubUnreachableError) {
      [code, state, waitMs] = ['unreachable', 'offline', this.#failures.next()];
    } else if (error instanceof HubRefusedError) {
      if (error.code === 'UNAUTHORIZED' && this.#token !== null) {
        // The session ended (expired, revoked): sign in again, at once the first time.
        this.#token = null;
        this.#relogins += 1;
        return this.#relogins > 1 ? this.#failures.next() : 0;
      }
      if (error.code === 'UNAUTHORIZED' || error.code === 'FORBIDDEN') {
        [code, state, waitMs] = ['credentials_refused', 'error', this.#refusals.next()];
      } else if (error.code === 'PROTOCOL_MISMATCH') {
        [code, state, waitMs] = ['protocol_mismatch', 'error', this.#refusals.next()];
      } else if (error.code === 'RATE_LIMITED') {
        [code, state, waitMs] = ['hub_error', 'offline', (error.retryAfterSeconds ?? 5) * 1000];
      } else {
        [code, state, waitMs] = ['hub_error', 'offline', this.#failures.next()];
      }
    } else if (error instanceof OriginBlockedError) {
      [code, state, waitMs] = ['outbox_blocks_hub_change', 'error', this.#refusals.next()];
    } else if (error instanceof InsecureHubError) {
      [code, state, waitMs] = ['insecure_hub', 'error', this.#refusals.next()];
    } else {
      // A bug or a local store problem: the class name only (messages may quote data).
      this.#log(`sync round failed: ${error instanceof Error ? error.constructor.name : typeof error}`);
      [code, state, waitMs] = ['hub_error', 'offline', this.#failures.next()];
    }
    const known = [HubUnreachableError, HubRefusedError, OriginBlockedError, InsecureHubError].some(
      (kind) => error instanceof kind,
    );
    const detail = known ? (error as Error).message : 'internal error';
    recordSyncProblem(db, code, detail, now);
    this.nextAttemptAt = new Date(now.getTime() + waitMs);
    this.#log(`${code}: ${detail}; next attempt in ${Math.round(waitMs / 1000)} s`);
    this.#setState(state);
    return waitMs;
  }

  /** An entry the hub asked to retry is sent when it is due, not at the next poll or safety pull. */
  #untilNextDue(waitMs: number): number {
    const due = outboxNextDueAfter(this.#options.db, this.#now());
    if (due === null) return waitMs;
    return Math.min(waitMs, Math.max(0, due.getTime() - this.#now().getTime()) + 50);
  }

  #nextPoll(changed: boolean): number {
    if (changed) this.#pollMs = this.#timing.pollMinMs;
    const wait = this.#pollMs;
    this.#pollMs = Math.min(this.#timing.pollMaxMs, this.#pollMs * 2);
    return wait;
  }

  #sleep(ms: number): Promise<void> {
    if (this.#wakePending || this.#stopped) {
      this.#wakePending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#wake = null;
        resolve();
      }, ms);
      timer.unref?.();
      this.#wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  #setState(state: SyncState, extra: SyncStateExtra = {}): void {
    const was = this.state;
    this.state = state;
    if (was !== state || extra.received !== undefined) this.#onState(state, extra);
    if (state === 'idle' && was !== 'idle') clearSyncProblem(this.#options.db);
  }

  #announce(scopes: ChangeScope[]): void {
    if (scopes.length === 0) return;
    this.#emittingOwnChange = true;
    try {
      this.#options.events.emit({ type: 'data-changed', scopes });
    } finally {
      this.#emittingOwnChange = false;
    }
  }

  #now(): Date {
    return this.#options.now?.() ?? new Date();
  }

  #log(line: string): void {
    this.#options.log?.(`[sync] ${line}`);
  }
}
