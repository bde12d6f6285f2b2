/**
 * Builds the page's `window.deskApi` (domain/api/desk-bridge.ts) from an ipcRenderer-like object, so
 * it can be tested without Electron.
 */
import { apiMethods, type DeskEvent } from '../../domain/api/contract.ts';
import type { DeskBridge } from '../../domain/api/desk-bridge.ts';

export const deskCallChannel = 'desk:call';
export const deskEventChannel = 'desk:event';

/** The part of Electron's ipcRenderer the bridge uses. */
export interface BridgeIpc {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

export function createDeskBridge(ipc: BridgeIpc): DeskBridge {
  const calls = Object.fromEntries(
    apiMethods.map((method) => [method, (input: unknown) => ipc.invoke(deskCallChannel, method, input)]),
  );
  const onEvent = (listener: (event: DeskEvent) => void): (() => void) => {
    // The IPC event object (sender, ports) is never handed to the page.
    const forward = (_ipcEvent: unknown, event: unknown) => listener(event as DeskEvent);
    ipc.on(deskEventChannel, forward);
    return () => {
      ipc.removeListener(deskEventChannel, forward);
    };
  };
  return { ...calls, onEvent } as DeskBridge;
}
