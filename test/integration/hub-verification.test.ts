import { afterAll, beforeAll, expect, it } from 'vitest';
import type { BookingsResponse } from '../../domain/hub-api/public-api.ts';
import {
  defaultLockoutPolicy,
  sourceKeyOf,
  verifyResidentIn,
} from '../../server/booking/resident-verification.ts';
import { type RunningHub, startHub } from './hub-http-support.ts';
import {
  createFixture,
  describeHubBackends,
  type Fixture,
  fixtureNow,
  lockoutWritesOf,
  nextTicketNumber,
} from './hub-support.ts';

const lookupPath = '/api/v1/public/bookings/lookup';

describeHubBackends('resident verification', (ctx) => {
  let hub: RunningHub;
  let fx: Fixture;

  beforeAll(async () => {
    fx = await createFixture(ctx.sql);
    hub = await startHub(ctx.sql);
  });
  afterAll(async () => {
    await hub?.close();
  });

  const lookup = (ticketNumber: string, birthDate: string) =>
    hub.request<BookingsResponse>('POST', lookupPath, { body: { ticketNumber, birthDate } });

  it('gives the same NOT_VERIFIED answer for an unknown ticket and for a wrong birth date', async () => {
    const coupon = await fx.coupon();
    const wrongDate = await lookup(coupon.ticketNumber, '1950-01-01');
    const unknown = await lookup(nextTicketNumber(), '1950-01-01');
    expect(wrongDate.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrongDate.body).toEqual(unknown.body);
    expect(wrongDate.body.error?.code).toBe('NOT_VERIFIED');
    expect(JSON.stringify(wrongDate.body)).not.toContain(coupon.ticketNumber);
  });

  it('slows a ticket after 5 wrong birth dates for the source that guessed: 30 s, then twice as long each time', async () => {
    const coupon = await fx.coupon();
    for (let i = 0; i < 5; i++)
      expect((await lookup(coupon.ticketNumber, `1950-01-0${i + 1}`)).status).toBe(401);
    const locked = await lookup(coupon.ticketNumber, coupon.birthDate);
    expect(locked.status).toBe(423);
    expect(locked.body.error?.code).toBe('LOCKED');
    expect(Number(locked.headers.get('retry-after'))).toBe(30);
    try {
      hub.now = new Date(fixtureNow.getTime() + 31_000);
      expect((await lookup(coupon.ticketNumber, '1950-01-09')).status).toBe(401);
      const longer = await lookup(coupon.ticketNumber, coupon.birthDate);
      expect(longer.status).toBe(423);
      expect(Number(longer.headers.get('retry-after'))).toBe(60);
      hub.now = new Date(fixtureNow.getTime() + 92_000);
      expect((await lookup(coupon.ticketNumber, coupon.birthDate)).status).toBe(200);
    } finally {
      hub.now = fixtureNow;
    }
  });

  it('slows unknown tickets the same way, so the answer tells nothing about existence', async () => {
    const ticket = nextTicketNumber();
    for (let i = 0; i < 5; i++) await lookup(ticket, '1950-02-01');
    expect((await lookup(ticket, '1950-02-01')).status).toBe(423);
  });

  it('counts a burst of parallel guesses one by one', async () => {
    const coupon = await fx.coupon();
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        lookup(coupon.ticketNumber, `1951-01-${String(i + 1).padStart(2, '0')}`),
      ),
    );
    expect(answers.filter((a) => a.status === 401)).toHaveLength(5);
    expect(answers.filter((a) => a.status === 423)).toHaveLength(15);
  });

  it('resets the count after a correct date', async () => {
    const coupon = await fx.coupon();
    for (let i = 0; i < 4; i++) await lookup(coupon.ticketNumber, '1950-03-01');
    expect((await lookup(coupon.ticketNumber, coupon.birthDate)).status).toBe(200);
    for (let i = 0; i < 4; i++) await lookup(coupon.ticketNumber, '1950-03-01');
    expect((await lookup(coupon.ticketNumber, coupon.birthDate)).status).toBe(200);
  });

  it('writes nothing to the lockout table for a correct date when there is no count to clear', async () => {
    const coupon = await fx.coupon();
    const proof = {
      ticket: { ticketNumber: coupon.ticketNumber, municipalityCode: null },
      birthDate: coupon.birthDate,
    };
    const { result, writes } = await ctx.sql.transaction((tx) =>
      lockoutWritesOf(tx, () =>
        verifyResidentIn(
          tx,
          { ...proof, municipalityCode: null, source: sourceKeyOf('192.0.2.1') },
          defaultLockoutPolicy,
          fixtureNow,
        ),
      ),
    );
    expect(result.ok).toBe(true);
    expect(writes).toEqual({ inserted: 0, updated: 0, deleted: 0 });
  });

  it('honours a configured policy', async () => {
    const strict = await startHub(ctx.sql, {
      lockout: { maxFailures: 2, lockMinutes: 5, slowSeconds: 300, sourceMaxFailures: 100 },
    });
    try {
      const coupon = await fx.coupon();
      const body = { ticketNumber: coupon.ticketNumber, birthDate: '1950-04-01' };
      await strict.request('POST', lookupPath, { body });
      await strict.request('POST', lookupPath, { body });
      const locked = await strict.request('POST', lookupPath, {
        body: { ...body, birthDate: coupon.birthDate },
      });
      expect(locked.status).toBe(423);
      expect(locked.headers.get('retry-after')).toBe('300');
    } finally {
      await strict.close();
    }
  });
});

describeHubBackends('rate limits', (ctx) => {
  let fx: Fixture;
  beforeAll(async () => {
    fx = await createFixture(ctx.sql);
  });

  it('limits requests per client address with 429 and Retry-After', async () => {
    const hub = await startHub(ctx.sql, {
      rateLimits: {
        perAddress: { limit: 3, windowSeconds: 60 },
        perTicket: { limit: 100, windowSeconds: 60 },
      },
    });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await hub.request('GET', '/api/v1/public/venues')).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      const limited = await hub.request('GET', `/api/v1/public/venues`);
      expect(limited.body.error?.code).toBe('RATE_LIMITED');
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      hub.now = new Date(fixtureNow.getTime() + 61_000);
      expect((await hub.request('GET', '/api/v1/public/venues')).status).toBe(200);
    } finally {
      await hub.close();
    }
  });

  it('limits requests per ticket number, however it is spelled', async () => {
    const hub = await startHub(ctx.sql, {
      rateLimits: {
        perAddress: { limit: 100, windowSeconds: 60 },
        perTicket: { limit: 2, windowSeconds: 60 },
      },
    });
    try {
      const coupon = await fx.coupon();
      const spaced = `${coupon.ticketNumber.slice(0, 5)} ${coupon.ticketNumber.slice(5)}`;
      const send = (ticketNumber: string) =>
        hub.request('POST', lookupPath, { body: { ticketNumber, birthDate: coupon.birthDate } });
      expect((await send(coupon.ticketNumber)).status).toBe(200);
      expect((await send(spaced)).status).toBe(200);
      const third = await send(coupon.ticketNumber);
      expect(third.status).toBe(429);
      expect(third.headers.get('retry-after')).not.toBeNull();
      // Another ticket is not affected.
      const other = await fx.coupon();
      expect((await send(other.ticketNumber)).status).toBe(200);
    } finally {
      await hub.close();
    }
  });
});
