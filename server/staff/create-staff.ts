/** `hub create-staff LOGIN --role ROLE`: a staff account with a scrypt-hashed password (the first admin, say). */
import {
  maxPasswordLength,
  minPasswordLength,
  normalizeLogin,
  staffLoginPattern,
} from '../../domain/staff-accounts.ts';
import { type StaffRole, staffRoles } from '../../domain/vocabulary/index.ts';
import { HubError } from '../hub-error.ts';
import type { HubSql } from '../store/hub-sql.ts';
import { runHubTransaction } from '../store/hub-transaction.ts';
import { insertStaffAccount } from './staff-accounts.ts';

export { minPasswordLength };

export interface CreateStaffInput {
  login: string;
  role: string;
  password: string;
  displayName?: string;
  municipalityCode?: string;
  /** Venue staff: the venues they work at (at least one). */
  venueIds?: readonly string[];
}

export class StaffInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StaffInputError';
  }
}

export function isStaffRole(role: string): role is StaffRole {
  return (staffRoles as readonly string[]).includes(role);
}

/** The person typed the password themselves, so it need not be changed at the first sign-in. */
export async function createStaff(sql: HubSql, input: CreateStaffInput): Promise<{ id: string }> {
  const login = normalizeLogin(input.login);
  if (!staffLoginPattern.test(login)) {
    throw new StaffInputError('a login is 3-64 letters, digits, dots, hyphens or underscores');
  }
  if (!isStaffRole(input.role))
    throw new StaffInputError(`the role must be one of: ${staffRoles.join(', ')}`);
  if (input.password.length < minPasswordLength || input.password.length > maxPasswordLength) {
    throw new StaffInputError(
      `the password must have ${minPasswordLength} to ${maxPasswordLength} characters`,
    );
  }
  try {
    const { result } = await runHubTransaction(sql, new Date(), (tx) =>
      insertStaffAccount(tx, null, {
        login,
        displayName: input.displayName ?? login,
        role: input.role as StaffRole,
        venueIds: input.venueIds ?? [],
        password: input.password,
        municipalityCode: input.municipalityCode ?? null,
        passwordChangeRequired: false,
      }),
    );
    return { id: result.id };
  } catch (error) {
    if (error instanceof HubError && error.code === 'VALIDATION') {
      throw new StaffInputError(
        error.fields?.map((f) => `${f.path}: ${f.message}`).join('; ') ?? error.message,
      );
    }
    throw error;
  }
}
