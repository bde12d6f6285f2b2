/**
 * Exporting the daily list from the 2,000,000-booking bench store: a 3,024-row day (every venue)
 * and a 99,792-row range (33 days), as .xlsx (ExcelJS streaming writer) and as our CSV (formula
 * guard, UTF-8 BOM and Shift_JIS), beside the baseline of writing the same rows, read the same way,
 * to a plain CSV file with no quoting, guard or styling. Each case runs in its own Node process, so
 * its peak memory (max RSS) is its own; "over start" is the peak less the RSS before the export.
 * Run: `node_modules/.bin/node bench/export.bench.ts` (or `npm run bench -- export`).
 */
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { closeDatabase, openDatabase } from '../db/open-database.ts';
import { addDays } from '../domain/calendar.ts';
import { writeDailyListCsv } from '../electron/node/export/daily-list-csv.ts';
import { type DailyListDocument, dailyListDocument } from '../electron/node/export/daily-list-document.ts';
import { writeDailyListXlsx } from '../electron/node/export/daily-list-xlsx.ts';
import { benchFirstDay, benchStore } from './bookings-bench-data.ts';

const cases = {
  'day xlsx': { days: 1, format: 'xlsx' },
  'day csv utf-8': { days: 1, format: 'csv-utf8' },
  'day plain csv (baseline)': { days: 1, format: 'plain' },
  'range xlsx': { days: 33, format: 'xlsx' },
  'range csv utf-8': { days: 33, format: 'csv-utf8' },
  'range csv shift_jis': { days: 33, format: 'csv-sjis' },
  'range plain csv (baseline)': { days: 33, format: 'plain' },
} as const;
type CaseName = keyof typeof cases;

interface CaseResult {
  rows: number;
  ms: number;
  bytes: number;
  startRssMb: number;
  peakRssMb: number;
}

/** The baseline: the same rows, each field joined with commas, nothing else. */
async function writePlainCsv(doc: DailyListDocument, output: Writable): Promise<{ rowCount: number }> {
  let rowCount = 0;
  for (const venue of doc.venues) {
    for (const slot of venue.slots) {
      const rows = doc.readRows(slot);
      const text = rows.map((r) => `${Object.values(r).join(',')}\n`).join('');
      if (!output.write(text)) await once(output, 'drain');
      rowCount += rows.length;
    }
  }
  output.end();
  return { rowCount };
}

async function runCase(name: CaseName): Promise<CaseResult> {
  const store = benchStore();
  const db = openDatabase(store.path);
  const spec = cases[name];
  const dateFrom = addDays(benchFirstDay, Math.floor(store.days / 2));
  const dir = mkdtempSync(join(tmpdir(), 'export-bench-'));
  const path = join(dir, 'out');
  const startRss = process.memoryUsage().rss;
  const started = performance.now();
  const doc = dailyListDocument(db, { dateFrom, dateTo: addDays(dateFrom, spec.days - 1), venueId: null });
  const output = createWriteStream(path);
  const closed = once(output, 'close');
  const written =
    spec.format === 'xlsx'
      ? await writeDailyListXlsx(doc, output)
      : spec.format === 'plain'
        ? await writePlainCsv(doc, output)
        : await writeDailyListCsv(doc, spec.format === 'csv-sjis' ? 'shift_jis' : 'utf-8-bom', output);
  await closed;
  const ms = performance.now() - started;
  const bytes = statSync(path).size;
  rmSync(dir, { recursive: true, force: true });
  closeDatabase(db);
  return {
    rows: written.rowCount,
    ms,
    bytes,
    startRssMb: startRss / 2 ** 20,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
}

const caseArg = process.argv.indexOf('--case');
if (caseArg >= 0) {
  const result = await runCase(process.argv[caseArg + 1] as CaseName);
  console.info(JSON.stringify(result));
} else {
  const store = benchStore();
  console.info(
    `daily-list export from ${store.bookings.toLocaleString('en-US')} bookings (store ${
      store.buildMs === null ? 'reused' : `built in ${(store.buildMs / 1000).toFixed(0)} s`
    }); each case in its own process`,
  );
  const header = ['case', 'rows', 'time', 'size', 'peak RSS', 'over start'];
  const lines: string[][] = [header];
  for (const name of Object.keys(cases) as CaseName[]) {
    const child = spawnSync(process.execPath, [import.meta.filename, '--case', name], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`${name} failed: ${child.stderr}`);
    const r = JSON.parse(child.stdout.trim().split('\n').at(-1)!) as CaseResult;
    lines.push([
      name,
      r.rows.toLocaleString('en-US'),
      `${r.ms.toFixed(0)} ms`,
      `${(r.bytes / 2 ** 20).toFixed(1)} MiB`,
      `${r.peakRssMb.toFixed(0)} MiB`,
      `${(r.peakRssMb - r.startRssMb).toFixed(0)} MiB`,
    ]);
  }
  const widths = header.map((_, i) => Math.max(...lines.map((l) => l[i]!.length)));
  for (const line of lines)
    console.info(
      line.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '),
    );
}
