/** `hub create-staff LOGIN --role ROLE`: a staff account with a scrypt-hashed password. */
import { randomUUID } from 'node:crypto';
import { type StaffRole, staffRoles } from '../../domain/vocabulary/index.ts';
import type { HubSql } from '../store/hub-sql.ts';
import { runHubTransaction } from '../store/hub-transaction.ts';
import { type StaffRow, staffRecordOf } from '../store/records.ts';
import { isUniqueViolation } from '../store/sql-errors.ts';
import { hashPassword } from './password-hash.ts';

export const minPasswordLength = 10;

export interface CreateStaffInput {
  login: string;
  role: string;
  password: string;
  displayName?: string;
  municipalityCode?: string;
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

export async function createStaff(sql: HubSql, input: CreateStaffInput): Promise<{ id: string }> {
  const login = input.login.normalize('NFKC').trim();
  if (!/^[a-z0-9._-]{3,64}$/i.test(login)) {
    throw new StaffInputError('a login is 3-64 letters, digits, dots, hyphens or underscores');
  }
  if (!isStaffRole(input.role))
    throw new StaffInputError(`the role must be one of: ${staffRoles.join(', ')}`);
  if (input.password.length < minPasswordLength) {
    throw new StaffInputError(`the password must have at least ${minPasswordLength} characters`);
  }
  const id = randomUUID();
  const passwordHash = await hashPassword(input.password);
  try {
    // The name goes to desktops (the staff directory in the change log) with the account.
    await runHubTransaction(sql, new Date(), async (tx) => {
      const [row] = await tx.query<StaffRow & { municipality_code: string | null }>(
        `INSERT INTO staff (id, login, display_name, role, municipality_code, password_hash)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id, display_name, municipality_code`,
        [id, login, input.displayName ?? login, input.role, input.municipalityCode ?? null, passwordHash],
      );
      tx.changes.upsert('staff', row!.id, staffRecordOf(row!), row!.municipality_code);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new StaffInputError('this login already exists');
    throw error;
  }
  return { id };
}
