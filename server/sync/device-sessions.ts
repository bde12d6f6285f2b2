/**
 * Who is syncing: a registered desktop (device id + secret, issued once by `hub register-device`)
 * with a staff member signed in on it (login + password). A successful login gives a bearer token
 * valid for `sessionHours`; the hub stores only its SHA-256.
 */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { LoginBody, LoginResponse } from '../../domain/hub-api/sync-api.ts';
import { normalizeLogin } from '../../domain/staff-accounts.ts';
import type { StaffRole } from '../../domain/vocabulary/index.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { HubError } from '../hub-error.ts';
import { verifyPassword } from '../staff/password-hash.ts';
import type { HubSql, SqlExecutor } from '../store/hub-sql.ts';
import { type HubTx, runHubTransaction } from '../store/hub-transaction.ts';

export const sessionHours = 12;

export interface SyncSession {
  staffId: string;
  role: StaffRole;
  deviceId: string;
  /** null: the session sees every municipality. */
  municipalityCode: string | null;
  /** Venue staff: the venues they work at (their marks, walk-ins and lists); null for other roles. */
  venueIds: string[] | null;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

export async function registerDevice(
  sql: SqlExecutor,
  input: { name: string; municipalityCode?: string | null },
): Promise<{ id: string; secret: string }> {
  const id = randomUUID();
  const secret = randomBytes(32).toString('base64url');
  await sql.query('INSERT INTO devices (id, name, municipality_code, secret_hash) VALUES ($1, $2, $3, $4)', [
    id,
    input.name,
    input.municipalityCode ?? null,
    sha256(secret),
  ]);
  return { id, secret };
}

/**
 * A new secret for a registered desktop (the old one stops signing in); null when there is no such
 * desktop or it was revoked. The desktop keeps its id, so its mutation ids stay its own.
 */
export async function renewDeviceSecret(
  sql: SqlExecutor,
  deviceId: string,
): Promise<{ id: string; secret: string } | null> {
  const secret = randomBytes(32).toString('base64url');
  const renewed = await sql.query(
    'UPDATE devices SET secret_hash = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING id',
    [deviceId, sha256(secret)],
  );
  return renewed.length > 0 ? { id: deviceId, secret } : null;
}

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}

const refused = () => new HubError('UNAUTHORIZED', 'Device or staff credentials are not valid.');

/**
 * Failed sign-ins counted per login, and only those from a known device (its id and secret right):
 * someone who merely knows a login cannot lock its owner out with made-up devices.
 */
export interface SignInGuard {
  /** Seconds until the login may try again after too many failures; 0 when it may. */
  blockedFor(login: string): number;
  failed(login: string): void;
}

interface StaffSignIn {
  id: string;
  display_name: string;
  role: StaffRole;
  password_hash: string;
  municipality_code: string | null;
  password_change_required: boolean;
}

export interface VerifiedSignIn {
  staff: StaffSignIn;
  deviceId: string;
  municipalityCode: string | null;
}

type RefusalReason = 'device' | 'password' | 'municipality' | 'rate_limited' | 'password_change_required';

/** A refused sign-in in the audit: the device and account when known, and why (never what was typed). */
export async function auditSignInRefusal(
  sql: HubSql,
  now: Date,
  who: { staffId: string | null; deviceId: string | null },
  reason: RefusalReason,
): Promise<void> {
  await runHubTransaction(sql, now, (tx) =>
    appendAudit(tx, who, {
      action: 'staff.sign_in_refused',
      entity: 'staff',
      entityId: who.staffId ?? '-',
      municipalityCode: null,
      before: {},
      after: { reason },
    }),
  );
}

/**
 * Checks the device and the staff member's password (both always, so the time taken does not tell
 * which was wrong); refusals are audited and throw UNAUTHORIZED (or RATE_LIMITED for a login under
 * attack from a known device). Does not look at password_change_required.
 */
