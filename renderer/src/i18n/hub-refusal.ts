/**
 * Why the hub turned a change down, in words, and what the operator can do about it. The stored
 * reason is the hub's code ('SLOT_FULL', 'FORBIDDEN', 'NOT_ELIGIBLE:INTERVAL_TOO_SHORT,…'), which
 * nobody should have to decode. The advice follows the kind of refusal: only a full slot is answered
 * with another slot; a refusal of this desk's hub login (FORBIDDEN) is about the account, not seats.
 */
import type { TFunction } from 'i18next';
import { ineligibilityReasons } from '../../../domain/booking-rules/eligibility.ts';

export const hubRefusalCodes = [
  'SLOT_FULL',
  'SLOT_STARTED',
  'ALREADY_BOOKED',
  'NOT_ELIGIBLE',
  'FORBIDDEN',
  'NOT_CHANGEABLE',
  'NOT_FOUND',
  'VALIDATION',
] as const;
export type HubRefusalCode = (typeof hubRefusalCodes)[number] | 'other';

function parse(stored: string | null): { code: HubRefusalCode; detail: string } {
  const [code = '', detail = ''] = (stored ?? '').split(':');
  return { code: hubRefusalCodes.find((k) => k === code) ?? 'other', detail };
}

/** `of`: what was refused, a booking (phone, walk-in) or a venue-day mark (the account's rights differ). */
export function hubRefusalText(
  t: TFunction,
  stored: string | null,
  of: 'booking' | 'mark' = 'booking',
): string {
  const { code, detail } = parse(stored);
  if (of === 'mark' && code === 'FORBIDDEN') return t('hubRefusal.markForbidden');
  const text = t(`hubRefusal.reason.${code}`);
  if (code !== 'NOT_ELIGIBLE' || detail === '') return text;
  const reasons = detail
    .split(',')
    .map((reason) => ineligibilityReasons.find((k) => k === reason))
    .filter((reason) => reason !== undefined)
    .map((reason) => t(`phoneDesk.reasons.${reason}`));
  return reasons.length > 0 ? t('hubRefusal.notEligibleBecause', { why: reasons.join('、') }) : text;
}

/** What to do next, as one sentence. */
export function hubRefusalAdvice(t: TFunction, stored: string | null): string {
  return t(`hubRefusal.advice.${parse(stored).code}`);
}
