/**
 * Who is syncing: a registered desktop (device id + secret, issued once by `hub register-device`)
 * with a staff member signed in on it (login + password). A successful login gives a bearer token
 * valid for `sessionHours`; the hub stores only its SHA-256.
 */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { LoginBody, LoginResponse } from '../../domain/hub-api/sync-api.ts';
import type { StaffRole } from '../../domain/vocabulary/index.ts';
import { HubError } from '../hub-error.ts';
import { verifyPassword } from '../staff/password-hash.ts';
import type { HubSql, SqlExecutor } from '../store/hub-sql.ts';

export const sessionHours = 12;

export interface SyncSession {
  staffId: string;
  role: StaffRole;
  deviceId: string;
  /** null: the session sees every municipality. */
  municipalityCode: string | null;
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

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}

const refused = () => new HubError('UNAUTHORIZED', 'Device or staff credentials are not valid.');

export async function login(sql: HubSql, body: LoginBody, now: Date): Promise<LoginResponse> {
  const [device] = await sql.query<{ secret_hash: string; municipality_code: string | null }>(
    'SELECT secret_hash, municipality_code FROM devices WHERE id = $1 AND revoked_at IS NULL',
    [body.deviceId],
  );
  const [staff] = await sql.query<{
    id: string;
    display_name: string;
    role: StaffRole;
    password_hash: string;
    municipality_code: string | null;
  }>(
    'SELECT id, display_name, role, password_hash, municipality_code FROM staff WHERE login = $1 AND active',
    [body.login.normalize('NFKC').trim()],
  );
  // Both checks always run, so the time taken does not tell which credential was wrong.
  const deviceOk = device ? sameHash(device.secret_hash, sha256(body.deviceSecret)) : false;
  const passwordOk = await verifyPassword(
    body.password,
    staff?.password_hash ?? 'scrypt$16384$8$1$AAAA$AAAA',
  );
  if (!device || !staff || !deviceOk || !passwordOk) throw refused();
  if (
    device.municipality_code &&
    staff.municipality_code &&
    device.municipality_code !== staff.municipality_code
  ) {
    throw refused();
  }
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + sessionHours * 3_600_000);
  const municipalityCode = device.municipality_code ?? staff.municipality_code;
  await sql.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO sync_sessions (token_hash, staff_id, device_id, municipality_code, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [sha256(token), staff.id, body.deviceId, municipalityCode, now, expiresAt],
    );
    await tx.query('UPDATE devices SET last_seen_at = $2 WHERE id = $1', [body.deviceId, now]);
    await tx.query('DELETE FROM sync_sessions WHERE expires_at < $1', [now]);
  });
  return {
    token,
    expiresAt: expiresAt.toISOString(),
    staff: { id: staff.id, displayName: staff.display_name, role: staff.role },
    municipalityCode,
  };
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
  }>(
    `SELECT s.staff_id, st.role, s.device_id, s.municipality_code
     FROM sync_sessions s JOIN staff st ON st.id = s.staff_id JOIN devices d ON d.id = s.device_id
     WHERE s.token_hash = $1 AND s.expires_at > $2 AND st.active AND d.revoked_at IS NULL`,
    [sha256(token), now],
  );
  if (!row) throw new HubError('UNAUTHORIZED', 'The session has expired or was revoked; sign in again.');
  return {
    staffId: row.staff_id,
    role: row.role,
    deviceId: row.device_id,
    municipalityCode: row.municipality_code,
  };
}
