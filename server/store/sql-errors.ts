/** Recognizing PostgreSQL errors by SQLSTATE; both drivers put it in `code` (and the constraint name in `constraint`). */

interface PgErrorShape {
  code?: unknown;
  constraint?: unknown;
}

function shape(error: unknown): PgErrorShape {
  return typeof error === 'object' && error !== null ? (error as PgErrorShape) : {};
}

export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = shape(error);
  return e.code === '23505' && (constraint === undefined || e.constraint === constraint);
}

export function isCheckViolation(error: unknown, constraint?: string): boolean {
  const e = shape(error);
  return e.code === '23514' && (constraint === undefined || e.constraint === constraint);
}

/**
 * Deadlock, serialization failure, or a change-log number a reader settled as a gap before this
 * transaction wrote its row (store/change-log.ts): the whole transaction may simply be run again.
 */
export function isRetryableTransactionError(error: unknown): boolean {
  const code = shape(error).code;
  return code === '40P01' || code === '40001' || isUniqueViolation(error, 'change_log_pkey');
}
