/**
 * Browser mode: how long from spawning `electron/node/browser-main.ts` until the address is printed
 * and until today's overview is on screen in Debian's Chromium, with a fresh data folder (generating
 * and loading the 50k-coupon demo city) and with an existing one; beside it, Chromium loading a blank
 * page from a trivial node:http server (what the browser costs by itself). Then getDayOverview
 * through the HTTP transport against the same query called in-process on the same database file.
 * Run: `node_modules/.bin/node --expose-gc bench/browser-mode-start.bench.ts`
 * (or `npm run bench -- browser-mode`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { closeDatabase, openDatabase } from '../db/open-database.ts';
import { getDayOverview } from '../db/queries/day-overview.ts';
import { todayIn } from '../domain/calendar.ts';
import { readStoreKey, storeKeyPath } from '../electron/node/store-key.ts';
import { localDbSecretBox } from '../electron/node/sync/secret-box.ts';
import { type BrowserMode, ensureRendererBuilt, startBrowserMode } from '../test/e2e/browser-mode.ts';
import { launchChromium } from '../test/e2e/chromium.ts';
import { datesWithSlots } from '../test/e2e/expected-overview.ts';
import { dayHeadingText, uiText } from '../test/e2e/ui-text.ts';

export interface BrowserModeStartOptions {
  /** Start runs per kind (fresh data folder, existing data folder, blank page). */
  startRuns?: number;
  apiCalls?: number;
  /** Print the table (default true). */
  print?: boolean;
}

interface Sample {
  name: string;
  values: number[];
  note: string;
}

/** One start of browser mode, both times measured from the spawn. */
interface StartTimes {
  urlMs: number;
  renderedMs: number;
  signal: RenderedSignal;
}

type RenderedSignal = 'table' | 'empty day';

const collectGarbage = () => (globalThis as { gc?: () => void }).gc?.();

const percentile = (values: readonly number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
};

const contextOptions = { viewport: { width: 1440, height: 1000 }, locale: 'ja-JP' };

/**
 * The overview's "rendered" signal, as test/e2e/overview-page.ts reads it: the venue table named by
 * its caption, or, on a day without slots (Sundays, holidays), the empty-day card. Both appear only
 * once getDayOverview has answered.
 */
async function overviewRendered(page: Page, today: string): Promise<() => Promise<RenderedSignal>> {
  const t = await uiText('ja');
  const table = page.getByRole('table', {
    name: t('overview.tableCaption', { date: dayHeadingText(today, 'ja') }),
  });
  const emptyDay = page.getByText(t('overview.empty.title'), { exact: true });
  return async () => {
    await table.or(emptyDay).first().waitFor({ timeout: 60_000 });
    return (await table.isVisible()) ? 'table' : 'empty day';
  };
}

async function withFreshPage<T>(browser: Browser, work: (page: Page) => Promise<T>): Promise<T> {
  const context = await browser.newContext(contextOptions);
  try {
    return await work(await context.newPage());
  } finally {
    await context.close();
  }
}

/** Spawns browser mode and opens its address in a page made beforehand; stops it afterwards. */
async function timeStart(browser: Browser, dataDir: string, today: string): Promise<StartTimes> {
  collectGarbage();
  return withFreshPage(browser, async (page) => {
    const rendered = await overviewRendered(page, today);
    const started = performance.now();
    let desk: BrowserMode | undefined;
    try {
      desk = await startBrowserMode({ dataDir });
      const urlMs = performance.now() - started;
      await page.goto(desk.url);
      const signal = await rendered();
      return { urlMs, renderedMs: performance.now() - started, signal };
    } finally {
      await desk?.stop();
    }
  });
}

async function startBlankServer(): Promise<{ server: Server; url: string }> {
  const html =
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>blank</title></head></html>';
  const server = createServer((_req, res) => {
    res.writeHead(200, {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Length': Buffer.byteLength(html),
    });
    res.end(html);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

async function timeBlankPage(browser: Browser, url: string): Promise<number> {
  collectGarbage();
  return withFreshPage(browser, async (page) => {
    const started = performance.now();
    await page.goto(url, { waitUntil: 'load' });
    return performance.now() - started;
  });
}

async function callOverviewOverHttp(desk: BrowserMode, token: string, date: string): Promise<unknown> {
  const response = await fetch(`${desk.origin}/api/call/getDayOverview`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ date }),
  });
  const result = (await response.json()) as { ok: boolean; value?: unknown };
  if (!result.ok) throw new Error(`getDayOverview over HTTP answered ${response.status}`);
  return result.value;
}

