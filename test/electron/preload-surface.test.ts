import { beforeEach, describe, expect, it, vi } from 'vitest';
import { apiMethods } from '../../domain/api/contract.ts';

// The preload runs against a fake 'electron' (the real one needs the binary): we record what it
// exposes and what it sends.
const electron = vi.hoisted(() => {
  const listeners = new Map<string, Set<(...args: unknown[]) => void>>();
  return {
    listeners,
    contextBridge: { exposeInMainWorld: vi.fn<(key: string, api: unknown) => void>() },
    ipcRenderer: {
      invoke: vi.fn<(channel: string, ...args: unknown[]) => Promise<unknown>>(async () => ({
        ok: true,
        value: 1,
      })),
      on: vi.fn((channel: string, listener: (...args: unknown[]) => void) => {
        if (!listeners.has(channel)) listeners.set(channel, new Set());
        listeners.get(channel)!.add(listener);
      }),
      removeListener: vi.fn((channel: string, listener: (...args: unknown[]) => void) => {
        listeners.get(channel)?.delete(listener);
      }),
    },
  };
});
vi.mock('electron', () => ({ contextBridge: electron.contextBridge, ipcRenderer: electron.ipcRenderer }));

type ExposedApi = Record<string, (...args: unknown[]) => unknown>;

async function loadPreload(): Promise<ExposedApi> {
  vi.resetModules();
  electron.contextBridge.exposeInMainWorld.mockClear();
  await import('../../electron/preload/preload.ts');
  expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
  const [key, api] = electron.contextBridge.exposeInMainWorld.mock.calls[0]!;
  expect(key).toBe('deskApi');
  return api as ExposedApi;
}

describe('preload surface', () => {
  beforeEach(() => {
    electron.ipcRenderer.invoke.mockClear();
    electron.listeners.clear();
  });

  it('exposes exactly one function per contract method plus onEvent, and nothing else', async () => {
    const api = await loadPreload();
    expect(Object.keys(api).sort()).toEqual([...apiMethods, 'onEvent'].sort());
    for (const value of Object.values(api)) expect(typeof value).toBe('function');
    // In particular, nothing of ipcRenderer leaks through.
    expect(Object.values(api)).not.toContain(electron.ipcRenderer.invoke);
    expect(Object.values(api)).not.toContain(electron.ipcRenderer);
  });

  it('sends a call as (method, input) on desk:call and returns the ApiResult', async () => {
    const api = await loadPreload();
    const result = await api.getDayOverview!({ date: '2025-06-02' });
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledWith('desk:call', 'getDayOverview', {
      date: '2025-06-02',
    });
    expect(result).toEqual({ ok: true, value: 1 });
  });

  it('forwards desk:event payloads without the IPC event, and unsubscribes', async () => {
    const api = await loadPreload();
    const received: unknown[] = [];
    const unsubscribe = api.onEvent!((event: unknown) => received.push(event)) as () => void;
    const ipcEvent = { sender: 'main process internals' };
    for (const listener of electron.listeners.get('desk:event') ?? [])
      listener(ipcEvent, { type: 'data-changed', scopes: ['slots'] });
    expect(received).toEqual([{ type: 'data-changed', scopes: ['slots'] }]);

    unsubscribe();
    expect(electron.listeners.get('desk:event')?.size ?? 0).toBe(0);
  });
});
