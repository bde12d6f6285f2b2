/**
 * The load of the storm (bench/storm.bench.ts), in a process of its own so that it never shares the
 * hub's CPU thread. Argument: the path of a StormPlan (JSON); writes a StormOutcome (JSON) to
 * plan.outcomeFile.
 *
 * - Residents (`connections` at a time): each looks at the venue's slots, picks one with an online
 *   seat left and books it (a fresh Idempotency-Key per attempt; one in twenty sends the same request
 *   twice, as a retried network call would, and must get the same answer); on SLOT_FULL another slot,
 *   three attempts at most.
 * - Desks (SimulatedDesk): each takes `callsPerDesk` calls a few tens of ms apart, pushes, pulls;
 *   when everyone is done they push what is left and pull up to the hub's horizon.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { SeededRandom } from '../../domain/demo-city/random.ts';
import type { Acknowledged, ChangeLogReading, DeskState } from '../../test/invariants/booking-invariants.ts';
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
const base = plan.url.replace(/\/$/, '');

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

const answers: Record<string, number> = {};
const bookingMs: number[] = [];
const slotListMs: number[] = [];
const acknowledged: Acknowledged[] = [];
const replays = { sent: 0, sameAnswer: 0 };
let networkErrors = 0;

async function bookOnce(
  body: unknown,
  key: string,
): Promise<{ status: number; code: string; text: string; id?: string } | null> {
  const began = performance.now();
  try {
    const response = await fetch(`${base}/api/v1/public/bookings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    bookingMs.push(performance.now() - began);
    const parsed = JSON.parse(text) as { bookings?: Array<{ id: string }>; error?: { code: string } };
    const code = parsed.error?.code ?? '';
    answers[`${response.status}${code ? ` ${code}` : ''}`] =
      (answers[`${response.status}${code ? ` ${code}` : ''}`] ?? 0) + 1;
    return {
      status: response.status,
      code,
      text,
      ...(parsed.bookings ? { id: parsed.bookings[0]!.id } : {}),
    };
  } catch {
    networkErrors += 1;
    return null;
  }
}

async function resident(n: number, random: SeededRandom): Promise<void> {
  const began = performance.now();
  const listed = await fetch(`${base}/api/v1/public/slots?venueId=${benchVenueId}`);
  const { slots } = (await listed.json()) as { slots: Array<{ id: string; remaining: number }> };
  slotListMs.push(performance.now() - began);
  const candidates = slots.filter((s) => s.remaining > 0).map((s) => s.id);
  for (let attempt = 0; attempt < 3 && candidates.length > 0; attempt += 1) {
    const slotId = candidates.splice(random.int(0, candidates.length - 1), 1)[0]!;
    const body = { ticketNumber: ticketOf(n), birthDate, slotId };
    const key = `storm-${plan.seed}-${n}-${attempt}`;
    let answer = await bookOnce(body, key);
    for (let retry = 0; answer === null && retry < 3; retry += 1) answer = await bookOnce(body, key);
    if (answer === null) return;
    if (random.chance(0.05)) {
      replays.sent += 1;
      const again = await bookOnce(body, key);
      if (again?.status === answer.status && again.text === answer.text) replays.sameAnswer += 1;
    }
    if (answer.status === 201) {
      acknowledged.push({ bookingId: answer.id!, by: 'online 201' });
      return;
    }
    if (answer.code !== 'SLOT_FULL') return;
  }
}

async function residents(): Promise<void> {
  const random = SeededRandom.derive(plan.seed, 'residents');
  const order = random.shuffle(Array.from({ length: plan.onlineResidents }, (_, i) => i + 1));
  let next = 0;
  const worker = async (w: number) => {
    const own = SeededRandom.derive(plan.seed, `resident-worker-${w}`);
    while (next < order.length) await resident(order[next++]!, own);
  };
  await Promise.all(Array.from({ length: plan.connections }, (_, w) => worker(w)));
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
  const health = (await (await fetch(`${base}/healthz`)).json()) as { lastSeq: number };
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
await Promise.all([
  residents().then(() => {
    residentsDone = true;
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
  answers,
  booking: latency(bookingMs),
  slotList: latency(slotListMs),
  replays,
  networkErrors,
  desks: {
    outcomes,
    calls: sum((f) => f.calls),
    noSeatSeen: sum((f) => f.noSeatSeen),
    push: latency(deskFigures.flatMap((f) => f.pushMs)),
    pull: latency(deskFigures.flatMap((f) => f.pullMs)),
  },
  acknowledged: [...acknowledged, ...desks.flatMap((d) => d.acknowledged)],
  deskStates: desks.map((d) => d.state()),
  readings: desks.map((d) => d.reading()),
};
writeFileSync(plan.outcomeFile, JSON.stringify(outcome));
