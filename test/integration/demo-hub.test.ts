import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { addDays, todayIn } from '../../domain/calendar.ts';
import { demoHubFreshDays, startDemoHub } from '../../electron/node/demo-hub.ts';

// The demo hub keeps its store between starts, but its slots only run 28 days from the seed day.
describe('demo hub store', () => {
  const root = mkdtempSync(join(tmpdir(), 'demo-hub-'));
  const dir = join(root, 'demo-hub');
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const start = (now: Date) =>
    startDemoHub({ dir, seed: 3, simulate: false, couponCount: 200, now: () => now });
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
});
