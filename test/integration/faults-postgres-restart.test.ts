/**
 * PostgreSQL crashing under load: the hub (`serve` in its own process) on a cluster of this test's
 * own (test/storm/private-postgres.ts, so the shared server of the other tests is never touched),
 * restarted with `pg_ctl restart -m immediate` (no checkpoint, crash recovery at start) once a seeded
 * number of bookings is on the hub, in the middle of a burst of online and phone bookings. Residents
 * send a request that got no answer or a 5xx again with its key, and some send a request twice on
 * purpose. The hub process must live through it (the same process answers afterwards), and then every
 * invariant holds on the hub, a desk and a change-log reader. Skipped, saying why, on a machine
 * without the PostgreSQL server binaries (Debian's postgresql package).
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SeededRandom } from '../../domain/demo-city/random.ts';
import { changeLogHead } from '../../server/store/change-log.ts';
import type { HubSql } from '../../server/store/hub-sql.ts';
import { migrate } from '../../server/store/migrate.ts';
import { openPgEngine } from '../../server/store/pg-engine.ts';
import { ChangeLogFollower } from '../invariants/change-log-follower.ts';
import { runOnlineResidents } from '../storm/online-residents.ts';
import {
  type PrivatePostgres,
  privatePostgresUnavailable,
  startPrivatePostgres,
} from '../storm/private-postgres.ts';
import { syncToken } from '../storm/sync-token.ts';
import {
  type BurstFixture,
  burstFixture,
  confirmedOn,
  desksCaughtUp,
  expectInvariants,
  takeCall,
} from './fault-support.ts';
import {
  attachDesk,
  deskCredentials,
  type HubProcess,
  hubProcess,
  openTestDesk,
  type TestDesk,
  waitFor,
} from './sync-support.ts';

const seed = 17;
const unavailable = privatePostgresUnavailable();
if (unavailable) console.info(`PostgreSQL restarted under load: SKIPPED, ${unavailable}`);
const title = `PostgreSQL restarted under load${unavailable ? ` (skipped: ${unavailable})` : ''}`;

describe.skipIf(unavailable !== null)(title, () => {
  let server: PrivatePostgres;
  let sql: HubSql;
  let hub: HubProcess;
  let desk: TestDesk;
  let burst: BurstFixture;

  beforeAll(async () => {
    server = await startPrivatePostgres();
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    await admin.query('CREATE DATABASE hub');
    await admin.end();
    const url = server.url.replace(/\/postgres$/, '/hub');
    // The test's own reads reconnect after the restart too: a pool of its own, not the hub's.
    sql = await openPgEngine(url, { maxConnections: 4 });
    await migrate(sql);
    burst = await burstFixture(sql, { online: 80, byPhone: 8 });
    hub = await hubProcess(url, ['--rate-limits', 'off']);
    await hub.start();
    desk = await openTestDesk();
    await attachDesk(desk, hub.baseUrl, await deskCredentials(sql));
    await waitFor('the first snapshot', () => desk.service.sync.status().ready, 60_000);
  });

  afterAll(async () => {
    desk?.remove();
    await hub?.kill();
    await sql?.close();
    server?.stop();
  });

  /**
   * `work`, or at once an error with what the hub printed if its process ends meanwhile (rather than
   * residents retrying a dead hub until their patience is gone).
   */
  async function unlessHubEnds<T>(work: Promise<T>): Promise<T> {
    let done = false;
    const ended = (async () => {
      while (!done) {
        if (hub.pid === null) throw new Error(`the hub process ended:\n${hub.output.slice(-2000)}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    try {
      return await Promise.race([work, ended.then(() => work)]);
    } finally {
      done = true;
    }
  }

  it('the hub lives through it, keeps every acknowledged booking once and serves every change-log number', async () => {
    const follower = new ChangeLogFollower({
      name: 'reader',
      hubUrl: hub.baseUrl,
      token: await syncToken(sql, 'reader'),
      from: (await changeLogHead(sql)).lastSeq,
    });
    follower.start(100);
    const restartAfter = SeededRandom.derive(seed, 'restart').int(5, 15);
    const hubPid = hub.pid;

    const residents = runOnlineResidents({
      url: hub.baseUrl,
      venueId: burst.venueId,
      residents: burst.online,
      connections: 6,
      seed,
      patienceMs: 30_000,
      replayChance: 0.1,
    });
    const calls = (async () => {
      const taken: Array<string | null> = [];
      for (const caller of burst.byPhone) {
        taken.push(await takeCall(desk, caller.id, burst.slots[taken.length % burst.slots.length]!));
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      return taken;
    })();
    await waitFor(
      'the burst to reach the restart',
      async () =>
        (await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM bookings'))[0]!.n >= restartAfter,
      30_000,
    );
    await server.restart('immediate');

    const [outcome, taken] = await unlessHubEnds(Promise.all([residents, calls]));
    await waitFor('the hub to answer again', async () => (await fetch(new URL('healthz', hub.baseUrl))).ok);
    expect(hub.pid, 'the same hub process answers').toBe(hubPid);
    await desksCaughtUp(sql, [desk]);
    await follower.stop();
    await follower.reach((await changeLogHead(sql)).lastSeq);

    expect(outcome.networkErrors, 'requests were cut by the restart').toBeGreaterThan(0);
    expect(outcome.acknowledged.length).toBeGreaterThanOrEqual(restartAfter - burst.byPhone.length);
    expect(outcome.replays.sameAnswer).toBe(outcome.replays.sent);
    await expectInvariants({
      sql,
      acknowledged: [...outcome.acknowledged, ...confirmedOn(desk, taken)],
      desks: [{ name: 'desk', desk }],
      readings: [follower.reading()],
    });
  });
});
