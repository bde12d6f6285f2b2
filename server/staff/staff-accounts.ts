/**
 * Staff accounts run by admins (domain/hub-api/staff-admin-api.ts): create, disable and enable, reset
 * a password, change role and venues; and a person's own password change. Each change is one hub
 * transaction with its audit entry (ids, role, venues, flags: never a password or what was typed) and,
 * when the name changes, the staff directory's change-log row. An admin's session of one municipality
 * manages that municipality's accounts. Disabling an account or resetting its password ends its
 * sessions; a role or venue change applies from the account's next request.
 */
import { randomUUID } from 'node:crypto';
import type {
  CreateStaffBody,
  PasswordChangeBody,
  PasswordResetBody,
  StaffAccount,
  StaffChangeBody,
} from '../../domain/hub-api/staff-admin-api.ts';
import type { LoginResponse } from '../../domain/hub-api/sync-api.ts';
import type { StaffRole } from '../../domain/vocabulary/index.ts';
import { type AuditActor, appendAudit, changedFields } from '../audit/audit-log.ts';
import { HubError } from '../hub-error.ts';
import type { HubSql, SqlExecutor } from '../store/hub-sql.ts';
import { type HubTx, runHubTransaction } from '../store/hub-transaction.ts';
import { staffRecordOf } from '../store/records.ts';
import { isUniqueViolation } from '../store/sql-errors.ts';
import { openSession, type SignInGuard, type SyncSession, verifySignIn } from '../sync/device-sessions.ts';
import { requireRole } from '../sync/session-roles.ts';
import { hashPassword } from './password-hash.ts';

export const adminRoles: readonly StaffRole[] = ['admin'];

interface AccountRow {
  id: string;
  login: string;
  display_name: string;
  role: StaffRole;
  municipality_code: string | null;
  venue_ids: string[];
  active: boolean;
  password_change_required: boolean;
}

const accountColumns = `s.id, s.login, s.display_name, s.role, s.municipality_code, s.active, s.password_change_required,
  ARRAY(SELECT v.venue_id FROM staff_venues v WHERE v.staff_id = s.id ORDER BY v.venue_id) AS venue_ids`;

const accountOf = (row: AccountRow): StaffAccount => ({
  id: row.id,
  login: row.login,
  displayName: row.display_name,
  role: row.role,
  municipalityCode: row.municipality_code,
  venueIds: row.venue_ids,
  active: row.active,
  passwordChangeRequired: row.password_change_required,
});

/** What an audit entry keeps of an account: no name, no login, no password. */
const auditedFields = (row: AccountRow) => ({
  role: row.role,
  venueIds: row.venue_ids,
  active: row.active,
  passwordChangeRequired: row.password_change_required,
});

const invalid = (path: string, message: string) =>
  new HubError('VALIDATION', `${path}: ${message}`, { fields: [{ path, message }] });

export interface StaffDeps {
  sql: HubSql;
  clock: () => Date;
}

export async function listStaff(deps: StaffDeps, session: SyncSession): Promise<StaffAccount[]> {
  requireRole(session, adminRoles);
  const rows = await deps.sql.query<AccountRow>(
    `SELECT ${accountColumns} FROM staff s
      WHERE s.password_hash <> '!' AND ($1::text IS NULL OR s.municipality_code = $1)
      ORDER BY s.login`,
    [session.municipalityCode],
  );
  return rows.map(accountOf);
}

/** The account under its row lock, if this admin's session may manage it. */
async function lockedAccount(tx: SqlExecutor, session: SyncSession, staffId: string): Promise<AccountRow> {
  const [row] = await tx.query<AccountRow>(
    `SELECT ${accountColumns} FROM staff s
      WHERE s.id = $1 AND s.password_hash <> '!' AND ($2::text IS NULL OR s.municipality_code = $2)
      FOR UPDATE`,
    [staffId, session.municipalityCode],
  );
  if (!row) throw new HubError('NOT_FOUND', 'No such staff account.');
  return row;
}

