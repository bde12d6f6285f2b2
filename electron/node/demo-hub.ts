/**
 * Demo mode (docs/architecture.md, "Demo mode"): an unconfigured desktop runs beside a local demo hub —
 * the real hub (server/) on its embedded PGlite store in <data dir>/demo-hub, seeded with the same demo
 * city, listening on 127.0.0.1 only — and syncs all its data from it like any desktop from any hub. The
 * hub's resident booking page is at its address, so a booking made there arrives on the desktop. A
 * configured desktop never starts one.
 *
 * The hub runs in the desktop's process: the first start seeds 50,000 coupons (about ten seconds)
 * after the window is up, while the sync status shows the progress.
 */

import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { daysBetween, todayIn } from '../../domain/calendar.ts';
import { japanTimeZone } from '../../domain/vocabulary/terms.ts';
import { systemClock } from '../../server/clock.ts';
import { seedDemo } from '../../server/demo/seed-demo.ts';
import { buildHubApp } from '../../server/http/build-hub-app.ts';
import { loopbackHosts } from '../../server/http/host-check.ts';
import { startMaintenance } from '../../server/maintenance.ts';
import { createStaff } from '../../server/staff/create-staff.ts';
import type { HubSql } from '../../server/store/hub-sql.ts';
import { migrate } from '../../server/store/migrate.ts';
import { openHubSql } from '../../server/store/open-store.ts';
import { registerDevice, renewDeviceSecret } from '../../server/sync/device-sessions.ts';
import { startOnlineFlow } from './demo-online-flow.ts';
import type { DeskService } from './desk-service.ts';
import type { HubConnection } from './sync/sync-engine.ts';

/** The demo hub's staff account the desktop signs in with (demo data, loopback only). */
const demoStaffLogin = 'demo-desk';
const demoStaffPassword = 'demo-desk-password';

export interface DemoHubOptions {
  /** The embedded store's folder (kept between starts). */
  dir: string;
  seed: number;
  /** The simulated online flow (a few bookings a minute). */
  simulate: boolean;
  /** 0: any free port. */
  port?: number;
  log?: (line: string) => void;
  /** For tests: the clock, and a smaller city. */
  now?: () => Date;
  couponCount?: number;
}

/**
 * The demo city's slots run 28 days from the day it was seeded. A store seeded this many days ago
 * is seeded afresh (a new instance, so the desktop takes it as a new hub), so the demo never runs
 * out of days to book.
 */
export const demoHubFreshDays = 14;

function isStale(marker: SeedMarker, now: Date): boolean {
  const seededAt = new Date(marker.seededAt);
  if (Number.isNaN(seededAt.getTime())) return true;
  const seededDay = todayIn(japanTimeZone, seededAt);
  return daysBetween(seededDay, todayIn(japanTimeZone, now)) >= demoHubFreshDays;
}

export interface DemoHub {
  /** The hub's address; its resident booking page is at this address. */
  url: string;
  /** origin: this demo hub's database (a new one after a reset), so a desktop never mixes two. */
  connection: Omit<HubConnection, 'demo'>;
  sql: HubSql;
  close(): Promise<void>;
}

/** Written once the demo city is completely in the store; without it the store is started over. */
interface SeedMarker {
  instanceId: string;
  seed: number;
  seededAt: string;
  /** The desktop's device on this hub (its secret is not kept: a new one each start). */
  deviceId?: string;
}

function readMarker(path: string): SeedMarker | null {
  try {
    const marker = JSON.parse(readFileSync(path, 'utf8')) as Partial<SeedMarker>;
    return typeof marker.instanceId === 'string' ? (marker as SeedMarker) : null;
  } catch {
    return null;
  }
}

