/**
 * Every staff role against the hub's role-guarded routes and mutations: allowed where the role may,
 * refused FORBIDDEN where it may not, and every refusal audited (`access.refused`, who and which
 * desktop). Both backends, over HTTP.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Mutation, MutationResult } from '../../domain/hub-api/sync-api.ts';
import { type StaffRole, staffRoles } from '../../domain/vocabulary/index.ts';
import { type RunningHub, startHub } from './hub-http-support.ts';
import { type SignedIn, signInStaff } from './hub-staff-support.ts';
import { createFixture, describeHubBackends, type Fixture } from './hub-support.ts';

type Attempt = (who: SignedIn) => Promise<'allowed' | 'refused'>;

describeHubBackends('roles on the hub', (ctx) => {
  let hub: RunningHub;
  let fx: Fixture;
  const signedIn = new Map<StaffRole, SignedIn>();

  beforeAll(async () => {
    fx = await createFixture(ctx.sql);
    hub = await startHub(ctx.sql);
    for (const role of staffRoles) signedIn.set(role, await signInStaff(hub, ctx.sql, role));
  });
  afterAll(async () => {
    await hub?.close();
  });

  const route =
    (method: string, path: string | (() => Promise<string>), body?: () => unknown): Attempt =>
    async (who) => {
      const answer = await hub.request(method, typeof path === 'string' ? path : await path(), {
        headers: who.headers,
        ...(body ? { body: await body() } : {}),
      });
      if (answer.status === 403) return 'refused';
      expect(answer.status, `${method} ${answer.body.error?.code ?? ''}`).toBeLessThan(300);
      return 'allowed';
    };
  const mutation =
    (make: () => Promise<Mutation>): Attempt =>
    async (who) => {
      const answer = await hub.request<{ results: MutationResult[] }>('POST', '/api/v1/sync/push', {
        body: { mutations: [await make()] },
        headers: who.headers,
      });
      const result = answer.body.results![0]!;
      if (result.status === 'rejected' && result.code === 'FORBIDDEN') return 'refused';
      expect(result.status).toBe('ok');
      return 'allowed';
    };
  /** A confirmed phone booking, made by the manager. */
  const booking = async () => {
    const slotId = await fx.slot({ date: '2030-06-20' });
    const coupon = await fx.coupon();
    const answer = await hub.request<{ results: MutationResult[] }>('POST', '/api/v1/sync/push', {
      body: {
        mutations: [
          {
            mutationId: randomUUID(),
            kind: 'book',
            payload: { couponId: coupon.id, slotId, doseNumber: 1, channel: 'phone' },
          },
        ],
      },
      headers: signedIn.get('manager')!.headers,
    });
    return (
      (answer.body.results![0] as Extract<MutationResult, { status: 'ok' }>).bookings[0] as { id: string }
    ).id;
  };
  const book = (channel: 'phone' | 'walk_in') =>
    mutation(async () => ({
      mutationId: randomUUID(),
      kind: 'book',
      payload: {
        couponId: (await fx.coupon()).id,
        slotId: await fx.slot({ date: '2030-06-20' }),
        doseNumber: 1,
        channel,
      },
    }));

  const matrix: Array<[string, Attempt, readonly StaffRole[]]> = [
    ['read the snapshot', route('GET', '/api/v1/sync/snapshot?limit=10'), staffRoles],
    ['pull changes', route('GET', '/api/v1/sync/changes?since=0&limit=10'), staffRoles],
    ['list staff accounts', route('GET', '/api/v1/sync/staff'), ['admin']],
    [
      'create a staff account',
      route('POST', '/api/v1/sync/staff', () => ({
        login: `matrix-${randomUUID().slice(0, 8)}`,
        displayName: '新人',
        role: 'operator',
        password: 'temporary pass 1',
      })),
      ['admin'],
    ],
    [
      'hold a seat',
      route('POST', '/api/v1/sync/holds', async () => ({
        holdId: randomUUID(),
        slotId: await fx.slot({ date: '2030-06-21' }),
      })),
      ['operator', 'manager'],
    ],
    [
      'change a slot',
      route(
        'PATCH',
        async () => `/api/v1/sync/slots/${await fx.slot({ date: '2030-06-22' })}`,
        () => ({ capacity: 25 }),
      ),
      ['manager'],
    ],
    [
      'define a product',
      route('POST', '/api/v1/sync/products', () => ({
        name: `製品-${randomUUID().slice(0, 6)}`,
        manufacturer: 'Test',
        dosesInSeries: 1,
        intervalMinDays: 0,
        intervalMaxDays: 0,
        minAgeYears: 12,
      })),
      ['manager'],
    ],
    ['book by phone', book('phone'), ['operator', 'manager']],
    ['record a walk-in', book('walk_in'), ['operator', 'venue_staff', 'manager']],
    [
      'cancel',
      mutation(async () => ({
        mutationId: randomUUID(),
        kind: 'cancel',
        payload: { bookingId: await booking() },
      })),
      ['operator', 'manager'],
    ],
    [
      'move',
      mutation(async () => ({
        mutationId: randomUUID(),
        kind: 'move',
        payload: { bookingId: await booking(), toSlotId: await fx.slot({ date: '2030-06-23' }) },
      })),
      ['operator', 'manager'],
    ],
    [
      'mark checked in',
      mutation(async () => ({
        mutationId: randomUUID(),
        kind: 'mark',
        payload: { bookingId: await booking(), status: 'checked_in' },
      })),
      ['venue_staff', 'manager'],
    ],
  ];

  it('allows each role what it may and refuses the rest, auditing every refusal', async () => {
    const outcomes: string[] = [];
    const expected: string[] = [];
    let refusals = 0;
    for (const [what, attempt, allowed] of matrix) {
      for (const role of staffRoles) {
        outcomes.push(`${role} ${what}: ${await attempt(signedIn.get(role)!)}`);
        expected.push(`${role} ${what}: ${allowed.includes(role) ? 'allowed' : 'refused'}`);
        if (!allowed.includes(role)) refusals += 1;
      }
    }
    expect(outcomes).toEqual(expected);
    const audited = await ctx.sql.query<{ staff_id: string; device_id: string }>(
      "SELECT staff_id::text, device_id::text FROM audit_log WHERE action = 'access.refused'",
    );
    expect(audited).toHaveLength(refusals);
    const devices = new Map([...signedIn.values()].map((s) => [s.staffId, s.deviceId]));
    for (const entry of audited) expect(devices.get(entry.staff_id)).toBe(entry.device_id);
  });
});
