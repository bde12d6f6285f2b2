/**
 * A coupon list of 300,000 rows imported from a manager's desk, as the app does it: the desk service
 * (this process, its SQLite file) streams the file to the hub (a process of its own, `hub serve` on a
 * PGlite data directory) with `manager.readCouponList`, then `manager.applyCouponImport` step by step
 * until applied; then the coupons reach the desk through sync. Figures: rows/s of the import, the
 * desk process's peak RSS and JS heap for a third of the rows and for all of them (flat: the file is
 * never held in the desk's memory), the time until every coupon is in the desk's database; beside a
 * plain bulk INSERT of the same rows into the desk's SQLite (one prepared statement, one transaction,
 * no checks), measured in the same run.
 * Run: `npm run bench -- desk-coupon-import`; BENCH_COUPONS=N for another size.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeDatabase, openDatabase } from '../db/open-database.ts';
import type { ApiResult } from '../domain/api/errors.ts';
import type { CouponImportView, CouponListRead } from '../domain/api/methods/manager-coupon-import.ts';
import { readingKey } from '../domain/kana.ts';
import { type DeskService, openDeskService } from '../electron/node/desk-service.ts';
import { upsertMunicipalities, upsertProducts, upsertVenues } from '../server/catalog/catalog-writes.ts';
import { parseCsv } from '../server/import/csv.ts';
import { createStaff } from '../server/staff/create-staff.ts';
import { runHubTransaction } from '../server/store/hub-transaction.ts';
import { migrate } from '../server/store/migrate.ts';
import { openPgliteEngine } from '../server/store/pglite-engine.ts';
import { registerDevice } from '../server/sync/device-sessions.ts';
import { hubProcess, waitFor } from '../test/integration/hub-process.ts';
import { loadAverage, machineFacts, recordBenchResult } from './bench-results.ts';
import { measured, mib, writeCouponList } from './coupon-list-file.ts';
import { benchProduct } from './hub-booking/bench-data.ts';

const couponCount = Number(process.env.BENCH_COUPONS ?? 300_000);
const code = '131016';
const password = 'bench password 1';
const dir = mkdtempSync(join(tmpdir(), 'bench-desk-import-'));
const rate = (n: number, ms: number) => Math.round((n / ms) * 1000);

/** The hub's store: one municipality with one venue, and a manager's login for the desk. */
async function seedHub(dataDir: string) {
  const sql = await openPgliteEngine(dataDir);
  try {
    await migrate(sql);
    const now = new Date();
    await runHubTransaction(sql, now, async (tx) => {
      await upsertMunicipalities(tx, [{ code, name: 'ベンチ区' }]);
      await upsertProducts(tx, [benchProduct]);
      await upsertVenues(tx, [
        {
          id: 'bench-venue',
          municipalityCode: code,
          name: 'ベンチ会場',
          nameKana: 'ベンチカイジョウ',
          kind: 'community_center',
          area: '',
          address: '東京都千代田区1-1',
          phone: '',
          active: true,
          updatedAt: now.toISOString(),
        },
      ]);
    });
    const device = await registerDevice(sql, { name: 'bench' });
    await createStaff(sql, { login: 'bench-manager', role: 'manager', password });
    return { deviceId: device.id, deviceSecret: device.secret, staffLogin: 'bench-manager', password };
  } finally {
    await sql.close();
  }
}

async function deskImport(desk: DeskService, path: string) {
  return measured(async () => {
    // Where browser mode's upload (or Electron's open dialog) leaves the file; copying it is not measured work.
    const slot = desk.uploads!.create('upload', 'text/csv');
    copyFileSync(path, slot.path);
    const read = performance.now();
    const answer = (await desk.call('manager.readCouponList', {
      source: { kind: 'upload', uploadId: slot.id, fileName: 'coupons.csv' },
    })) as ApiResult<CouponListRead>;
    if (!answer.ok || answer.value.outcome !== 'read') throw new Error(`not read: ${JSON.stringify(answer)}`);
    const readMs = performance.now() - read;
    let view: CouponImportView = answer.value.preview.import;
    let steps = 0;
    while (view.state !== 'applied') {
      const step = (await desk.call('manager.applyCouponImport', {
        importId: view.id,
      })) as ApiResult<CouponImportView>;
      if (!step.ok) throw new Error(`apply refused: ${JSON.stringify(step.error)}`);
      view = step.value;
      steps += 1;
    }
    return { readMs, view, steps };
  });
}

