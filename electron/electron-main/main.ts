/**
 * Electron main process: app lifecycle only. One instance per user (a second start focuses the
 * first window), the database in the user-data folder (or --data-dir), the renderer served over
 * app://desk/, one secure window, one IPC channel, and a clean shutdown that checkpoints the WAL.
 */
import { join } from 'node:path';
import { app, type BrowserWindow, dialog, ipcMain, protocol, session } from 'electron';
import { parseDeskArgs } from '../node/desk-options.ts';
import { type DeskService, openDeskService } from '../node/desk-service.ts';
import { appStartUrl } from './app-origin.ts';
import { declareAppScheme, serveRenderer } from './app-protocol.ts';
import { registerDeskIpc } from './ipc.ts';
import { hardenAllWebContents, secureSession } from './security.ts';
import { createMainWindow } from './window.ts';

let service: DeskService | null = null;
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
  service = await openDeskService({
    dataDir: options.dataDir ?? app.getPath('userData'),
    empty: options.empty,
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    appVersion: app.getVersion(),
    transport: 'electron',
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
}

function shutDown(): void {
  const closing = service;
  service = null;
  closing?.close();
}

function fail(error: unknown): void {
  // Opening errors (database newer than the app, unreadable file) explain themselves without data.
  const message = error instanceof Error ? error.message : String(error);
  console.error(`[desk] start failed: ${error instanceof Error ? error.name : typeof error}`);
  dialog.showErrorBox('ワクチン予約デスクを起動できません / Cannot start Vaccine Desk', message);
  shutDown();
  app.exit(1);
}
