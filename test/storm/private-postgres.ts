/**
 * A PostgreSQL cluster of a test's own (initdb + pg_ctl in a temporary folder, on a free loopback
 * port), so it can be restarted under load without touching the shared server other tests use. Needs
 * the server binaries (Debian's postgresql package: /usr/lib/postgresql/N/bin, the newest version
 * there, else initdb and pg_ctl on the PATH); as root they run as the `postgres` user (initdb refuses
 * root), through runuser.
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../integration/hub-process.ts';

const debianRoot = '/usr/lib/postgresql';
const asRoot = process.getuid?.() === 0;

const onPath = (command: string): string | null =>
  spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).stdout.trim() || null;

/** The folder holding initdb and pg_ctl, or null. */
function binDir(): string | null {
  const newest = existsSync(debianRoot)
    ? readdirSync(debianRoot)
        .filter((v) => existsSync(join(debianRoot, v, 'bin', 'pg_ctl')))
        .sort((a, b) => Number(b) - Number(a))[0]
    : undefined;
  if (newest) return join(debianRoot, newest, 'bin');
  const initdb = onPath('initdb');
  return initdb && existsSync(join(initdb, '..', 'pg_ctl')) ? join(initdb, '..') : null;
}

/** Why a private cluster cannot be started here, or null when it can. */
export function privatePostgresUnavailable(): string | null {
  if (!binDir()) {
    return `no PostgreSQL server binaries (initdb, pg_ctl in ${debianRoot}/*/bin or on the PATH): apt-get install postgresql`;
  }
  if (asRoot && spawnSync('id', ['-u', 'postgres']).status !== 0)
    return 'running as root without a postgres user';
  if (asRoot && !onPath('runuser')) return 'running as root without runuser';
  return null;
}

export interface PrivatePostgres {
  /** postgres://postgres@127.0.0.1:PORT/postgres */
  readonly url: string;
  /**
   * pg_ctl restart, resolved once the server accepts connections again (the caller's load goes on
   * meanwhile): `immediate` is a crash (no checkpoint, recovery at start), `fast` a clean stop.
   */
  restart(mode: 'immediate' | 'fast'): Promise<void>;
  /** Stops the server (immediately) and removes its folder. */
  stop(): void;
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = binDir();
  if (!bin) throw new Error(privatePostgresUnavailable() ?? 'no PostgreSQL server binaries');
  const dir = mkdtempSync(join(tmpdir(), 'private-pg-'));
  const data = join(dir, 'data');
  const log = join(dir, 'server.log');
  if (asRoot) {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, id('-u'), id('-g'));
  }
  const command = (tool: string, args: string[]): [string, string[]] =>
    asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]] : [join(bin, tool), args];
  const run = (tool: string, args: string[]) =>
    execFileSync(...command(tool, args), { stdio: ['ignore', 'ignore', 'pipe'], timeout: 60_000 });
  try {
    run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale=C']);
    // A port found free can be taken by someone else before the server binds it: try another.
    for (let attempt = 1; ; attempt += 1) {
      const port = await freePort();
      const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50`;
      const ctl = (...args: string[]) => ['-D', data, '-w', '-t', '60', '-l', log, '-o', options, ...args];
      try {
        run('pg_ctl', ctl('start'));
      } catch (error) {
        if (attempt < 3) continue;
        throw error;
      }
      let running = true;
      return {
        url: `postgres://postgres@127.0.0.1:${port}/postgres`,
        async restart(mode) {
          await promisify(execFile)(...command('pg_ctl', ctl('-m', mode, 'restart')), { timeout: 60_000 });
        },
        stop() {
          try {
            if (running) run('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']);
          } finally {
            running = false;
            rmSync(dir, { recursive: true, force: true });
          }
        },
      };
    }
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