/** Venue staff work at one or more venues of their municipality; other roles at none. */
async function checkVenues(
  tx: SqlExecutor,
  role: StaffRole,
  venueIds: readonly string[],
  municipalityCode: string | null,
): Promise<string[]> {
  const unique = [...new Set(venueIds)].sort();
  if (role !== 'venue_staff') {
    if (unique.length > 0) throw invalid('venueIds', 'only venue staff are bound to venues');
    return [];
  }
  if (unique.length === 0) throw invalid('venueIds', 'venue staff need at least one venue');
  const found = await tx.query<{ id: string }>(
    'SELECT id FROM venues WHERE id = ANY($1::text[]) AND ($2::text IS NULL OR municipality_code = $2)',
    [unique, municipalityCode],
  );
  const missing = unique.filter((id) => !found.some((f) => f.id === id));
  if (missing.length > 0) throw invalid('venueIds', `no such venue here: ${missing.join(', ')}`);
  return unique;
}

async function setVenues(tx: SqlExecutor, staffId: string, venueIds: readonly string[]): Promise<void> {
  await tx.query('DELETE FROM staff_venues WHERE staff_id = $1', [staffId]);
  if (venueIds.length > 0) {
    await tx.query('INSERT INTO staff_venues (staff_id, venue_id) SELECT $1, unnest($2::text[])', [
      staffId,
      venueIds,
    ]);
  }
}

const endSessions = (tx: SqlExecutor, staffId: string) =>
  tx.query('DELETE FROM sync_sessions WHERE staff_id = $1', [staffId]);

async function reread(tx: SqlExecutor, staffId: string): Promise<AccountRow> {
  const [row] = await tx.query<AccountRow>(`SELECT ${accountColumns} FROM staff s WHERE s.id = $1`, [
    staffId,
  ]);
  return row!;
}

export interface NewStaffAccount {
  login: string;
  displayName: string;
  role: StaffRole;
  venueIds: readonly string[];
  password: string;
  municipalityCode: string | null;
  /** An admin set the password: its owner must choose their own at the first sign-in. */
  passwordChangeRequired: boolean;
}

