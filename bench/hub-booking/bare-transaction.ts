/**
 * The baseline of bench/hub-booking.bench.ts: the bare booking transaction, the least any booking
 * must write. A conditional UPDATE of the slot's seat counter and two INSERTs (the booking and its
 * change-log row) into the hub's own tables, with their indexes, constraints and foreign keys; no
 * checks, no proof, no idempotency. Run by pgbench on PostgreSQL (prepared statements, the same
 * number of clients as the HTTP load) or, without pgbench and on PGlite, by a client loop in the
 * process that opens the database.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { HubSql } from '../../server/store/hub-sql.ts';
import { type BenchFigure, percentile } from '../bench-results.ts';
import { benchMunicipality, slotCount } from './bench-data.ts';
import { CpuSampler } from './cpu-time.ts';

export interface BareFigures {
  tool: 'pgbench' | 'client loop';
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  transactions: number;
  /** CPU milliseconds per transaction by process (/proc on Linux), when they could be read. */
  cpuMsPerTransaction: Record<string, number> | null;
}

/** Numbers each bare booking (booking number, coupon and dose); the change log gets seqs far above the hub's. */
export const bareSetupSql = 'CREATE SEQUENCE IF NOT EXISTS bench_bare_seq';

/** The three statements; `:slot` is a slot id (pgbench: a variable, the loop: $1). */
function bareStatements(slot: string): string[] {
  return [
    `UPDATE slots SET booked_online = booked_online + 1, updated_at = now()
      WHERE id = ${slot} AND status = 'open' AND booked_online + booked_phone + booked_walk_in + held < capacity`,
    `INSERT INTO bookings (id, booking_number, municipality_code, coupon_id, slot_id, dose_number, channel, status,
                           created_at, updated_at)
     SELECT gen_random_uuid(), 'BARE' || n, '${benchMunicipality}', 'bare-coupon-' || (n / 10), ${slot}, n % 10 + 1,
            'online', 'confirmed', now(), now()
       FROM nextval('bench_bare_seq') AS n`,
    `INSERT INTO change_log (seq, committed_at, entity, entity_id, op, payload, municipality_code)
     VALUES (1000000000000 + currval('bench_bare_seq'), now(), 'booking', 'bare', 'upsert', '{}', '${benchMunicipality}')`,
  ];
}

/** Coupons the bare transaction needs for `transactions` bookings (ten doses per coupon). */
export const bareCouponsFor = (transactions: number): number => Math.ceil(transactions / 10) + 1;

