/**
 * Pointing a desktop at a hub when its data came from elsewhere (the local demo city, another hub):
 * the settings name what would be removed — venues, bookings, coupons — and store nothing until the
 * user agrees (`confirmClear`); only then is the data replaced by the hub's, and the audit entry says
 * what was removed. Saving again for the same hub asks nothing. (Changes waiting for another hub still
 * block the switch outright: sync-engine.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDemoCity } from '../../db/demo-load.ts';
import { closeDatabase } from '../../db/open-database.ts';
import { openDeskStore } from './desk-store.ts';
import { type RunningHub, startHub } from './hub-http-support.ts';
import { createFixture, createTestDatabase, type TestDatabase } from './hub-support.ts';
import {
  countRows,
  type DeskCredentials,
  deskCredentials,
  openTestDesk,
  type TestDesk,
  waitFor,
} from './sync-support.ts';

let hubDb: TestDatabase;
let hub: RunningHub;
let otherHub: RunningHub;
let desk: TestDesk;
let credentials: DeskCredentials;

const counts = () => ({
  venues: countRows(desk, 'venues'),
  bookings: countRows(desk, 'bookings'),
  coupons: countRows(desk, 'coupons'),
});
const idle = () =>
  waitFor('the desktop to be up to date', () => {
    const status = desk.service.sync.status();
    return status.ready && status.state === 'idle' && status;
  });
const settingsAudits = () =>
  (
    desk.service.db
      .prepare("SELECT detail FROM audit_events WHERE action = 'sync.settings' ORDER BY id")
      .all() as Array<{ detail: string }>
  ).map((row) => JSON.parse(row.detail));

beforeAll(async () => {
  hubDb = await createTestDatabase('pglite');
  const fx = await createFixture(hubDb.sql);
  await fx.slot({ date: '2030-06-20' });
  await fx.coupons(5);
  hub = await startHub(hubDb.sql);
  otherHub = await startHub(hubDb.sql);
  credentials = await deskCredentials(hubDb.sql, { role: 'manager' });

  // A desktop that has run on the local demo city (a small one).
  const fresh = await openTestDesk();
  const dataDir = fresh.dataDir;
  fresh.close();
  const db = openDeskStore(dataDir);
  ensureDemoCity(db, { seed: 7, today: '2025-06-02', couponCount: 800 });
  closeDatabase(db);
  desk = await openTestDesk(dataDir);
});

afterAll(async () => {
  desk?.remove();
  await otherHub?.close();
  await hub?.close();
  await hubDb?.drop();
});

describe('switching a desktop to a hub', () => {
  it('names the demo city’s data it would remove and stores nothing until the user agrees', async () => {
    const before = counts();
    expect(before.coupons).toBe(800);
    expect(before.bookings).toBeGreaterThan(0);

    const asked = await desk.service.call('saveSyncSettings', { hubUrl: hub.baseUrl, ...credentials });
    expect(asked).toMatchObject({
      ok: true,
      value: {
        outcome: 'confirm_clear',
        saved: false,
        clearing: { source: 'demo_city', hubUrl: null, ...before },
      },
    });
    // Nothing changed: no settings, no sync, every row still there, nothing audited.
    expect(desk.service.sync.settingsView()).toBeNull();
    expect(desk.service.sync.status()).toMatchObject({ configured: false, state: 'unconfigured' });
    expect(counts()).toEqual(before);
    expect(settingsAudits()).toEqual([]);
  });

  it('with the user’s yes, replaces the data by the hub’s and audits what was removed', async () => {
    const before = counts();
    const saved = await desk.service.call('saveSyncSettings', {
      hubUrl: hub.baseUrl,
      ...credentials,
      confirmClear: true,
    });
    expect(saved).toMatchObject({ ok: true, value: { outcome: 'saved', saved: true } });
    await idle();
    expect(counts()).toEqual({ venues: 1, bookings: 0, coupons: 5 });
    expect(settingsAudits()).toMatchObject([{ cleared: { source: 'demo_city', ...before } }]);
  });

  it('asks nothing when saving again for the same hub', async () => {
    const again = await desk.service.call('saveSyncSettings', { hubUrl: hub.baseUrl, ...credentials });
    expect(again).toMatchObject({ ok: true, value: { outcome: 'saved', clearing: null } });
  });

  it('names the previous hub when another one would replace its data', async () => {
    const asked = await desk.service.call('saveSyncSettings', { hubUrl: otherHub.baseUrl, ...credentials });
    expect(asked).toMatchObject({
      ok: true,
      value: {
        outcome: 'confirm_clear',
        saved: false,
        clearing: { source: 'hub', hubUrl: `${hub.baseUrl}/`, venues: 1, bookings: 0, coupons: 5 },
      },
    });
    expect(desk.service.sync.settingsView()?.hubUrl).toBe(`${hub.baseUrl}/`);
  });
});
