/**
 * The desktop process without its window: opens (and on first start fills) the local store,
 * builds the API handlers behind the dispatcher, and owns the event bus. Electron main and browser
 * mode both run exactly this; only the transport in front differs.
 */

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDemoCity, isStoreEmpty } from '../../db/demo-load.ts';
import { closeDatabase, type Database, openDatabase } from '../../db/open-database.ts';
import { getMeta, metaKeys, setMeta } from '../../db/queries/meta.ts';
import { rememberStaffName } from '../../db/queries/staff-names.ts';
import { readStoredSyncSettings } from '../../db/queries/sync-settings.ts';
import type { AppInfo } from '../../domain/api/contract.ts';
import type { ApiResult } from '../../domain/api/errors.ts';
import { todayIn } from '../../domain/calendar.ts';
import { japanTimeZone } from '../../domain/vocabulary/terms.ts';
import { createApiHandlers } from './api-handlers.ts';
import { bookingRetentionDays, startBookingRetention } from './booking-retention.ts';
import { databaseFileName } from './data-dir.ts';
import { demoSession } from './demo-session.ts';
import { DeskEventBus } from './desk-events.ts';
import type { DesktopShell } from './desktop-shell.ts';
import { createDispatcher, type DeskSession } from './dispatch.ts';
import { DownloadStore } from './export/download-store.ts';
import { loadOrCreateStoreKey, sealPlainStoreKey } from './store-key.ts';
import { localDbSecretBox, type SecretBox } from './sync/secret-box.ts';
import { SyncEngine, type SyncTiming } from './sync/sync-engine.ts';

export interface DeskServiceOptions {
  /** Folder of the database file; created when missing. */
  dataDir: string;
  /** Keep an empty database empty instead of loading the demo city into it. */
  empty?: boolean;
  /** Demo city seed (same seed, same city); defaultDemoSeed when absent. */
  seed?: number;
  /** The demo city's first day (YYYY-MM-DD); today in Japan when absent. */
  today?: string;
  appVersion: string;
  transport: AppInfo['transport'];
  /** Electron's save and print dialogs; browser mode has none and downloads exports instead. */
  shell?: DesktopShell;
  /** Role checks in the dispatcher; on unless a test turns them off. */
  enforceRoles?: boolean;
  /** Told before the demo city is generated and loaded (a few seconds), e.g. to print a line. */
  onDemoLoadStart?: () => void;
  /**
   * The caller starts a local demo hub for an unconfigured desktop (demo-hub.ts), which then syncs its
   * data from there: the demo city is not generated locally.
   */
  demoHub?: boolean;
  /**
   * Seals the hub secrets and the store key at rest: Electron passes safeStorage; browser mode keeps the
   * secrets in the database and the key in its key file as they are.
   */
  secretBox?: SecretBox;
  /** Where the sync engine and the booking retention write their log lines (console by default); tests quieten it. */
  syncLog?: (line: string) => void;
  syncTiming?: Partial<SyncTiming>;
  /** Days back this desktop keeps bookings (--keep-bookings-days): remembered in the store; 90 unless set. */
  bookingRetentionDays?: number;
}

export const defaultDemoSeed = 2021;

export interface DeskService {
  readonly databasePath: string;
  /** True when this start loaded the demo city into an empty database. */
  readonly demoLoaded: boolean;
  /** Who is calling: the demo session, or the configured hub account when it is an admin's (see below). */
  readonly session: DeskSession;
  readonly events: DeskEventBus;
  readonly db: Database;
  /** Exports waiting for the browser to download them (browser mode only). */
  readonly downloads: DownloadStore | null;
  /** Files the page uploaded, waiting for the method that reads them (browser mode only). */
  readonly uploads: DownloadStore | null;
  /** Sync with the hub: configured in the settings, or the local demo hub (see demo-hub.ts). */
  readonly sync: SyncEngine;
  /** Calls one API method as the current session. Never throws. */
  call(method: unknown, input: unknown): Promise<ApiResult<unknown>>;
  /** Checkpoints the WAL and closes the database; safe to call twice. */
  close(): void;
}

