/**
 * Online bookings per second on the hub, embedded (PGlite on a data directory) and PostgreSQL, beside
 * the bare booking transaction measured in the same run (bench/hub-booking/bare-transaction.ts: pgbench
 * on PostgreSQL, a client loop inside PGlite; the same number of clients as HTTP connections), once
 * before and once after the hub: the ratio is to their mean, since the load of a shared machine drifts.
 *
 * The hub is the real `serve` command in its own process (`--rate-limits off --log-level warn`); the
 * load generator (autocannon) runs in another process, so neither takes the other's CPU thread.
 * Each resident books once (distinct coupons over 50 slots); a warm-up of other residents comes first.
 *
 * Also printed: the same bookings without HTTP (createOnlineBooking called in this process by as many
 * loops as connections, bench/hub-booking/in-process-bookings.ts), GET /healthz over HTTP, and the CPU
 * time per booking and per bare transaction of each process (Linux /proc; PostgreSQL on this machine).
 *
 * PostgreSQL: HUB_TEST_PG_URL (default postgres://postgres@127.0.0.1:5432/test); a scratch database is
 * created and dropped. Skipped with a note when it does not answer.
 * Sizes: HUB_BENCH_REQUESTS (6000), HUB_BENCH_CONNECTIONS (20), HUB_BENCH_BARE (PostgreSQL 30000, PGlite 10000).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { HubSql } from '../server/store/hub-sql.ts';
import { migrate } from '../server/store/migrate.ts';
import { openHubSql } from '../server/store/open-store.ts';
import { hubProcess } from '../test/integration/hub-process.ts';
import { type BenchFigure, loadAverage, machineFacts, recordBenchResult } from './bench-results.ts';
import {
  type BareFigures,
  bareBaseline,
  bareCouponsFor,
  pgbenchAvailable,
  runBare,
} from './hub-booking/bare-transaction.ts';
import { seedBenchData, slotCount } from './hub-booking/bench-data.ts';
import { CpuSampler, cpuSecondsOf } from './hub-booking/cpu-time.ts';
import type { LoadFigures, LoadPlan } from './hub-booking/http-load.ts';
import { type InProcessFigures, runInProcessBookings } from './hub-booking/in-process-bookings.ts';
import { withScratchPostgres } from './scratch-postgres.ts';

const requests = Number(process.env.HUB_BENCH_REQUESTS ?? 6000);
const inProcessBookings = requests;
const connections = Number(process.env.HUB_BENCH_CONNECTIONS ?? 20);
const warmup = 500;
const healthRequests = 4000;
type Engine = 'pglite' | 'postgres';
const bareTransactions: Record<Engine, number> = {
  pglite: Number(process.env.HUB_BENCH_BARE ?? 10_000),
  postgres: Number(process.env.HUB_BENCH_BARE ?? 30_000),
};

/** Runs the load generator in its own process. */
function load(plan: LoadPlan): Promise<LoadFigures> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bench/hub-booking/http-load.ts', JSON.stringify(plan)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(JSON.parse(out) as LoadFigures);
      else reject(new Error(`the load generator exited with ${code}`));
    });
  });
}

const pad = (s: string | number, n: number) => String(s).padStart(n);

function line(
  engine: Engine,
  name: string,
  f: { perSecond: number; p50Ms: number; p99Ms: number },
  extra = '',
) {
  console.info(
    `${engine.padEnd(9)} ${name.padEnd(34)} ${pad(f.perSecond, 6)}/s   p50 ${pad(f.p50Ms, 6)} ms   p99 ${pad(f.p99Ms, 6)} ms   ${extra}`,
  );
}

const statusText = (f: LoadFigures) =>
  `${Object.entries(f.statuses)
    .map(([code, n]) => `${n} × ${code}`)
    .join(', ')}${f.errors > 0 ? `, ${f.errors} errors` : ''}`;

