/**
 * The staff account form: its values as typed, this side's checks (the rules of
 * domain/staff-accounts.ts, which the hub checks again), the body sent and, for an existing account,
 * only what changed. The hub's refusals come back on the same fields (staff.login, change.venueIds …).
 */

import type { StaffAccount } from '../../../../domain/api/methods/admin.ts';
import type { CreateStaffBody, StaffChangeBody } from '../../../../domain/hub-api/staff-admin-api.ts';
import { minPasswordLength, normalizeLogin, staffLoginPattern } from '../../../../domain/staff-accounts.ts';
import type { StaffRole } from '../../../../domain/vocabulary/index.ts';
import type { FieldProblems } from '../manager/field-problems.ts';

export interface StaffFormValues {
  login: string;
  displayName: string;
  role: StaffRole;
  venueIds: string[];
  password: string;
}

export type StaffField = keyof StaffFormValues;

export function staffFormValues(account: StaffAccount | null): StaffFormValues {
  return {
    login: account?.login ?? '',
    displayName: account?.displayName ?? '',
    role: account?.role ?? 'operator',
    venueIds: account?.venueIds ?? [],
    password: '',
  };
}

const fields: readonly StaffField[] = ['login', 'displayName', 'role', 'venueIds', 'password'];
export const staffFieldOf = (path: string): StaffField | undefined =>
  fields.find((f) => path === f || path.startsWith(`${f}.`));

export function passwordProblem(password: string): FieldProblems<'password'>['password'] {
  if (password === '') return { kind: 'required' };
  if (password.length < minPasswordLength) return { kind: 'password_length', min: minPasswordLength };
  return undefined;
}

export function checkStaffForm(
  values: StaffFormValues,
  creating: boolean,
): { ok: true; body: CreateStaffBody } | { ok: false; problems: FieldProblems<StaffField> } {
  const problems: FieldProblems<StaffField> = {};
  const login = normalizeLogin(values.login);
  if (creating) {
    if (login === '') problems.login = { kind: 'required' };
    else if (!staffLoginPattern.test(login)) problems.login = { kind: 'login' };
    const password = passwordProblem(values.password);
    if (password) problems.password = password;
  }
  const displayName = values.displayName.normalize('NFKC').trim();
  if (displayName === '') problems.displayName = { kind: 'required' };
  const venueIds = values.role === 'venue_staff' ? values.venueIds : [];
  if (values.role === 'venue_staff' && venueIds.length === 0) problems.venueIds = { kind: 'venues_for_role' };
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  return {
    ok: true,
    body: { login, displayName, role: values.role, venueIds, password: values.password },
  };
}

/** What an edit changes (null: nothing); a change of role names the venues with it. */
export function staffChangeOf(account: StaffAccount, body: CreateStaffBody): StaffChangeBody | null {
  const change: StaffChangeBody = {};
  if (body.displayName !== account.displayName) change.displayName = body.displayName;
  const venues = body.venueIds ?? [];
  const sameVenues = [...venues].sort().join('\n') === [...account.venueIds].sort().join('\n');
  if (body.role !== account.role) {
    change.role = body.role;
    change.venueIds = venues;
  } else if (!sameVenues) {
    change.venueIds = venues;
  }
  return Object.keys(change).length > 0 ? change : null;
}
