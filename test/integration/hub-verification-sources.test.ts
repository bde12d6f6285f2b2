/**
 * Wrong birth dates counted per ticket and per source (server/booking/resident-verification.ts), with
 * the hub behind a trusted proxy so that each test names its sources in X-Forwarded-For: a stranger's
 * guesses never lock a resident out, a ticket under attack is slowed for the sources that guess, and
 * a source over its limit is refused for every ticket. Both backends, over HTTP.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { defaultLockoutPolicy } from '../../server/booking/resident-verification.ts';
import { type RunningHub, startHub } from './hub-http-support.ts';
import {
  createFixture,
  describeHubBackends,
  type Fixture,
  fixtureNow,
  nextTicketNumber,
} from './hub-support.ts';

const lookupPath = '/api/v1/public/bookings/lookup';
let addresses = 0;
/** A client address no other test uses. */
const freshAddress = () => {
  addresses += 1;
  return `198.51.${Math.floor(addresses / 250)}.${(addresses % 250) + 1}`;
};

describeHubBackends('birth-date guesses by source', (ctx) => {
  let hub: RunningHub;
  let fx: Fixture;

  beforeAll(async () => {
    fx = await createFixture(ctx.sql);
    hub = await startHub(ctx.sql, { lockout: defaultLockoutPolicy, app: { trustProxy: ['127.0.0.1'] } });
  });
  afterAll(async () => {
    await hub?.close();
  });

  const lookup = (from: string, ticketNumber: string, birthDate: string) =>
    hub.request('POST', lookupPath, {
      body: { ticketNumber, birthDate },
      headers: { 'x-forwarded-for': from },
    });

  it('serves every resident answering from home after a stranger sent 250 wrong dates for their 50 tickets', async () => {
    const residents = await fx.coupons(50);
    const stranger = freshAddress();
    const statuses: number[] = [];
    for (const resident of residents) {
      for (let i = 0; i < 5; i++)
        statuses.push((await lookup(stranger, resident.ticketNumber, `1960-01-0${i + 1}`)).status);
    }
    // The stranger's own answers: 20 wrong dates looked at, then refused for every ticket.
    expect(statuses.filter((s) => s === 401)).toHaveLength(defaultLockoutPolicy.sourceMaxFailures!);
    expect(statuses.filter((s) => s === 423)).toHaveLength(250 - defaultLockoutPolicy.sourceMaxFailures!);
    const served = await Promise.all(
      residents.map((r) => lookup(freshAddress(), r.ticketNumber, r.birthDate)),
    );
    expect(served.map((a) => a.status)).toEqual(residents.map(() => 200));
    // Even a correct date is not looked at for the stranger now.
    expect((await lookup(stranger, residents[0]!.ticketNumber, residents[0]!.birthDate)).status).toBe(423);
  });

  it('slows a ticket guessed from many addresses for those addresses, and still serves its resident', async () => {
    const resident = await fx.coupon();
    const guessers = Array.from({ length: 8 }, freshAddress);
    for (const [i, guesser] of guessers.entries()) {
      // Each fresh address has its wrong date looked at (and counted).
      expect((await lookup(guesser, resident.ticketNumber, `1961-02-0${i + 1}`)).status).toBe(401);
    }
    const again = await lookup(guessers[0]!, resident.ticketNumber, '1961-03-01');
    expect(again.status).toBe(423);
    // Slowed 30 s at the 5th wrong date, doubling: 8 wrong dates → 240 s.
    expect(Number(again.headers.get('retry-after'))).toBe(240);
    expect((await lookup(freshAddress(), resident.ticketNumber, resident.birthDate)).status).toBe(200);
    // The correct date cleared the ticket's count: the guessers start again from nothing on it.
    expect((await lookup(guessers[1]!, resident.ticketNumber, '1961-03-02')).status).toBe(401);
  });

  it('refuses an address over its limit for every ticket until 30 minutes after its first wrong date', async () => {
    const guesser = freshAddress();
    for (let i = 0; i < defaultLockoutPolicy.sourceMaxFailures!; i++) {
      expect((await lookup(guesser, nextTicketNumber(), '1962-01-01')).status).toBe(401);
    }
    const resident = await fx.coupon();
    const refused = await lookup(guesser, resident.ticketNumber, resident.birthDate);
    expect(refused.status).toBe(423);
    expect(Number(refused.headers.get('retry-after'))).toBe(30 * 60);
    // Its refused attempts did not count against the ticket: its resident is not slowed at all.
    const [row] = await ctx.sql.query('SELECT 1 FROM verification_failures WHERE ticket_number = $1', [
      resident.ticketNumber,
    ]);
    expect(row).toBeUndefined();
    try {
      hub.now = new Date(fixtureNow.getTime() + 30 * 60_000 + 1000);
      expect((await lookup(guesser, resident.ticketNumber, resident.birthDate)).status).toBe(200);
    } finally {
      hub.now = fixtureNow;
    }
  });

  it('takes the client address from the right-most hop the trusted proxy added, not what the client wrote', async () => {
    const real = freshAddress();
    for (let i = 0; i < defaultLockoutPolicy.sourceMaxFailures!; i++) {
      const forged = `203.0.113.${i + 1}, ${real}`;
      expect((await lookup(forged, nextTicketNumber(), '1963-01-01')).status).toBe(401);
    }
    expect((await lookup(`192.0.2.99, ${real}`, nextTicketNumber(), '1963-01-01')).status).toBe(423);
  });
});
