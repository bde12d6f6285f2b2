/**
 * `npm start [-- --web] [--port N] [--data-dir DIR] [--empty] [--seed N]`
 * Builds the app, then opens it in Electron where the Electron binary is installed; elsewhere (or
 * with --web) starts browser mode, which serves the same app on 127.0.0.1 only and prints its URL.
 */
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { deskUsage, parseDeskArgs, toDeskArgs } from '../electron/node/desk-options.ts';
import { findElectronBinary } from '../electron/node/electron-binary.ts';

const repoRoot = join(import.meta.dirname, '..');

let options: ReturnType<typeof parseDeskArgs>;
try {
  options = parseDeskArgs(process.argv.slice(2));
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  console.error(deskUsage);
  process.exit(2);
}
if (options.help) {
  console.info(deskUsage);
  process.exit(0);
}

const electronPath = options.web ? null : (findElectronBinary(repoRoot) ?? fetchElectronBinary());

console.info('Building the app (electron-vite build)...');
const build = spawnSync(
  process.execPath,
  [join(repoRoot, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build', '--logLevel', 'warn'],
  { cwd: repoRoot, stdio: 'inherit' },
);
if (build.status !== 0) {
  console.error('Build failed; see the messages above.');
  process.exit(build.status ?? 1);
}

const deskArgs = toDeskArgs(options);
if (electronPath) {
  run(electronPath, ['.', ...deskArgs]);
} else {
  console.info(
    options.web
      ? 'Browser mode (--web): the same app, served on 127.0.0.1 only.'
      : 'No Electron binary: starting browser mode, which serves the same app on 127.0.0.1 only.',
  );
  run(process.execPath, [join(repoRoot, 'electron', 'node', 'browser-main.ts'), ...deskArgs]);
}

/**
 * `npm install` leaves the electron package's install script unrun (allowScripts in package.json):
 * the package and its typings are always there, the binary only once asked for. Fetch it here, the
 * first time the window is wanted; where it cannot be downloaded, browser mode takes over.
 */
function fetchElectronBinary(): string | null {
  console.info('Electron binary not installed yet: fetching it (node_modules/electron/install.js)...');
  const install = spawnSync(process.execPath, [join(repoRoot, 'node_modules', 'electron', 'install.js')], {
    cwd: repoRoot,
    stdio: ['ignore', 'inherit', 'pipe'],
    encoding: 'utf8',
  });
  if (install.status === 0) return findElectronBinary(repoRoot);
  const reason = install.stderr.trim().split('\n')[0] ?? '';
  console.info(`Could not fetch the Electron binary${reason ? ` (${reason})` : ''}.`);
  return null;
}

/** Runs the app in the foreground, passing Ctrl+C on and exiting with its status. */
function run(command: string, args: string[]): void {
  const child = spawn(command, args, { cwd: repoRoot, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (child.exitCode === null) child.kill(signal);
    });
  }
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
