/** Which staff roles may do what through the sync API; enforced on the hub, whatever the desktop shows. */
import type { StaffRole } from '../../domain/vocabulary/index.ts';
import { HubError } from '../hub-error.ts';
import type { SyncSession } from './device-sessions.ts';

/** Holding seats is part of taking phone bookings. */
export const holdRoles: readonly StaffRole[] = ['operator', 'manager'];
/** Capacity, call-center reserve, opening and closing slots, venue details. */
export const managerRoles: readonly StaffRole[] = ['manager'];

export function requireRole(session: SyncSession, roles: readonly StaffRole[]): void {
  if (!roles.includes(session.role)) throw new HubError('FORBIDDEN', 'This role may not make this change.');
}
