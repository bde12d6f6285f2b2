/**
 * Runs the real browser mode for end-to-end tests: builds the renderer when out/renderer is missing
 * or older than its sources, starts `electron/node/browser-main.ts` as a child process on a free
 * port with its own data folder, reads the printed address, and stops it again. Everything the process
 * prints also goes to a file for the log scan, and its store's residents are noted when it stops
 * (e2e-logs.ts).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { type Database, openConnection } from '../../db/sqlite-driver.ts';
import { readStoreKey, storeKeyPath } from '../../electron/node/store-key.ts';
import { localDbSecretBox } from '../../electron/node/sync/secret-box.ts';
import { deskResidentRowsQuery, e2eLogFile, type ResidentRow, recordTestResidents } from './e2e-logs.ts';

export const repoRoot = resolve(import.meta.dirname, '..', '..');
const rendererIndex = join(repoRoot, 'out', 'renderer', 'index.html');
/** What the built renderer is made of; a change in any of these makes the build stale. */
const rendererSources = ['renderer', 'domain'].map((dir) => join(repoRoot, dir));

let built = false;

/**
 * Opens a browser-mode desk's database with the store key from its data folder (browser mode keeps it
 * unsealed; see electron/node/store-key.ts): read-only to check results, or writable to plant a state
 * the desk could only reach by a rare event.
 */
export function openDeskDatabase(databasePath: string, options: { writable?: boolean } = {}): Database {
  const key = readStoreKey(storeKeyPath(dirname(databasePath)), localDbSecretBox);
  return openConnection(databasePath, { readonly: !options.writable, key });
}

export function ensureRendererBuilt(): void {
  if (built) return;
  if (!existsSync(rendererIndex) || newestMtime(rendererSources) > statSync(rendererIndex).mtimeMs) {
    const result = spawnSync(join(repoRoot, 'node_modules', '.bin', 'electron-vite'), ['build'], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    if (result.status !== 0) {
      throw new Error(`electron-vite build failed:\n${result.stdout}\n${result.stderr}`);
    }
  }
  built = true;
}

function newestMtime(paths: string[]): number {
  let newest = 0;
  for (const path of paths) {
    if (!existsSync(path)) continue;
    const stat = statSync(path);
    if (stat.isDirectory()) {
      const children = readdirSync(path).filter((name) => name !== 'node_modules' && !name.startsWith('.'));
      newest = Math.max(newest, newestMtime(children.map((name) => join(path, name))));
    } else {
      newest = Math.max(newest, stat.mtimeMs);
    }
  }
  return newest;
}

export interface BrowserMode {
  /** The printed address, token fragment included. */
  url: string;
  /** `http://127.0.0.1:PORT` */
  origin: string;
  dataDir: string;
  databasePath: string;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  /** Calls a desk API method over HTTP with the run's token, as the page does; answers the ApiResult. */
  call(method: string, input: unknown): Promise<unknown>;
  /** Stops the server (SIGTERM, then SIGKILL after a grace period); safe to call twice. */
  stop(): Promise<void>;
}

/** Waits until the desk process has printed something matching `pattern` (fails with the output after the timeout). */
export async function waitForOutput(
  desk: BrowserMode,
  pattern: RegExp,
  timeoutMs: number,
): Promise<RegExpExecArray> {
  const started = Date.now();
  for (;;) {
    const match = pattern.exec(desk.output());
    if (match) return match;
    if (Date.now() - started > timeoutMs) throw new Error(`no ${pattern} in the output:\n${desk.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const addressPattern = /(http:\/\/127\.0\.0\.1:\d+)\/#token=[A-Za-z0-9_-]+/;

/** Without `args` the desk runs on the local demo city alone (no demo hub), so figures stay put. */
export async function startBrowserMode(options: { dataDir: string; args?: string[] }): Promise<BrowserMode> {
  const child = spawn(
    join(repoRoot, 'node_modules', '.bin', 'node'),
    [
      'electron/node/browser-main.ts',
      '--port',
      '0',
      '--data-dir',
      options.dataDir,
      ...(options.args ?? ['--no-demo-hub']),
    ],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const log = e2eLogFile('desk');
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => log(chunk));
  child.stderr.on('data', (chunk: string) => {
    output += chunk;
    log(chunk);
  });

  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(
      () => fail(new Error('browser mode did not print its address in time')),
      240_000,
    );
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${error.message}\n--- output ---\n${output}`));
    };
    child.stdout.on('data', (chunk: string) => {
      output += chunk;
      const match = addressPattern.exec(output);
      if (match) {
        clearTimeout(timer);
        resolveUrl(match[0]);
      }
    });
    child.once('exit', (code) => fail(new Error(`browser mode exited early with code ${code}`)));
  });

  return {
    url,
    origin: addressPattern.exec(url)![1]!,
    dataDir: options.dataDir,
    databasePath: join(options.dataDir, 'desk.sqlite'),
    output: () => output,
    async call(method, input) {
      const token = new URL(url).hash.replace('#token=', '');
      const response = await fetch(`${addressPattern.exec(url)![1]!}/api/call/${method}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(input),
      });
      return response.json();
    },
    async stop() {
      await stopChild(child);
      noteResidents(join(options.dataDir, 'desk.sqlite'));
    },
  };
}

/** The residents of a stopped desk's store, for the log scan (nothing when it has no store). */
function noteResidents(databasePath: string): void {
  if (!existsSync(databasePath)) return;
  const db = openDeskDatabase(databasePath);
  try {
    recordTestResidents(db.prepare(deskResidentRowsQuery).all() as ResidentRow[]);
  } finally {
    db.close();
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
