/**
 * The options of the app's one window, kept free of runtime Electron imports so tests can check
 * them without the Electron binary. window.ts is the only place that creates a BrowserWindow.
 */
import type { BrowserWindowConstructorOptions } from 'electron';

export interface MainWindowSettings {
  /** Absolute path of the bundled preload (out/preload/preload.cjs). */
  preloadPath: string;
  /** Developer tools: on in development, off in packaged builds. */
  devTools: boolean;
}

export function buildMainWindowOptions(settings: MainWindowSettings): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 820,
    minWidth: 960,
    minHeight: 600,
    title: '接種予約デスク',
    backgroundColor: '#ffffff',
    autoHideMenuBar: true,
    // Shown once the first paint is ready, so no white flash.
    show: false,
    webPreferences: {
      preload: settings.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools: settings.devTools,
    },
  };
}
