import { expect, it } from 'vitest';
import { generateDemoCity } from '../../domain/demo-city/generate-demo-city.ts';
import { seedDemo } from '../../server/demo/seed-demo.ts';
import { changeLogHead } from '../../server/store/change-log.ts';
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

    const again = await seedDemo(ctx.sql, { seed: 3, now: fixtureNow, couponCount: 400 });
    expect(again.seeded).toBe(false);
    expect((await changeLogHead(ctx.sql)).lastSeq).toBe(lastSeq);
  });
});
