/** Staff roles, from DESIGN.md "Data protection". Enforced in the desktop process and on the hub. */
export const staffRoles = ['operator', 'venue_staff', 'manager', 'admin'] as const;
export type StaffRole = (typeof staffRoles)[number];

export const allRoles: readonly StaffRole[] = staffRoles;
