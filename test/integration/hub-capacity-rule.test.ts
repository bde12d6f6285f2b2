/**
 * The hub's conditional UPDATE decides with seatsRemainingSql(); the UI and the desktop count with
 * domain seatsRemaining(). They must agree on every slot state.
 */
import { expect, it } from 'vitest';
import {
  type CapacityChannel,
  type SlotOccupancy,
  seatsRemaining,
} from '../../domain/booking-rules/capacity.ts';
import { SeededRandom } from '../../domain/demo-city/random.ts';
import { seatsRemainingSql } from '../../server/booking/seat-counters.ts';
import { describeHubBackends } from './hub-support.ts';

function randomSlots(n: number): SlotOccupancy[] {
  const random = new SeededRandom(7);
  return Array.from({ length: n }, () => {
    const capacity = random.int(0, 12);
    const callCenterReserve = random.int(0, capacity);
    let free = capacity;
    const take = () => {
      const k = random.int(0, free);
      free -= k;
      return k;
    };
    return {
      date: `2030-06-${String(random.int(1, 28)).padStart(2, '0')}`,
      startTime: `${String(random.int(0, 23)).padStart(2, '0')}:${random.chance(0.5) ? '00' : '30'}`,
      capacity,
      callCenterReserve,
      reserveReleaseDays: random.int(0, 5),
      // Half the slots open their reserve some hours before the start instead.
      reserveReleaseHours: random.chance(0.5) ? random.int(0, 240) : null,
      bookedPhone: take(),
      held: take(),
      bookedOnline: take(),
      bookedWalkIn: take(),
    };
  });
}

describeHubBackends('capacity rule in SQL', (ctx) => {
  it('gives the same remaining seats as the domain rule for every channel, at moments around the releases', async () => {
    const slots = randomSlots(400);
    for (const at of [
      { date: '2030-06-10', time: '00:00' },
      { date: '2030-06-10', time: '13:30' },
      { date: '2030-06-17', time: '23:59' },
    ]) {
      for (const channel of ['online', 'phone', 'walk_in'] as CapacityChannel[]) {
        const rows = await ctx.sql.query<{ remaining: number }>(
          `SELECT ${seatsRemainingSql(channel, '$9', '$12')} AS remaining, $9::date AS today, $12::timestamp AS japan_now
           FROM unnest($1::date[], $2::int[], $3::int[], $4::int[], $5::int[], $6::int[], $7::int[], $8::int[],
                       $10::text[], $11::int[])
             WITH ORDINALITY AS t (date, capacity, call_center_reserve, reserve_release_days, booked_online,
                                   booked_phone, booked_walk_in, held, start_time, reserve_release_hours, ord)
           ORDER BY ord`,
          [
            slots.map((s) => s.date),
            slots.map((s) => s.capacity),
            slots.map((s) => s.callCenterReserve),
            slots.map((s) => s.reserveReleaseDays),
            slots.map((s) => s.bookedOnline),
            slots.map((s) => s.bookedPhone),
            slots.map((s) => s.bookedWalkIn),
            slots.map((s) => s.held),
            at.date,
            slots.map((s) => s.startTime),
            slots.map((s) => s.reserveReleaseHours),
            `${at.date} ${at.time}`,
          ],
        );
        expect(rows.map((r) => r.remaining)).toEqual(slots.map((s) => seatsRemaining(s, channel, at)));
      }
    }
  });
});