/** Inserts an account (the staff directory's row in the change log, the audit entry) in `tx`. */
export async function insertStaffAccount(
  tx: HubTx,
  actor: AuditActor,
  input: NewStaffAccount,
): Promise<StaffAccount> {
  if (input.municipalityCode !== null) {
    const known = await tx.query('SELECT 1 FROM municipalities WHERE code = $1', [input.municipalityCode]);
    if (known.length === 0) throw invalid('municipalityCode', 'no such municipality on this hub');
  }
  const venueIds = await checkVenues(tx, input.role, input.venueIds, input.municipalityCode);
  const id = randomUUID();
  try {
    await tx.query(
      `INSERT INTO staff (id, login, display_name, role, municipality_code, password_hash, password_change_required)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        id,
        input.login,
        input.displayName,
        input.role,
        input.municipalityCode,
        await hashPassword(input.password),
        input.passwordChangeRequired,
      ],
    );
  } catch (error) {
    if (isUniqueViolation(error)) throw invalid('login', 'this login already exists');
    throw error;
  }
  await setVenues(tx, id, venueIds);
  const row = await reread(tx, id);
  tx.changes.upsert('staff', id, staffRecordOf(row), row.municipality_code);
  await appendAudit(tx, actor, {
    action: 'staff.create',
    entity: 'staff',
    entityId: id,
    municipalityCode: row.municipality_code,
    before: {},
    after: auditedFields(row),
  });
  return accountOf(row);
}

export async function createStaffAccount(
  deps: StaffDeps,
  session: SyncSession,
  body: CreateStaffBody,
): Promise<StaffAccount> {
  requireRole(session, adminRoles);
  if (
    session.municipalityCode &&
    body.municipalityCode &&
    body.municipalityCode !== session.municipalityCode
  ) {
    throw invalid('municipalityCode', "an admin of one municipality creates that municipality's staff only");
  }
  const { result } = await runHubTransaction(deps.sql, deps.clock(), (tx) =>
    insertStaffAccount(tx, session, {
      login: body.login,
      displayName: body.displayName,
      role: body.role,
      venueIds: body.venueIds ?? [],
      password: body.password,
      municipalityCode: session.municipalityCode ?? body.municipalityCode ?? null,
      passwordChangeRequired: true,
    }),
  );
  return result;
}

export async function changeStaffAccount(
  deps: StaffDeps,
  session: SyncSession,
  staffId: string,
  body: StaffChangeBody,
): Promise<StaffAccount> {
  requireRole(session, adminRoles);
  if (staffId === session.staffId && (body.active === false || (body.role && body.role !== session.role))) {
    throw invalid(
      body.active === false ? 'active' : 'role',
      'an admin cannot disable or demote their own account',
    );
  }
  const { result } = await runHubTransaction(deps.sql, deps.clock(), async (tx) => {
    const before = await lockedAccount(tx, session, staffId);
    const role = body.role ?? before.role;
    const venueIds =
      body.venueIds !== undefined || role !== before.role
        ? await checkVenues(
            tx,
            role,
            body.venueIds ?? (role === 'venue_staff' ? before.venue_ids : []),
            before.municipality_code,
          )
        : before.venue_ids;
    await tx.query(
      'UPDATE staff SET display_name = $2, role = $3, active = $4, updated_at = $5 WHERE id = $1',
      [staffId, body.displayName ?? before.display_name, role, body.active ?? before.active, tx.now],
    );
    await setVenues(tx, staffId, venueIds);
    if (body.active === false) await endSessions(tx, staffId);
    const after = await reread(tx, staffId);
    if (after.display_name !== before.display_name) {
      tx.changes.upsert('staff', staffId, staffRecordOf(after), after.municipality_code);
    }
    const changed = changedFields(auditedFields(before), auditedFields(after));
    const renamed = after.display_name !== before.display_name;
    if (Object.keys(changed.after).length > 0 || renamed) {
      await appendAudit(tx, session, {
        action: 'staff.change',
        entity: 'staff',
        entityId: staffId,
        municipalityCode: after.municipality_code,
        before: changed.before,
        after: renamed ? { ...changed.after, displayNameChanged: true } : changed.after,
      });
    }
    return accountOf(after);
  });
  return result;
}

export async function resetStaffPassword(
  deps: StaffDeps,
  session: SyncSession,
  staffId: string,
  body: PasswordResetBody,
): Promise<StaffAccount> {
  requireRole(session, adminRoles);
  const hash = await hashPassword(body.temporaryPassword);
  const { result } = await runHubTransaction(deps.sql, deps.clock(), async (tx) => {
    const account = await lockedAccount(tx, session, staffId);
    await setPassword(tx, session, account, hash, { byAdmin: true });
    return accountOf(await reread(tx, staffId));
  });
  return result;
}

/**
 * A new password hash; the account's sessions end and the change is audited. Set by an admin (a
 * reset), its owner must change it at the next sign-in; set by its owner, not.
 */
async function setPassword(
  tx: HubTx,
  actor: AuditActor,
  account: { id: string; municipality_code: string | null },
  hash: string,
  { byAdmin }: { byAdmin: boolean },
): Promise<void> {
  await tx.query(
    'UPDATE staff SET password_hash = $2, password_change_required = $3, updated_at = $4 WHERE id = $1',
    [account.id, hash, byAdmin, tx.now],
  );
  await endSessions(tx, account.id);
  await appendAudit(tx, actor, {
    action: byAdmin ? 'staff.password_reset' : 'staff.password_change',
    entity: 'staff',
    entityId: account.id,
    municipalityCode: account.municipality_code,
    before: {},
    after: { passwordChangeRequired: byAdmin },
  });
}

/**
 * A person sets their own password, proving the current one on a registered desktop, and is signed
 * in with the new one (their other sessions end). The way in after PASSWORD_CHANGE_REQUIRED.
 */
export async function changePassword(
  deps: StaffDeps,
  body: PasswordChangeBody,
  guard: SignInGuard,
): Promise<LoginResponse> {
  const now = deps.clock();
  const signIn = await verifySignIn(deps.sql, body, now, guard);
  const hash = await hashPassword(body.newPassword);
  return openSession(deps.sql, signIn, now, (tx) =>
    setPassword(
      tx,
      { staffId: signIn.staff.id, deviceId: signIn.deviceId },
      { id: signIn.staff.id, municipality_code: signIn.municipalityCode },
      hash,
      { byAdmin: false },
    ),
  );
}
