/**
 * The Electron main process's wiring, run against a recording fake of the 'electron' module (the
 * real one needs the binary): lifecycle, window, app:// serving, IPC sender checks, security
 * handlers and the clean shutdown, over a real SQLite demo database in a temporary folder.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerDeskIpc } from '../../electron/electron-main/ipc.ts';
import { buildMainWindowOptions } from '../../electron/electron-main/window-options.ts';
import { contentSecurityPolicy } from '../../electron/node/content-security-policy.ts';
import { DeskEventBus } from '../../electron/node/desk-events.ts';

type Listener = (...args: unknown[]) => unknown;

const fake = vi.hoisted(() => {
  class Emitter {
    readonly listeners = new Map<string, Listener[]>();
    on(event: string, listener: Listener) {
      this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
      return this;
    }
    once(event: string, listener: Listener) {
      return this.on(event, listener);
    }
    emit(event: string, ...args: unknown[]) {
      for (const listener of this.listeners.get(event) ?? []) listener(...args);
    }
  }

  class FakeWebContents extends Emitter {
    readonly send = vi.fn();
    readonly setWindowOpenHandler = vi.fn();
    readonly mainFrame = { parent: null, url: 'app://desk/index.html' };
  }

  let resolveLoaded: () => void = () => {};
  const loaded = new Promise<void>((resolve) => {
    resolveLoaded = resolve;
  });

  const windows: FakeWindow[] = [];
  class FakeWindow extends Emitter {
    readonly webContents = new FakeWebContents();
    readonly options: unknown;
    readonly focus = vi.fn();
    readonly restore = vi.fn();
    readonly show = vi.fn();
    constructor(options: unknown) {
      super();
      this.options = options;
      windows.push(this);
    }
    loadURL = vi.fn(async () => resolveLoaded());
    isDestroyed = () => false;
    isMinimized = () => false;
  }

  const paths = { userData: '', appPath: '' };
  const app = Object.assign(new Emitter(), {
    isPackaged: false,
    getPath: vi.fn(() => paths.userData),
    getAppPath: vi.fn(() => paths.appPath),
    getVersion: () => '9.9.9',
    requestSingleInstanceLock: vi.fn(() => true),
    whenReady: vi.fn(async () => {}),
    quit: vi.fn(),
    exit: vi.fn(),
  });
  const protocol = {
    registerSchemesAsPrivileged: vi.fn(),
    handle: vi.fn<(scheme: string, handler: (request: Request) => Promise<Response>) => void>(),
  };
  const defaultSession = {
    setPermissionRequestHandler: vi.fn(),
    setPermissionCheckHandler: vi.fn(),
    webRequest: { onHeadersReceived: vi.fn() },
  };
  const ipcMain = { handle: vi.fn(), removeHandler: vi.fn() };
  const dialog = { showErrorBox: vi.fn() };

  return {
    Emitter,
    FakeWebContents,
    loaded,
    windows,
    paths,
    module: { app, BrowserWindow: FakeWindow, protocol, session: { defaultSession }, ipcMain, dialog },
  };
});
vi.mock('electron', () => fake.module);

const { app, protocol, ipcMain, session, dialog } = fake.module;
let workDir: string;

// Vitest clears mock calls before each test, so what start-up did is copied here once.
const startUp = {
  lockRequests: 0,
  schemeDeclarations: [] as unknown[][],
  protocolHandlers: [] as unknown[][],
  ipcHandlers: [] as unknown[][],
  permissionRequestHandlers: [] as unknown[][],
  permissionCheckHandlers: [] as unknown[][],
  headerHandlers: [] as unknown[][],
  loadedUrls: [] as unknown[][],
  errorBoxes: 0,
  exits: 0,
};

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'desk-main-'));
  fake.paths.userData = join(workDir, 'user-data');
  fake.paths.appPath = join(workDir, 'app');
  mkdirSync(join(fake.paths.appPath, 'out', 'renderer'), { recursive: true });
  writeFileSync(
    join(fake.paths.appPath, 'out', 'renderer', 'index.html'),
    '<!doctype html><div id="root"></div>',
  );
  writeFileSync(join(workDir, 'app', 'secret.txt'), 'outside the renderer');

  await import('../../electron/electron-main/main.ts');
  await fake.loaded;

  const { defaultSession } = session;
  Object.assign(startUp, {
    lockRequests: app.requestSingleInstanceLock.mock.calls.length,
    schemeDeclarations: [...protocol.registerSchemesAsPrivileged.mock.calls],
    protocolHandlers: [...protocol.handle.mock.calls],
    ipcHandlers: [...ipcMain.handle.mock.calls],
    permissionRequestHandlers: [...defaultSession.setPermissionRequestHandler.mock.calls],
    permissionCheckHandlers: [...defaultSession.setPermissionCheckHandler.mock.calls],
    headerHandlers: [...defaultSession.webRequest.onHeadersReceived.mock.calls],
    loadedUrls: fake.windows.flatMap((window) => window.loadURL.mock.calls),
    errorBoxes: dialog.showErrorBox.mock.calls.length,
    exits: app.exit.mock.calls.length,
  });
});

afterAll(() => {
  rmSync(workDir, { recursive: true, force: true });
});

function ipcHandler() {
  expect(startUp.ipcHandlers).toHaveLength(1);
  const [channel, handler] = startUp.ipcHandlers[0]!;
  expect(channel).toBe('desk:call');
  return handler as (event: unknown, method: unknown, input: unknown) => Promise<unknown>;
}

describe('Electron main process', () => {
  it('starts without error, holding the single-instance lock', () => {
    expect(startUp.errorBoxes).toBe(0);
    expect(startUp.lockRequests).toBe(1);
    expect(startUp.exits).toBe(0);
  });

  it('declares app:// as a standard, secure scheme', () => {
    expect(startUp.schemeDeclarations).toEqual([
      [
        [
          expect.objectContaining({
            scheme: 'app',
            privileges: expect.objectContaining({ standard: true, secure: true }),
          }),
        ],
      ],
    ]);
  });

  it('creates one window with the secure options and loads the app page', () => {
    expect(fake.windows).toHaveLength(1);
    const window = fake.windows[0]!;
    expect(window.options).toEqual(
      buildMainWindowOptions({
        preloadPath: join(fake.paths.appPath, 'out', 'preload', 'preload.cjs'),
        devTools: true,
      }),
    );
    expect(startUp.loadedUrls).toEqual([['app://desk/index.html']]);
  });

  it('keeps the database in the user-data folder', () => {
    expect(existsSync(join(fake.paths.userData, 'desk.sqlite'))).toBe(true);
  });

  it('serves the renderer over app:// with the CSP, and nothing outside it', async () => {
    expect(startUp.protocolHandlers).toHaveLength(1);
    const [scheme, handler] = startUp.protocolHandlers[0] as [
      string,
      (request: Request) => Promise<Response>,
    ];
    expect(scheme).toBe('app');
    const page = await handler(new Request('app://desk/index.html'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(contentSecurityPolicy);
    expect(await page.text()).toContain('<div id="root">');

    const route = await handler(new Request('app://desk/bookings'));
    expect(await route.text()).toContain('<div id="root">');
    const traversal = await handler(new Request('app://desk/..%2fsecret.txt'));
    expect(traversal.status).toBe(400);
    const otherHost = await handler(new Request('app://elsewhere/index.html'));
    expect(otherHost.status).toBe(404);
  });

  it('answers IPC calls from the main window’s top frame through the dispatcher', async () => {
    const window = fake.windows[0]!;
    const trusted = { sender: window.webContents, senderFrame: window.webContents.mainFrame };
    const info = await ipcHandler()(trusted, 'getAppInfo', {});
    expect(info).toMatchObject({
      ok: true,
      value: { transport: 'electron', demo: true, version: '9.9.9', session: { role: 'manager' } },
    });
    const invalid = await ipcHandler()(trusted, 'getDayOverview', { date: 'tomorrow' });
    expect(invalid).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('refuses IPC calls from any other frame or page', async () => {
    const window = fake.windows[0]!;
    const subFrame = { parent: window.webContents.mainFrame, url: 'app://desk/index.html' };
    const cases = [
      { sender: new fake.FakeWebContents(), senderFrame: { parent: null, url: 'app://desk/index.html' } },
      { sender: window.webContents, senderFrame: subFrame },
      { sender: window.webContents, senderFrame: { parent: null, url: 'https://evil.example/' } },
      { sender: window.webContents, senderFrame: null },
    ];
    for (const event of cases) {
      expect(await ipcHandler()(event, 'getAppInfo', {})).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN' },
      });
    }
  });

  it('denies navigation away from the app, new windows and webviews in every web contents', () => {
    const contents = new fake.FakeWebContents();
    app.emit('web-contents-created', {}, contents);

    const away = { url: 'https://example.com/', preventDefault: vi.fn() };
    contents.emit('will-navigate', away);
    expect(away.preventDefault).toHaveBeenCalled();
    const redirect = { url: 'http://127.0.0.1:8080/', preventDefault: vi.fn() };
    contents.emit('will-redirect', redirect);
    expect(redirect.preventDefault).toHaveBeenCalled();
    const inApp = { url: 'app://desk/index.html#/bookings', preventDefault: vi.fn() };
    contents.emit('will-navigate', inApp);
    expect(inApp.preventDefault).not.toHaveBeenCalled();
    const webview = { preventDefault: vi.fn() };
    contents.emit('will-attach-webview', webview);
    expect(webview.preventDefault).toHaveBeenCalled();

    const openHandler = contents.setWindowOpenHandler.mock.calls[0]![0] as (d: { url: string }) => unknown;
    expect(openHandler({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
  });

  it('denies permission requests and checks, and puts the CSP on app responses', () => {
    const requestHandler = startUp.permissionRequestHandlers[0]![0] as Listener;
    const granted = vi.fn();
    requestHandler({}, 'media', granted);
    expect(granted).toHaveBeenCalledWith(false);
    const checkHandler = startUp.permissionCheckHandlers[0]![0] as Listener;
    expect(checkHandler({}, 'clipboard-read')).toBe(false);

    const headersHandler = startUp.headerHandlers[0]![0] as Listener;
    const callback = vi.fn();
    headersHandler({ url: 'app://desk/index.html', responseHeaders: {} }, callback);
    expect(callback).toHaveBeenCalledWith({
      responseHeaders: { 'Content-Security-Policy': [contentSecurityPolicy] },
    });
  });

  it('focuses the existing window when a second instance starts', () => {
    app.emit('second-instance');
    expect(fake.windows[0]!.focus).toHaveBeenCalled();
  });

  it('checkpoints the WAL and closes the database when the app quits', () => {
    const wal = join(fake.paths.userData, 'desk.sqlite-wal');
    expect(statSync(wal).size).toBeGreaterThan(0);
    app.emit('will-quit');
    expect(!existsSync(wal) || statSync(wal).size === 0).toBe(true);
  });
});

describe('desk events over IPC', () => {
  it('forwards each event to the main window and stops after unregistering', () => {
    const events = new DeskEventBus();
    const contents = { send: vi.fn() };
    const window = { webContents: contents, isDestroyed: () => false };
    const ipc = { handle: vi.fn(), removeHandler: vi.fn() };
    const unregister = registerDeskIpc({
      ipcMain: ipc as never,
      getMainWindow: () => window as never,
      call: async () => ({ ok: true, value: null }),
      subscribe: (listener) => events.subscribe(listener),
    });
    events.emit({ type: 'sync-status', state: 'syncing', progress: 0.5 });
    expect(contents.send).toHaveBeenCalledWith('desk:event', {
      type: 'sync-status',
      state: 'syncing',
      progress: 0.5,
    });

    unregister();
    expect(ipc.removeHandler).toHaveBeenCalledWith('desk:call');
    events.emit({ type: 'data-changed', scopes: ['slots'] });
    expect(contents.send).toHaveBeenCalledTimes(1);
  });
});
