/**
 * The desktop shell's dialogs for the API handlers (electron/node/desktop-shell.ts): the system save
 * dialog for exports, and printing the main window (the daily list's print preview is what the
 * page shows; its print CSS sets A4 landscape) through the system print dialog.
 */
import { join } from 'node:path';
import type { BrowserWindow, Dialog } from 'electron';
import type { DesktopShell } from '../node/desktop-shell.ts';

export interface DesktopShellOptions {
  dialog: Pick<Dialog, 'showSaveDialog'>;
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
    printWindow: ({ landscape }) =>
      new Promise<boolean>((resolve) => {
        window().webContents.print(
          { silent: false, printBackground: true, landscape, pageSize: 'A4' },
          (success) => resolve(success),
        );
      }),
  };
}
