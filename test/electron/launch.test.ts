/**
 * Launches the built app (out/, from `electron-vite build`) in the real Electron binary where it is
 * installed. Elsewhere the test is skipped, and says why in its name and on the console.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findElectronBinary } from '../../electron/node/electron-binary.ts';

const repoRoot = join(import.meta.dirname, '..', '..');
const electronPath = findElectronBinary(repoRoot);
const hasDisplay =
  process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);

const skipReason = !electronPath
  ? 'skipped: Electron binary not installed'
  : !hasDisplay
    ? 'skipped: no display (run under xvfb-run)'
    : null;
if (skipReason) console.info(skipReason);

describe('Electron app', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'desk-electron-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it.skipIf(skipReason !== null)(
    skipReason ? `opens the window with the app (${skipReason})` : 'opens the window with the app',
    async () => {
      const { _electron } = await import('playwright-core');
      const args = ['.', `--data-dir=${dataDir}`];
      // Chromium refuses to start its sandbox as root (containers, CI).
      if (process.getuid?.() === 0) args.push('--no-sandbox');
      const app = await _electron.launch({ executablePath: electronPath!, args, cwd: repoRoot });
      try {
        const page = await app.firstWindow();
        await page.waitForLoadState('domcontentloaded');
        expect(page.url()).toBe('app://desk/index.html');

        // The sandboxed renderer sees the bridge and nothing of Node.
        const surface = await page.evaluate(() => ({
          bridge: typeof (window as unknown as { deskApi?: unknown }).deskApi,
          require: typeof (window as unknown as { require?: unknown }).require,
          process: typeof (window as unknown as { process?: unknown }).process,
        }));
        expect(surface).toEqual({ bridge: 'object', require: 'undefined', process: 'undefined' });

        const info = await page.evaluate(() =>
          (
            window as unknown as { deskApi: { getAppInfo(input: object): Promise<unknown> } }
          ).deskApi.getAppInfo({}),
        );
        expect(info).toMatchObject({ ok: true, value: { transport: 'electron', demo: true } });

        // The app rendered something into its root.
        await page.waitForFunction(() => (document.body.textContent ?? '').trim().length > 0);
      } finally {
        await app.close();
      }
    },
  );
});
