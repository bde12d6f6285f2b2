/**
 * Staff accounts on the hub (issue 11), part of the staff sync API: an admin's session creates,
 * disables and re-enables staff, resets a password (its owner sets a new one at the next sign-in:
 * the login answers PASSWORD_CHANGE_REQUIRED, and POST /api/v1/sync/password changes it and signs in),
 * changes roles and venues. Admin role only, enforced on the hub; every change is audited.
 */
import { z } from 'zod';
import {
  maxPasswordLength,
  minPasswordLength,
  normalizeLogin,
  staffLoginPattern,
} from '../staff-accounts.ts';
import { staffRoles } from '../vocabulary/index.ts';
import { idInput } from './public-api.ts';
import { loginBodySchema, municipalityCodeInput } from './sync-api.ts';

const passwordInput = z
  .string()
  .min(minPasswordLength, `at least ${minPasswordLength} characters`)
  .max(maxPasswordLength);
const loginInput = z
  .string()
  .max(64)
  .transform(normalizeLogin)
  .pipe(z.string().regex(staffLoginPattern, '3-64 letters, digits, dots, hyphens or underscores'));
const displayNameInput = z
  .string()
  .max(100)
  .transform((s) => s.normalize('NFKC').trim())
  .pipe(z.string().min(1, 'required'));
/** The venues of a venue_staff account (at least one); other roles have none. */
const venueIdsInput = z.array(idInput).max(100);

/** A staff account as admins see it (never its password hash). */
export const staffAccountSchema = z
  .object({
    id: z.string(),
    login: z.string(),
    displayName: z.string(),
    role: z.enum(staffRoles),
    /** null: every municipality of the hub. */
    municipalityCode: z.string().nullable(),
    venueIds: z.array(z.string()),
    active: z.boolean(),
    /** The owner must set a new password at the next sign-in. */
    passwordChangeRequired: z.boolean(),
  })
  .meta({ id: 'StaffAccount' });
export type StaffAccount = z.infer<typeof staffAccountSchema>;

export const staffAccountResponseSchema = z.object({ staff: staffAccountSchema });
export const staffAccountListSchema = z.object({ staff: z.array(staffAccountSchema) });

const venueRule = (b: { role?: string | undefined; venueIds?: string[] | undefined }) =>
  b.role === undefined || (b.role === 'venue_staff') === (b.venueIds ?? []).length > 0;
const venueRuleIssue = {
  message: 'venue staff need at least one venue; other roles none',
  path: ['venueIds'],
};

/** POST /api/v1/sync/staff: `password` is temporary (its owner changes it at the first sign-in). */
export const createStaffBodySchema = z
  .object({
    login: loginInput,
    displayName: displayNameInput,
    role: z.enum(staffRoles),
    venueIds: venueIdsInput.optional(),
    password: passwordInput,
    /** Only for an admin whose session sees every municipality; else the session's. */
    municipalityCode: municipalityCodeInput.optional(),
  })
  .strict()
  .refine(venueRule, venueRuleIssue);
export type CreateStaffBody = z.infer<typeof createStaffBodySchema>;

/**
 * PATCH /api/v1/sync/staff/{staffId}: `active: false` disables the account (its sessions end at once),
 * `true` enables it again. A change of role to or from venue_staff names the venues with it.
 */
export const staffChangeBodySchema = z
  .object({
    displayName: displayNameInput.optional(),
    role: z.enum(staffRoles).optional(),
    venueIds: venueIdsInput.optional(),
    active: z.boolean().optional(),
  })
  .strict()
  .refine((b) => Object.values(b).some((v) => v !== undefined), { message: 'nothing to change', path: [] });
export type StaffChangeBody = z.infer<typeof staffChangeBodySchema>;

/** POST /api/v1/sync/staff/{staffId}/password-reset: a temporary password; the account's sessions end. */
export const passwordResetBodySchema = z.object({ temporaryPassword: passwordInput }).strict();
export type PasswordResetBody = z.infer<typeof passwordResetBodySchema>;

export const staffParamsSchema = z.object({ staffId: z.uuid() }).strict();

/**
 * POST /api/v1/sync/password: the sign-in's fields plus the new password; answers as the login does
 * (the person is signed in with the new password). No bearer token: it is how a person whose login
 * answered PASSWORD_CHANGE_REQUIRED gets in.
 */
export const passwordChangeBodySchema = loginBodySchema
  .extend({ newPassword: passwordInput })
  .strict()
  .refine((b) => b.newPassword !== b.password, {
    message: 'the new password must differ from the current one',
    path: ['newPassword'],
  });
export type PasswordChangeBody = z.infer<typeof passwordChangeBodySchema>;
