/**
 * What the preload exposes to the page as `window.deskApi`: one function per contract method and
 * `onEvent`. Built from an ipcRenderer-like object so it can be tested without Electron.
 * The functions resolve to the ApiResult (never reject on an API error): Error objects lose their
 * extra fields when they cross the context bridge, so the renderer's API client unwraps the result
 * and raises its own typed error, exactly as it does for browser mode.
 */
import {
  type ApiInput,
  type ApiMethod,
  type ApiOutput,
  apiMethods,
  type DeskEvent,
} from '../../domain/api/contract.ts';
import type { ApiResult } from '../../domain/api/errors.ts';

export const deskCallChannel = 'desk:call';
export const deskEventChannel = 'desk:event';
export const deskBridgeGlobalName = 'deskApi';

export type DeskBridge = {
  [M in ApiMethod]: (input: ApiInput<M>) => Promise<ApiResult<ApiOutput<M>>>;
} & {
  /** Subscribes to desktop events; returns the function that unsubscribes. */
  onEvent(listener: (event: DeskEvent) => void): () => void;
};

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
