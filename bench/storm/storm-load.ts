/**
 * The load of the storm (bench/storm.bench.ts), in a process of its own so that it never shares the
 * hub's CPU thread. Argument: the path of a StormPlan (JSON); writes a StormOutcome (JSON) to
 * plan.outcomeFile.
 *
 * - Residents (`connections` at a time, test/storm/online-residents.ts): look at the slots, book one
 *   with an online seat left, another on SLOT_FULL; one request in twenty is sent twice.
 * - Desks (SimulatedDesk): each takes `callsPerDesk` calls a few tens of ms apart, pushes, pulls;
 *   when everyone is done they push what is left and pull up to the hub's horizon.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { SeededRandom } from '../../domain/demo-city/random.ts';
import type { Acknowledged, ChangeLogReading, DeskState } from '../../test/invariants/booking-invariants.ts';
import { runOnlineResidents } from '../../test/storm/online-residents.ts';
import { percentile } from '../bench-results.ts';
import { benchVenueId, birthDate, couponIdOf, ticketOf } from '../hub-booking/bench-data.ts';
import { type DeskFigures, SimulatedDesk, type StormSlot } from './simulated-desk.ts';

export interface StormPlan {
  url: string;
  seed: number;
  /** Residents 1…onlineResidents book online. */
  onlineResidents: number;
  /** Residents onlineResidents+1…+phoneResidents call only; desks also get some online residents' calls. */
  phoneResidents: number;
  connections: number;
  callsPerDesk: number;
  desks: Array<{ name: string; token: string }>;
  slots: StormSlot[];
  /** The change-log horizon when the storm began: desks pull from there. */
  cursor: number;
  outcomeFile: string;
}

export interface Latency {
  count: number;
  p50Ms: number;
  p99Ms: number;
  p999Ms: number;
}

export interface StormOutcome {
  seconds: number;
  /** POST /api/v1/public/bookings answers by `status CODE`. */
  answers: Record<string, number>;
  booking: Latency;
  slotList: Latency;
  replays: { sent: number; sameAnswer: number };
  networkErrors: number;
  desks: {
    outcomes: Record<string, number>;
    calls: number;
    noSeatSeen: number;
    push: Latency;
    pull: Latency;
  };
  acknowledged: Acknowledged[];
  deskStates: DeskState[];
  readings: ChangeLogReading[];
}

const plan = JSON.parse(readFileSync(process.argv[2] ?? '', 'utf8')) as StormPlan;

function latency(ms: number[]): Latency {
  const sorted = [...ms].sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    count: sorted.length,
    p50Ms: round(percentile(sorted, 50)),
    p99Ms: round(percentile(sorted, 99)),
    p999Ms: round(percentile(sorted, 99.9)),
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let residentsDone = false;

/** Calls a few tens of ms apart, each pushed at once; between them and after them, pulls until the residents are done. */
async function deskCalls(desk: SimulatedDesk, index: number): Promise<void> {
  const random = SeededRandom.derive(plan.seed, `desk-${index}`);
  for (let call = 0; call < plan.callsPerDesk || !residentsDone; call += 1) {
    if (call < plan.callsPerDesk) {
      // Most callers are residents who only phone; one in four also tries online.
      const resident = random.chance(0.25)
        ? random.int(1, plan.onlineResidents)
        : plan.onlineResidents + random.int(1, plan.phoneResidents);
      desk.takeCall(couponIdOf(resident));
    }
    await desk.round();
    await sleep(random.int(50, 400));
  }
}

/** Pushes what is left, then pulls until the desk's cursor reaches the hub's horizon. */
async function settle(desks: SimulatedDesk[]): Promise<void> {
  for (let round = 0; desks.some((d) => d.outboxLength > 0); round += 1) {
    if (round > 50) throw new Error('the outboxes do not empty');
    await Promise.all(desks.map((d) => d.round()));
  }
  const health = (await (await fetch(new URL('healthz', plan.url))).json()) as { lastSeq: number };
  for (let round = 0; desks.some((d) => d.cursor < health.lastSeq); round += 1) {
    if (round > 50) throw new Error('the desks do not catch up with the hub');
    await Promise.all(desks.map((d) => d.round()));
  }
}

const desks = plan.desks.map(
  (d, i) =>
    new SimulatedDesk({
      name: d.name,
      hubUrl: plan.url,
      token: d.token,
      random: SeededRandom.derive(plan.seed, `desk-slots-${i}`),
      slots: plan.slots,
      cursor: plan.cursor,
    }),
);
const began = performance.now();
const [residents] = await Promise.all([
  runOnlineResidents({
    url: plan.url,
    venueId: benchVenueId,
    residents: Array.from({ length: plan.onlineResidents }, (_, i) => ({
      ticketNumber: ticketOf(i + 1),
      birthDate,
    })),
    connections: plan.connections,
    seed: plan.seed,
    replayChance: 0.05,
  }).then((outcome) => {
    residentsDone = true;
    return outcome;
  }),
  ...desks.map((desk, i) => deskCalls(desk, i)),
]);
const seconds = (performance.now() - began) / 1000;
await settle(desks);

const deskFigures = desks.map((d) => d.figures);
const sum = (pick: (f: DeskFigures) => number) => deskFigures.reduce((n, f) => n + pick(f), 0);
const outcomes: Record<string, number> = {};
for (const f of deskFigures) {
  for (const [k, v] of Object.entries(f.outcomes)) outcomes[k] = (outcomes[k] ?? 0) + v;
}
const outcome: StormOutcome = {
  seconds: Math.round(seconds * 100) / 100,
  answers: residents.answers,
  booking: latency(residents.bookingMs),
  slotList: latency(residents.slotListMs),
  replays: residents.replays,
  networkErrors: residents.networkErrors,
  desks: {
    outcomes,
    calls: sum((f) => f.calls),
    noSeatSeen: sum((f) => f.noSeatSeen),
    push: latency(deskFigures.flatMap((f) => f.pushMs)),
    pull: latency(desks.flatMap((d) => [...d.pullMs])),
  },
  acknowledged: [...residents.acknowledged, ...desks.flatMap((d) => d.acknowledged)],
  deskStates: desks.map((d) => d.state()),
  readings: desks.map((d) => d.reading()),
};
writeFileSync(plan.outcomeFile, JSON.stringify(outcome));
