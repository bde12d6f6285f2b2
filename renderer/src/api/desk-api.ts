/**
 * The renderer's one API client, whatever the transport: `deskApi` (one async function per contract
 * method; failures throw ApiError or DeskUnavailableError) and `subscribeDeskEvents`.
 * In Electron the preload's `window.deskApi` carries the calls; otherwise the page is in browser mode.
 */
import {
  type ApiInput,
  type ApiMethod,
  type ApiOutput,
  apiMethods,
  type DeskApi,
  type DeskEvent,
} from '../../../domain/api/contract.ts';
import { callOverHttp, streamEventsOverHttp } from './browser-transport.ts';
import { callThroughBridge, electronBridge } from './electron-bridge.ts';
import { captureSessionToken } from './session-token.ts';

interface Transport {
  call<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiOutput<M>>;
  /** Opens the event source; returns the function that closes it. */
  openEvents(emit: (event: DeskEvent) => void): () => void;
}

function chooseTransport(): Transport {
  const bridge = electronBridge();
  if (bridge) {
    return {
      call: (method, input) => callThroughBridge(bridge, method, input),
      openEvents: (emit) => bridge.onEvent(emit),
    };
  }
  const token = captureSessionToken();
  return {
    call: (method, input) => callOverHttp(token, method, input),
    openEvents: (emit) => streamEventsOverHttp(token, emit),
  };
}

const transport = chooseTransport();

export const deskApi: DeskApi = Object.fromEntries(
  apiMethods.map((method) => [method, (input: ApiInput<typeof method>) => transport.call(method, input)]),
) as DeskApi;

const listeners = new Set<(event: DeskEvent) => void>();
let closeEvents: (() => void) | null = null;

/** One shared event source for all subscribers: opened by the first, closed after the last leaves. */
export function subscribeDeskEvents(listener: (event: DeskEvent) => void): () => void {
  listeners.add(listener);
  closeEvents ??= transport.openEvents((event) => {
    for (const l of [...listeners]) l(event);
  });
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && closeEvents) {
      closeEvents();
      closeEvents = null;
    }
  };
}
