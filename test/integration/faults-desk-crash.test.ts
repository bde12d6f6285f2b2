/**
 * A desk SIGKILLed with phone bookings in its outbox (the desk in a process of its own,
 * desk-process.ts, talking to the hub through a loopback proxy): once between its local commit and
 * its push (the network cut, nothing sent), once between the hub's commit and the reply (the proxy
 * swallows the push's answer, so the hub has the bookings and the desk does not know). Opened again,
 * the desk pushes the same mutations again and the hub answers what it stored: each booking exists
 * exactly once, confirmed on the desk. Then every invariant.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { changeLogHead } from '../../server/store/change-log.ts';
import { ChangeLogFollower } from '../invariants/change-log-follower.ts';
import { syncToken } from '../storm/sync-token.ts';
import { startTcpProxy, type TcpProxy } from '../storm/tcp-proxy.ts';
import { confirmedOn, desksCaughtUp, expectInvariants } from './fault-support.ts';
import { type RunningHub, startHub } from './hub-http-support.ts';
import { createFixture, describeHubBackends, type FixtureCoupon } from './hub-support.ts';
import {
  deskCredentials,
  localBookings,
  openTestDesk,
  outboxSize,
  type TestDesk,
  waitFor,
} from './sync-support.ts';

const repoRoot = join(import.meta.dirname, '..', '..');

/** The desk's process: requests by line, answers by id. */
class DeskProcess {
  readonly #child: ChildProcess;
  readonly #waiting = new Map<number, (result: unknown) => void>();
  readonly ready: Promise<void>;
  #next = 0;

  constructor(dataDir: string) {
    this.#child = spawn(
      join(repoRoot, 'node_modules', '.bin', 'node'),
      ['test/integration/desk-process.ts', dataDir],
      {
        cwd: repoRoot,
        stdio: ['pipe', 'pipe', 'inherit'],
      },
    );
    let opened: () => void;
    this.ready = new Promise((resolve) => {
      opened = resolve;
    });
    createInterface({ input: this.#child.stdout! }).on('line', (line) => {
      const message = JSON.parse(line) as { ready?: true; id?: number; result?: unknown };
      if (message.ready) opened();
      else this.#waiting.get(message.id!)?.(message.result);
    });
  }

  request<T>(body: Record<string, unknown>): Promise<T> {
    const id = ++this.#next;
    return new Promise<T>((resolve) => {
      this.#waiting.set(id, resolve as (result: unknown) => void);
      this.#child.stdin!.write(`${JSON.stringify({ id, ...body })}\n`);
    });
  }

  async kill(): Promise<void> {
    if (this.#child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.#child.once('exit', resolve));
    this.#child.kill('SIGKILL');
    await exited;
  }
}

describeHubBackends('a desk killed with bookings in its outbox', (ctx) => {
  let hub: RunningHub;
  let proxy: TcpProxy;
  let slotId: string;
  let coupons: FixtureCoupon[];
  let follower: ChangeLogFollower;
  const reopened: TestDesk[] = [];
  const folders: string[] = [];

  beforeAll(async () => {
    const fx = await createFixture(ctx.sql);
    slotId = await fx.slot({ date: '2030-06-20', capacity: 10 });
    coupons = await fx.coupons(6);
    hub = await startHub(ctx.sql);
    proxy = await startTcpProxy(Number(new URL(hub.baseUrl).port));
    follower = new ChangeLogFollower({
      name: 'reader',
      hubUrl: hub.baseUrl,
      token: await syncToken(ctx.sql, 'reader', hub.now),
      from: (await changeLogHead(ctx.sql)).lastSeq,
    });
  });

  afterAll(async () => {
    for (const desk of reopened) desk.close();
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
    await proxy?.close();
    await hub?.close();
  });

  /** A desk process attached through the proxy, its snapshot done. */
  async function attachedDeskProcess(): Promise<{ process: DeskProcess; dataDir: string }> {
    const dataDir = mkdtempSync(join(tmpdir(), 'killed-desk-'));
    folders.push(dataDir);
    const desk = new DeskProcess(dataDir);
    await desk.ready;
    await desk.request({ attach: { hubUrl: proxy.url, ...(await deskCredentials(ctx.sql)) } });
    await waitFor(
      'the snapshot',
      async () => (await desk.request<{ ready: boolean; state: string }>({ status: true })).ready,
      30_000,
    );
    return { process: desk, dataDir };
  }

  const call = async (desk: DeskProcess, coupon: FixtureCoupon): Promise<string> => {
    const answer = await desk.request<{
      ok: boolean;
      value: { kind: string; bookings: Array<{ bookingId: string }> };
    }>({
      call: 'createPhoneBooking',
      input: {
        couponId: coupon.id,
        first: { mutationId: crypto.randomUUID(), slotId, doseNumber: 1 },
        followUp: null,
        contactPhone: '',
        notes: '',
      },
    });
    expect(answer).toMatchObject({ ok: true, value: { kind: 'booked' } });
    return answer.value.bookings[0]!.bookingId;
  };

  const onHub = async (ids: string[]) =>
    (
      await ctx.sql.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM bookings WHERE id = ANY($1::uuid[])',
        [ids],
      )
    )[0]!.n;

  /** Opens the killed desk's folder again (the app restarted) and waits until it has pushed and pulled. */
  async function restart(dataDir: string, ids: string[]): Promise<TestDesk> {
    const desk = await openTestDesk(dataDir);
    reopened.push(desk);
    expect(outboxSize(desk), 'the outbox survived the kill').toBe(ids.length);
    await desksCaughtUp(ctx.sql, [desk]);
    return desk;
  }

  async function expectOnceAndConfirmed(desk: TestDesk, ids: string[]): Promise<void> {
    expect(await onHub(ids)).toBe(ids.length);
    expect(
      localBookings(desk, `id IN (${ids.map(() => '?').join(', ')})`, ...ids).map((b) => b.status),
    ).toEqual(ids.map(() => 'confirmed'));
    await follower.reach((await changeLogHead(ctx.sql)).lastSeq);
    await expectInvariants({
      sql: ctx.sql,
      acknowledged: confirmedOn(desk, ids),
      desks: [{ name: 'restarted desk', desk }],
      readings: [follower.reading()],
    });
  }

  it('killed between its local commit and its push: the restarted desk pushes them, once', async () => {
    const { process: desk, dataDir } = await attachedDeskProcess();
    proxy.set('cut');
    const ids = [await call(desk, coupons[0]!), await call(desk, coupons[1]!), await call(desk, coupons[2]!)];
    await desk.kill();
    expect(await onHub(ids), 'nothing reached the hub').toBe(0);
    proxy.set('pass');
    const restarted = await restart(dataDir, ids);
    await expectOnceAndConfirmed(restarted, ids);
  });

  it('killed between the hub’s commit and its reply: the replayed push is answered from what the hub stored', async () => {
    const { process: desk, dataDir } = await attachedDeskProcess();
    // Taken while the network is down, so that they leave together in one push once it is back.
    proxy.set('cut');
    const ids = [await call(desk, coupons[3]!), await call(desk, coupons[4]!), await call(desk, coupons[5]!)];
    proxy.swallowRepliesTo('POST /api/v1/sync/push');
    proxy.set('pass');
    await waitFor('the hub to commit the push', async () => (await onHub(ids)) === ids.length, 30_000);
    await desk.kill();
    proxy.swallowRepliesTo(null);
    const restarted = await restart(dataDir, ids);
    await expectOnceAndConfirmed(restarted, ids);
  });
});
