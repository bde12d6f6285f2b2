/**
 * A figure between the two of bench/hub-booking.bench.ts: the hub's online booking without HTTP.
 * createOnlineBooking() (its rules, its two statements) called straight from this process by
 * `clients` concurrent loops, each booking other residents: what is left when HTTP, Fastify and the
 * load generator no longer share the cores with the database.
 */
import { createBookingBodySchema } from '../../domain/hub-api/public-api.ts';
import { createOnlineBooking } from '../../server/booking/online-booking.ts';
import { defaultLockoutPolicy, sourceKeyOf } from '../../server/booking/resident-verification.ts';
import type { HubSql } from '../../server/store/hub-sql.ts';
import { percentile } from '../bench-results.ts';
import { bookingBody } from './bench-data.ts';

export interface InProcessFigures {
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  booked: number;
}

/** Books residents first+1 … first+amount. */
export async function runInProcessBookings(
  sql: HubSql,
  clients: number,
  first: number,
  amount: number,
): Promise<InProcessFigures> {
  const deps = { sql, clock: () => new Date(), lockout: defaultLockoutPolicy };
  const latencies: number[] = [];
  let next = 0;
  let booked = 0;
  const client = async () => {
    while (next < amount) {
      const i = first + next++;
      const begun = performance.now();
      const answer = await createOnlineBooking(
        deps,
        createBookingBodySchema.parse(bookingBody(i)),
        `in-process-${i}`,
        sourceKeyOf('127.0.0.1'),
      );
      latencies.push(performance.now() - begun);
      if (answer.status === 201) booked += 1;
    }
  };
  const begun = performance.now();
  await Promise.all(Array.from({ length: clients }, client));
  const seconds = (performance.now() - begun) / 1000;
  latencies.sort((a, b) => a - b);
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return {
    perSecond: Math.round(latencies.length / seconds),
    p50Ms: round(percentile(latencies, 50)),
    p99Ms: round(percentile(latencies, 99)),
    booked,
  };
}
