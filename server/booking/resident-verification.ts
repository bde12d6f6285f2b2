/**
 * Proving who is booking: ticket number + date of birth must match a coupon. A 10-digit number and
 * a birth date are weak proof, so attempts per ticket number are limited: after `maxFailures`
 * wrong dates the ticket is locked for `lockMinutes` (LOCKED 423). Unknown tickets and wrong dates
 * get the same NOT_VERIFIED answer and are counted the same way, so neither the answer nor the
 * lockout tells whether a ticket exists.
 *
 * Attempts on one ticket number are serialized: each runs in a small transaction holding the
 * ticket's verification_failures row lock while it counts (a wrong date) or clears the count (a
 * correct one), so a burst of parallel guesses is counted one by one and cannot get more than
 * `maxFailures` answers past the limit, while parallel retries of a correct request all pass. A
 * correct date with no count to clear writes nothing.
 */
import type { TicketRef } from '../../domain/hub-api/public-api.ts';
import { HubError } from '../hub-error.ts';
import type { HubSql, SqlExecutor } from '../store/hub-sql.ts';

export interface LockoutPolicy {
  maxFailures: number;
  lockMinutes: number;
}

export const defaultLockoutPolicy: LockoutPolicy = { maxFailures: 5, lockMinutes: 30 };

export interface VerifiedCoupon {
  id: string;
  municipalityCode: string;
}

/**
 * Of the coupons a proof matched (normally one; a ticket number may repeat across municipalities),
 * the one of `municipalityCode` if there is one, else the first: a booking checks it against the
 * venue, so a resident of another municipality is told so rather than "not verified".
 */
export function couponFor(coupons: readonly VerifiedCoupon[], municipalityCode: string): VerifiedCoupon {
  const coupon = coupons.find((c) => c.municipalityCode === municipalityCode) ?? coupons[0];
  if (!coupon) throw new Error('couponFor needs the coupons of a successful verification');
  return coupon;
}

export const notVerifiedMessage = 'The ticket number and date of birth do not match a vaccination ticket.';

export function lockedError(lockedUntil: Date, now: Date): HubError {
  const retryAfterSeconds = Math.max(1, Math.ceil((lockedUntil.getTime() - now.getTime()) / 1000));
  return new HubError('LOCKED', 'Too many wrong dates of birth for this ticket; try again later.', {
    retryAfterSeconds,
  });
}

export type VerificationOutcome = { ok: true; coupons: VerifiedCoupon[] } | { ok: false; error: HubError };

export interface ResidentProofInput {
  ticket: TicketRef;
  birthDate: string;
  /** Known municipality (the slot's), or null. */
  municipalityCode: string | null;
}

/**
 * The coupons (normally one) matching ticket and birth date, limited to `municipalityCode` when it
 * is known (a scanned coupon names its own). Throws NOT_VERIFIED or LOCKED.
 */
export async function verifyResident(
  sql: HubSql,
  proof: ResidentProofInput,
  policy: LockoutPolicy,
  now: Date,
): Promise<VerifiedCoupon[]> {
  // Committed whatever the answer (a failure must stay counted); the error is thrown afterwards.
  const outcome = await sql.transaction((tx) => verifyResidentIn(tx, proof, policy, now));
  if (!outcome.ok) throw outcome.error;
  return outcome.coupons;
}

/**
 * verifyResident inside the caller's transaction, which must COMMIT also when the outcome is a
 * refusal (so the failure stays counted). Holds the ticket's verification row lock until then.
 */
export async function verifyResidentIn(
  tx: SqlExecutor,
  proof: ResidentProofInput,
  policy: LockoutPolicy,
  now: Date,
): Promise<VerificationOutcome> {
  const { ticketNumber } = proof.ticket;
  const conflictingMunicipality =
    proof.ticket.municipalityCode !== null &&
    proof.municipalityCode !== null &&
    proof.ticket.municipalityCode !== proof.municipalityCode;
  const matches = conflictingMunicipality
    ? []
    : await tx.query<{ id: string; municipality_code: string }>(
        `SELECT id, municipality_code FROM coupons
         WHERE ticket_number = $1 AND birth_date = $2::date AND ($3::text IS NULL OR municipality_code = $3)`,
        [ticketNumber, proof.birthDate, proof.ticket.municipalityCode ?? proof.municipalityCode],
      );
  if (matches.length > 0) {
    // A correct date: refused while the ticket is locked, else it clears the count (if there is one:
    // nothing to write otherwise).
    const [state] = await tx.query<{ locked_until: Date | null }>(
      'SELECT locked_until FROM verification_failures WHERE ticket_number = $1 FOR UPDATE',
      [ticketNumber],
    );
    if (state?.locked_until && state.locked_until > now)
      return { ok: false, error: lockedError(state.locked_until, now) };
    if (state) await tx.query('DELETE FROM verification_failures WHERE ticket_number = $1', [ticketNumber]);
    return { ok: true, coupons: matches.map((m) => ({ id: m.id, municipalityCode: m.municipality_code })) };
  }

  // A wrong date (or an unknown ticket): counted one by one under the ticket's row, made if missing.
  const lockUntil = new Date(now.getTime() + policy.lockMinutes * 60_000);
  const [state] = await tx.query<{ failures: number; locked_until: Date | null }>(
    `INSERT INTO verification_failures AS v (ticket_number, failures, last_attempt_at, locked_until)
     VALUES ($1, 0, $2, NULL)
     ON CONFLICT (ticket_number) DO UPDATE SET
       failures = CASE
         WHEN v.locked_until > $2 THEN v.failures
         WHEN v.locked_until IS NOT NULL OR v.last_attempt_at <= $2 - make_interval(mins => $3) THEN 0
         ELSE v.failures END,
       locked_until = CASE WHEN v.locked_until > $2 THEN v.locked_until END,
       last_attempt_at = $2
     RETURNING failures, locked_until`,
    [ticketNumber, now, policy.lockMinutes],
  );
  if (state?.locked_until && state.locked_until > now)
    return { ok: false, error: lockedError(state.locked_until, now) };
  // The failure that reaches the limit locks the ticket at once: the next attempt gets LOCKED.
  await tx.query(
    `UPDATE verification_failures SET
       failures = CASE WHEN failures + 1 >= $2 THEN 0 ELSE failures + 1 END,
       locked_until = CASE WHEN failures + 1 >= $2 THEN $3::timestamptz END
     WHERE ticket_number = $1`,
    [ticketNumber, policy.maxFailures, lockUntil],
  );
  return { ok: false, error: new HubError('NOT_VERIFIED', notVerifiedMessage) };
}
