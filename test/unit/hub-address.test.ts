import { describe, expect, it } from 'vitest';
import { syncSettingsInputSchema } from '../../domain/api/methods/sync.ts';
import { hubAddressProblem, isLoopbackHost } from '../../domain/hub-address.ts';

describe('hub addresses', () => {
  it('takes https:// anywhere', () => {
    expect(hubAddressProblem('https://hub.example.jp/')).toBeNull();
    expect(hubAddressProblem('https://hub.example.jp:8443/city/')).toBeNull();
  });

  it('takes plain http:// only on this machine: 127.0.0.0/8, ::1, localhost', () => {
    for (const address of [
      'http://127.0.0.1:8080/',
      'http://127.10.20.30/',
      'http://127.1/',
      'http://2130706433/',
      'http://[::1]:4000/',
      'http://localhost:3000/',
      'http://LocalHost/',
    ]) {
      expect(hubAddressProblem(address), address).toBeNull();
    }
  });

  it('refuses plain http:// to any other machine, also names that only look like loopback', () => {
    for (const address of [
      'http://hub.example.jp/',
      'http://192.0.2.10:8080/',
      'http://10.0.0.1/',
      'http://128.0.0.1/',
      'http://127.0.0.1.example.jp/',
      'http://localhost.example.jp/',
      'http://[::2]/',
      'http://0.0.0.0/',
    ]) {
      expect(hubAddressProblem(address), address).toBe('https_required');
    }
  });

  it('says what else is wrong: not an address, or another scheme', () => {
    expect(hubAddressProblem('hub.example.jp')).toBe('url');
    expect(hubAddressProblem('ftp://hub.example.jp/')).toBe('url_scheme');
    expect(hubAddressProblem('ws://127.0.0.1/')).toBe('url_scheme');
  });

  it('knows loopback host names as the URL parser writes them', () => {
    expect(isLoopbackHost('127.0.0.1')).toBe(true);
    expect(isLoopbackHost('[::1]')).toBe(true);
    expect(isLoopbackHost('localhost')).toBe(true);
    expect(isLoopbackHost('::1x')).toBe(false);
    expect(isLoopbackHost('127.0.0.1.example.jp')).toBe(false);
  });
});

describe('the sync settings form', () => {
  const settings = {
    deviceId: '0b5c2f0e-5d7c-4a4e-9a55-0d6f8a9b2c11',
    deviceSecret: 'a-device-secret-of-some-length',
    staffLogin: 'desk',
    password: 'password',
  };
  const hubUrlIssues = (hubUrl: string) => {
    const parsed = syncSettingsInputSchema.safeParse({ ...settings, hubUrl });
    return parsed.success
      ? []
      : parsed.error.issues.filter((i) => i.path[0] === 'hubUrl').map((i) => i.message);
  };

  it('refuses a plain http:// hub on another machine with its own code', () => {
    expect(hubUrlIssues('http://hub.example.jp/')).toEqual(['https_required']);
    expect(hubUrlIssues('ftp://hub.example.jp/')).toEqual(['url_scheme']);
    expect(hubUrlIssues('not an address')).toEqual(['url']);
  });

  it('takes https:// and http:// on this machine', () => {
    expect(hubUrlIssues('https://hub.example.jp/')).toEqual([]);
    expect(hubUrlIssues('http://127.0.0.1:4000/')).toEqual([]);
  });
});
