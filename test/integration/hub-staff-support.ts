/** A staff member signed in on a registered desktop, for tests of the sync API. */
import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import type { LoginResponse } from '../../domain/hub-api/sync-api.ts';
import type { StaffRole } from '../../domain/vocabulary/index.ts';
import { createStaff } from '../../server/staff/create-staff.ts';
import type { HubSql } from '../../server/store/hub-sql.ts';
import { registerDevice } from '../../server/sync/device-sessions.ts';
import type { RunningHub } from './hub-http-support.ts';
import { fixtureMunicipality } from './hub-support.ts';

export const protocolHeaders = { 'x-hub-protocol': '1' } as const;

export interface SignedIn {
  headers: Record<string, string>;
  deviceId: string;
  staffId: string;
}

export async function signInStaff(
  hub: RunningHub,
  sql: HubSql,
  role: StaffRole,
  municipalityCode: string = fixtureMunicipality.code,
): Promise<SignedIn> {
  const device = await registerDevice(sql, { name: `PC-${role}`, municipalityCode });
  const login = `${role}-${randomBytes(4).toString('hex')}`;
  const password = 'staff password 1';
  // Venue staff work at the venues of their municipality there are now.
  const venues =
    role === 'venue_staff'
      ? await sql.query<{ id: string }>('SELECT id FROM venues WHERE municipality_code = $1', [
          municipalityCode,
        ])
      : [];
  const { id } = await createStaff(sql, { login, role, password, venueIds: venues.map((v) => v.id) });
  const answer = await hub.request<LoginResponse>('POST', '/api/v1/sync/login', {
    body: { deviceId: device.id, deviceSecret: device.secret, login, password },
    headers: protocolHeaders,
  });
  expect(answer.status).toBe(200);
  return {
    headers: { ...protocolHeaders, authorization: `Bearer ${answer.body.token}` },
    deviceId: device.id,
    staffId: id,
  };
}
