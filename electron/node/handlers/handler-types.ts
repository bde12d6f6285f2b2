import type { z } from 'zod';
import type { Database } from '../../../db/sqlite-driver.ts';
import type { AppInfo, MethodSpec } from '../../../domain/api/contract.ts';
import type { DeskEventBus } from '../desk-events.ts';
import type { DesktopShell } from '../desktop-shell.ts';
import type { CallContext } from '../dispatch.ts';
import type { DownloadStore } from '../export/download-store.ts';
import type { SyncEngine } from '../sync/sync-engine.ts';

/** What every handler group gets from the desk service. */
export interface ApiHandlerDeps {
  db: Database;
  appVersion: string;
  transport: AppInfo['transport'];
  /** Save and print dialogs; present in Electron only. */
  shell?: DesktopShell | undefined;
  /** Where browser mode keeps exports until the page downloads them. */
  downloads?: DownloadStore | undefined;
  /** Where browser mode keeps the files the page uploaded (a coupon list) until a method reads them. */
  uploads?: DownloadStore | undefined;
  /** Tells the windows that data changed (e.g. after a phone booking); absent where nobody listens. */
  events?: DeskEventBus | undefined;
  /** Sync with the hub (status, settings, sync now). */
  sync?: SyncEngine | undefined;
}

/** The handlers of one group of contract methods, receiving already validated input. */
export type HandlersOf<G extends Record<string, MethodSpec<z.ZodType, unknown>>> = {
  [M in keyof G]: (
    input: z.output<G[M]['input']>,
    ctx: CallContext,
  ) => NonNullable<G[M]['output']> | Promise<NonNullable<G[M]['output']>>;
};
