/**
 * Figures a benchmark hands to `npm run bench` (scripts/bench.ts), which gathers them into
 * bench/results/latest.json and prints them as one table. A benchmark run on its own (node
 * bench/x.bench.ts) only prints its lines.
 */
import { appendFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';

/** One measured figure beside the baseline measured in the same run. */
export interface BenchFigure {
  name: string;
  value: number;
  unit: string;
  p50Ms?: number;
  p99Ms?: number;
  baseline?: { name: string; value: number; unit: string; p50Ms?: number; p99Ms?: number };
  /** value / baseline.value */
  ratio?: number;
  /** What else a reader needs: answers by status, load average seen, sizes. */
  notes?: Record<string, unknown>;
}

export interface BenchResult {
  bench: string;
  at: string;
  machine: MachineFacts;
  figures: BenchFigure[];
}

export interface MachineFacts {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  platform: string;
  [more: string]: unknown;
}

/** The environment variable scripts/bench.ts sets: a file that collects one JSON line per bench. */
export const benchResultsFileVariable = 'BENCH_RESULTS_FILE';

export function machineFacts(more: Record<string, unknown> = {}): MachineFacts {
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    ...more,
  };
}

/** The 1-, 5- and 15-minute load averages, rounded: the machine is shared, so figures say how busy it was. */
export function loadAverage(): number[] {
  return loadavg().map((n) => Math.round(n * 100) / 100);
}

export function recordBenchResult(result: BenchResult): void {
  const file = process.env[benchResultsFileVariable];
  if (file) appendFileSync(file, `${JSON.stringify(result)}\n`);
}

export const percentile = (sorted: readonly number[], p: number): number =>
  sorted.length === 0
    ? Number.NaN
    : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
