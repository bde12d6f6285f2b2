/**
 * The desktop shell's dialogs for the API handlers (electron/node/desktop-shell.ts): the system save
 * dialog for exports, the open dialog for a coupon list to import, and printing the main window (the daily list's print preview is what the
 * page shows; its print CSS sets A4 landscape) through the system print dialog.
 */
import { join } from 'node:path';
import type { BrowserWindow, Dialog } from 'electron';
import type { DesktopShell } from '../node/desktop-shell.ts';

export interface DesktopShellOptions {
  dialog: Pick<Dialog, 'showSaveDialog' | 'showOpenDialog'>;
  getMainWindow: () => BrowserWindow | null;
  /** The folder the save dialog opens in (the user's documents). */
  defaultFolder: () => string;
}

export function createDesktopShell(options: DesktopShellOptions): DesktopShell {
  const window = () => {
    const main = options.getMainWindow();
    if (!main || main.isDestroyed()) throw new Error('no main window');
    return main;
  };
  return {
    chooseSavePath: async (suggestedName, filter) => {
      const result = await options.dialog.showSaveDialog(window(), {
        defaultPath: join(options.defaultFolder(), suggestedName),
        filters: [filter],
        properties: ['createDirectory', 'showOverwriteConfirmation'],
      });
      return result.canceled || !result.filePath ? null : result.filePath;
    },
    chooseOpenPath: async (filter) => {
      const result = await options.dialog.showOpenDialog(window(), {
        defaultPath: options.defaultFolder(),
        filters: [filter],
        properties: ['openFile'],
      });
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    printWindow: ({ landscape }) =>
      new Promise<boolean>((resolve) => {
        window().webContents.print(
          { silent: false, printBackground: true, landscape, pageSize: 'A4' },
          (success) => resolve(success),
        );
      }),
  };
}
