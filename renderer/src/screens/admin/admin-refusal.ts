/**
 * A refused admin or audit request in words: the role that may not (the desk's own check), the hub
 * login that is not an admin's, else the manager's desk's words for the same reasons (offline, no hub).
 */
import type { TFunction } from 'i18next';
import { ApiError } from '../../../../domain/api/errors.ts';
import { managerRefusalOf } from '../manager/field-problems.ts';
import { refusalText } from '../manager/manager-shared.tsx';

export function adminRefusalText(t: TFunction, error: unknown): string {
  const refusal = managerRefusalOf(error);
  if (refusal?.reason === 'hub_forbidden') return t('admin.refusal.hub_forbidden');
  if (!refusal && error instanceof ApiError && error.code === 'FORBIDDEN') return t('admin.refusal.role');
  return refusalText(t, error);
}

export function auditRefusalText(t: TFunction, error: unknown): string {
  if (error instanceof ApiError && error.code === 'FORBIDDEN') return t('admin.refusal.auditRole');
  return refusalText(t, error);
}
