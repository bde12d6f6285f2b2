/**
 * The device secret, the staff password and the residents' snapshot never travel unencrypted: a hub
 * on another machine is reached over https:// only (domain/hub-address.ts). The desk's settings refuse
 * a plain http:// address there, and a desktop whose store still holds one (written before the rule)
 * sends nothing to it. The network is never touched: fetch is watched, and answers as an unreachable
 * network would if it were ever called.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readStoredSyncSettings, writeSyncSettings } from '../../db/queries/sync-settings.ts';
import { HubClient, HubUnreachableError, InsecureHubError } from '../../electron/node/sync/hub-client.ts';
import { openDeskStore } from './desk-store.ts';
import { openTestDesk, type TestDesk, waitFor } from './sync-support.ts';

const plainHub = 'http://hub.example.jp:8080/';
const credentials = {
  deviceId: '0b5c2f0e-5d7c-4a4e-9a55-0d6f8a9b2c11',
  deviceSecret: 'device secret that must stay here',
  staffLogin: 'desk-operator',
  password: 'operator password 1',
};

let requested: string[];
const desks: TestDesk[] = [];

beforeEach(() => {
  requested = [];
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input) => {
    requested.push(String(input instanceof Request ? input.url : input));
    throw new TypeError('fetch failed');
  });
});

afterEach(() => {
  vi.restoreAllMocks();
  for (const desk of desks.splice(0)) desk.remove();
});

const open = async (dataDir?: string) => {
  const desk = await openTestDesk(dataDir);
  desks.push(desk);
  return desk;
};

describe('https-only hubs', () => {
  it('the settings refuse a plain http:// hub on another machine, storing nothing and sending nothing', async () => {
    const desk = await open();
    const answer = await desk.service.call('saveSyncSettings', { hubUrl: plainHub, ...credentials });
    expect(answer).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', issues: [{ path: 'hubUrl', message: 'https_required' }] },
    });
    expect(readStoredSyncSettings(desk.service.db)).toBeNull();
    // Called past the contract's check, the engine refuses too.
    await expect(desk.service.sync.saveSettings({ hubUrl: plainHub, ...credentials })).rejects.toThrow(
      InsecureHubError,
    );
    expect(readStoredSyncSettings(desk.service.db)).toBeNull();
    expect(requested).toEqual([]);
  });

  it('a stored plain http:// hub from before the rule gets no request: the status says why', async () => {
    const first = await open();
    first.close();
    const store = openDeskStore(first.dataDir);
    writeSyncSettings(store, {
      hubUrl: plainHub,
      deviceId: credentials.deviceId,
      deviceSecret: credentials.deviceSecret,
      staffLogin: credentials.staffLogin,
      staffPassword: credentials.password,
      secretStorage: 'local-db',
      updatedAt: new Date().toISOString(),
    });
    store.close();

    const desk = await open(first.dataDir);
    const status = await waitFor('the refusal in the status', () => {
      const s = desk.service.sync.status();
      return s.problem?.code === 'insecure_hub' && s;
    });
    expect(status.state).toBe('error');
    expect(status.configured).toBe(true);
    const synced = await desk.service.call('syncNow', {});
    expect(synced).toMatchObject({ ok: true, value: { problem: { code: 'insecure_hub' } } });
    expect(requested).toEqual([]);
    expect(desk.logLines.join('\n')).not.toContain(credentials.deviceSecret);
  });

  it('the hub client sends nothing to such an address, and still reaches a hub on this machine', async () => {
    const remote = new HubClient({ baseUrl: plainHub, timeoutMs: 1000 });
    await expect(
      remote.login({
        deviceId: credentials.deviceId,
        deviceSecret: credentials.deviceSecret,
        login: credentials.staffLogin,
        password: credentials.password,
      }),
    ).rejects.toThrow(InsecureHubError);
    await expect(remote.openEvents('token', new AbortController().signal)).rejects.toThrow(InsecureHubError);
    expect(requested).toEqual([]);

    const local = new HubClient({ baseUrl: 'http://127.0.0.1:9/', timeoutMs: 1000 });
    await expect(local.changes('token', 0, 10)).rejects.toThrow(HubUnreachableError);
    expect(requested).toEqual(['http://127.0.0.1:9/api/v1/sync/changes?since=0&limit=10']);
  });
});
