/**
 * Why the hub turned a phone booking down, in words: the stored reason is the hub's code
 * ('SLOT_FULL', 'NOT_ELIGIBLE:INTERVAL_TOO_SHORT,…'), which an operator should never have to decode.
 */
import type { TFunction } from 'i18next';
import { ineligibilityReasons } from '../../../../domain/booking-rules/eligibility.ts';

const knownCodes = [
  'SLOT_FULL',
  'SLOT_STARTED',
  'ALREADY_BOOKED',
  'NOT_ELIGIBLE',
  'NOT_FOUND',
  'VALIDATION',
] as const;

export function rejectReasonText(t: TFunction, stored: string | null): string {
  const [code = '', detail = ''] = (stored ?? '').split(':');
  const known = knownCodes.find((k) => k === code);
  if (!known) return t('phoneDesk.rejectReason.other');
  const text = t(`phoneDesk.rejectReason.${known}`);
  if (known !== 'NOT_ELIGIBLE' || detail === '') return text;
  const reasons = detail
    .split(',')
    .map((reason) => ineligibilityReasons.find((k) => k === reason))
    .filter((reason) => reason !== undefined)
    .map((reason) => t(`phoneDesk.reasons.${reason}`));
  return reasons.length > 0
    ? t('phoneDesk.rejectReason.notEligibleBecause', { why: reasons.join('、') })
    : text;
}
