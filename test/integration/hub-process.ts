/**
 * The hub as a separate process, as a person starts it (`node server/cli.ts serve`): for tests that
 * kill it, test its command line, and for benchmarks that keep the load generator out of its thread.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { type AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';

const repoRoot = join(import.meta.dirname, '..', '..');

export async function waitFor<T>(
  what: string,
  probe: () => T | null | undefined | false | Promise<T | null | undefined | false>,
  timeoutMs = 20_000,
): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export interface HubProcess {
  readonly baseUrl: string;
  /** The running process's id (null when it is not running). */
  readonly pid: number | null;
  /** What the process printed since its last start (stdout and stderr). */
  readonly output: string;
  /** Starts `node server/cli.ts serve` on the same port and waits until it answers /healthz. */
  start(): Promise<void>;
  /** SIGTERM, and waits until the process has ended (its shutdown closes streams and the database). */
  stop(): Promise<void>;
  /** SIGKILL: no shutdown of any kind. */
  kill(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** `serve --db databaseUrl --log-level warn` plus `flags` (say `--rate-limits off`). */
export async function hubProcess(databaseUrl: string, flags: readonly string[] = []): Promise<HubProcess> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}/`;
  let child: ChildProcess | null = null;
  let output = '';
  const end = async (signal: NodeJS.Signals) => {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    running.kill(signal);
    await exited;
  };
  return {
    baseUrl,
    get pid() {
      return child && child.exitCode === null && child.signalCode === null ? (child.pid ?? null) : null;
    },
    get output() {
      return output;
    },
    async start() {
      output = '';
      const started = spawn(
        join(repoRoot, 'node_modules', '.bin', 'node'),
        [
          'server/cli.ts',
          'serve',
          '--port',
          String(port),
          '--db',
          databaseUrl,
          '--log-level',
          'warn',
          ...flags,
        ],
        { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      child = started;
      started.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
      });
      started.stderr?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
      });
      await waitFor(
        `the hub process to answer (${output})`,
        async () => {
          if (started.exitCode !== null) throw new Error(`the hub process exited: ${output}`);
          try {
            return (await fetch(new URL('healthz', baseUrl))).ok;
          } catch {
            return false;
          }
        },
        60_000,
      );
    },
    stop: () => end('SIGTERM'),
    kill: () => end('SIGKILL'),
  };
}
