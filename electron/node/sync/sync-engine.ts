/**
 * The desktop's sync engine: which hub this desktop syncs with (the one in the settings, or, for an
 * unconfigured desktop, the local demo hub), the settings themselves (checked by signing in, secrets
 * sealed at rest), the status the UI shows, and "sync now". The syncing itself is one HubSyncLoop per
 * hub (hub-sync-loop.ts).
 */
import { getMeta, metaKeys } from '../../../db/queries/meta.ts';
import { outboxEntries, outboxLength, recentSyncFailures } from '../../../db/queries/sync-outbox.ts';
import { dataFromElsewhere } from '../../../db/queries/sync-reset.ts';
import { setAsideRowCount, setAsideRows } from '../../../db/queries/sync-set-aside.ts';
import {
  readStoredSyncSettings,
  type StoredSyncSettings,
  writeSyncSettings,
} from '../../../db/queries/sync-settings.ts';
import { clearSyncProblem, readSyncState, recordSyncProblem } from '../../../db/queries/sync-state.ts';
import type { Database } from '../../../db/sqlite-driver.ts';
import type {
  SaveSyncSettingsResult,
  SyncSettingsView,
  SyncState,
  SyncStatus,
} from '../../../domain/api/methods/sync.ts';
import type { HubErrorCode } from '../../../domain/hub-api/errors.ts';
import type { HoldRecord } from '../../../domain/hub-api/records.ts';
import type { SlotChangeBody } from '../../../domain/hub-api/sync-api.ts';
import type { StaffRole } from '../../../domain/vocabulary/index.ts';
import type { DeskEventBus } from '../desk-events.ts';
import {
  HubClient,
  type HubRefusalDetail,
  HubRefusedError,
  HubUnreachableError,
  InsecureHubError,
  normalizeHubUrl,
} from './hub-client.ts';
import {
  defaultSyncTiming,
  type HubConnection,
  HubSyncLoop,
  type SyncStateExtra,
  type SyncTiming,
} from './hub-sync-loop.ts';
import { snapshotFraction } from './mirror-hub.ts';
import { planEntry } from './outbox-plan.ts';
import type { SecretBox } from './secret-box.ts';

export type { HubConnection, SyncTiming } from './hub-sync-loop.ts';

export interface SyncEngineOptions {
  db: Database;
  events: DeskEventBus;
  secretBox: SecretBox;
  now?: () => Date;
  /** One line per notable event; never personal data. */
  log?: (line: string) => void;
  timing?: Partial<SyncTiming>;
}

/**
 * What the hub answered to a hold request. The times are durations from now on this machine's clock
 * (the hub's own clock may differ: its times are converted with the offset seen when the hold was
 * made).
 */
export type HoldAnswer =
  | { kind: 'held'; hold: HoldRecord; expiresInMs: number; capInMs: number }
  /** The hub said no (SLOT_FULL, HOLD_EXPIRED, FORBIDDEN, …). */
  | { kind: 'refused'; code: HubErrorCode | 'UNKNOWN' }
  /** No hub to ask (unconfigured) or no live session with it (offline, timed out). */
  | { kind: 'unavailable'; why: 'unconfigured' | 'offline' };

/** What the hub answered to a manager's change of a slot. */
export type SlotChangeAnswer =
  | {
      kind: 'changed';
      slot: {
        id: string;
        capacity: number;
        callCenterReserve: number;
        status: 'open' | 'closed';
        updatedAt: string;
      };
    }
  /** The hub said no (CAPACITY_BELOW_BOOKED with its message, VALIDATION, FORBIDDEN, NOT_FOUND, …). */
  | { kind: 'refused'; code: HubErrorCode | 'UNKNOWN'; message: string }
  /** No hub (unconfigured: the change is the local store's) or no live session with it (offline). */
  | { kind: 'unavailable'; why: 'unconfigured' | 'offline' };

/** What the hub answered to a manager's request (askHubAsManager). */
export type ManagerHubAnswer<T> =
  | { kind: 'done'; value: T }
  /** The hub said no: its code, its words (no personal data) and what it named (fields, slots in the way). */
  | { kind: 'refused'; code: HubErrorCode | 'UNKNOWN'; message: string; detail: HubRefusalDetail }
  /** No hub (unconfigured) or no live session with it (offline, timed out, signing in again). */
  | { kind: 'unavailable'; why: 'unconfigured' | 'offline' };

/** A manager's change of one slot waits at most this long for the hub. */
export const slotChangeTimeoutMs = 10_000;

/** A hold request waits at most this long: an operator on the phone is never kept waiting by the hub. */
export const holdRequestTimeoutMs = 3000;
/** Clock offsets kept for this many holds at most (the newest). */
const maxTrackedHolds = 200;

class SecretsUnreadableError extends Error {
  override name = 'SecretsUnreadableError';
}

