/**
 * The coupon list's problems in the user's words: a row's reason (read back into its key by
 * domain/coupon-list/row-problems.ts), a file that is no coupon list, and a refused step.
 */
import type { TFunction } from 'i18next';
import { ApiError } from '../../../../domain/api/errors.ts';
import {
  type CouponImportRefusal,
  couponImportRefusals,
} from '../../../../domain/api/methods/manager-coupon-import.ts';
import { type CouponColumn, couponColumns } from '../../../../domain/coupon-list/coupon-rows.ts';
import { readFileProblem, readRowReason } from '../../../../domain/coupon-list/row-problems.ts';
import { errorCodeOf } from '../../api/client-error.ts';

export function columnLabel(t: TFunction, column: string): string {
  return (couponColumns as readonly string[]).includes(column)
    ? t(`couponImport.column.${column as CouponColumn}`)
    : column;
}

export function rowReasonText(t: TFunction, reason: string): string {
  const read = readRowReason(reason);
  switch (read.key) {
    case 'sameTicket':
      return t('couponImport.reason.sameTicket', { row: read.firstRow });
    case 'otherMunicipality':
      return t('couponImport.reason.otherMunicipality', { code: read.municipalityCode });
    case 'unknown':
      return read.text;
    default:
      return t(`couponImport.reason.${read.key}`);
  }
}

function fileProblemText(t: TFunction, message: string): string {
  const problem = readFileProblem(message);
  switch (problem.key) {
    case 'missingColumns':
      return t('couponImport.fileProblem.missingColumns', {
        columns: problem.columns.map((c) => columnLabel(t, c)).join(t('couponImport.listSeparator')),
      });
    case 'doubledColumn':
      return t('couponImport.fileProblem.doubledColumn', { column: columnLabel(t, problem.column) });
    case 'openQuote':
      return t('couponImport.fileProblem.openQuote', { record: problem.record });
    default:
      return t(`couponImport.fileProblem.${problem.key}`);
  }
}

/** A failed step in words: the refusal's reason when the desk gave one, else the error's code. */
export function refusalText(t: TFunction, error: unknown): string {
  if (error instanceof ApiError) {
    const issue = (path: string) => error.issues?.find((i) => i.path === path)?.message;
    const reason = issue('reason');
    if (reason && (couponImportRefusals as readonly string[]).includes(reason)) {
      const file = issue('file');
      if (reason === 'file_unreadable' && file) return fileProblemText(t, file);
      return t(`couponImport.refusal.${reason as CouponImportRefusal}`, { code: issue('hubCode') ?? '' });
    }
  }
  return t(`errors.code.${errorCodeOf(error)}`);
}