/** The same rows straight into a table of the desk's coupons' shape: the cheapest way to hold them. */
function plainDeskInsert(path: string): number {
  const records = parseCsv(readFileSync(path, 'utf8')).slice(1);
  const db = openDatabase(join(dir, 'baseline.sqlite'));
  try {
    const insert = db.prepare(
      `INSERT INTO coupons (id, municipality_code, ticket_number, name, name_kana, name_kana_key, birth_date, sex,
                            address, phone, phone_key, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const at = new Date().toISOString();
    const started = performance.now();
    db.transaction(() => {
      records.forEach((r, i) => {
        insert.run(
          `c${i}`,
          r[1],
          r[0],
          r[2],
          r[3],
          readingKey(r[3]!),
          r[4],
          r[5] === '女' ? 'F' : 'M',
          r[6],
          r[7],
          r[7]!.replaceAll('-', ''),
          at,
        );
      });
    })();
    return performance.now() - started;
  } finally {
    closeDatabase(db);
  }
}

const hubDir = join(dir, 'hub');
const credentials = await seedHub(hubDir);
const hub = await hubProcess(hubDir, ['--rate-limits', 'off']);
const third = writeCouponList(dir, Math.round(couponCount / 3), 5_000_000, code);
const full = writeCouponList(dir, couponCount, 1, code);
console.info(`coupon list: ${couponCount} rows, ${mib(statSync(full).size)} MiB (UTF-8 CSV)`);
let desk: DeskService | null = null;
try {
  await hub.start();
  desk = await openDeskService({
    dataDir: join(dir, 'desk'),
    empty: true,
    appVersion: 'bench',
    transport: 'browser',
    syncLog: () => {},
  });
  const service = desk;
  const saved = await service.sync.saveSettings({ hubUrl: hub.baseUrl, ...credentials });
  if (!saved.saved) throw new Error(`settings not saved: ${saved.outcome}`);
  await waitFor('the desk to be up to date', () => service.sync.status().state === 'idle', 120_000);
  const localCoupons = service.db.prepare('SELECT count(*) FROM coupons').pluck();

  const small = await deskImport(service, third);
  const large = await deskImport(service, full);
  const arrivedFrom = performance.now();
  const expected = Math.round(couponCount / 3) + couponCount;
  await waitFor('every coupon on the desk', () => (localCoupons.get() as number) >= expected, 30 * 60_000);
  const syncMs = performance.now() - arrivedFrom;
  const baselineMs = plainDeskInsert(full);

  const v = large.result.view;
  console.info(
    `desk import ${couponCount} rows: ${(large.ms / 1000).toFixed(1)} s (read on the hub ${(large.result.readMs / 1000).toFixed(1)} s, ` +
      `${large.result.steps} apply steps), ${rate(couponCount, large.ms)} rows/s; inserted ${v.inserted}, rejected ${v.rejectedRows}`,
  );
  console.info(
    `desk process peak RSS ${mib(small.rss)} MiB for ${Math.round(couponCount / 3)} rows, ${mib(large.rss)} MiB for ${couponCount}; ` +
      `peak JS heap ${mib(small.heap)} MiB, ${mib(large.heap)} MiB`,
  );
  console.info(
    `coupons on the desk through sync ${(syncMs / 1000).toFixed(1)} s after the import; plain INSERT into the desk's SQLite ` +
      `${(baselineMs / 1000).toFixed(1)} s, ${rate(couponCount, baselineMs)} rows/s`,
  );
  recordBenchResult({
    bench: 'desk-coupon-import',
    at: new Date().toISOString(),
    machine: machineFacts({ loadAverage: loadAverage() }),
    figures: [
      {
        name: `desk import of ${couponCount} coupons (hub on PGlite in its own process)`,
        value: rate(couponCount, large.ms),
        unit: 'rows/s',
        baseline: {
          name: "plain INSERT of the same rows into the desk's SQLite",
          value: rate(couponCount, baselineMs),
          unit: 'rows/s',
        },
        ratio: rate(couponCount, large.ms) / rate(couponCount, baselineMs),
        notes: {
          readOnHubMs: Math.round(large.result.readMs),
          applySteps: large.result.steps,
          deskPeakRssMiB: {
            [Math.round(couponCount / 3)]: Number(mib(small.rss)),
            [couponCount]: Number(mib(large.rss)),
          },
          deskPeakHeapMiB: {
            [Math.round(couponCount / 3)]: Number(mib(small.heap)),
            [couponCount]: Number(mib(large.heap)),
          },
          syncToDeskMs: Math.round(syncMs),
        },
      },
    ],
  });
} finally {
  desk?.close();
  await hub.stop();
  rmSync(dir, { recursive: true, force: true });
}
