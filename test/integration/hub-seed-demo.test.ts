import { expect, it } from 'vitest';
import { parseHubRow } from '../../db/queries/hub-rows.ts';
import { generateDemoCity } from '../../domain/demo-city/generate-demo-city.ts';
import { seedDemo } from '../../server/demo/seed-demo.ts';
import { changeLogHead, readChanges } from '../../server/store/change-log.ts';
import { snapshotPage } from '../../server/sync/snapshot.ts';
import { describeHubBackends, fixtureNow } from './hub-support.ts';

describeHubBackends('demo city on the hub', (ctx) => {
  it('writes the same city the desktop generates, with seat counters that match the bookings', async () => {
    const result = await seedDemo(ctx.sql, { seed: 3, now: fixtureNow, couponCount: 400 });
    const city = generateDemoCity({ seed: 3, today: '2030-06-01', couponCount: 400 });
    expect(result.seeded).toBe(true);
    expect(result.municipalityCode).toBe(city.municipality.code);

    const count = async (table: string) =>
      (await ctx.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]!.n;
    expect(await count('venues')).toBe(city.venues.length);
    expect(await count('slots')).toBe(city.slots.length);
    expect(await count('coupons')).toBe(city.coupons.length);
    expect(await count('bookings')).toBe(city.bookings.filter((b) => b.status !== 'rejected').length);
    const [mismatch] = await ctx.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM slots s
       WHERE s.booked_online + s.booked_phone + s.booked_walk_in <> (
         SELECT count(*) FROM bookings b
         WHERE b.slot_id = s.id AND b.status IN ('confirmed', 'checked_in', 'vaccinated', 'no_show'))`,
    );
    expect(mismatch!.n).toBe(0);
    const { lastSeq } = await changeLogHead(ctx.sql);
    expect(lastSeq).toBeGreaterThan(city.coupons.length + city.slots.length);

    // Every row a desktop receives of the demo city reads as its entity's record.
    const unreadable: unknown[] = [];
    let cursor: string | null = null;
    do {
      const page = await snapshotPage(ctx.sql, {
        municipalityCode: null,
        ...(cursor ? { cursor } : {}),
        limit: 5000,
        now: fixtureNow,
      });
      for (const row of page.rows) {
        const parsed = parseHubRow({ ...row, op: 'upsert' });
        if (!parsed.ok) unreadable.push({ entity: row.entity, id: row.id, fields: parsed.fields });
      }
      cursor = page.next;
    } while (cursor !== null);
    for (const change of await readChanges(ctx.sql, { since: 0, limit: 100_000 })) {
      const parsed = parseHubRow({
        entity: change.entity,
        id: change.entityId,
        op: change.op,
        payload: change.payload,
      });
      if (!parsed.ok) unreadable.push({ entity: change.entity, id: change.entityId, fields: parsed.fields });
    }
    expect(unreadable).toEqual([]);

    const again = await seedDemo(ctx.sql, { seed: 3, now: fixtureNow, couponCount: 400 });
    expect(again.seeded).toBe(false);
    expect((await changeLogHead(ctx.sql)).lastSeq).toBe(lastSeq);
  });
});
