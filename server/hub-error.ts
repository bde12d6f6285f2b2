/** An answer the hub gives on purpose (not a bug): a stable code, its HTTP status, a message free of personal data. */
import type { IneligibilityReason } from '../domain/booking-rules/eligibility.ts';
import {
  type BelowBooked,
  type FieldIssue,
  type HubErrorCode,
  hubErrorStatus,
  type SlotOverlapView,
} from '../domain/hub-api/errors.ts';

export interface HubErrorExtra {
  fields?: FieldIssue[];
  reasons?: IneligibilityReason[];
  retryAfterSeconds?: number;
  belowBooked?: BelowBooked[];
  overlaps?: SlotOverlapView[];
}

export class HubError extends Error {
  readonly code: HubErrorCode;
  readonly status: number;
  readonly fields: FieldIssue[] | undefined;
  readonly reasons: IneligibilityReason[] | undefined;
  /** For RATE_LIMITED and LOCKED: when to try again. */
  readonly retryAfterSeconds: number | undefined;
  /** For CAPACITY_BELOW_BOOKED: the slots in the way and their bookings. */
  readonly belowBooked: BelowBooked[] | undefined;
  /** For OVERLAP: the new slots that meet existing ones. */
  readonly overlaps: SlotOverlapView[] | undefined;

  constructor(code: HubErrorCode, message: string, extra: HubErrorExtra = {}) {
    super(message);
    this.name = 'HubError';
    this.code = code;
    this.status = hubErrorStatus[code];
    this.fields = extra.fields;
    this.reasons = extra.reasons;
    this.retryAfterSeconds = extra.retryAfterSeconds;
    this.belowBooked = extra.belowBooked;
    this.overlaps = extra.overlaps;
  }
}
