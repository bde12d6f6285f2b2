/** The app's one window factory: every window is created here with the secure options. */
import { BrowserWindow } from 'electron';
import { buildMainWindowOptions, type MainWindowSettings } from './window-options.ts';

export function createMainWindow(settings: MainWindowSettings): BrowserWindow {
  const window = new BrowserWindow(buildMainWindowOptions(settings));
  window.once('ready-to-show', () => window.show());
  return window;
}
