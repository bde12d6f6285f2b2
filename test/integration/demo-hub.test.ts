import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { addDays, todayIn } from '../../domain/calendar.ts';
import type { LoginResponse, Mutation, MutationResult } from '../../domain/hub-api/sync-api.ts';
import { type DemoHub, demoHubFreshDays, startDemoHub } from '../../electron/node/demo-hub.ts';

// The demo hub keeps its store between starts, but its slots only run 28 days from the seed day.
describe('demo hub store', () => {
  const root = mkdtempSync(join(tmpdir(), 'demo-hub-'));
  const dir = join(root, 'demo-hub');
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const start = (now: Date, at = dir) =>
    startDemoHub({ dir: at, seed: 3, simulate: false, couponCount: 200, now: () => now });
  const marker = () => JSON.parse(readFileSync(`${dir}.json`, 'utf8')) as { instanceId: string };
  const lastSlotDay = async (hub: Awaited<ReturnType<typeof start>>) =>
    (await hub.sql.query<{ d: string }>('SELECT max(date)::text AS d FROM slots'))[0]!.d;

  it('is kept while fresh and seeded afresh once it has run out of days', async () => {
    const seededOn = new Date('2031-03-03T01:00:00Z');
    const first = await start(seededOn);
    const instance = marker().instanceId;
    const firstLast = await lastSlotDay(first);
    await first.close();

    const nextWeek = new Date(seededOn.getTime() + (demoHubFreshDays - 1) * 86_400_000);
    const kept = await start(nextWeek);
    expect(marker().instanceId).toBe(instance);
    expect(await lastSlotDay(kept)).toBe(firstLast);
    await kept.close();

    const later = new Date(seededOn.getTime() + demoHubFreshDays * 86_400_000);
    const fresh = await start(later);
    expect(marker().instanceId).not.toBe(instance);
    expect(fresh.connection.origin).toBe(`demo-hub:${marker().instanceId}`);
    expect(await lastSlotDay(fresh)).toBe(addDays(firstLast, demoHubFreshDays));
    expect(todayIn('Asia/Tokyo', later) <= (await lastSlotDay(fresh))).toBe(true);
    await fresh.close();
  }, 120_000);

  const signIn = (hub: DemoHub, deviceSecret: string) =>
    fetch(new URL('api/v1/sync/login', hub.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-protocol': '1' },
      body: JSON.stringify({
        deviceId: hub.connection.deviceId,
        deviceSecret,
        login: hub.connection.staffLogin,
        password: hub.connection.password,
      }),
    });
  const push = async (hub: DemoHub, mutation: Mutation): Promise<MutationResult> => {
    const login = await signIn(hub, hub.connection.deviceSecret);
    expect(login.status).toBe(200);
    const { token } = (await login.json()) as LoginResponse;
    const answer = await fetch(new URL('api/v1/sync/push', hub.url), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-hub-protocol': '1',
        authorization: `Bearer ${token}`,
      },
      body: JSON.stringify({ mutations: [mutation] }),
    });
    expect(answer.status).toBe(200);
    return ((await answer.json()) as { results: MutationResult[] }).results[0]!;
  };

  it('is the same desktop after a restart, so a push the desktop replays gets its first answer', async () => {
    const at = join(root, 'restarted-hub');
    const seededOn = new Date('2031-03-03T01:00:00Z');
    const first = await start(seededOn, at);
    const [booking] = await first.sql.query<{ id: string }>(
      `SELECT b.id FROM bookings b JOIN slots s ON s.id = b.slot_id
        WHERE b.status = 'confirmed' ORDER BY s.date DESC, b.id LIMIT 1`,
    );
    const cancel: Mutation = {
      mutationId: randomUUID(),
      kind: 'cancel',
      payload: { bookingId: booking!.id },
    };
    const answer = await push(first, cancel);
    expect(answer.status).toBe('ok');
    await first.close();

    // The answer was lost on the way (the app closed): the desktop sends the mutation again.
    const again = await start(seededOn, at);
    expect(again.connection.deviceId).toBe(first.connection.deviceId);
    expect(await push(again, cancel)).toEqual(answer);
    // A new secret each start, living only in that process: the last one no longer signs in.
    expect(again.connection.deviceSecret).not.toBe(first.connection.deviceSecret);
    expect((await signIn(again, first.connection.deviceSecret)).status).toBe(401);
    await again.close();
  }, 120_000);

  it('answers only for loopback names and its own origin (DNS rebinding)', async () => {
    const hub = await start(new Date('2031-03-03T01:00:00Z'), join(root, 'rebinding-hub'));
    const { port } = new URL(hub.url);
    const statusOf = (headers: Record<string, string>) =>
      new Promise<number>((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port, path: '/', headers }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end();
      });
    try {
      expect(await statusOf({ host: `127.0.0.1:${port}` })).toBe(200);
      expect(await statusOf({ host: `localhost:${port}` })).toBe(200);
      expect(await statusOf({ host: `rebound.example:${port}` })).toBe(403);
      expect(await statusOf({ host: `127.0.0.1:${port}`, origin: 'http://rebound.example' })).toBe(403);
    } finally {
      await hub.close();
    }
  }, 120_000);
});
