/** An answer the hub gives on purpose (not a bug): a stable code, its HTTP status, a message free of personal data. */
import type { IneligibilityReason } from '../domain/booking-rules/eligibility.ts';
import { type FieldIssue, type HubErrorCode, hubErrorStatus } from '../domain/hub-api/errors.ts';

export class HubError extends Error {
  readonly code: HubErrorCode;
  readonly status: number;
  readonly fields: FieldIssue[] | undefined;
  readonly reasons: IneligibilityReason[] | undefined;
  /** For RATE_LIMITED and LOCKED: when to try again. */
  readonly retryAfterSeconds: number | undefined;

  constructor(
    code: HubErrorCode,
    message: string,
    extra: { fields?: FieldIssue[]; reasons?: IneligibilityReason[]; retryAfterSeconds?: number } = {},
  ) {
    super(message);
    this.name = 'HubError';
    this.code = code;
    this.status = hubErrorStatus[code];
    this.fields = extra.fields;
    this.reasons = extra.reasons;
    this.retryAfterSeconds = extra.retryAfterSeconds;
  }
}
