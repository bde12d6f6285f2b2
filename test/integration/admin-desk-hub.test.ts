/**
 * The admin screen's methods (`admin.*`) and the audit view (`audit.*`) on desktops as the app runs them
 * (the desk service on real encrypted SQLite files) against a real hub over HTTP, on PGlite and on
 * PostgreSQL. An admin's desk creates, changes, disables, enables and resets staff accounts on the hub
 * at once; a manager's desk is refused in the desk process; offline nothing happens anywhere. Each
 * desk's hash-chained audit log reaches the hub in its sync round and verifies there per device; an
 * entry rewritten on either side is found. The audit view filters, pages and exports, and is audited.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit } from '../../db/queries/audit.ts';
import { verifyDeskAuditChain } from '../../db/queries/audit-chain.ts';
import type { AdminStaffList, AuditPage, ExportOutcome, StaffAccount } from '../../domain/api/contract.ts';
import type { ApiErrorBody, ApiResult } from '../../domain/api/errors.ts';
import { auditGenesisHash } from '../../domain/audit-chain.ts';
import { syncProtocolVersion } from '../../domain/hub-api/sync-api.ts';
import { verifyDeskAuditChains } from '../../server/audit/desk-audit-chains.ts';
import { type RunningHub, startHub } from './hub-http-support.ts';
import {
  type BackendName,
  createFixture,
  createTestDatabase,
  type Fixture,
  type TestDatabase,
} from './hub-support.ts';
import {
  attachDesk,
  type DeskCredentials,
  deskCredentials,
  deskUpToDate,
  openTestDesk,
  type TestDesk,
  waitFor,
} from './sync-support.ts';

const skipPg = process.env.HUB_TEST_SKIP_PG === '1';

async function call<T>(desk: TestDesk, method: string, input: unknown): Promise<T> {
  const answer = (await desk.service.call(method, input)) as ApiResult<T>;
  if (!answer.ok) throw new Error(`${method} refused: ${JSON.stringify(answer.error)}`);
  return answer.value;
}
async function refusal(desk: TestDesk, method: string, input: unknown): Promise<ApiErrorBody> {
  const answer = (await desk.service.call(method, input)) as ApiResult<unknown>;
  expect(answer.ok).toBe(false);
  return (answer as Extract<ApiResult<unknown>, { ok: false }>).error;
}
const reasonOf = (error: ApiErrorBody) => error.issues?.find((i) => i.path === 'reason')?.message;

/** Signs in on the hub as a desktop would, answering the hub's status and error code. */
async function signIn(hub: RunningHub, credentials: DeskCredentials, password = credentials.password) {
  const answer = await hub.request<{ token: string }>('POST', '/api/v1/sync/login', {
    headers: { 'x-hub-protocol': String(syncProtocolVersion) },
    body: {
      deviceId: credentials.deviceId,
      deviceSecret: credentials.deviceSecret,
      login: credentials.staffLogin,
      password,
    },
  });
  return { status: answer.status, code: answer.body.error?.code ?? null };
}

