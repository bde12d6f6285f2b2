/**
 * Why the hub turned a change down, in words, and what the operator can do about it. The desk keeps
 * the hub's code ('SLOT_FULL', 'FORBIDDEN', 'NOT_ELIGIBLE' with its reasons), which nobody should
 * have to decode. The advice follows the kind of refusal: only a full slot is answered
 * with another slot; a refusal of this desk's hub login (FORBIDDEN) is about the account, not seats.
 */
import type { TFunction } from 'i18next';
import type { HubRejection } from '../../../domain/api/contract.ts';

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

const knownCode = (code: string): HubRefusalCode => hubRefusalCodes.find((k) => k === code) ?? 'other';

/** `of`: what was refused, a booking (phone, walk-in) or a venue-day mark (the account's rights differ). */
export function hubRefusalText(
  t: TFunction,
  rejection: HubRejection | null,
  of: 'booking' | 'mark' = 'booking',
): string {
  const code = knownCode(rejection?.code ?? '');
  if (of === 'mark' && code === 'FORBIDDEN') return t('hubRefusal.markForbidden');
  const text = t(`hubRefusal.reason.${code}`);
  const reasons = code === 'NOT_ELIGIBLE' ? (rejection?.reasons ?? []) : [];
  if (reasons.length === 0) return text;
  return t('hubRefusal.notEligibleBecause', {
    why: reasons.map((reason) => t(`phoneDesk.reasons.${reason}`)).join('、'),
  });
}

/** What to do next, as one sentence. */
export function hubRefusalAdvice(t: TFunction, rejection: HubRejection | null): string {
  return t(`hubRefusal.advice.${knownCode(rejection?.code ?? '')}`);
}
