/**
 * Migrations 012–014 (audit chain, staff accounts, verification sources) reached main after 015 had:
 * a hub store already at 015 must still get them, its data carried over, and end with the schema of
 * a store migrated in number order. Both backends.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { LoginResponse } from '../../domain/hub-api/sync-api.ts';
import { verifyAuditChain } from '../../server/audit/audit-chain.ts';
import { hashPassword } from '../../server/staff/password-hash.ts';
import type { HubSql } from '../../server/store/hub-sql.ts';
import { loadMigrations, migrate } from '../../server/store/migrate.ts';
import { registerDevice } from '../../server/sync/device-sessions.ts';
import { startHub } from './hub-http-support.ts';
import { protocolHeaders } from './hub-staff-support.ts';
import { createTestDatabase, describeHubBackends, type TestDatabase } from './hub-support.ts';

const landedAfter015 = ['012-audit-chain', '013-staff-accounts', '014-verification-sources'];
const fileNameOf = (m: { version: number; name: string }) =>
  `${String(m.version).padStart(3, '0')}-${m.name}`;
const withoutThem = loadMigrations().filter((m) => !landedAfter015.includes(fileNameOf(m)));
/** The store's number before and after: its last migration (015, or one landed later such as 016). */
const lastVersion = Math.max(...withoutThem.map((m) => m.version));

/** Tables, columns, constraints, indexes, functions and triggers of the public schema. */
async function schemaOf(sql: HubSql) {
  type Row = Record<string, unknown>;
  return {
    columns: await sql.query(
      `SELECT table_name, column_name, data_type, is_nullable, column_default
         FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1, 2`,
    ),
    constraints: await sql.query(
      `SELECT conrelid::regclass::text AS on_table, conname, pg_get_constraintdef(oid) AS def
         FROM pg_constraint WHERE connamespace = 'public'::regnamespace ORDER BY 1, 2`,
    ),
    indexes: await sql.query(
      `SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1, 2`,
    ),
    functions: await sql.query<Row & { proname: string; def: string }>(
      `SELECT proname, pg_get_function_identity_arguments(oid) AS args, pg_get_functiondef(oid) AS def
         FROM pg_proc WHERE pronamespace = 'public'::regnamespace AND prokind IN ('f', 'p') ORDER BY 1, 2`,
    ),
    triggers: await sql.query<Row & { tgname: string }>(
      `SELECT tgrelid::regclass::text AS on_table, tgname, pg_get_triggerdef(oid) AS def
         FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1, 2`,
    ),
  };
}

describeHubBackends(
  'a hub store at 015 without 012–014',
  (ctx) => {
    const venueStaffId = randomUUID();
    const password = 'venue staff password';
    let fresh: TestDatabase;

    beforeAll(async () => {
      fresh = await createTestDatabase(ctx.backend);
      // What the hub of that code wrote: a venue staff member bound by staff.venue_id, audit entries
      // (unchained), a stored answer (no desktop), a ticket's wrong birth dates.
      await ctx.sql.exec(`
        INSERT INTO municipalities (code, name) VALUES ('131016', 'テスト区');
        INSERT INTO venues (id, municipality_code, name, kind, address, accepted_municipality_codes)
          VALUES ('venue-1', '131016', '会場', 'clinic', '住所', ARRAY['131016']);
        INSERT INTO audit_log (at, staff_id, device_id, action, entity, entity_id, municipality_code, detail)
          VALUES ('2030-05-01T00:00:00Z', NULL, NULL, 'venue.update', 'venue', 'venue-1', '131016', '{"before":{},"after":{}}'),
                 ('2030-05-02T00:00:00Z', NULL, NULL, 'slot.update', 'slot', 'slot-1', '131016', '{"before":{},"after":{}}');
        INSERT INTO idempotency_keys (scope, key, request_hash, response_status, response_body, created_at)
          VALUES ('public-booking', 'key-1', 'hash', 201, '{}', '2030-05-02T00:00:00Z');
        INSERT INTO verification_failures (ticket_number, failures, last_attempt_at)
          VALUES ('0000000001', 2, '2030-05-02T00:00:00Z');`);
      await ctx.sql.query(
        `INSERT INTO staff (id, login, display_name, role, municipality_code, venue_id, password_hash)
         VALUES ($1, 'venue-staff-1', '会場の人', 'venue_staff', '131016', 'venue-1', $2)`,
        [venueStaffId, await hashPassword(password)],
      );
    });
    afterAll(async () => {
      await fresh?.drop();
    });

    it('gets 012, 013 and 014 in number order, and nothing else', async () => {
      expect(await migrate(ctx.sql)).toMatchObject({
        from: lastVersion,
        to: lastVersion,
        applied: landedAfter015,
      });
      expect(await migrate(ctx.sql)).toMatchObject({ applied: [] });
    });

    it('has the schema of a store migrated in number order', async () => {
      const upgraded = await schemaOf(ctx.sql);
      expect(upgraded).toEqual(await schemaOf(fresh.sql));
      // Not two empty lists: 015's booking facts and 012's triggers are there.
      expect(upgraded.functions.find((f) => f.proname === 'hub_booking_facts')?.def).toContain('product_id');
      expect(upgraded.triggers.map((t) => t.tgname)).toContain('bookings_audit_online');
    });

    it('keeps its data: the venue staff at their venue, the earlier audit entries chained', async () => {
      expect(await ctx.sql.query('SELECT staff_id, venue_id FROM staff_venues')).toEqual([
        { staff_id: venueStaffId, venue_id: 'venue-1' },
      ]);
      const report = await verifyAuditChain(ctx.sql);
      expect(report).toMatchObject({ entries: 2, headSeq: 2, broken: null });
      expect(await ctx.sql.query('SELECT key, device_id FROM idempotency_keys')).toEqual([
        { key: 'key-1', device_id: null },
      ]);
    });

    it('signs in the staff member it had', async () => {
      const hub = await startHub(ctx.sql);
      try {
        const device = await registerDevice(ctx.sql, { name: 'PC-1', municipalityCode: '131016' });
        const answer = await hub.request<LoginResponse>('POST', '/api/v1/sync/login', {
          body: { deviceId: device.id, deviceSecret: device.secret, login: 'venue-staff-1', password },
          headers: protocolHeaders,
        });
        expect(answer.status).toBe(200);
        expect(answer.body.staff).toEqual({ id: venueStaffId, displayName: '会場の人', role: 'venue_staff' });
      } finally {
        await hub.close();
      }
    });
  },
  withoutThem,
);
