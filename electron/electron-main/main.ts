/**
 * Electron main process: app lifecycle only. One instance per user (a second start focuses the
 * first window), the database in the user-data folder (or --data-dir), the renderer served over
 * app://desk/, one secure window, one IPC channel, and a clean shutdown that checkpoints the WAL.
 */
import { join } from 'node:path';
import { app, type BrowserWindow, dialog, ipcMain, protocol, safeStorage, session } from 'electron';
import { attachDemoHub, type DemoHub } from '../node/demo-hub.ts';
import { parseDeskArgs } from '../node/desk-options.ts';
import { type DeskService, defaultDemoSeed, openDeskService } from '../node/desk-service.ts';
import { describeStartupProblem } from '../node/startup-problem.ts';
import { osSecretBox, type SecretBox } from '../node/sync/secret-box.ts';
import { appStartUrl } from './app-origin.ts';
import { declareAppScheme, serveRenderer } from './app-protocol.ts';
import { createDesktopShell } from './desktop-shell.ts';
import { registerDeskIpc } from './ipc.ts';
import { hardenAllWebContents, secureSession } from './security.ts';
import { createMainWindow } from './window.ts';

let service: DeskService | null = null;
let demoHub: DemoHub | null = null;
let mainWindow: BrowserWindow | null = null;

declareAppScheme(protocol);
hardenAllWebContents(app);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow || mainWindow.isDestroyed()) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', shutDown);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.quit());
  app.whenReady().then(start).catch(fail);
}

async function start(): Promise<void> {
  const options = parseDeskArgs(process.argv.slice(1), { allowUnknown: true });
  const dataDir = options.dataDir ?? app.getPath('userData');
  const withDemoHub = !options.empty && !options.noDemoHub;
  const secretBox = osKeychain();
  service = await openDeskService({
    dataDir,
    empty: options.empty,
    demoHub: withDemoHub,
    ...(secretBox ? { secretBox } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.keepBookingsDays !== undefined ? { bookingRetentionDays: options.keepBookingsDays } : {}),
    appVersion: app.getVersion(),
    transport: 'electron',
    shell: createDesktopShell({
      dialog,
      getMainWindow: () => mainWindow,
      defaultFolder: () => app.getPath('documents'),
    }),
  });
  const desk = service;

  // The app folder (the repository, or app.asar when packaged) holds the build in out/.
  const buildDir = join(app.getAppPath(), 'out');
  secureSession(session.defaultSession);
  serveRenderer(protocol, join(buildDir, 'renderer'));
  registerDeskIpc({
    ipcMain,
    getMainWindow: () => mainWindow,
    call: (method, input) => desk.call(method, input),
    subscribe: (listener) => desk.events.subscribe(listener),
  });

  mainWindow = createMainWindow({
    preloadPath: join(buildDir, 'preload', 'preload.cjs'),
    devTools: !app.isPackaged,
  });
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
  await mainWindow.loadURL(appStartUrl);

  // An unconfigured desktop syncs from a local demo hub, started once the window is up.
  if (withDemoHub && !desk.sync.configured) {
    demoHub = await attachDemoHub(desk, {
      dataDir,
      seed: options.seed ?? defaultDemoSeed,
      simulate: !options.noSimulate,
      log: (line) => console.info(line),
    });
    if (!service) void demoHub?.close();
  }
}

/** The hub secrets are sealed by the OS keychain (safeStorage) where it is available. */
function osKeychain(): SecretBox | null {
  try {
    if (!safeStorage.isEncryptionAvailable()) return null;
    return osSecretBox({
      encrypt: (plain) => safeStorage.encryptString(plain),
      decrypt: (sealed) => safeStorage.decryptString(sealed),
    });
  } catch {
    return null;
  }
}

function shutDown(): void {
  const closing = service;
  service = null;
  closing?.close();
  const hub = demoHub;
  demoHub = null;
  void hub?.close();
}

function fail(error: unknown): void {
  const problem = describeStartupProblem(error);
  console.error(`[desk] start failed: ${error instanceof Error ? error.name : typeof error}`);
  dialog.showErrorBox(
    '接種予約デスクを起動できません / Cannot start Vaccine Desk',
    `${problem.ja}\n\n${problem.en}`,
  );
  shutDown();
  app.exit(1);
}
