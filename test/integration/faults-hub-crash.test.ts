/**
 * The hub SIGKILLed in the middle of a burst and started again: residents keep booking online (a
 * request that got no answer is sent again with its Idempotency-Key, as the resident page does), two
 * desks keep taking phone calls, a reader follows the change log. The moment of the kill is drawn
 * from a seed (after 5–25 bookings). Then every invariant: no slot over capacity, no dose booked
 * twice, every 201 and every 確定 on the hub once and on both desks, nothing left provisional, no
 * change-log number skipped. The hub is `serve` on PostgreSQL in a process of its own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SeededRandom } from '../../domain/demo-city/random.ts';
import { changeLogHead } from '../../server/store/change-log.ts';
import { ChangeLogFollower } from '../invariants/change-log-follower.ts';
import { runOnlineResidents } from '../storm/online-residents.ts';
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
  createPgTestDatabase,
  deskCredentials,
  type HubProcess,
  hubProcess,
  openTestDesk,
  type PgTestDatabase,
  type TestDesk,
  waitFor,
} from './sync-support.ts';

const skipPg = process.env.HUB_TEST_SKIP_PG === '1';
const seed = 13;

describe.skipIf(skipPg)('the hub killed during a burst (hub process on PostgreSQL)', () => {
  let db: PgTestDatabase;
  let hub: HubProcess;
  let burst: BurstFixture;
  const desks: TestDesk[] = [];

  beforeAll(async () => {
    db = await createPgTestDatabase();
    burst = await burstFixture(db.sql, { online: 120, byPhone: 16 });
    hub = await hubProcess(db.url, ['--rate-limits', 'off']);
    await hub.start();
    for (let i = 0; i < 2; i += 1) {
      const desk = await openTestDesk();
      desks.push(desk);
      await attachDesk(desk, hub.baseUrl, await deskCredentials(db.sql));
    }
    await waitFor('the first snapshots', () => desks.every((d) => d.service.sync.status().ready), 60_000);
  });

  afterAll(async () => {
    for (const desk of desks) desk.remove();
    await hub?.kill();
    await db?.drop();
  });

  it('loses no acknowledged booking and makes none twice', async () => {
    const follower = new ChangeLogFollower({
      name: 'reader',
      hubUrl: hub.baseUrl,
      token: await syncToken(db.sql, 'reader'),
      from: (await changeLogHead(db.sql)).lastSeq,
    });
    follower.start(100);
    const killAfter = SeededRandom.derive(seed, 'kill').int(5, 25);
    const bookingsOnHub = async () =>
      (await db.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM bookings'))[0]!.n;

    const residents = runOnlineResidents({
      url: hub.baseUrl,
      venueId: burst.venueId,
      residents: burst.online,
      connections: 8,
      seed,
      patienceMs: 30_000,
      replayChance: 0.1,
    });
    const calls = desks.map(async (desk, d) => {
      const taken: Array<string | null> = [];
      for (let i = 0; i < 8; i += 1) {
        taken.push(
          await takeCall(desk, burst.byPhone[d * 8 + i]!.id, burst.slots[(d + i) % burst.slots.length]!),
        );
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
      return taken;
    });
    await waitFor('the burst to reach the kill', async () => (await bookingsOnHub()) >= killAfter, 30_000);
    await hub.kill();
    await new Promise((resolve) => setTimeout(resolve, 500));
    await hub.start();

    const outcome = await residents;
    const taken = await Promise.all(calls);
    await desksCaughtUp(db.sql, desks);
    await follower.stop();
    await follower.reach((await changeLogHead(db.sql)).lastSeq);

    expect(outcome.networkErrors, 'requests were cut by the kill').toBeGreaterThan(0);
    expect(outcome.acknowledged.length).toBeGreaterThan(killAfter - 1);
    expect(outcome.replays.sameAnswer).toBe(outcome.replays.sent);
    await expectInvariants({
      sql: db.sql,
      acknowledged: [...outcome.acknowledged, ...desks.flatMap((desk, d) => confirmedOn(desk, taken[d]!))],
      desks: desks.map((desk, d) => ({ name: `desk ${d}`, desk })),
      readings: [follower.reading()],
    });
  });
});
