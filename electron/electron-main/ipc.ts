/**
 * The one IPC channel of the app. 'desk:call' carries (method, input) to the shared dispatcher after
 * checking that the sender is the main window's top frame showing the app's own page; events go
 * back on 'desk:event'.
 */
import type { BrowserWindow, IpcMain, IpcMainInvokeEvent } from 'electron';
import type { DeskEvent } from '../../domain/api/contract.ts';
import type { ApiResult } from '../../domain/api/errors.ts';
import { deskCallChannel, deskEventChannel } from '../preload/desk-bridge.ts';
import { isAppUrl } from './app-origin.ts';

export interface DeskIpcOptions {
  ipcMain: IpcMain;
  getMainWindow: () => BrowserWindow | null;
  call: (method: unknown, input: unknown) => Promise<ApiResult<unknown>>;
  subscribe: (listener: (event: DeskEvent) => void) => () => void;
}

/** The parts of an IPC event and of the main window that decide whether a call is trusted. */
export interface IpcSenderFacts {
  sender: unknown;
  senderFrame: { parent: unknown; url: string } | null;
}

export function isTrustedIpcSender(event: IpcSenderFacts, mainWebContents: unknown): boolean {
  const frame = event.senderFrame;
  return (
    mainWebContents !== null &&
    event.sender === mainWebContents &&
    frame !== null &&
    frame.parent === null &&
    isAppUrl(frame.url)
  );
}

/** Returns the function that removes the handler and the event forwarding. */
export function registerDeskIpc(options: DeskIpcOptions): () => void {
  options.ipcMain.handle(
    deskCallChannel,
    async (event: IpcMainInvokeEvent, method: unknown, input: unknown) => {
      const window = options.getMainWindow();
      const mainContents = window && !window.isDestroyed() ? window.webContents : null;
      if (!isTrustedIpcSender(event, mainContents)) {
        return { ok: false, error: { code: 'FORBIDDEN', message: 'call from an untrusted frame' } };
      }
      return options.call(method, input);
    },
  );
  const unsubscribe = options.subscribe((deskEvent) => {
    const window = options.getMainWindow();
    if (window && !window.isDestroyed()) window.webContents.send(deskEventChannel, deskEvent);
  });
  return () => {
    options.ipcMain.removeHandler(deskCallChannel);
    unsubscribe();
  };
}