export async function openDeskService(options: DeskServiceOptions): Promise<DeskService> {
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const databasePath = join(options.dataDir, databaseFileName);
  const secretBox = options.secretBox ?? localDbSecretBox;
  // The key first (made on first start, or refused when an encrypted store has none), then the store
  // opened with it: an old plaintext store is encrypted in place by this open.
  const key = loadOrCreateStoreKey(options.dataDir, databasePath, secretBox);
  const db = openDatabase(databasePath, { key });
  sealPlainStoreKey(options.dataDir, key, secretBox);
  let demoLoaded = false;
  let keepDays: number;
  try {
    keepDays = bookingRetentionDays(db, options.bookingRetentionDays);
    // An empty store (first start, or a first start that was interrupted) gets the demo city,
    // unless it was ever started with --empty: a store meant for real data never gets demo rows.
    if (isStoreEmpty(db) && options.empty) setMeta(db, metaKeys.setup, 'empty');
    // A desktop attached to a hub (configured, or the demo hub) takes all its data from the hub.
    const fromHub = options.demoHub === true || readStoredSyncSettings(db) !== null;
    // The demo hub's data is the demo city: labelled デモ from the first moment.
    if (options.demoHub && readStoredSyncSettings(db) === null) setMeta(db, metaKeys.demo, '1');
    if (isStoreEmpty(db) && getMeta(db, metaKeys.setup) !== 'empty' && !fromHub) {
      options.onDemoLoadStart?.();
      demoLoaded = ensureDemoCity(db, {
        seed: options.seed ?? defaultDemoSeed,
        today: options.today ?? todayIn(japanTimeZone),
      }).loaded;
    }
  } catch (error) {
    closeDatabase(db);
    throw error;
  }

  const session = demoSession;
  // This desk's own actions name the signed-in person.
  rememberStaffName(db, session.staffId, session.displayName, 'session');
  const events = new DeskEventBus();
  const shell = options.shell;
  const downloads = shell ? null : new DownloadStore(join(options.dataDir, 'downloads'));
  const uploads = shell ? null : new DownloadStore(join(options.dataDir, 'uploads'));
  const log = options.syncLog ?? ((line: string) => console.info(line));
  const sync = new SyncEngine({
    db,
    events,
    secretBox,
    log,
    ...(options.syncTiming ? { timing: options.syncTiming } : {}),
  });
  const dispatch = createDispatcher(
    createApiHandlers({
      db,
      appVersion: options.appVersion,
      transport: options.transport,
      events,
      shell,
      downloads: downloads ?? undefined,
      uploads: uploads ?? undefined,
      sync,
    }),
    { enforceRoles: options.enforceRoles ?? true },
  );

  // Until staff sign in at the desk (issue 11, another branch), the desk acts as the demo manager
  // session, except on a desk configured with an admin's hub account, which acts as that admin: the
  // only account the admin screen (admin.*) can work with, on the desk and on the hub alike.
  const currentSession = (): DeskSession => {
    const account = sync.hubAccount;
    return account?.role === 'admin'
      ? { staffId: account.id, displayName: account.displayName, role: account.role }
      : session;
  };

  sync.start();
  if (options.demoHub && !sync.configured) sync.expectDemoHub();
  const retention = startBookingRetention({
    db,
    events,
    keepDays,
    log,
  });

  return {
    databasePath,
    demoLoaded,
    get session() {
      return currentSession();
    },
    events,
    db,
    downloads,
    uploads,
    sync,
    call: (method, input) => dispatch(method, input, { session: currentSession() }),
    close: () => {
      // Stops at once (requests aborted); the database is not touched by sync after this line.
      void sync.stop();
      retention.stop();
      downloads?.clear();
      uploads?.clear();
      closeDatabase(db);
    },
  };
}
