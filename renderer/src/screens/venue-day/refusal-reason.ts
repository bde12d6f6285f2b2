/** The reason code the desktop gives when it refuses a venue-day change (CONFLICT / NOT_FOUND issues). */
import { ApiError } from '../../../../domain/api/errors.ts';

export const refusalReasons = [
  'not_found',
  'not_allowed',
  'nothing_to_undo',
  'too_late_to_undo',
  'slot_not_found',
  'slot_closed',
  'slot_full',
  'coupon_unusable',
  'already_booked_today',
] as const;
export type RefusalReason = (typeof refusalReasons)[number];

export function refusalReason(error: unknown): RefusalReason | null {
  if (!(error instanceof ApiError)) return null;
  const reason = error.issues?.find((issue) => issue.path === 'reason')?.message;
  return (refusalReasons as readonly string[]).includes(reason ?? '') ? (reason as RefusalReason) : null;
}
