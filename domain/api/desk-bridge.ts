/**
 * The desk API as the page sees it under `window.deskApi` in the desktop app: one function per
 * contract method and `onEvent`. The preload builds it (electron/preload/desk-bridge.ts); the
 * renderer uses it (renderer/src/api/electron-bridge.ts). The functions resolve to the ApiResult and
 * never reject on an API error: Error objects lose their extra fields when they cross the context
 * bridge, so the renderer's client raises its own typed error, as it does in browser mode.
 */
import type { ApiInput, ApiMethod, ApiOutput, DeskEvent } from './contract.ts';
import type { ApiResult } from './errors.ts';

export const deskBridgeGlobalName = 'deskApi';

export type DeskBridge = {
  [M in ApiMethod]: (input: ApiInput<M>) => Promise<ApiResult<ApiOutput<M>>>;
} & {
  /** Subscribes to desktop events; returns the function that unsubscribes. */
  onEvent(listener: (event: DeskEvent) => void): () => void;
};