export class SyncEngine {
  readonly #options: SyncEngineOptions;
  readonly #timing: SyncTiming;
  #attachment: HubSyncLoop | null = null;
  #stopped = false;
  /** The local demo hub is being started for this desktop (seeding can take a while on a first start). */
  #demoHubStarting = false;
  /** Per hold: the hub's clock minus this machine's, measured when the hold was made. */
  readonly #holdClockOffsets = new Map<string, number>();

  constructor(options: SyncEngineOptions) {
    this.#options = options;
    this.#timing = { ...defaultSyncTiming, ...options.timing };
  }

  /** A hub is set in the settings (then no demo hub is ever started). */
  get configured(): boolean {
    return readStoredSyncSettings(this.#options.db) !== null;
  }

  /** Who this desktop is signed in as on the hub (the configured account), once a sign-in has worked. */
  get hubAccount(): { id: string; displayName: string; role: StaffRole } | null {
    return this.#attachment?.staff ?? null;
  }

  /** Starts syncing with the hub in the settings, if any. */
  start(): void {
    const stored = readStoredSyncSettings(this.#options.db);
    if (!stored) {
      this.#emitState('unconfigured');
      return;
    }
    try {
      this.#attach(this.#connectionOf(stored));
    } catch (error) {
      if (!(error instanceof SecretsUnreadableError)) throw error;
      const now = this.#now();
      recordSyncProblem(this.#options.db, 'credentials_refused', error.message, now);
      this.#emitState('error');
    }
  }

  /** The local demo hub is starting and will be attached (the status says so meanwhile). */
  expectDemoHub(): void {
    if (this.configured || this.#attachment) return;
    this.#demoHubStarting = true;
    this.#emitState('syncing');
  }

  /** The demo hub could not start: shown as a problem instead of waiting forever. */
  demoHubFailed(detail: string): void {
    this.#demoHubStarting = false;
    if (this.#stopped) return;
    recordSyncProblem(this.#options.db, 'hub_error', detail, this.#now());
    this.#emitState('error');
  }

  /** Syncs with the local demo hub; ignored (false) when the settings name a hub. */
  connectDemoHub(connection: Omit<HubConnection, 'demo'>): boolean {
    this.#demoHubStarting = false;
    if (this.#stopped || this.configured) return false;
    this.#attach({ ...connection, demo: true });
    return true;
  }

  status(): SyncStatus {
    const { db } = this.#options;
    const state = readSyncState(db);
    const entries = outboxEntries(db);
    const unsupported = entries.filter((entry) => planEntry(db, entry).kind === 'unsupported').length;
    const run = this.#attachment;
    const starting = run === null && this.#demoHubStarting;
    const idleState: SyncState = starting ? 'syncing' : state.problem ? 'error' : 'unconfigured';
    return {
      state: run?.state ?? idleState,
      configured: run !== null || starting,
      demoHub: run?.connection.demo ?? starting,
      hubUrl: run?.connection.hubUrl ?? null,
      live: run ? (run.live ? 'pokes' : 'polling') : null,
      hubStaff: run?.staff ?? null,
      lastSyncAt: state.lastPullAt,
      lastPushAt: state.lastPushAt,
      cursor: state.cursor,
      headSeq: state.headSeq,
      snapshot: state.ready
        ? null
        : {
            rows: run?.snapshotProgress?.rows ?? state.snapshot?.rows ?? 0,
            total: run?.snapshotProgress?.total ?? null,
            progress: run?.snapshotProgress ? (snapshotFraction(run.snapshotProgress) ?? null) : null,
          },
      ready: state.ready,
      // Attached, and the local data has not come from this hub yet (never, or it changed hubs).
      firstSync: (run !== null || starting) && !state.ready && state.lastPullAt === null,
      outbox: {
        pending: entries.length,
        retrying: entries.filter((entry) => entry.attempts > 0 && entry.nextAttemptAt !== null).length,
        unsupported,
      },
      nextAttemptAt: run?.nextAttemptAt?.toISOString() ?? null,
      problem: state.problem,
      failures: recentSyncFailures(db),
      setAside: { count: setAsideRowCount(db), rows: setAsideRows(db) },
    };
  }

  /** Wakes the loop (cutting any back-off short) and answers the status after that round. */
  async syncNow(waitMs = 20_000): Promise<SyncStatus> {
    await this.#attachment?.runRoundNow(waitMs);
    return this.status();
  }

  /** Holds a seat on the hub for a caller (idempotent by holdId); never waits longer than holdRequestTimeoutMs. */
  async holdSeat(holdId: string, slotId: string): Promise<HoldAnswer> {
    const sentAt = this.#now().getTime();
    return this.#holdCall(async (client, token) => {
      const hold = await client.createHold(token, { holdId, slotId }, holdRequestTimeoutMs);
      // Measured from the moment the request left: the countdown may run a little short, never long.
      this.#trackHold(hold.id, Date.parse(hold.createdAt) - sentAt);
      return hold;
    });
  }

  /** Extends a hold of this desktop (the hub keeps it under its cap). */
  async extendHold(holdId: string): Promise<HoldAnswer> {
    return this.#holdCall((client, token) => client.extendHold(token, holdId, holdRequestTimeoutMs));
  }

  /** Gives a held seat back; false when the hold had ended or the hub cannot be asked. */
  async releaseHold(holdId: string): Promise<boolean> {
    this.#holdClockOffsets.delete(holdId);
    const run = this.#attachment;
    if (!run) return false;
    try {
      return await run.withSession((client, token) =>
        client.releaseHold(token, holdId, holdRequestTimeoutMs),
      );
    } catch (error) {
      if (error instanceof HubUnreachableError || error instanceof HubRefusedError) return false;
      throw error;
    }
  }

  /**
   * This desktop takes its data from a hub (configured, or the local demo hub, even while it starts or
   * could not start, or its data came from one): then only the hub may change capacity.
   */
  get attachedToHub(): boolean {
    return (
      this.#attachment !== null ||
      this.#demoHubStarting ||
      this.configured ||
      readSyncState(this.#options.db).origin !== null
    );
  }

  /**
   * Sends a manager's change of a slot to the hub at once, with the loop's session (never queued: a
   * capacity change is the hub's to decide, so offline it is refused rather than kept for later).
   * The pull that follows brings the slot through the change log as well.
   */
  async changeSlot(slotId: string, body: SlotChangeBody): Promise<SlotChangeAnswer> {
    const answer = await this.askHubAsManager((client, token) =>
      client.changeSlot(token, slotId, body, slotChangeTimeoutMs),
    );
    switch (answer.kind) {
      case 'done':
        this.#attachment?.wake();
        return { kind: 'changed', slot: answer.value };
      case 'refused':
        return { kind: 'refused', code: answer.code, message: answer.message };
      case 'unavailable':
        return answer;
    }
  }

  /**
   * One request of a manager's (a definition, a generation, a bulk change, a cancelled session) with
   * the loop's live session, at once: never queued, so offline it is 'unavailable' and nothing
   * happens anywhere. A refusal wakes the loop (the local copy may be behind what the hub counted).
   */
  async askHubAsManager<T>(
    call: (client: HubClient, token: string) => Promise<T>,
  ): Promise<ManagerHubAnswer<T>> {
    const run = this.#attachment;
    if (!run) return { kind: 'unavailable', why: this.attachedToHub ? 'offline' : 'unconfigured' };
    try {
      return { kind: 'done', value: await run.withSession(call) };
    } catch (error) {
      if (error instanceof HubUnreachableError) return { kind: 'unavailable', why: 'offline' };
      if (error instanceof HubRefusedError) {
        if (error.code === 'UNAUTHORIZED') return { kind: 'unavailable', why: 'offline' };
        run.wake();
        return { kind: 'refused', code: error.code, message: error.message, detail: error.detail };
      }
      throw error;
    }
  }

  async #holdCall(call: (client: HubClient, token: string) => Promise<HoldRecord>): Promise<HoldAnswer> {
    const run = this.#attachment;
    if (!run) return { kind: 'unavailable', why: 'unconfigured' };
    try {
      const hold = await run.withSession(call);
      const offset = this.#holdClockOffsets.get(hold.id) ?? 0;
      const hubNow = this.#now().getTime() + offset;
      return {
        kind: 'held',
        hold,
        expiresInMs: Math.max(0, Date.parse(hold.expiresAt) - hubNow),
        capInMs: Math.max(0, Date.parse(hold.expiresCapAt) - hubNow),
      };
    } catch (error) {
      if (error instanceof HubUnreachableError) return { kind: 'unavailable', why: 'offline' };
      if (error instanceof HubRefusedError) {
        if (error.code === 'UNAUTHORIZED') return { kind: 'unavailable', why: 'offline' };
        return { kind: 'refused', code: error.code };
      }
      throw error;
    }
  }

  #trackHold(holdId: string, offsetMs: number): void {
    this.#holdClockOffsets.delete(holdId);
    this.#holdClockOffsets.set(holdId, offsetMs);
    for (const oldest of this.#holdClockOffsets.keys()) {
      if (this.#holdClockOffsets.size <= maxTrackedHolds) break;
      this.#holdClockOffsets.delete(oldest);
    }
  }

  settingsView(): SyncSettingsView | null {
    const stored = readStoredSyncSettings(this.#options.db);
    if (!stored) return null;
    return {
      hubUrl: stored.hubUrl,
      deviceId: stored.deviceId,
      staffLogin: stored.staffLogin,
      hasDeviceSecret: stored.deviceSecret !== '',
      hasPassword: stored.staffPassword !== '',
      secretStorage: stored.secretStorage,
    };
  }

  /**
   * Checks the settings by signing in, stores them (secrets sealed), and restarts sync with them. Not
   * stored when the hub refuses them; stored with outcome 'unreachable' when the hub does not answer.
   */
  async saveSettings(input: {
    hubUrl: string;
    deviceId: string;
    deviceSecret?: string | undefined;
    staffLogin: string;
    password?: string | undefined;
    confirmClear?: boolean | undefined;
  }): Promise<SaveSyncSettingsResult> {
    const { db, secretBox } = this.#options;
    const stored = readStoredSyncSettings(db);
    const storedSecrets = stored ? this.#tryOpen(stored) : null;
    const deviceSecret = input.deviceSecret || storedSecrets?.deviceSecret || '';
    const password = input.password || storedSecrets?.password || '';
    const hubUrl = normalizeHubUrl(input.hubUrl);
    const clearing = dataFromElsewhere(db, hubUrl);
    const answer = (outcome: SaveSyncSettingsResult['outcome'], saved: boolean): SaveSyncSettingsResult => ({
      outcome,
      saved,
      status: this.status(),
      clearing,
    });
    if (deviceSecret === '' || password === '') return answer('secrets_missing', false);

    const origin = readSyncState(db).origin;
    if (origin !== null && origin !== hubUrl && outboxLength(db) > 0 && !this.#demoData()) {
      return answer('outbox_blocks_hub_change', false);
    }
    let outcome: SaveSyncSettingsResult['outcome'] = 'saved';
    try {
      await new HubClient({ baseUrl: hubUrl, timeoutMs: 10_000 }).login({
        deviceId: input.deviceId,
        deviceSecret,
        login: input.staffLogin,
        password,
      });
    } catch (error) {
      // Plain http:// to another machine is never stored (the contract's schema refuses it first).
      if (error instanceof InsecureHubError) throw error;
      if (
        error instanceof HubRefusedError &&
        ['UNAUTHORIZED', 'FORBIDDEN', 'VALIDATION'].includes(error.code)
      ) {
        return answer('credentials_refused', false);
      }
      if (error instanceof HubRefusedError && error.code === 'PROTOCOL_MISMATCH') {
        return answer('protocol_mismatch', false);
      }
      outcome = 'unreachable';
    }
    // Never a silent wipe: the data this hub replaces is named and the user says yes first.
    if (clearing && !input.confirmClear) return answer('confirm_clear', false);
    writeSyncSettings(db, {
      hubUrl,
      deviceId: input.deviceId,
      deviceSecret: secretBox.seal(deviceSecret),
      staffLogin: input.staffLogin,
      staffPassword: secretBox.seal(password),
      secretStorage: secretBox.storage,
      updatedAt: this.#now().toISOString(),
    });
    clearSyncProblem(db);
    this.#attach({
      hubUrl,
      deviceId: input.deviceId,
      deviceSecret,
      staffLogin: input.staffLogin,
      password,
      origin: hubUrl,
      demo: false,
    });
    return answer(outcome, true);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    const run = this.#attachment;
    this.#attachment = null;
    await run?.stop();
  }

  #attach(connection: HubConnection): void {
    const previous = this.#attachment;
    const run = new HubSyncLoop(connection, this.#options, this.#timing, (state) => this.#emitState(state));
    this.#attachment = run;
    void (async () => {
      await previous?.stop();
      if (this.#attachment === run) run.start();
    })();
  }

  #connectionOf(stored: StoredSyncSettings): HubConnection {
    const secrets = this.#tryOpen(stored);
    if (!secrets) {
      throw new SecretsUnreadableError(
        'the stored secrets were sealed by the OS keychain, which this mode cannot read; enter them again',
      );
    }
    return {
      hubUrl: stored.hubUrl,
      deviceId: stored.deviceId,
      staffLogin: stored.staffLogin,
      ...secrets,
      origin: normalizeHubUrl(stored.hubUrl),
      demo: false,
    };
  }

  #tryOpen(stored: StoredSyncSettings): { deviceSecret: string; password: string } | null {
    const box = this.#options.secretBox;
    if (stored.secretStorage === 'local-db')
      return { deviceSecret: stored.deviceSecret, password: stored.staffPassword };
    if (box.storage !== 'os') return null;
    try {
      return { deviceSecret: box.open(stored.deviceSecret), password: box.open(stored.staffPassword) };
    } catch {
      return null;
    }
  }

  #demoData(): boolean {
    return getMeta(this.#options.db, metaKeys.demo) === '1';
  }

  #emitState(state: SyncState, extra: SyncStateExtra = {}): void {
    this.#options.events.emit({ type: 'sync-status', state, ...extra });
  }

  #now(): Date {
    return this.#options.now?.() ?? new Date();
  }
}