/** getDayOverview through POST /api/call against the same query in this process, same dates. */
async function timeOverviewApi(dataDir: string, today: string, calls: number): Promise<[number[], number[]]> {
  const desk = await startBrowserMode({ dataDir });
  const key = readStoreKey(storeKeyPath(dataDir), localDbSecretBox);
  const db = openDatabase(desk.databasePath, { readonly: true, key });
  try {
    const token = new URL(desk.url).hash.replace(/^#token=/, '');
    const dates = datesWithSlots(desk.databasePath, today);
    if (dates.length === 0) throw new Error('the demo city has no slots from today on');
    const dateAt = (i: number) => dates[i % dates.length]!;

    // Same answer both ways (after the JSON round trip), and warm statement caches and connections.
    for (let i = 0; i < 20; i++) {
      const viaHttp = await callOverviewOverHttp(desk, token, dateAt(i));
      const direct = JSON.parse(JSON.stringify(getDayOverview(db, dateAt(i)))) as unknown;
      if (!isDeepStrictEqual(viaHttp, direct))
        throw new Error(`HTTP and direct overview differ on ${dateAt(i)}`);
    }

    const http: number[] = [];
    const direct: number[] = [];
    // Alternating halves, so neither side always runs on a warmer machine.
    for (let half = 0; half < 2; half++) {
      const viaHttp = async () => {
        collectGarbage();
        for (let i = 0; i < calls / 2; i++) {
          const started = performance.now();
          await callOverviewOverHttp(desk, token, dateAt(i));
          http.push(performance.now() - started);
        }
      };
      const viaQuery = async () => {
        collectGarbage();
        for (let i = 0; i < calls / 2; i++) {
          const started = performance.now();
          getDayOverview(db, dateAt(i));
          direct.push(performance.now() - started);
        }
      };
      for (const side of half === 0 ? [viaHttp, viaQuery] : [viaQuery, viaHttp]) await side();
    }
    return [http, direct];
  } finally {
    closeDatabase(db);
    await desk.stop();
  }
}

export async function run(options: BrowserModeStartOptions = {}): Promise<Sample[]> {
  const startRuns = options.startRuns ?? 5;
  const apiCalls = options.apiCalls ?? 300;
  const today = todayIn('Asia/Tokyo');
  ensureRendererBuilt();

  const dirs: string[] = [];
  const makeDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'vaccine-desk-bench-'));
    dirs.push(dir);
    return dir;
  };
  const browser = await launchChromium();
  const blank = await startBlankServer();
  try {
    // Unmeasured: fills the warm data folder, and the OS file cache for both kinds of start.
    const warmDir = makeDir();
    await timeStart(browser, warmDir, today);
    await timeBlankPage(browser, blank.url);

    const cold: StartTimes[] = [];
    const warm: StartTimes[] = [];
    const blankMs: number[] = [];
    for (let i = 0; i < startRuns; i++) {
      const kinds = [
        async () => cold.push(await timeStart(browser, makeDir(), today)),
        async () => warm.push(await timeStart(browser, warmDir, today)),
        async () => blankMs.push(await timeBlankPage(browser, blank.url)),
      ];
      // Rotate the order each round.
      for (let k = 0; k < kinds.length; k++) await kinds[(i + k) % kinds.length]!();
    }
    const [httpMs, directMs] = await timeOverviewApi(warmDir, today, apiCalls);

    const signals = [...new Set([...cold, ...warm].map((s) => s.signal))].join(', ');
    const pageOnly = (runs: StartTimes[]) => runs.map((s) => s.renderedMs - s.urlMs);
    const samples: Sample[] = [
      { name: 'fresh data dir: spawn → URL', values: cold.map((s) => s.urlMs), note: 'incl. demo city' },
      {
        name: 'fresh data dir: spawn → overview',
        values: cold.map((s) => s.renderedMs),
        note: `on screen: ${signals}`,
      },
      { name: 'existing data dir: spawn → URL', values: warm.map((s) => s.urlMs), note: '' },
      { name: 'existing data dir: spawn → overview', values: warm.map((s) => s.renderedMs), note: '' },
      { name: 'page: URL → overview (fresh)', values: pageOnly(cold), note: '' },
      { name: 'page: URL → overview (existing)', values: pageOnly(warm), note: '' },
      { name: 'baseline: blank page, node:http', values: blankMs, note: 'Chromium by itself' },
      { name: 'getDayOverview via HTTP', values: httpMs, note: 'POST /api/call, Bearer token' },
      { name: 'baseline: getDayOverview in-process', values: directMs, note: 'same file, same dates' },
    ];
    if (options.print ?? true) printSamples(samples, { today, startRuns, apiCalls });
    return samples;
  } finally {
    await browser.close();
    await new Promise<void>((done) => blank.server.close(() => done()));
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}

function printSamples(
  samples: Sample[],
  about: { today: string; startRuns: number; apiCalls: number },
): void {
  const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 0)} ms`;
  const header: string[] = ['', 'median', 'p99', 'min', 'max', 'n', ''];
  const rows = samples.map((s) => [
    s.name,
    ms(percentile(s.values, 50)),
    s.values.length >= 100 ? ms(percentile(s.values, 99)) : '–',
    ms(Math.min(...s.values)),
    ms(Math.max(...s.values)),
    String(s.values.length),
    s.note,
  ]);
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((row) => row[i]!.length)));
  console.info(
    `today (Asia/Tokyo): ${about.today}; ${about.startRuns} starts per kind, ${about.apiCalls} API calls; ` +
      'overview on screen = the venue table, or the empty-day card when today has no slots',
  );
  for (const row of [header, ...rows]) {
    const cells = row.map((cell, i) =>
      i === 0 || i === row.length - 1 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!),
    );
    console.info(cells.join('  ').trimEnd());
  }
}

if (import.meta.main) await run();
