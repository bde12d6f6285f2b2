/** The app's one window factory: every window is created here with the secure options. */
import { BrowserWindow } from 'electron';
import { buildMainWindowOptions, type MainWindowSettings } from './window-options.ts';

export function createMainWindow(settings: MainWindowSettings): BrowserWindow {
  // Electronegativity (scripts/electron-hardening.ts) reads only an object literal written here, so it
  // cannot see these options and reports them missing. They are in window-options.ts: contextIsolation
  // and sandbox on, nodeIntegration off (test/electron/window-options.test.ts checks them), and a new
  // window, middle-click included, is refused for every web contents (security.ts, setWindowOpenHandler).
  const window = new BrowserWindow(buildMainWindowOptions(settings)); // eng-disable CONTEXT_ISOLATION_JS_CHECK SANDBOX_JS_CHECK AUXCLICK_JS_CHECK
  window.once('ready-to-show', () => window.show());
  return window;
}