for (const backend of ['pglite', 'postgres'] as const satisfies BackendName[]) {
  (backend === 'postgres' && skipPg ? describe.skip : describe)(
    `admin and audit through the desk [${backend}]`,
    () => {
      let hubDb: TestDatabase;
      let hub: RunningHub;
      let fx: Fixture;
      let adminDesk: TestDesk;
      let managerDesk: TestDesk;
      let adminCredentials: DeskCredentials;
      const desks: TestDesk[] = [];

      beforeAll(async () => {
        hubDb = await createTestDatabase(backend);
        fx = await createFixture(hubDb.sql);
        hub = await startHub(hubDb.sql);
        adminDesk = await openTestDesk();
        managerDesk = await openTestDesk();
        desks.push(adminDesk, managerDesk);
        adminCredentials = await deskCredentials(hubDb.sql, { role: 'admin', displayName: '管理 太郎' });
        await attachDesk(adminDesk, hub.baseUrl, adminCredentials);
        await attachDesk(managerDesk, hub.baseUrl, await deskCredentials(hubDb.sql, { role: 'manager' }));
        await Promise.all([deskUpToDate(adminDesk), deskUpToDate(managerDesk)]);
      });

      afterAll(async () => {
        for (const desk of desks) desk.remove();
        await hub?.close();
        await hubDb?.drop();
      });

      const login = () => `staff-${randomUUID().slice(0, 8)}`;

      it('lists the staff accounts from the hub, with the venues this desktop knows', async () => {
        const list = await call<AdminStaffList>(adminDesk, 'admin.listStaff', {});
        expect(list.staff.map((s) => s.login)).toContain(adminCredentials.staffLogin);
        expect(list.staff.every((s) => !('passwordHash' in s))).toBe(true);
        expect(list.venues).toContainEqual({ id: fx.venueId, name: 'テスト会場', active: true });
        // The desk acts as its configured account: the admin's own id names its audit entries.
        expect(adminDesk.service.session.role).toBe('admin');
      });

      it('creates an account on the hub at once; its first sign-in must set a new password', async () => {
        const staffLogin = login();
        const { staff } = await call<{ staff: StaffAccount }>(adminDesk, 'admin.createStaff', {
          staff: {
            login: staffLogin,
            displayName: '　受付　花子　',
            role: 'operator',
            password: 'temporary pass 1',
          },
        });
        expect(staff).toMatchObject({
          login: staffLogin,
          displayName: '受付 花子',
          role: 'operator',
          active: true,
          passwordChangeRequired: true,
        });
        const [row] = await hubDb.sql.query<{ display_name: string }>(
          'SELECT display_name FROM staff WHERE id = $1',
          [staff.id],
        );
        expect(row?.display_name).toBe('受付 花子');
        const credentials = { ...adminCredentials, staffLogin, password: 'temporary pass 1' };
        expect(await signIn(hub, credentials)).toMatchObject({ code: 'PASSWORD_CHANGE_REQUIRED' });
        // The hub's staff directory reaches the desk's copy: names, not ids.
        await waitFor('the new name in the desk copy', () =>
          adminDesk.service.db.prepare('SELECT display_name FROM staff WHERE id = ?').pluck().get(staff.id),
        );
      });

      it('names the field the desk or the hub refused, and changes nothing', async () => {
        const before = await hubDb.sql.query('SELECT id FROM staff');
        const badLogin = await refusal(adminDesk, 'admin.createStaff', {
          staff: { login: 'a b', displayName: 'x', role: 'operator', password: 'temporary pass 1' },
        });
        expect(badLogin).toMatchObject({ code: 'VALIDATION' });
        expect(badLogin.issues?.map((i) => i.path)).toContain('staff.login');
        const noVenue = await refusal(adminDesk, 'admin.createStaff', {
          staff: { login: login(), displayName: 'x', role: 'venue_staff', password: 'temporary pass 1' },
        });
        expect(noVenue.issues?.map((i) => i.path)).toContain('staff.venueIds');
        // A login taken on the hub: the hub's refusal lands on the same field.
        const taken = await refusal(adminDesk, 'admin.createStaff', {
          staff: {
            login: adminCredentials.staffLogin,
            displayName: 'x',
            role: 'operator',
            password: 'temporary pass 1',
          },
        });
        expect(taken).toMatchObject({ code: 'VALIDATION' });
        expect(taken.issues?.map((i) => i.path)).toEqual(['staff.login']);
        expect(await hubDb.sql.query('SELECT id FROM staff')).toHaveLength(before.length);
      });

      it('disables an account (its next sign-in is refused) and enables it again', async () => {
        const credentials = await deskCredentials(hubDb.sql, { role: 'operator' });
        const [person] = await hubDb.sql.query<{ id: string }>(
          'SELECT id::text AS id FROM staff WHERE login = $1',
          [credentials.staffLogin],
        );
        expect(await signIn(hub, credentials)).toMatchObject({ status: 200 });
        const disabled = await call<{ staff: StaffAccount }>(adminDesk, 'admin.changeStaff', {
          staffId: person!.id,
          change: { active: false },
        });
        expect(disabled.staff.active).toBe(false);
        expect(await signIn(hub, credentials)).toMatchObject({ status: 401 });
        await call(adminDesk, 'admin.changeStaff', { staffId: person!.id, change: { active: true } });
        expect(await signIn(hub, credentials)).toMatchObject({ status: 200 });
      });

      it('changes role and venues, and resets a password', async () => {
        const credentials = await deskCredentials(hubDb.sql, { role: 'operator' });
        const [person] = await hubDb.sql.query<{ id: string }>(
          'SELECT id::text AS id FROM staff WHERE login = $1',
          [credentials.staffLogin],
        );
        const mismatch = await refusal(adminDesk, 'admin.changeStaff', {
          staffId: person!.id,
          change: { role: 'venue_staff' },
        });
        expect(mismatch.issues?.map((i) => i.path)).toContain('change.venueIds');
        const roled = await call<{ staff: StaffAccount }>(adminDesk, 'admin.changeStaff', {
          staffId: person!.id,
          change: { role: 'venue_staff', venueIds: [fx.venueId] },
        });
        expect(roled.staff).toMatchObject({ role: 'venue_staff', venueIds: [fx.venueId] });

        const reset = await call<{ staff: StaffAccount }>(adminDesk, 'admin.resetPassword', {
          staffId: person!.id,
          reset: { temporaryPassword: 'a new temporary 1' },
        });
        expect(reset.staff.passwordChangeRequired).toBe(true);
        expect(await signIn(hub, credentials)).toMatchObject({ status: 401 });
        expect(await signIn(hub, credentials, 'a new temporary 1')).toMatchObject({
          code: 'PASSWORD_CHANGE_REQUIRED',
        });
        const unknown = await refusal(adminDesk, 'admin.resetPassword', {
          staffId: randomUUID(),
          reset: { temporaryPassword: 'a new temporary 1' },
        });
        expect(reasonOf(unknown)).toBe('not_found');
      });

      it("refuses a manager's desk in the desk process, before the hub is asked", async () => {
        const auditBefore = await hubDb.sql.query("SELECT id FROM audit_log WHERE action = 'access.refused'");
        const refused = await refusal(managerDesk, 'admin.listStaff', {});
        expect(refused.code).toBe('FORBIDDEN');
        expect(
          await hubDb.sql.query("SELECT id FROM audit_log WHERE action = 'access.refused'"),
        ).toHaveLength(auditBefore.length);
      });

      it('refuses offline, and with no hub, with nothing changed anywhere', async () => {
        // An admin's desk on a hub process that then goes away.
        const second = await startHub(hubDb.sql);
        const offline = await openTestDesk();
        desks.push(offline);
        await attachDesk(offline, second.baseUrl, await deskCredentials(hubDb.sql, { role: 'admin' }));
        await deskUpToDate(offline);
        await second.close();
        await waitFor('the desk to see the hub gone', async () => {
          await offline.service.sync.syncNow(2000);
          return offline.service.sync.status().state === 'offline';
        });
        const staffBefore = await hubDb.sql.query('SELECT id FROM staff');
        const answer = await refusal(offline, 'admin.createStaff', {
          staff: { login: login(), displayName: 'x', role: 'operator', password: 'temporary pass 1' },
        });
        expect(answer.code).toBe('CONFLICT');
        expect(reasonOf(answer)).toBe('hub_offline');
        expect(reasonOf(await refusal(offline, 'admin.listStaff', {}))).toBe('hub_offline');
        expect(await hubDb.sql.query('SELECT id FROM staff')).toHaveLength(staffBefore.length);

        // A desk on no hub acts as the demo session (a manager): refused for the role.
        const alone = await openTestDesk();
        desks.push(alone);
        expect(alone.service.session.role).toBe('manager');
        expect((await refusal(alone, 'admin.listStaff', {})).code).toBe('FORBIDDEN');
      });

      it("sends the desk's audit chain to the hub, which keeps it verifiable per device", async () => {
        for (let i = 0; i < 3; i++) {
          appendAudit(adminDesk.service.db, {
            staffId: adminDesk.service.session.staffId,
            action: 'coupon.view',
            entity: 'coupon',
            entityIds: [`coupon-${i}`],
            detail: { screen: 'test', rowCount: i },
          });
        }
        await adminDesk.service.sync.syncNow();
        const local = verifyDeskAuditChain(adminDesk.service.db);
        expect(local.broken).toBeNull();
        const rows = await hubDb.sql.query<{ chain_seq: number; entry_hash: string }>(
          'SELECT chain_seq, entry_hash FROM desk_audit_log WHERE device_id = $1 ORDER BY chain_seq',
          [adminCredentials.deviceId],
        );
        expect(rows.map((r) => r.chain_seq)).toEqual(Array.from({ length: rows.length }, (_, i) => i + 1));
        expect(rows.length).toBeGreaterThanOrEqual(local.entries - 1);
        await waitFor('the whole chain on the hub', async () => {
          await adminDesk.service.sync.syncNow();
          const held = adminDesk.service.db
            .prepare('SELECT chain_seq FROM audit_hub_copies')
            .pluck()
            .get() as number;
          return held === verifyDeskAuditChain(adminDesk.service.db).entries;
        });
        const reports = await verifyDeskAuditChains(hubDb.sql);
        expect(reports.find((r) => r.deviceId === adminCredentials.deviceId)).toMatchObject({ broken: null });
        expect(reports.every((r) => r.broken === null)).toBe(true);
      });

      it('refuses an entry that does not continue the chain, audited; a gap keeps nothing after it', async () => {
        const credentials = await deskCredentials(hubDb.sql, { role: 'operator' });
        const session = await hub.request<{ token: string }>('POST', '/api/v1/sync/login', {
          headers: { 'x-hub-protocol': String(syncProtocolVersion) },
          body: {
            deviceId: credentials.deviceId,
            deviceSecret: credentials.deviceSecret,
            login: credentials.staffLogin,
            password: credentials.password,
          },
        });
        const headers = {
          'x-hub-protocol': String(syncProtocolVersion),
          authorization: `Bearer ${session.body.token}`,
        };
        const entry = {
          chainSeq: 1,
          at: '2030-06-01T00:00:00.000Z',
          staffId: null,
          action: 'coupon.view',
          entity: 'coupon',
          entityIds: ['c1'],
          detail: {},
          prevHash: auditGenesisHash,
          entryHash: 'f'.repeat(64),
        };
        const forged = await hub.request('POST', '/api/v1/sync/audit-entries', {
          headers,
          body: { entries: [entry] },
        });
        expect(forged.status).toBe(409);
        expect(forged.body.error?.code).toBe('AUDIT_CHAIN_BROKEN');
        const gap = await hub.request<{ heldThrough: number }>('POST', '/api/v1/sync/audit-entries', {
          headers,
          body: { entries: [{ ...entry, chainSeq: 5 }] },
        });
        expect(gap).toMatchObject({ status: 200, body: { heldThrough: 0 } });
        expect(
          await hubDb.sql.query('SELECT 1 FROM desk_audit_log WHERE device_id = $1', [credentials.deviceId]),
        ).toHaveLength(0);
        expect(
          await hubDb.sql.query(
            "SELECT 1 FROM audit_log WHERE action = 'desk_audit.refused' AND entity_id = $1",
            [credentials.deviceId],
          ),
        ).toHaveLength(1);
      });

      it("finds a desk entry rewritten on the hub, and entries cut off against the hub's own log", async () => {
        const asOwner = async (statement: string, params: unknown[] = []) => {
          await hubDb.sql.exec('ALTER TABLE desk_audit_log DISABLE TRIGGER USER');
          try {
            await hubDb.sql.query(statement, params);
          } finally {
            await hubDb.sql.exec('ALTER TABLE desk_audit_log ENABLE TRIGGER USER');
          }
        };
        await expect(
          hubDb.sql.query("UPDATE desk_audit_log SET action = 'x' WHERE device_id = $1", [
            adminCredentials.deviceId,
          ]),
        ).rejects.toThrow(/append-only/);
        const mine = () =>
          verifyDeskAuditChains(hubDb.sql).then((r) =>
            r.find((d) => d.deviceId === adminCredentials.deviceId),
          );
        const held = (await mine())!.entries;
        await asOwner(
          "UPDATE desk_audit_log SET staff_id = 'someone' WHERE device_id = $1 AND chain_seq = 2",
          [adminCredentials.deviceId],
        );
        expect((await mine())!.broken).toMatchObject({
          position: 2,
          problem: expect.stringMatching(/do not match its hash/),
        });
        await asOwner('DELETE FROM desk_audit_log WHERE device_id = $1 AND chain_seq >= 2', [
          adminCredentials.deviceId,
        ]);
        expect((await mine())!.broken).toMatchObject({
          position: 2,
          problem: expect.stringMatching(new RegExp(`records receiving ${held} entries; 1 are here`)),
        });
      });

      it('shows the audit log filtered and paged, audits the view, and exports it', async () => {
        const db = adminDesk.service.db;
        const coupon = await fx.coupon();
        db.prepare(
          `INSERT OR IGNORE INTO coupons (id, municipality_code, ticket_number, name, name_kana, name_kana_key, birth_date, sex, updated_at)
         VALUES (?, '131016', ?, 'x', 'x', 'x', '1940-01-01', 'F', '2030-06-01T00:00:00Z')`,
        ).run(coupon.id, coupon.ticketNumber);
        for (let i = 0; i < 60; i++) {
          appendAudit(db, {
            staffId: 'someone',
            action: 'booking.create',
            entity: 'booking',
            entityIds: [`b${i}`],
          });
        }
        appendAudit(db, {
          staffId: 'someone',
          action: 'coupon.view',
          entity: 'coupon',
          entityIds: [coupon.id],
        });

        const all = await call<AuditPage>(adminDesk, 'audit.listEntries', {
          filter: { action: 'booking.create' },
        });
        expect(all.total).toBe(60);
        expect(all.entries).toHaveLength(50);
        const second = await call<AuditPage>(adminDesk, 'audit.listEntries', {
          filter: { action: 'booking.create' },
          page: 1,
        });
        expect(second.entries).toHaveLength(10);
        expect(second.entries.at(-1)?.entityIds).toEqual(['b0']);
        expect(all.choices.actions).toEqual(expect.arrayContaining(['booking.create', 'coupon.view']));

        const byTicket = await call<AuditPage>(adminDesk, 'audit.listEntries', {
          filter: { resident: ` ${coupon.ticketNumber.slice(0, 4)}-${coupon.ticketNumber.slice(4)} ` },
        });
        expect(byTicket.entries.map((e) => e.entityIds)).toEqual([[coupon.id]]);
        const viewed = db
          .prepare(
            "SELECT entity, entity_ids, detail FROM audit_events WHERE action = 'audit.view' ORDER BY id DESC",
          )
          .get() as { entity: string; entity_ids: string; detail: string };
        expect(viewed.entity).toBe('coupon');
        expect(JSON.parse(viewed.entity_ids)).toEqual([coupon.id]);
        // What was typed (a ticket number) is never in the log.
        expect(`${viewed.entity_ids}${viewed.detail}`).not.toContain(coupon.ticketNumber);
        const unknown = await call<AuditPage>(adminDesk, 'audit.listEntries', {
          filter: { resident: '0000000000' },
        });
        expect(unknown).toMatchObject({ total: 0, residentUnknown: true });

        const future = await call<AuditPage>(adminDesk, 'audit.listEntries', {
          filter: { from: '2099-01-01', to: '2099-01-31' },
        });
        expect(future.total).toBe(0);
        const backwards = await refusal(adminDesk, 'audit.listEntries', {
          filter: { from: '2030-02-01', to: '2030-01-01' },
        });
        expect(backwards.issues?.map((i) => i.path)).toEqual(['filter.to']);

        const csv = await call<ExportOutcome>(adminDesk, 'audit.exportEntries', {
          filter: { action: 'booking.create' },
          format: 'csv',
        });
        expect(csv).toMatchObject({ rowCount: 60, delivery: { kind: 'download' } });
        if (csv.delivery.kind !== 'download') throw new Error('no download');
        const file = adminDesk.service.downloads!.take(csv.delivery.downloadId)!;
        const lines = readFileSync(file.path, 'utf8')
          .replace(/^\uFEFF/, '')
          .trim()
          .split(/\r?\n/);
        expect(lines[0]).toBe('番号,日時,担当者,担当者ID,操作,対象,対象ID,詳細');
        expect(lines).toHaveLength(61);
        const xlsx = await call<ExportOutcome>(adminDesk, 'audit.exportEntries', {
          filter: {},
          format: 'xlsx',
        });
        expect(xlsx.rowCount).toBeGreaterThan(60);
        expect(
          db.prepare("SELECT count(*) FROM audit_events WHERE action = 'audit.export'").pluck().get(),
        ).toBe(2);
        expect(verifyDeskAuditChain(db).broken).toBeNull();

        // Managers may read it too; operators may not.
        expect((await call<AuditPage>(managerDesk, 'audit.listEntries', { filter: {} })).page).toBe(0);
      });
    },
  );
}