export async function startDemoHub(options: DemoHubOptions): Promise<DemoHub> {
  const log = options.log ?? (() => {});
  const clock = options.now ?? systemClock;
  const markerPath = `${options.dir}.json`;
  let marker = readMarker(markerPath);
  if (marker && isStale(marker, clock())) {
    log('デモ市のデータが古くなったため作り直します… / The demo city is out of date: seeding it afresh...');
    marker = null;
  }
  // A seed that never finished (the app was closed meanwhile) or an outdated one is thrown away and done again.
  if (!marker && existsSync(options.dir)) rmSync(options.dir, { recursive: true, force: true });
  const sql = await openHubSql(options.dir);
  let app: FastifyInstance | null = null;
  try {
    await migrate(sql);
    if (!marker) {
      log('デモ市のデータをハブに作成しています… / Seeding the demo city into the demo hub...');
      await seedDemo(sql, {
        seed: options.seed,
        now: clock(),
        ...(options.couponCount !== undefined ? { couponCount: options.couponCount } : {}),
      });
      marker = { instanceId: randomUUID(), seed: options.seed, seededAt: clock().toISOString() };
      writeFileSync(markerPath, JSON.stringify(marker));
    }
    const staff = await sql.query('SELECT 1 FROM staff WHERE login = $1', [demoStaffLogin]);
    if (staff.length === 0) {
      await createStaff(sql, {
        login: demoStaffLogin,
        role: 'manager',
        password: demoStaffPassword,
        displayName: 'デモ端末',
      });
    }
    // The same device every start, so mutations the desktop replays after a restart are still its
    // own (not IDEMPOTENCY_CONFLICT); a new secret each start, living only in this process.
    const device =
      (marker.deviceId ? await renewDeviceSecret(sql, marker.deviceId) : null) ??
      (await registerDevice(sql, { name: 'デモ用デスクトップ', municipalityCode: null }));
    if (device.id !== marker.deviceId) {
      marker = { ...marker, deviceId: device.id };
      writeFileSync(markerPath, JSON.stringify(marker));
    }
    // Loopback names only, so a web page cannot reach it by DNS rebinding.
    app = await buildHubApp({ sql, logLevel: 'warn', allowedHosts: loopbackHosts });
    const maintenance = startMaintenance(sql, systemClock, app.log);
    await app.listen({ host: '127.0.0.1', port: options.port ?? 0 });
    const address = app.server.address();
    if (!address || typeof address === 'string') throw new Error('the demo hub has no TCP address');
    const url = `http://127.0.0.1:${address.port}/`;
    const flow = options.simulate ? startOnlineFlow({ hubUrl: url, sql }) : null;
    const running = app;
    let closing: Promise<void> | null = null;
    return {
      url,
      sql,
      connection: {
        hubUrl: url,
        deviceId: device.id,
        deviceSecret: device.secret,
        staffLogin: demoStaffLogin,
        password: demoStaffPassword,
        origin: `demo-hub:${marker.instanceId}`,
      },
      close() {
        closing ??= (async () => {
          flow?.stop();
          maintenance.stop();
          await running.close();
          await sql.close();
        })();
        return closing;
      },
    };
  } catch (error) {
    await app?.close().catch(() => {});
    await sql.close().catch(() => {});
    throw error;
  }
}

export interface DemoHubLaunch {
  dataDir: string;
  seed: number;
  simulate: boolean;
  log: (line: string) => void;
}

/**
 * Starts the demo hub for an unconfigured desktop and points its sync at it; null when the desktop
 * is configured (then no hub is started) or the demo hub could not start (shown in the sync status).
 */
export async function attachDemoHub(service: DeskService, launch: DemoHubLaunch): Promise<DemoHub | null> {
  if (service.sync.configured) return null;
  let hub: DemoHub;
  try {
    hub = await startDemoHub({
      dir: join(launch.dataDir, 'demo-hub'),
      seed: launch.seed,
      simulate: launch.simulate,
      log: launch.log,
    });
  } catch (error) {
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    service.sync.demoHubFailed(`the demo hub did not start (${detail})`);
    launch.log(`デモ用ハブを起動できませんでした / The demo hub did not start: ${detail}`);
    return null;
  }
  if (!service.sync.connectDemoHub(hub.connection)) {
    await hub.close();
    return null;
  }
  launch.log('');
  launch.log('住民向け予約ページ（デモ） / Resident booking page (demo):');
  launch.log(`  ${hub.url}`);
  launch.log('');
  return hub;
}
