import { describe, expect, it } from 'vitest';
import { appStartUrl, isAppUrl } from '../../electron/electron-main/app-origin.ts';
import { isTrustedIpcSender } from '../../electron/electron-main/ipc.ts';
import {
  decideWindowOpen,
  isNavigationAllowed,
  isPermissionGranted,
  withContentSecurityPolicy,
} from '../../electron/electron-main/security-policy.ts';
import { buildMainWindowOptions } from '../../electron/electron-main/window-options.ts';
import { contentSecurityPolicy } from '../../electron/node/content-security-policy.ts';

describe('main window options', () => {
  const options = buildMainWindowOptions({ preloadPath: '/app/out/preload/preload.cjs', devTools: false });

  it('isolates and sandboxes the renderer', () => {
    expect(options.webPreferences).toMatchObject({
      preload: '/app/out/preload/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      devTools: false,
    });
  });

  it('waits for the first paint before showing the window', () => {
    expect(options.show).toBe(false);
  });
});

describe('content security policy', () => {
  const directives = new Map(
    contentSecurityPolicy.split(';').map((part) => {
      const [name, ...values] = part.trim().split(/\s+/);
      return [name!, values] as const;
    }),
  );

  it('allows scripts from the app only', () => {
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(contentSecurityPolicy).not.toContain('unsafe-eval');
    expect(directives.get('script-src')).not.toContain("'unsafe-inline'");
  });

  it('allows inline styles (Mantine) but no remote content', () => {
    expect(directives.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(directives.get('img-src')).toEqual(["'self'", 'data:']);
    expect(directives.get('connect-src')).toEqual(["'self'"]);
    expect(contentSecurityPolicy).not.toMatch(/https?:|\*/);
  });

  it('forbids plugins, base rewriting and framing', () => {
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
  });
});

describe('navigation rules', () => {
  it('allows the app’s own pages', () => {
    expect(isNavigationAllowed(appStartUrl)).toBe(true);
    expect(isNavigationAllowed('app://desk/')).toBe(true);
    expect(isNavigationAllowed('app://desk/index.html#/overview')).toBe(true);
  });

  it.each([
    'https://example.com/',
    'http://127.0.0.1:5173/',
    'file:///etc/passwd',
    'app://other/index.html',
    'app://user@desk/index.html',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'about:blank',
    'not a url',
    '',
  ])('denies %s', (url) => {
    expect(isNavigationAllowed(url)).toBe(false);
  });

  it('never opens new windows', () => {
    expect(decideWindowOpen()).toEqual({ action: 'deny' });
  });

  it.each(['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'unknown'])(
    'denies the %s permission',
    (permission) => {
      expect(isPermissionGranted(permission)).toBe(false);
    },
  );
});

describe('CSP header on responses', () => {
  it('sets the policy on app pages, replacing any other', () => {
    const headers = withContentSecurityPolicy('app://desk/index.html', {
      'content-security-policy': ['default-src *'],
      'Content-Type': ['text/html'],
    });
    expect(headers).toEqual({
      'Content-Type': ['text/html'],
      'Content-Security-Policy': [contentSecurityPolicy],
    });
  });

  it('leaves other responses alone', () => {
    const original = { 'Content-Type': ['text/html'] };
    expect(withContentSecurityPolicy('https://example.com/', original)).toBe(original);
  });
});

describe('IPC sender check', () => {
  const mainContents = { id: 1 };
  const topFrame = { parent: null, url: 'app://desk/index.html' };

  it('trusts the main window’s top frame on the app page', () => {
    expect(isTrustedIpcSender({ sender: mainContents, senderFrame: topFrame }, mainContents)).toBe(true);
  });

  it('refuses another web contents, a sub-frame, a foreign page or a gone frame', () => {
    expect(isTrustedIpcSender({ sender: { id: 2 }, senderFrame: topFrame }, mainContents)).toBe(false);
    expect(
      isTrustedIpcSender(
        { sender: mainContents, senderFrame: { parent: topFrame, url: topFrame.url } },
        mainContents,
      ),
    ).toBe(false);
    expect(
      isTrustedIpcSender(
        { sender: mainContents, senderFrame: { parent: null, url: 'https://evil.example/' } },
        mainContents,
      ),
    ).toBe(false);
    expect(isTrustedIpcSender({ sender: mainContents, senderFrame: null }, mainContents)).toBe(false);
    expect(isTrustedIpcSender({ sender: mainContents, senderFrame: topFrame }, null)).toBe(false);
  });

  it('recognises the app origin exactly', () => {
    expect(isAppUrl('app://desk/assets/index.js')).toBe(true);
    expect(isAppUrl('app://desk.evil/assets/index.js')).toBe(false);
  });
});
