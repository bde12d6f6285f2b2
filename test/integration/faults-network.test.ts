/**
 * The network between desks and the hub cut and stalled (loopback TCP proxies, tcp-proxy.ts) while
 * residents book online: one desk's link is cut (connections reset, new ones refused), another's
 * stalls (bytes held mid-request, then let through), and the change-log reader's link does both. The
 * desks take phone calls meanwhile (provisional, in their outboxes) and after. Once the links are
 * back: every invariant, on the hub, both desks and the reader.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { changeLogHead } from '../../server/store/change-log.ts';
import { ChangeLogFollower } from '../invariants/change-log-follower.ts';
import { runOnlineResidents } from '../storm/online-residents.ts';
import { syncToken } from '../storm/sync-token.ts';
import { startTcpProxy, type TcpProxy } from '../storm/tcp-proxy.ts';
import { confirmedOn, desksCaughtUp, expectInvariants, takeCall } from './fault-support.ts';
import { type RunningHub, startHub } from './hub-http-support.ts';
import { createFixture, describeHubBackends, type FixtureCoupon } from './hub-support.ts';
import { attachDesk, deskCredentials, openTestDesk, type TestDesk, waitFor } from './sync-support.ts';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describeHubBackends('the network cut and stalled between desks and the hub', (ctx) => {
  let hub: RunningHub;
  let venueId: string;
  const slots: string[] = [];
  let online: FixtureCoupon[];
  let byPhone: FixtureCoupon[];
  const desks: TestDesk[] = [];
  const proxies: TcpProxy[] = [];

  beforeAll(async () => {
    const fx = await createFixture(ctx.sql);
    venueId = fx.venueId;
    for (const date of ['2030-06-20', '2030-06-21', '2030-06-22', '2030-06-23']) {
      slots.push(await fx.slot({ date, capacity: 6, callCenterReserve: 2 }));
    }
    online = await fx.coupons(40);
    byPhone = await fx.coupons(12);
    hub = await startHub(ctx.sql);
    for (let i = 0; i < 3; i += 1) proxies.push(await startTcpProxy(Number(new URL(hub.baseUrl).port)));
    for (let i = 0; i < 2; i += 1) {
      const desk = await openTestDesk();
      desks.push(desk);
      await attachDesk(desk, proxies[i]!.url, await deskCredentials(ctx.sql));
    }
    await waitFor('the first snapshots', () => desks.every((d) => d.service.sync.status().ready), 30_000);
  });

  afterAll(async () => {
    for (const desk of desks) desk.remove();
    for (const proxy of proxies) await proxy.close();
    await hub?.close();
  });

  it('loses nothing and doubles nothing', async () => {
    const [cutLink, stalledLink, readerLink] = proxies as [TcpProxy, TcpProxy, TcpProxy];
    const follower = new ChangeLogFollower({
      name: 'reader',
      hubUrl: readerLink.url,
      token: await syncToken(ctx.sql, 'reader', hub.now),
      from: (await changeLogHead(ctx.sql)).lastSeq,
    });
    follower.start(50);
    const residents = runOnlineResidents({
      url: hub.baseUrl,
      venueId,
      residents: online,
      connections: 4,
      seed: 7,
      replayChance: 0.1,
    });
    const taken: Array<Array<string | null>> = [[], []];
    const calls = async (d: number, from: number, n: number) => {
      for (let i = from; i < from + n; i += 1) {
        taken[d]!.push(await takeCall(desks[d]!, byPhone[d * 6 + i]!.id, slots[(d + i) % slots.length]!));
        await pause(100);
      }
    };

    await calls(0, 0, 1);
    await calls(1, 0, 1);
    cutLink.set('cut');
    stalledLink.set('stall');
    readerLink.set('stall');
    await Promise.all([calls(0, 1, 3), calls(1, 1, 3)]);
    readerLink.set('cut');
    await waitFor('the cut desk to notice', () => desks[0]!.service.sync.status().state === 'offline');
    await pause(500);
    for (const proxy of proxies) proxy.set('pass');
    await Promise.all([calls(0, 4, 2), calls(1, 4, 2)]);

    const outcome = await residents;
    await desksCaughtUp(ctx.sql, desks);
    await follower.stop();
    await follower.reach((await changeLogHead(ctx.sql)).lastSeq);
    expect(outcome.acknowledged.length).toBeGreaterThan(0);
    const confirmed = desks.flatMap((desk, d) => confirmedOn(desk, taken[d]!));
    expect(confirmed.length, 'phone bookings taken offline were confirmed').toBeGreaterThan(2);
    await expectInvariants({
      sql: ctx.sql,
      acknowledged: [...outcome.acknowledged, ...confirmed],
      desks: desks.map((desk, d) => ({ name: `desk ${d}`, desk })),
      readings: [follower.reading()],
    });
  });
});
