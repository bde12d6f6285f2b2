/**
 * The admin screen (管理, issue 11): staff accounts, run on the hub (domain/hub-api/staff-admin-api.ts)
 * at once with the desk's hub session, never queued: offline a change is refused (reason
 * `hub_offline`, or `no_hub` on a desktop attached to no hub) and nothing changes anywhere. Refusals
 * come as ApiErrors like the manager's (managerRefusals: the `reason` issue), a VALIDATION with the
 * failing fields named by the input's paths (`staff.login`, `change.venueIds`, `reset.temporaryPassword`).
 */
import { z } from 'zod';
import {
  createStaffBodySchema,
  passwordResetBodySchema,
  type StaffAccount,
  staffChangeBodySchema,
} from '../../hub-api/staff-admin-api.ts';
import type { StaffRole } from '../../vocabulary/index.ts';
import { method } from '../method-spec.ts';

/** Who may run staff accounts: every method named `admin.*`. */
export const adminMethodPrefix = 'admin.';
export const adminRoles: readonly StaffRole[] = ['admin'];

export type { StaffAccount };

export interface AdminStaffList {
  /** As the hub has them, by login. */
  staff: StaffAccount[];
  /** Venues a venue staff account can be bound to (this desktop's copy), active first. */
  venues: Array<{ id: string; name: string; active: boolean }>;
}

const staffId = z.uuid();

export const adminMethods = {
  'admin.listStaff': method<AdminStaffList>()({
    input: z.object({}).strict(),
    roles: adminRoles,
  }),
  /** `password` is temporary: the person sets their own at the first sign-in. */
  'admin.createStaff': method<{ staff: StaffAccount }>()({
    input: z.object({ staff: createStaffBodySchema }).strict(),
    roles: adminRoles,
  }),
  /** Name, role, venues; `change.active: false` disables the account (its sessions end), true enables it. */
  'admin.changeStaff': method<{ staff: StaffAccount }>()({
    input: z.object({ staffId, change: staffChangeBodySchema }).strict(),
    roles: adminRoles,
  }),
  /** A temporary password; the account's sessions end and its owner sets a new one at the next sign-in. */
  'admin.resetPassword': method<{ staff: StaffAccount }>()({
    input: z.object({ staffId, reset: passwordResetBodySchema }).strict(),
    roles: adminRoles,
  }),
};