export async function verifySignIn(
  sql: HubSql,
  body: LoginBody,
  now: Date,
  guard: SignInGuard,
): Promise<VerifiedSignIn> {
  const login = normalizeLogin(body.login);
  const [device] = await sql.query<{ secret_hash: string; municipality_code: string | null }>(
    'SELECT secret_hash, municipality_code FROM devices WHERE id = $1 AND revoked_at IS NULL',
    [body.deviceId],
  );
  const [staff] = await sql.query<StaffSignIn>(
    `SELECT id, display_name, role, password_hash, municipality_code, password_change_required
       FROM staff WHERE login = $1 AND active`,
    [login],
  );
  const deviceOk = device ? sameHash(device.secret_hash, sha256(body.deviceSecret)) : false;
  const who = { staffId: staff?.id ?? null, deviceId: deviceOk ? body.deviceId : null };
  const wait = deviceOk ? guard.blockedFor(login) : 0;
  if (wait > 0) {
    await auditSignInRefusal(sql, now, who, 'rate_limited');
    throw new HubError('RATE_LIMITED', 'Too many sign-in attempts; wait a little.', {
      retryAfterSeconds: wait,
    });
  }
  const passwordOk = await verifyPassword(
    body.password,
    staff?.password_hash ?? 'scrypt$16384$8$1$AAAA$AAAA',
  );
  if (!device || !staff || !deviceOk || !passwordOk) {
    if (deviceOk) guard.failed(login);
    await auditSignInRefusal(sql, now, who, deviceOk ? 'password' : 'device');
    throw refused();
  }
  if (
    device.municipality_code &&
    staff.municipality_code &&
    device.municipality_code !== staff.municipality_code
  ) {
    await auditSignInRefusal(sql, now, who, 'municipality');
    throw refused();
  }
  return {
    staff,
    deviceId: body.deviceId,
    municipalityCode: device.municipality_code ?? staff.municipality_code,
  };
}

/** A new session for a verified sign-in (audited `staff.sign_in`); `tx` may first change the account. */
export async function openSession(
  sql: HubSql,
  signIn: VerifiedSignIn,
  now: Date,
  before?: (tx: HubTx) => Promise<void>,
): Promise<LoginResponse> {
  const { staff, deviceId, municipalityCode } = signIn;
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + sessionHours * 3_600_000);
  await runHubTransaction(sql, now, async (tx) => {
    await before?.(tx);
    await tx.query(
      `INSERT INTO sync_sessions (token_hash, staff_id, device_id, municipality_code, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [sha256(token), staff.id, deviceId, municipalityCode, now, expiresAt],
    );
    await tx.query('UPDATE devices SET last_seen_at = $2 WHERE id = $1', [deviceId, now]);
    await tx.query('DELETE FROM sync_sessions WHERE expires_at < $1', [now]);
    await appendAudit(
      tx,
      { staffId: staff.id, deviceId },
      {
        action: 'staff.sign_in',
        entity: 'staff',
        entityId: staff.id,
        municipalityCode,
        before: {},
        after: {},
      },
    );
  });
  return {
    token,
    expiresAt: expiresAt.toISOString(),
    staff: { id: staff.id, displayName: staff.display_name, role: staff.role },
    municipalityCode,
  };
}

/**
 * Signs a staff member in on a registered desktop. A password an admin set (a new account, a reset)
 * answers PASSWORD_CHANGE_REQUIRED: its owner sets their own first (staff-accounts.ts changePassword).
 */
export async function login(
  sql: HubSql,
  body: LoginBody,
  now: Date,
  guard: SignInGuard,
): Promise<LoginResponse> {
  const signIn = await verifySignIn(sql, body, now, guard);
  if (signIn.staff.password_change_required) {
    await auditSignInRefusal(
      sql,
      now,
      { staffId: signIn.staff.id, deviceId: signIn.deviceId },
      'password_change_required',
    );
    throw new HubError(
      'PASSWORD_CHANGE_REQUIRED',
      'This password was set by an admin; choose a new one (POST /api/v1/sync/password).',
    );
  }
  return openSession(sql, signIn, now);
}

export async function sessionOf(
  sql: SqlExecutor,
  authorization: string | undefined,
  now: Date,
): Promise<SyncSession> {
  const token = /^Bearer ([A-Za-z0-9_-]{20,100})$/.exec(authorization ?? '')?.[1];
  if (!token) throw new HubError('UNAUTHORIZED', 'Sign in first (Authorization: Bearer <token>).');
  const [row] = await sql.query<{
    staff_id: string;
    role: StaffRole;
    device_id: string;
    municipality_code: string | null;
    venue_ids: string[];
  }>(
    `SELECT s.staff_id, st.role, s.device_id, s.municipality_code,
            ARRAY(SELECT v.venue_id FROM staff_venues v WHERE v.staff_id = s.staff_id ORDER BY v.venue_id) AS venue_ids
     FROM sync_sessions s JOIN staff st ON st.id = s.staff_id JOIN devices d ON d.id = s.device_id
     WHERE s.token_hash = $1 AND s.expires_at > $2 AND st.active AND NOT st.password_change_required
       AND d.revoked_at IS NULL`,
    [sha256(token), now],
  );
  if (!row) throw new HubError('UNAUTHORIZED', 'The session has expired or was revoked; sign in again.');
  return {
    staffId: row.staff_id,
    role: row.role,
    deviceId: row.device_id,
    municipalityCode: row.municipality_code,
    venueIds: row.role === 'venue_staff' ? row.venue_ids : null,
  };
}
