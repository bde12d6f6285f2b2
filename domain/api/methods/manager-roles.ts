/**
 * Who may call the manager's desk methods: every method named `manager.*` (the coupon list import,
 * the dashboard) takes its roles from here, so a role table can cover the group by its prefix.
 */
import type { StaffRole } from '../../vocabulary/index.ts';

export const managerMethodPrefix = 'manager.';
export const managerRoles: readonly StaffRole[] = ['manager'];
