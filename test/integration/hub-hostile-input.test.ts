import { afterAll, beforeAll, expect, it } from 'vitest';
import { hubErrorCodes } from '../../domain/hub-api/errors.ts';
import { type RequestOptions, type RunningHub, startHub } from './hub-http-support.ts';
import {
  createFixture,
  describeHubBackends,
  type Fixture,
  type FixtureCoupon,
  tableCounts,
} from './hub-support.ts';

interface HostileCase {
  name: string;
  method: 'GET' | 'POST';
  path: string;
  options?: RequestOptions;
  status: number;
  code: string;
}

const sqlish = "x' OR '1'='1'; DROP TABLE bookings; --";

describeHubBackends('hostile payloads', (ctx) => {
  let hub: RunningHub;
  let fx: Fixture;
  let coupon: FixtureCoupon;
  let slotId: string;

  beforeAll(async () => {
    fx = await createFixture(ctx.sql);
    coupon = await fx.coupon();
    slotId = await fx.slot({ date: '2030-06-20' });
    hub = await startHub(ctx.sql);
  });
  afterAll(async () => {
    await hub?.close();
  });

  const key = { 'idempotency-key': 'hostile-key-0001' };
  const cases = (): HostileCase[] => {
    const proof = { ticketNumber: coupon.ticketNumber, birthDate: coupon.birthDate };
    const booking = { ...proof, slotId };
    const post = (path: string, body: unknown, headers: Record<string, string> = key) => ({
      method: 'POST' as const,
      path,
      options: { body, headers },
    });
    const bookings = '/api/v1/public/bookings';
    const cancel = '/api/v1/public/bookings/K7XH3PRT/cancel';
    return [
      // venues
      {
        name: 'venues: SQL in a filter',
        method: 'GET',
        path: `/api/v1/public/venues?municipalityCode=${encodeURIComponent(sqlish)}`,
        status: 422,
        code: 'VALIDATION',
      },
      {
        name: 'venues: unknown parameter',
        method: 'GET',
        path: '/api/v1/public/venues?admin=1',
        status: 422,
        code: 'VALIDATION',
      },
      // slots
      {
        name: 'slots: no venue',
        method: 'GET',
        path: '/api/v1/public/slots',
        status: 422,
        code: 'VALIDATION',
      },
      {
        name: 'slots: SQL as venue id',
        method: 'GET',
        path: `/api/v1/public/slots?venueId=${encodeURIComponent(sqlish)}`,
        status: 422,
        code: 'VALIDATION',
      },
      {
        name: 'slots: impossible date',
        method: 'GET',
        path: `/api/v1/public/slots?venueId=${fx.venueId}&from=2030-02-30`,
        status: 422,
        code: 'VALIDATION',
      },
      {
        name: 'slots: reversed range',
        method: 'GET',
        path: `/api/v1/public/slots?venueId=${fx.venueId}&from=2030-07-01&to=2030-06-01`,
        status: 422,
        code: 'VALIDATION',
      },
      {
        name: 'slots: a year at once',
        method: 'GET',
        path: `/api/v1/public/slots?venueId=${fx.venueId}&from=2030-01-01&to=2030-12-31`,
        status: 422,
        code: 'VALIDATION',
      },
      {
        name: 'slots: repeated parameter',
        method: 'GET',
        path: `/api/v1/public/slots?venueId=a&venueId=b`,
        status: 422,
        code: 'VALIDATION',
      },
      // bookings
      {
        name: 'book: wrong types',
        ...post(bookings, { ticketNumber: 1234567890, birthDate: true, slotId: { $ne: null } }),
        status: 422,
        code: 'VALIDATION',
      },
      {
        name: 'book: SQL in slot id',
        ...post(bookings, { ...booking, slotId: sqlish }),
        status: 422,
        code: 'VALIDATION',
      },
      {
        name: 'book: SQL in ticket number',
        ...post(bookings, { ...booking, ticketNumber: sqlish }),
        status: 422,
        code: 'VALIDATION',
      },
      {
        name: 'book: SQL in e-mail',
        ...post(bookings, { ...booking, email: `${sqlish}@example.jp` }),
        status: 422,
        code: 'VALIDATION',
      },
      {
        name: 'book: impossible birth date',
        ...post(bookings, { ...booking, birthDate: '1947-02-30' }),
        status: 422,
        code: 'VALIDATION',
      },
      {
        name: 'book: era date outside its era',
        ...post(bookings, { ...booking, birthDate: '昭和65年1月1日' }),
        status: 422,
        code: 'VALIDATION',
      },
      {
        name: 'book: extra field',
        ...post(bookings, { ...booking, status: 'confirmed' }),
        status: 422,
        code: 'VALIDATION',
      },
      { name: 'book: array body', ...post(bookings, [booking]), status: 422, code: 'VALIDATION' },
      { name: 'book: null body', ...post(bookings, null), status: 422, code: 'VALIDATION' },
      {
        name: 'book: prototype pollution',
        method: 'POST',
        path: bookings,
        options: {
          rawBody: `{"__proto__":{"admin":true},"ticketNumber":"${coupon.ticketNumber}"}`,
          headers: { ...key, 'content-type': 'application/json' },
        },
        status: 422,
        code: 'VALIDATION',
      },
      {
        name: 'book: not JSON',
        method: 'POST',
        path: bookings,
        options: { rawBody: '{"ticketNumber": ', headers: { ...key, 'content-type': 'application/json' } },
        status: 422,
        code: 'VALIDATION',
      },
      {
        name: 'book: form encoded',
        method: 'POST',
        path: bookings,
        options: {
          rawBody: 'ticketNumber=1',
          headers: { ...key, 'content-type': 'application/x-www-form-urlencoded' },
        },
        status: 415,
        code: 'UNSUPPORTED_MEDIA_TYPE',
      },
      {
        name: 'book: huge body',
        ...post(bookings, { ...booking, email: `${'a'.repeat(200_000)}@example.jp` }),
        status: 413,
        code: 'PAYLOAD_TOO_LARGE',
      },
      {
        name: 'book: deeply nested',
        method: 'POST',
        path: bookings,
        options: {
          rawBody: `${'['.repeat(3000)}${']'.repeat(3000)}`,
          headers: { ...key, 'content-type': 'application/json' },
        },
        status: 422,
        code: 'VALIDATION',
      },
      { name: 'book: no Idempotency-Key', ...post(bookings, booking, {}), status: 422, code: 'VALIDATION' },
      {
        name: 'book: SQL as Idempotency-Key',
        ...post(bookings, booking, { 'idempotency-key': sqlish }),
        status: 422,
        code: 'VALIDATION',
      },
      // plan
      {
        name: 'plan: wrong types',
        ...post('/api/v1/public/bookings/plan', { ticketNumber: 1, birthDate: [], slotId: {} }),
        status: 422,
        code: 'VALIDATION',
      },
      {
        name: 'plan: SQL as slot id',
        ...post('/api/v1/public/bookings/plan', { ...proof, slotId: sqlish }),
        status: 422,
        code: 'VALIDATION',
      },
      {
        name: 'plan: unknown field',
        ...post('/api/v1/public/bookings/plan', { ...proof, slotId: 'x', admin: true }),
        status: 422,
        code: 'VALIDATION',
      },
      // lookup and cancel
      {
        name: 'lookup: wrong types',
        ...post('/api/v1/public/bookings/lookup', { ticketNumber: [1], birthDate: 19470401 }),
        status: 422,
        code: 'VALIDATION',
      },
      {
        name: 'lookup: SQL everywhere',
        ...post('/api/v1/public/bookings/lookup', { ticketNumber: sqlish, birthDate: sqlish }),
        status: 422,
        code: 'VALIDATION',
      },
      {
        name: 'cancel: SQL as booking number',
        ...post(`/api/v1/public/bookings/${encodeURIComponent("K7XH' OR 1=1")}/cancel`, proof),
        status: 422,
        code: 'VALIDATION',
      },
      {
        name: 'cancel: wrong check character',
        ...post('/api/v1/public/bookings/K7XH3PRA/cancel', proof),
        status: 422,
        code: 'VALIDATION',
      },
      {
        name: 'cancel: very long booking number',
        ...post(`/api/v1/public/bookings/${'A'.repeat(500)}/cancel`, proof),
        status: 422,
        code: 'VALIDATION',
      },
      {
        name: 'cancel: badly encoded path',
        ...post('/api/v1/public/bookings/%E0%A4%A/cancel', proof),
        status: 422,
        code: 'VALIDATION',
      },
      {
        name: 'cancel: wrong types',
        ...post(cancel, { ticketNumber: null, birthDate: {} }),
        status: 422,
        code: 'VALIDATION',
      },
      { name: 'unknown route', method: 'GET', path: '/api/v1/admin', status: 404, code: 'NOT_FOUND' },
    ];
  };

  it('refuses every hostile request with a 4xx and a clear code, and changes nothing', async () => {
    const before = await tableCounts(ctx.sql);
    const seen: string[] = [];
    for (const c of cases()) {
      const answer = await hub.request(c.method, c.path, c.options);
      seen.push(`${c.name}: ${answer.status} ${answer.body.error?.code}`);
      expect.soft(answer.status, c.name).toBe(c.status);
      expect.soft(answer.body.error?.code, c.name).toBe(c.code);
      expect.soft(hubErrorCodes, c.name).toContain(answer.body.error?.code);
      expect.soft(typeof answer.body.error?.message, c.name).toBe('string');
    }
    expect(await tableCounts(ctx.sql)).toEqual(before);
    const [tables] = await ctx.sql.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 'bookings'",
    );
    expect(tables!.n).toBe(1);
  });

  it('answers dates at the end of the calendar and unbounded ranges with VALIDATION naming the field', async () => {
    const slots = (query: string) => `/api/v1/public/slots?venueId=${fx.venueId}&${query}`;
    const fullWidth = (s: string) =>
      encodeURIComponent(
        s.replace(/[0-9-]/g, (c) => (c === '-' ? '－' : String.fromCharCode(c.charCodeAt(0) + 0xfee0))),
      );
    const before = await tableCounts(ctx.sql);
    const cases: Array<[string, string]> = [
      [slots('from=9999-12-31'), 'from'],
      [slots(`from=${fullWidth('9999-12-31')}`), 'from'],
      [slots('from=9999-12-31&to=9999-12-31'), 'from'],
      [slots('from=9999-12-02'), 'from'],
      // An omitted from is today: the range limit still holds.
      [slots('to=9999-12-31'), 'to'],
      [slots(`to=${fullWidth('9999-12-31')}`), 'to'],
      [slots('from=2030-06-01&to=9999-12-31'), 'to'],
      [slots('to=2030-12-31'), 'to'],
    ];
    for (const [path, field] of cases) {
      const answer = await hub.request('GET', path);
      expect.soft(answer.status, path).toBe(422);
      expect.soft(answer.body.error?.code, path).toBe('VALIDATION');
      expect
        .soft(
          answer.body.error?.fields?.map((f) => f.path),
          path,
        )
        .toEqual([field]);
    }
    // Within the limits: answered (the fixture's slot of 2030-06-20 among them).
    const ok = await hub.request<{ slots: { id: string }[] }>('GET', slots(`to=${fullWidth('2030-06-30')}`));
    expect(ok.status).toBe(200);
    expect(ok.body.slots?.map((s) => s.id)).toContain(slotId);
    // Birth dates at the end of the calendar are refused as such, in every request that takes one.
    const proof = { ticketNumber: coupon.ticketNumber, birthDate: '９９９９-１２-３１' };
    for (const [path, body] of [
      ['/api/v1/public/bookings/lookup', proof],
      ['/api/v1/public/bookings/plan', { ...proof, slotId }],
    ] as const) {
      const answer = await hub.request('POST', path, { body });
      expect.soft(answer.status, path).toBe(422);
      expect
        .soft(
          answer.body.error?.fields?.map((f) => f.path),
          path,
        )
        .toContain('birthDate');
    }
    expect(await tableCounts(ctx.sql)).toEqual(before);
  });

  it('names the failing fields, including the Idempotency-Key header', async () => {
    const answer = await hub.request('POST', '/api/v1/public/bookings', {
      body: { ticketNumber: '12345', birthDate: 'yesterday', slotId },
    });
    expect(answer.status).toBe(422);
    expect(answer.body.error?.fields?.map((f) => f.path).sort()).toEqual(['birthDate', 'ticketNumber']);
    const noKey = await hub.request('POST', '/api/v1/public/bookings', {
      body: { ticketNumber: coupon.ticketNumber, birthDate: coupon.birthDate, slotId },
    });
    expect(noKey.body.error?.fields?.map((f) => f.path)).toEqual(['Idempotency-Key']);
  });
});
