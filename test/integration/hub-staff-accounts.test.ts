/**
 * Staff accounts on the hub over HTTP, both backends: an admin creates, disables, re-enables, resets
 * and re-roles accounts (others are refused and the refusal audited); a password an admin set must be
 * changed at the next sign-in; venue staff touch and see only their venues' bookings; sign-ins and
 * their refusals are audited; a stranger's made-up devices cannot lock a real login.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { StaffAccount } from '../../domain/hub-api/staff-admin-api.ts';
import type {
  ChangesPage,
  LoginResponse,
  Mutation,
  MutationResult,
  SnapshotPage,
} from '../../domain/hub-api/sync-api.ts';
import { upsertVenues } from '../../server/catalog/catalog-writes.ts';
import { createStaff } from '../../server/staff/create-staff.ts';
import { runHubTransaction } from '../../server/store/hub-transaction.ts';
import { registerDevice } from '../../server/sync/device-sessions.ts';
import { type RunningHub, startHub } from './hub-http-support.ts';
import { protocolHeaders, type SignedIn, signInStaff } from './hub-staff-support.ts';
import {
  createFixture,
  describeHubBackends,
  type Fixture,
  fixtureMunicipality,
  fixtureNow,
} from './hub-support.ts';

describeHubBackends('staff accounts', (ctx) => {
  let hub: RunningHub;
  let fx: Fixture;
  let admin: SignedIn;
  let device: { id: string; secret: string };
  let otherVenueId: string;

  beforeAll(async () => {
    fx = await createFixture(ctx.sql);
    otherVenueId = `venue-${randomUUID()}`;
    await runHubTransaction(ctx.sql, fixtureNow, (tx) =>
      upsertVenues(tx, [
        {
          id: otherVenueId,
          municipalityCode: fixtureMunicipality.code,
          name: '別の会場',
          nameKana: 'ベツノカイジョウ',
          kind: 'clinic',
          area: '',
          address: '東京都千代田区2-2',
          phone: '0312345679',
          active: true,
          updatedAt: fixtureNow.toISOString(),
        },
      ]),
    );
    hub = await startHub(ctx.sql);
    admin = await signInStaff(hub, ctx.sql, 'admin');
    device = await registerDevice(ctx.sql, { name: '受付PC', municipalityCode: fixtureMunicipality.code });
  });
  afterAll(async () => {
    await hub?.close();
  });
  // A new minute for the sign-in limit per address (every request here comes from 127.0.0.1).
  beforeEach(() => {
    if (hub) hub.now = new Date(hub.now.getTime() + 61_000);
  });

  const signIn = (login: string, password: string, deviceId = device.id, deviceSecret = device.secret) =>
    hub.request<LoginResponse>('POST', '/api/v1/sync/login', {
      body: { deviceId, deviceSecret, login, password },
      headers: protocolHeaders,
    });
  const bearer = (token: string) => ({ ...protocolHeaders, authorization: `Bearer ${token}` });
  const create = (body: unknown, who: SignedIn = admin) =>
    hub.request<{ staff: StaffAccount }>('POST', '/api/v1/sync/staff', { body, headers: who.headers });
  const change = (staffId: string, body: unknown) =>
    hub.request<{ staff: StaffAccount }>('PATCH', `/api/v1/sync/staff/${staffId}`, {
      body,
      headers: admin.headers,
    });
  const auditOf = (entityId: string) =>
    ctx.sql.query<{ action: string; staff_id: string | null; device_id: string | null; detail: unknown }>(
      'SELECT action, staff_id, device_id, detail FROM audit_log WHERE entity_id = $1 ORDER BY id',
      [entityId],
    );
  const changePassword = (login: string, password: string, newPassword: string) =>
    hub.request<LoginResponse>('POST', '/api/v1/sync/password', {
      body: { deviceId: device.id, deviceSecret: device.secret, login, password, newPassword },
      headers: protocolHeaders,
    });
  let logins = 0;
  const freshLogin = () => `person-${process.pid}-${++logins}`;

  /** An account an admin made, signed in with its own password (set at the first sign-in). */
  const madeAndSignedIn = async (role: string, venueIds?: string[]) => {
    const login = freshLogin();
    const made = await create({
      login,
      displayName: '受付 花子',
      role,
      password: 'temporary pass 1',
      venueIds,
    });
    expect(made.status).toBe(201);
    const changed = await changePassword(login, 'temporary pass 1', 'my own password 1');
    expect(changed.status).toBe(200);
    return { id: made.body.staff!.id, login, headers: bearer(changed.body.token!) };
  };

  it('creates an account whose temporary password must be changed at the first sign-in', async () => {
    const login = freshLogin();
    const made = await create({
      login,
      displayName: '電話 太郎',
      role: 'operator',
      password: 'temporary pass 1',
    });
    expect(made.status).toBe(201);
    expect(made.body.staff).toMatchObject({
      login,
      displayName: '電話 太郎',
      role: 'operator',
      municipalityCode: fixtureMunicipality.code,
      venueIds: [],
      active: true,
      passwordChangeRequired: true,
    });
    const first = await signIn(login, 'temporary pass 1');
    expect(first.status).toBe(403);
    expect(first.body.error?.code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect(first.body.token).toBeUndefined();
    const same = await changePassword(login, 'temporary pass 1', 'temporary pass 1');
    expect(same.status).toBe(422);
    const changed = await changePassword(login, 'temporary pass 1', 'my own password 1');
    expect(changed.status).toBe(200);
    expect(changed.body.staff).toMatchObject({ id: made.body.staff!.id, role: 'operator' });
    const pull = await hub.request('GET', '/api/v1/sync/changes?since=0', {
      headers: bearer(changed.body.token!),
    });
    expect(pull.status).toBe(200);
    expect((await signIn(login, 'temporary pass 1')).status).toBe(401);
    expect((await signIn(login, 'my own password 1')).status).toBe(200);
    const listed = await hub.request<{ staff: StaffAccount[] }>('GET', '/api/v1/sync/staff', {
      headers: admin.headers,
    });
    expect(listed.body.staff!.find((s) => s.login === login)).toMatchObject({
      passwordChangeRequired: false,
    });
    // Audited with ids and flags only: no name, login or password.
    const entries = await auditOf(made.body.staff!.id);
    expect(entries.map((e) => e.action)).toEqual([
      'staff.create',
      'staff.sign_in_refused',
      'staff.password_change',
      'staff.sign_in',
      'staff.sign_in_refused',
      'staff.sign_in',
    ]);
    expect(entries[0]).toMatchObject({ staff_id: admin.staffId, device_id: admin.deviceId });
    expect(entries[1]!.detail).toEqual({ before: {}, after: { reason: 'password_change_required' } });
    expect(entries[4]!.detail).toEqual({ before: {}, after: { reason: 'password' } });
    expect(JSON.stringify(entries)).not.toMatch(/電話|person-|temporary|password 1/);
  });

  it('refuses every staff route to other roles, and audits the refusal', async () => {
    const manager = await signInStaff(hub, ctx.sql, 'manager');
    const refused = await create(
      { login: freshLogin(), displayName: 'x', role: 'admin', password: 'temporary pass 1' },
      manager,
    );
    expect(refused.status).toBe(403);
    expect(refused.body.error?.code).toBe('FORBIDDEN');
    expect((await hub.request('GET', '/api/v1/sync/staff', { headers: manager.headers })).status).toBe(403);
    const entries = await ctx.sql.query<{
      action: string;
      entity_id: string;
      staff_id: string;
      device_id: string;
    }>(
      "SELECT action, entity_id, staff_id, device_id FROM audit_log WHERE action = 'access.refused' AND staff_id = $1 ORDER BY id",
      [manager.staffId],
    );
    expect(entries).toEqual([
      {
        action: 'access.refused',
        entity_id: 'POST /api/v1/sync/staff',
        staff_id: manager.staffId,
        device_id: manager.deviceId,
      },
      {
        action: 'access.refused',
        entity_id: 'GET /api/v1/sync/staff',
        staff_id: manager.staffId,
        device_id: manager.deviceId,
      },
    ]);
  });

  it('checks the role and its venues, and an admin cannot disable or demote themselves', async () => {
    const base = { login: freshLogin(), displayName: '受付', password: 'temporary pass 1' };
    const noVenue = await create({ ...base, role: 'venue_staff' });
    expect(noVenue.status).toBe(422);
    expect(noVenue.body.error?.fields?.[0]?.path).toBe('venueIds');
    expect((await create({ ...base, role: 'operator', venueIds: [fx.venueId] })).status).toBe(422);
    const unknown = await create({ ...base, role: 'venue_staff', venueIds: ['no-such-venue'] });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error?.message).toContain('no-such-venue');
    expect((await create({ ...base, password: 'short', role: 'operator' })).status).toBe(422);
    await expect(
      createStaff(ctx.sql, {
        login: freshLogin(),
        role: 'operator',
        password: 'long enough 1',
        municipalityCode: '011002',
      }),
    ).rejects.toThrow(/municipalityCode: no such municipality/);
    // (This admin's session is of one municipality: another is refused before anything is looked up.)
    expect(
      (await create({ ...base, role: 'operator', municipalityCode: '011002' })).body.error?.fields?.[0]?.path,
    ).toBe('municipalityCode');
    expect((await change(admin.staffId, { active: false })).status).toBe(422);
    expect((await change(admin.staffId, { role: 'operator' })).status).toBe(422);
    expect((await change(randomUUID(), { active: false })).status).toBe(404);
    const taken = await create({ ...base, role: 'operator' });
    expect(taken.status).toBe(201);
    expect((await create({ ...base, role: 'operator' })).body.error?.fields?.[0]?.path).toBe('login');
  });

  it('disables an account (its next call is refused), enables it again, resets its password', async () => {
    const person = await madeAndSignedIn('operator');
    expect(
      (await hub.request('GET', '/api/v1/sync/changes?since=0', { headers: person.headers })).status,
    ).toBe(200);
    const disabled = await change(person.id, { active: false });
    expect(disabled.status).toBe(200);
    expect(disabled.body.staff).toMatchObject({ active: false });
    expect(
      (await hub.request('GET', '/api/v1/sync/changes?since=0', { headers: person.headers })).status,
    ).toBe(401);
    expect((await signIn(person.login, 'my own password 1')).status).toBe(401);
    expect((await change(person.id, { active: true })).body.staff).toMatchObject({ active: true });
    const again = await signIn(person.login, 'my own password 1');
    expect(again.status).toBe(200);
    const reset = await hub.request<{ staff: StaffAccount }>(
      'POST',
      `/api/v1/sync/staff/${person.id}/password-reset`,
      {
        body: { temporaryPassword: 'reset password 1' },
        headers: admin.headers,
      },
    );
    expect(reset.status).toBe(200);
    expect(reset.body.staff).toMatchObject({ passwordChangeRequired: true });
    expect(
      (await hub.request('GET', '/api/v1/sync/changes?since=0', { headers: bearer(again.body.token!) }))
        .status,
    ).toBe(401);
    expect((await signIn(person.login, 'my own password 1')).status).toBe(401);
    expect((await signIn(person.login, 'reset password 1')).body.error?.code).toBe(
      'PASSWORD_CHANGE_REQUIRED',
    );
    const roled = await change(person.id, { role: 'venue_staff', venueIds: [fx.venueId] });
    expect(roled.body.staff).toMatchObject({ role: 'venue_staff', venueIds: [fx.venueId] });
    expect(
      (await auditOf(person.id)).filter((e) => e.staff_id === admin.staffId).map((e) => [e.action, e.detail]),
    ).toEqual([
      [
        'staff.create',
        { before: {}, after: { role: 'operator', venueIds: [], active: true, passwordChangeRequired: true } },
      ],
      ['staff.change', { before: { active: true }, after: { active: false } }],
      ['staff.change', { before: { active: false }, after: { active: true } }],
      ['staff.password_reset', { before: {}, after: { passwordChangeRequired: true } }],
      [
        'staff.change',
        {
          before: { role: 'operator', venueIds: [] },
          after: { role: 'venue_staff', venueIds: [fx.venueId] },
        },
      ],
    ]);
  });

  describe('venue staff', () => {
    const push = async (headers: Record<string, string>, mutation: Mutation) =>
      (
        await hub.request<{ results: MutationResult[] }>('POST', '/api/v1/sync/push', {
          body: { mutations: [mutation] },
          headers,
        })
      ).body.results![0]!;
    const phoneBooking = async (operator: SignedIn, slotId: string) => {
      const coupon = await fx.coupon();
      const result = await push(operator.headers, {
        mutationId: randomUUID(),
        kind: 'book',
        payload: { couponId: coupon.id, slotId, doseNumber: 1, channel: 'phone' },
      });
      expect(result.status).toBe('ok');
      return ((result as Extract<MutationResult, { status: 'ok' }>).bookings[0] as { id: string }).id;
    };
    const mark = (bookingId: string): Mutation => ({
      mutationId: randomUUID(),
      kind: 'mark',
      payload: { bookingId, status: 'checked_in' },
    });

    it('mark and take walk-ins only at their venues, and see only their venues’ bookings', async () => {
      const operator = await signInStaff(hub, ctx.sql, 'operator');
      const ours = await fx.slot({ date: '2030-06-02' });
      const theirs = await fx.slot({ date: '2030-06-02', venueId: otherVenueId });
      const here = await phoneBooking(operator, ours);
      const there = await phoneBooking(operator, theirs);
      const moving = await phoneBooking(operator, ours);
      const reception = await madeAndSignedIn('venue_staff', [fx.venueId]);

      expect(await push(reception.headers, mark(here))).toMatchObject({ status: 'ok' });
      const refused = await push(reception.headers, mark(there));
      expect(refused).toMatchObject({ status: 'rejected', code: 'FORBIDDEN' });
      const walkIn = await push(reception.headers, {
        mutationId: randomUUID(),
        kind: 'book',
        payload: { couponId: (await fx.coupon()).id, slotId: theirs, doseNumber: 1, channel: 'walk_in' },
      });
      expect(walkIn).toMatchObject({ status: 'rejected', code: 'FORBIDDEN' });
      const [status] = await ctx.sql.query<{ status: string }>('SELECT status FROM bookings WHERE id = $1', [
        there,
      ]);
      expect(status!.status).toBe('confirmed');
      expect(
        (
          await ctx.sql.query<{ n: number }>(
            "SELECT count(*)::int AS n FROM audit_log WHERE action = 'access.refused' AND staff_id = $1",
            [reception.id],
          )
        )[0]!.n,
      ).toBe(2);

      const snapshot = await hub.request<SnapshotPage>('GET', '/api/v1/sync/snapshot?limit=10000', {
        headers: reception.headers,
      });
      const bookingIds = snapshot.body.rows!.filter((r) => r.entity === 'booking').map((r) => r.id);
      expect(bookingIds).toEqual(expect.arrayContaining([here, moving]));
      expect(bookingIds).not.toContain(there);
      const events = snapshot.body.rows!.filter((r) => r.entity === 'booking_event');
      expect(events.map((r) => (r.payload as { bookingId: string }).bookingId)).toEqual([here]);

      // A booking moved to the other venue leaves their lists: its change arrives as a deletion.
      const since = snapshot.body.snapshotSeq!;
      const moved = await push(operator.headers, {
        mutationId: randomUUID(),
        kind: 'move',
        payload: { bookingId: moving, toSlotId: theirs },
      });
      expect(moved.status).toBe('ok');
      const pulled = await hub.request<ChangesPage>('GET', `/api/v1/sync/changes?since=${since}`, {
        headers: reception.headers,
      });
      const bookingChanges = pulled.body.changes!.filter(
        (c) => c.entity === 'booking' || c.entity === 'booking_event',
      );
      expect(bookingChanges).toEqual([
        expect.objectContaining({ entity: 'booking', id: moving, op: 'delete', payload: null }),
      ]);
      // The operator still sees it, and its event.
      const operatorPull = await hub.request<ChangesPage>('GET', `/api/v1/sync/changes?since=${since}`, {
        headers: operator.headers,
      });
      expect(
        operatorPull.body.changes!.filter((c) => c.entity === 'booking').map((c) => [c.id, c.op]),
      ).toEqual([[moving, 'upsert']]);
    });
  });

  describe('sign-in lockout', () => {
    it('counts only failures from a known device: made-up devices do not lock a real login', async () => {
      const person = await madeAndSignedIn('operator');
      for (let i = 0; i < 11; i++) {
        const forged = await signIn(
          person.login,
          `guess number ${i}`,
          randomUUID(),
          'made-up-device-secret-123',
        );
        expect(forged.status).toBe(401);
      }
      expect((await signIn(person.login, 'my own password 1')).status).toBe(200);
    });

    it('slows a login after ten wrong passwords from a known device, whatever comes next', async () => {
      const person = await madeAndSignedIn('operator');
      const otherDevice = await registerDevice(ctx.sql, {
        name: 'PC-2',
        municipalityCode: fixtureMunicipality.code,
      });
      for (let i = 0; i < 10; i++) {
        expect(
          (await signIn(person.login, `wrong password ${i}`, otherDevice.id, otherDevice.secret)).status,
        ).toBe(401);
      }
      const blocked = await signIn(person.login, 'my own password 1');
      expect(blocked.status).toBe(429);
      expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
      const entries = await auditOf(person.id);
      expect(entries.at(-1)).toMatchObject({ action: 'staff.sign_in_refused', device_id: device.id });
      hub.now = new Date(hub.now.getTime() + 61_000);
      expect((await signIn(person.login, 'my own password 1')).status).toBe(200);
    });
  });
});
