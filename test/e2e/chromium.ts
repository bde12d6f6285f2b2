/**
 * Debian's Chromium driven by playwright-core (no browser download). Every page's console and page
 * errors, in every context of the browser, go to a file for the log scan (e2e-logs.ts).
 */
import { existsSync } from 'node:fs';
import { type Browser, type BrowserContext, chromium } from 'playwright-core';
import { e2eLogFile } from './e2e-logs.ts';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `Chromium not found at ${chromiumPath}: apt-get install -y chromium fonts-noto-cjk (or set CHROMIUM_PATH)`,
    );
  }
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  captureConsole(browser);
  return browser;
}

/** browser.newPage makes its context through browser.newContext, so both are covered. */
function captureConsole(browser: Browser): void {
  const log = e2eLogFile('chromium');
  const watch = (context: BrowserContext) => {
    context.on('console', (message) => log(`[${message.type()}] ${message.text()}\n`));
    context.on('weberror', (error) => log(`[pageerror] ${error.error().message}\n`));
  };
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (...args) => {
    const context = await newContext(...args);
    watch(context);
    return context;
  };
}
