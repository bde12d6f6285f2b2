/**
 * Errors that cross the API boundary. They carry a stable code (the UI translates it) and a short
 * English message for logs. They never contain residents' personal data.
 */
export const apiErrorCodes = [
  'VALIDATION',
  'UNKNOWN_METHOD',
  'FORBIDDEN',
  'UNAUTHORIZED',
  'NOT_FOUND',
  'CONFLICT',
  'INTERNAL',
] as const;
export type ApiErrorCode = (typeof apiErrorCodes)[number];

export interface ApiIssue {
  /** Dotted path of the failing input field, e.g. "date" or "filters.venueId". */
  path: string;
  message: string;
}

export interface ApiErrorBody {
  code: ApiErrorCode;
  message: string;
  issues?: ApiIssue[];
}

export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly issues: ApiIssue[] | undefined;

  constructor(code: ApiErrorCode, message: string, issues?: ApiIssue[]) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.issues = issues;
  }

  toBody(): ApiErrorBody {
    return this.issues
      ? { code: this.code, message: this.message, issues: this.issues }
      : { code: this.code, message: this.message };
  }
}

/**
 * A refusal the screen puts in words by its reason: the `reason` issue first, then the figures or
 * fields it names. The message, for logs, says what was refused and why.
 */
export function refusal(
  code: ApiErrorCode,
  what: string,
  reason: string,
  extra: readonly ApiIssue[] = [],
): ApiError {
  return new ApiError(code, `${what} refused: ${reason}`, [{ path: 'reason', message: reason }, ...extra]);
}

/** What every transport returns for one call. */
export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiErrorBody };
