/**
 * One test file's desk: browser mode on the local demo city in a fresh data folder, and one Chromium
 * page (Japanese) open on its overview. `close` stops all of it and removes the folder.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { type BrowserMode, ensureRendererBuilt, repoRoot, startBrowserMode } from './browser-mode.ts';
import { launchChromium } from './chromium.ts';

/** Where the end-to-end tests write their screenshots, to be looked at. */
export const screenshotDir = join(repoRoot, 'test-results', 'e2e');

export interface DeskPage {
  desk: BrowserMode;
  page: Page;
  /** Uncaught errors of the page so far (a test expects none). */
  pageErrors: string[];
  close(): Promise<void>;
}

export async function openDeskPage(options: {
  dataDirPrefix: string;
  viewport: { width: number; height: number };
}): Promise<DeskPage> {
  ensureRendererBuilt();
  mkdirSync(screenshotDir, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), options.dataDirPrefix));
  const desk = await startBrowserMode({ dataDir });
  const browser = await launchChromium();
  const context = await browser.newContext({ viewport: options.viewport, locale: 'ja-JP' });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(desk.url);
  await page.getByRole('heading', { level: 1, name: '今日の概要' }).waitFor();
  return {
    desk,
    page,
    pageErrors,
    close: async () => {
      await context.close();
      await browser.close();
      await desk.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
