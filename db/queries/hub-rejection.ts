/** The hub's refusal as the reject_code and reject_reasons columns hold it (db/migrations/010). */
import type { HubRejection } from '../../domain/api/contract.ts';
import { type IneligibilityReason, ineligibilityReasons } from '../../domain/vocabulary/terms.ts';

const isIneligibilityReason = (value: unknown): value is IneligibilityReason =>
  ineligibilityReasons.some((reason) => reason === value);

/** Null without a code; reasons this version does not know are left out, the rest keep the hub's order. */
export function rejectionFromColumns(code: string | null, reasons: string): HubRejection | null {
  if (code === null) return null;
  let stored: unknown;
  try {
    stored = JSON.parse(reasons);
  } catch {
    stored = [];
  }
  return { code, reasons: Array.isArray(stored) ? stored.filter(isIneligibilityReason) : [] };
}

export const rejectionColumns = (
  rejection: HubRejection | null | undefined,
): { rejectCode: string | null; rejectReasons: string } => ({
  rejectCode: rejection?.code ?? null,
  rejectReasons: JSON.stringify(rejection?.reasons ?? []),
});
