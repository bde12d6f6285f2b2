/**
 * A bearer token of the hub's sync API for a load generator or a change-log reader: a registered
 * device and a staff member signed in by the hub's own login, straight on its database (so the
 * sign-in limit per address does not stand between many simulated desks and one machine).
 */
import { createStaff } from '../../server/staff/create-staff.ts';
import type { HubSql } from '../../server/store/hub-sql.ts';
import { login, registerDevice } from '../../server/sync/device-sessions.ts';

export async function syncToken(sql: HubSql, name: string, now = new Date()): Promise<string> {
  const device = await registerDevice(sql, { name });
  const staffLogin = `${name.replaceAll(/[^a-z0-9]+/gi, '-')}-${device.id.slice(0, 8)}`;
  const password = 'load generator password';
  await createStaff(sql, { login: staffLogin, role: 'operator', password });
  const session = await login(
    sql,
    { deviceId: device.id, deviceSecret: device.secret, login: staffLogin, password },
    now,
    // No sign-in limit for the load's own logins: they are right, and many come from one address.
    { blockedFor: () => 0, failed: () => {} },
  );
  return session.token;
}
