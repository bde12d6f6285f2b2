/**
 * The load generator of bench/hub-booking.bench.ts, in a process of its own so that it does not share
 * the hub's CPU thread: autocannon against a hub over HTTP. Argument: the JSON of LoadPlan. Prints
 * one JSON line, LoadFigures.
 */
import autocannon from 'autocannon';
import { bookingBody } from './bench-data.ts';

export interface LoadPlan {
  url: string;
  connections: number;
  /** 'book': POST /api/v1/public/bookings, request i books resident `first + i`; 'health': GET /healthz. */
  kind: 'book' | 'health';
  amount: number;
  first: number;
  keyPrefix: string;
}

export interface LoadFigures {
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  p999Ms: number;
  seconds: number;
  statuses: Record<string, number>;
  errors: number;
  /** CPU seconds this load generator used for the run. */
  cpuSeconds: number;
}

async function run(plan: LoadPlan): Promise<LoadFigures> {
  let next = 0;
  const options: autocannon.Options =
    plan.kind === 'health'
      ? { url: `${plan.url}/healthz`, connections: plan.connections, amount: plan.amount }
      : {
          url: plan.url,
          connections: plan.connections,
          amount: plan.amount,
          requests: [
            {
              method: 'POST',
              path: '/api/v1/public/bookings',
              setupRequest: (request) => {
                const i = plan.first + next++;
                return {
                  ...request,
                  headers: {
                    'content-type': 'application/json',
                    'idempotency-key': `${plan.keyPrefix}-${i}`,
                  },
                  body: JSON.stringify(bookingBody(i)),
                };
              },
            },
          ],
        };
  // autocannon ends a run at its next one-second sample, so its own duration rounds up: time the
  // run from the start to the last answer instead.
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  let lastAnswer = started;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(options, (error, done) => (error ? reject(error) : resolve(done)));
    instance.on('response', () => {
      lastAnswer = performance.now();
    });
  });
  const seconds = (lastAnswer - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const statuses: Record<string, number> = {};
  for (const [code, stats] of Object.entries(result.statusCodeStats ?? {})) {
    statuses[code] = (stats as { count: number }).count;
  }
  return {
    // Answers over the time they took (autocannon's per-second histogram is coarse for short runs).
    perSecond: Math.round((result['2xx'] + result.non2xx) / seconds),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    p999Ms: result.latency.p99_9,
    seconds: Math.round(seconds * 100) / 100,
    statuses,
    errors: result.errors + result.timeouts,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
  };
}

const plan = JSON.parse(process.argv[2] ?? '') as LoadPlan;
process.stdout.write(`${JSON.stringify(await run(plan))}\n`);
