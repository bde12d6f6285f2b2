/**
 * `npm run bench`: runs every bench/*.bench.ts in its own Node process, one after another, so one
 * benchmark's memory does not disturb the next. Each prints its own figures beside a baseline
 * measured in the same run. `npm run bench -- overview` runs the files whose name contains "overview".
 *
 * Benchmarks that hand their figures over (bench/bench-results.ts) are gathered into
 * bench/results/latest.json (a bench not run this time keeps its earlier entry) and printed as one
 * table at the end.
 */
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BenchResult, benchResultsFileVariable } from '../bench/bench-results.ts';

const filter = process.argv[2] ?? '';
const files = readdirSync('bench')
  .filter((f) => f.endsWith('.bench.ts') && f.includes(filter))
  .sort();
const latestPath = join('bench', 'results', 'latest.json');

const scratch = mkdtempSync(join(tmpdir(), 'bench-results-'));
const resultsFile = join(scratch, 'results.jsonl');
let failures = 0;
try {
  for (const file of files) {
    console.info(`\n### ${file}`);
    const result = spawnSync(process.execPath, ['--expose-gc', join('bench', file)], {
      stdio: 'inherit',
      env: { ...process.env, [benchResultsFileVariable]: resultsFile },
    });
    if (result.status !== 0) failures += 1;
  }
  const fresh: BenchResult[] = existsSync(resultsFile)
    ? readFileSync(resultsFile, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as BenchResult)
    : [];
  if (fresh.length > 0) {
    const earlier: BenchResult[] = existsSync(latestPath)
      ? (JSON.parse(readFileSync(latestPath, 'utf8')) as { results: BenchResult[] }).results
      : [];
    const results = [...earlier.filter((r) => !fresh.some((f) => f.bench === r.bench)), ...fresh];
    mkdirSync(join('bench', 'results'), { recursive: true });
    writeFileSync(latestPath, `${JSON.stringify({ results }, null, 2)}\n`);
    console.info(`\n${table(fresh)}\n(written to ${latestPath})`);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
process.exit(failures > 0 ? 1 : 0);

function table(results: BenchResult[]): string {
  const ms = (n: number | undefined) => (n === undefined ? '' : `${n} ms`);
  const rows = results.flatMap((r) =>
    r.figures.map((f) => [
      r.bench,
      f.name,
      `${f.value} ${f.unit}`,
      ms(f.p50Ms),
      ms(f.p99Ms),
      f.baseline ? `${f.baseline.name}: ${f.baseline.value} ${f.baseline.unit}` : '',
      f.ratio === undefined ? '' : String(f.ratio),
    ]),
  );
  const header = ['bench', 'figure', 'value', 'p50', 'p99', 'baseline (same run)', 'ratio'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const format = (row: string[]) => `| ${row.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [format(header), format(widths.map((w) => '-'.repeat(w))), ...rows.map(format)].join('\n');
}