async function benchEngine(
  engine: Engine,
  target: string,
  pgbenchUrl: string | null,
): Promise<BenchFigure[]> {
  const now = new Date();
  // The bare transaction runs before and after the hub, and the hub is compared with their mean: the
  // machine's load drifts during a run.
  const bare = (sql: HubSql): Promise<BareFigures> =>
    runBare(sql, pgbenchUrl, connections, bareTransactions[engine]);
  const loadBefore = loadAverage();
  const seeding = await openHubSql(target);
  let engineVersion: string;
  let bareBefore: BareFigures;
  try {
    await migrate(seeding);
    await seedBenchData(seeding, {
      residents: requests + warmup + inProcessBookings,
      bareCoupons: bareCouponsFor(2 * bareTransactions[engine]),
      now,
    });
    const [version] = await seeding.query<{ v: string }>("SELECT current_setting('server_version') AS v");
    engineVersion = version!.v;
    bareBefore = await bare(seeding);
  } finally {
    await seeding.close();
  }

  const hub = await hubProcess(target, ['--rate-limits', 'off']);
  await hub.start();
  // PostgreSQL's backends serving the hub, for their CPU time (a local server, on Linux).
  const monitor = pgbenchUrl ? new pg.Client({ connectionString: target }) : null;
  await monitor?.connect();
  const backendPids = async (): Promise<number[]> =>
    monitor
      ? (
          await monitor.query<{ pid: number }>(
            'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
          )
        ).rows.map((r) => r.pid)
      : [];
  let booking: LoadFigures;
  let health: LoadFigures;
  let cpuMsPerBooking: Record<string, number> | null;
  try {
    const url = hub.baseUrl.replace(/\/$/, '');
    const plan = { url, connections, kind: 'book' as const, keyPrefix: `bench-${engine}` };
    await load({ ...plan, amount: warmup, first: requests });
    const backends = new CpuSampler();
    backends.sample(await backendPids());
    const backendsBefore = backends.snapshot();
    const hubBefore = cpuSecondsOf(hub.pid!);
    let measuring = true;
    const sampling = (async () => {
      while (measuring) {
        backends.sample(await backendPids());
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    })();
    booking = await load({ ...plan, amount: requests, first: 0 });
    const hubAfter = cpuSecondsOf(hub.pid!);
    measuring = false;
    await sampling;
    backends.sample(await backendPids());
    const perBooking = (seconds: number) => Math.round((seconds * 1000 * 100) / requests) / 100;
    const database = backends.since(backendsBefore);
    cpuMsPerBooking =
      hubBefore === null || hubAfter === null
        ? null
        : {
            [engine === 'pglite' ? 'hub process (PGlite inside)' : 'hub process']: perBooking(
              hubAfter - hubBefore,
            ),
            'load generator': perBooking(booking.cpuSeconds),
            ...(database === null ? {} : { 'database backends': perBooking(database) }),
          };
    health = await load({ ...plan, kind: 'health', amount: healthRequests, first: 0 });
  } finally {
    await monitor?.end();
    await hub.stop();
  }

  const sql: HubSql = await openHubSql(target);
  let bareAfter: BareFigures;
  let stored: number;
  let inProcess: InProcessFigures;
  try {
    const [row] = await sql.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM bookings WHERE coupon_id LIKE 'bench-coupon-%'",
    );
    stored = row!.n;
    inProcess = await runInProcessBookings(sql, connections, requests + warmup, inProcessBookings);
    bareAfter = await bare(sql);
  } finally {
    await sql.close();
  }
  const loadAfter = loadAverage();

  const baseline = bareBaseline(bareBefore, bareAfter, connections);
  const ratio = Math.round((booking.perSecond / baseline.value) * 100) / 100;
  const created = booking.statuses['201'] ?? 0;
  line(engine, 'bare transaction, before the hub', bareBefore, `${bareBefore.tool}, ${connections} clients`);
  line(engine, 'POST bookings (hub over HTTP)', booking, statusText(booking));
  line(engine, `the same without HTTP (${connections} loops)`, inProcess, `${inProcess.booked} booked`);
  line(engine, 'bare transaction, after the hub', bareAfter, `${bareAfter.tool}, ${connections} clients`);
  line(engine, 'GET /healthz (HTTP + one query)', health, statusText(health));
  const cpuText = (ms: Record<string, number> | null) =>
    ms
      ? Object.entries(ms)
          .map(([who, v]) => `${who} ${v} ms`)
          .join(', ')
      : 'not readable here';
  console.info(`${engine.padEnd(9)} CPU per booking: ${cpuText(cpuMsPerBooking)}`);
  console.info(
    `${engine.padEnd(9)} CPU per bare transaction (after): ${cpuText(bareAfter.cpuMsPerTransaction)}`,
  );
  console.info(
    `${engine.padEnd(9)} ratio hub / bare ${ratio}   load average ${loadBefore.join(' ')} → ${loadAfter.join(' ')}`,
  );
  const expectedStored = created + warmup;
  if (stored !== expectedStored) {
    console.info(
      `${engine}: ${stored} bookings stored for ${expectedStored} answered 201 (warm-up included)!`,
    );
  }
  const engineName = engine === 'pglite' ? `PGlite ${engineVersion}` : `PostgreSQL ${engineVersion}`;
  return [
    {
      name: `online bookings, hub on ${engineName}, ${connections} connections`,
      value: booking.perSecond,
      unit: 'bookings/s',
      p50Ms: booking.p50Ms,
      p99Ms: booking.p99Ms,
      baseline,
      ratio,
      notes: {
        requests,
        statuses: booking.statuses,
        errors: booking.errors,
        p999Ms: booking.p999Ms,
        storedMatchesAnswers: stored === expectedStored,
        healthz: { perSecond: health.perSecond, p50Ms: health.p50Ms, p99Ms: health.p99Ms },
        withoutHttp: {
          ...inProcess,
          ratioToBare: Math.round((inProcess.perSecond / baseline.value) * 100) / 100,
        },
        bareRuns: [bareBefore, bareAfter],
        cpuMsPerBooking,
        loadAverage: { before: loadBefore, after: loadAfter },
      },
    },
  ];
}

console.info(
  `${requests} online bookings by distinct residents over ${slotCount} slots, ${connections} connections, ` +
    'the hub and the load generator in processes of their own',
);
const figures: BenchFigure[] = [];
const dir = mkdtempSync(join(tmpdir(), 'hub-bench-'));
try {
  figures.push(...(await benchEngine('pglite', join(dir, 'pglite'), null)));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
figures.push(...((await withScratchPostgres('hub_bench', (url) => benchEngine('postgres', url, url))) ?? []));
recordBenchResult({
  bench: 'hub-booking',
  at: new Date().toISOString(),
  machine: machineFacts({ pgbench: pgbenchAvailable() }),
  figures,
});