export function pgbenchAvailable(): boolean {
  return spawnSync('pgbench', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** pgbench with `clients` clients, `transactions` in all, per-transaction latencies from its log. */
export async function runPgbench(
  databaseUrl: string,
  clients: number,
  transactions: number,
): Promise<BareFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-bare-'));
  const monitor = new pg.Client({ connectionString: databaseUrl });
  await monitor.connect();
  try {
    const script = join(dir, 'bare.sql');
    const statements = bareStatements("'bench-slot-' || :slot");
    writeFileSync(
      script,
      [
        `\\set slot random(0, ${slotCount - 1})`,
        'BEGIN;',
        ...statements.map((s) => `${s.replace(/\s+/g, ' ')};`),
        'END;',
        '',
      ].join('\n'),
    );
    const perClient = Math.ceil(transactions / clients);
    const child = spawn(
      'pgbench',
      [
        '--no-vacuum',
        '--protocol=prepared',
        `--client=${clients}`,
        `--jobs=${Math.min(clients, 2)}`,
        `--transactions=${perClient}`,
        `--file=${script}`,
        '--log',
        `--log-prefix=${join(dir, 'latency')}`,
        databaseUrl,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
    // Its backends' CPU, and its own, read while it runs.
    const database = new CpuSampler();
    const client = new CpuSampler();
    let running = true;
    const sampling = (async () => {
      while (running) {
        const { rows } = await monitor.query<{ pid: number }>(
          "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'pgbench'",
        );
        database.sample(rows.map((r) => r.pid));
        if (child.pid) client.sample([child.pid]);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    const status = await exited;
    running = false;
    await sampling;
    if (status !== 0) throw new Error(`pgbench failed: ${stderr}`);
    const tps = /tps = ([0-9.]+) \(without initial connection time\)/.exec(stdout);
    if (!tps) throw new Error(`pgbench printed no tps: ${stdout}`);
    // Each log line: client transaction latency_us script epoch_s epoch_us.
    const latencies = readdirSync(dir)
      .filter((f) => f.startsWith('latency'))
      .flatMap((f) => readFileSync(join(dir, f), 'utf8').trim().split('\n'))
      .map((line) => Number(line.split(' ')[2]) / 1000)
      .sort((a, b) => a - b);
    const perTransaction = (seconds: number | null) =>
      seconds === null ? null : Math.round((seconds * 1000 * 100) / latencies.length) / 100;
    const databaseMs = perTransaction(database.since(new Map()));
    const clientMs = perTransaction(client.since(new Map()));
    return {
      tool: 'pgbench',
      perSecond: Math.round(Number(tps[1])),
      p50Ms: round(percentile(latencies, 50)),
      p99Ms: round(percentile(latencies, 99)),
      transactions: latencies.length,
      cpuMsPerTransaction:
        databaseMs === null || clientMs === null ? null : { database: databaseMs, pgbench: clientMs },
    };
  } finally {
    await monitor.end();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The bare transaction on `sql`'s database (its bench data seeded): pgbench on `pgbenchUrl` when one is
 * given and pgbench is on the PATH, else the client loop.
 */
export async function runBare(
  sql: HubSql,
  pgbenchUrl: string | null,
  clients: number,
  transactions: number,
): Promise<BareFigures> {
  await sql.exec(bareSetupSql);
  return pgbenchUrl && pgbenchAvailable()
    ? await runPgbench(pgbenchUrl, clients, transactions)
    : await runBareLoop(sql, clients, transactions);
}

/**
 * The baseline of a bench figure: the mean of a bare run before and one after the measured load (the
 * load of a shared machine drifts within a run).
 */
export function bareBaseline(
  before: BareFigures,
  after: BareFigures,
  clients: number,
): NonNullable<BenchFigure['baseline']> {
  const mean = (a: number, b: number) => Math.round(((a + b) / 2) * 10) / 10;
  return {
    name: `bare booking transaction, ${before.tool}, ${clients} clients (mean of a run before and after)`,
    value: Math.round(mean(before.perSecond, after.perSecond)),
    unit: 'transactions/s',
    p50Ms: mean(before.p50Ms, after.p50Ms),
    p99Ms: mean(before.p99Ms, after.p99Ms),
  };
}

/** `clients` concurrent loops, each running the bare transaction until `transactions` are done. */
export async function runBareLoop(sql: HubSql, clients: number, transactions: number): Promise<BareFigures> {
  const statements = bareStatements('$1');
  const latencies: number[] = [];
  let started = 0;
  const client = async () => {
    while (started < transactions) {
      const slotId = `bench-slot-${started++ % slotCount}`;
      const begun = performance.now();
      await sql.transaction(async (tx) => {
        await tx.query(statements[0]!, [slotId]);
        await tx.query(statements[1]!, [slotId]);
        await tx.query(statements[2]!);
      });
      latencies.push(performance.now() - begun);
    }
  };
  const cpuBefore = process.cpuUsage();
  const begun = performance.now();
  await Promise.all(Array.from({ length: clients }, client));
  const seconds = (performance.now() - begun) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  latencies.sort((a, b) => a - b);
  return {
    tool: 'client loop',
    perSecond: Math.round(latencies.length / seconds),
    p50Ms: round(percentile(latencies, 50)),
    p99Ms: round(percentile(latencies, 99)),
    transactions: latencies.length,
    // The loop's process; with PGlite that is the database too.
    cpuMsPerTransaction: {
      [sql.engine === 'pglite' ? 'bench process (PGlite inside)' : 'bench process (client)']:
        Math.round(((cpu.user + cpu.system) / 1000 / latencies.length) * 100) / 100,
    },
  };
}

const round = (ms: number): number => Math.round(ms * 10) / 10;
