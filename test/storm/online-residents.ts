/**
 * Residents booking online at once, as the morning a booking opens: each looks at the venue's slots,
 * picks one with an online seat left and books it with a fresh Idempotency-Key per attempt; on
 * SLOT_FULL another slot, three attempts at most. A request that gets no answer (a hub killed, a
 * network gone) is sent again with the same key, as the resident page does, until `patienceMs` has
 * passed; so is one answered with a 5xx (the hub lost its database mid-request; the page would start a
 * new attempt, but the same key also proves that a booking whose COMMIT went through unanswered is
 * answered from what the hub stored). Some requests are sent twice on purpose (`replayChance`), and
 * the second answer must be the first. Used by the storm bench and the fault tests; seeded, so a run
 * can be repeated.
 */
import { SeededRandom } from '../../domain/demo-city/random.ts';
import type { Acknowledged } from '../invariants/booking-invariants.ts';

export interface ResidentsPlan {
  /** The hub's address (with or without the trailing slash). */
  url: string;
  venueId: string;
  residents: ReadonlyArray<{ ticketNumber: string; birthDate: string }>;
  connections: number;
  seed: number;
  /** How long a resident keeps retrying a request that got no answer (0: never). */
  patienceMs?: number;
  replayChance?: number;
}

export interface ResidentsOutcome {
  /** POST /api/v1/public/bookings answers by `status CODE`, replays included. */
  answers: Record<string, number>;
  bookingMs: number[];
  slotListMs: number[];
  acknowledged: Acknowledged[];
  replays: { sent: number; sameAnswer: number };
  /** Requests that got no answer or a 5xx (each retry counted). */
  networkErrors: number;
  /** Seconds from the start to the last booking made (201). */
  lastBookingSeconds: number;
}

interface Answer {
  status: number;
  code: string;
  text: string;
  bookingId: string | null;
}

/** A request unanswered this long counts as lost (and is sent again while patience lasts). */
const requestTimeoutMs = 15_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runOnlineResidents(plan: ResidentsPlan): Promise<ResidentsOutcome> {
  const base = plan.url.replace(/\/$/, '');
  const patienceMs = plan.patienceMs ?? 0;
  const outcome: ResidentsOutcome = {
    answers: {},
    bookingMs: [],
    slotListMs: [],
    acknowledged: [],
    replays: { sent: 0, sameAnswer: 0 },
    networkErrors: 0,
    lastBookingSeconds: 0,
  };
  const began = performance.now();

  /** One request, retried with the same key while it gets no answer and patience lasts. */
  const patiently = async <T>(send: () => Promise<T>): Promise<T | null> => {
    const giveUpAt = performance.now() + patienceMs;
    for (;;) {
      try {
        return await send();
      } catch {
        outcome.networkErrors += 1;
        if (performance.now() >= giveUpAt) return null;
        await sleep(100);
      }
    }
  };

  const book = (body: unknown, key: string) =>
    patiently(async (): Promise<Answer> => {
      const sent = performance.now();
      const response = await fetch(`${base}/api/v1/public/bookings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(requestTimeoutMs),
      });
      const text = await response.text();
      outcome.bookingMs.push(performance.now() - sent);
      let parsed: { bookings?: Array<{ id: string }>; error?: { code: string } } = {};
      try {
        parsed = JSON.parse(text);
      } catch {}
      const code = parsed.error?.code ?? '';
      const label = `${response.status}${code ? ` ${code}` : ''}`;
      outcome.answers[label] = (outcome.answers[label] ?? 0) + 1;
      // The hub could not answer now (its database away): sent again with the same key, like no answer.
      if (response.status >= 500) throw new Error(`the hub answered ${response.status}`);
      return { status: response.status, code, text, bookingId: parsed.bookings?.[0]?.id ?? null };
    });

  const resident = async (who: ResidentsPlan['residents'][number], n: number, random: SeededRandom) => {
    const listed = await patiently(async () => {
      const sent = performance.now();
      const response = await fetch(
        `${base}/api/v1/public/slots?venueId=${encodeURIComponent(plan.venueId)}`,
        {
          signal: AbortSignal.timeout(requestTimeoutMs),
        },
      );
      if (!response.ok) throw new Error(`slots answered ${response.status}`);
      const body = (await response.json()) as { slots: Array<{ id: string; remaining: number }> };
      outcome.slotListMs.push(performance.now() - sent);
      return body.slots;
    });
    const candidates = (listed ?? []).filter((s) => s.remaining > 0).map((s) => s.id);
    for (let attempt = 0; attempt < 3 && candidates.length > 0; attempt += 1) {
      const slotId = candidates.splice(random.int(0, candidates.length - 1), 1)[0]!;
      const body = { ticketNumber: who.ticketNumber, birthDate: who.birthDate, slotId };
      const key = `residents-${plan.seed}-${n}-${attempt}`;
      const answer = await book(body, key);
      if (answer === null) return;
      if (random.chance(plan.replayChance ?? 0)) {
        outcome.replays.sent += 1;
        const again = await book(body, key);
        if (again?.status === answer.status && again.text === answer.text) outcome.replays.sameAnswer += 1;
      }
      if (answer.status === 201 && answer.bookingId) {
        outcome.acknowledged.push({ bookingId: answer.bookingId, by: 'online 201' });
        outcome.lastBookingSeconds = (performance.now() - began) / 1000;
        return;
      }
      if (answer.code !== 'SLOT_FULL') return;
    }
  };

  const order = SeededRandom.derive(plan.seed, 'residents').shuffle(plan.residents.map((_, i) => i));
  let next = 0;
  const worker = async (w: number) => {
    const random = SeededRandom.derive(plan.seed, `resident-worker-${w}`);
    while (next < order.length) {
      const n = order[next++]!;
      await resident(plan.residents[n]!, n, random);
    }
  };
  await Promise.all(Array.from({ length: plan.connections }, (_, w) => worker(w)));
  return outcome;
}
