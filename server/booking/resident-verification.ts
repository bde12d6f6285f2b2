/**
 * Proving who is booking: ticket number + date of birth must match a coupon. A 10-digit number and a
 * birth date are weak proof, so wrong dates are counted, per ticket number and per source (the client
 * address: its /64 for IPv6), in a way that slows guessing without handing a stranger a lockout:
 *
 * - A ticket with `maxFailures` wrong dates (known or not, so nothing tells whether a ticket exists)
 *   is slowed: for `slowSeconds`, doubling with each further wrong date up to `lockMinutes`, a source
 *   that has itself given a wrong date (for any ticket) is answered LOCKED without its date being
 *   looked at. A source that has not failed is always answered: its correct date is served, whoever
 *   has been guessing; its wrong one is counted like any other.
 * - A source with `sourceMaxFailures` wrong dates within `lockMinutes` is answered LOCKED for every
 *   ticket until that time has passed since its first one.
 * - A correct date clears its ticket's count. Counts are forgotten `lockMinutes` after the last
 *   wrong date (the maintenance deletes rows a day old).
 *
 * So one address guessing one ticket gets `maxFailures` answers, then one per growing interval; many
 * tickets from one address, `sourceMaxFailures` answers per `lockMinutes`; a guesser with many
 * addresses gets one answer per fresh address per ticket (the per-address rate limit and the ticket's
 * rate limit bound that), and the resident answering from home is never refused because of them.
 *
 * Attempts are serialized where the answer is decided: a wrong date takes the source's row lock, then
 * the ticket's (verification_source_failures, verification_failures; a correct date takes only the
 * ticket's, and writes nothing when there is no count to clear), so a burst of parallel guesses is
 * counted one by one and cannot get more answers past the limits. Source rows hold a hash of the
 * address, never the address.
 */
import { createHash } from 'node:crypto';
import { isIPv6 } from 'node:net';
import type { TicketRef } from '../../domain/hub-api/public-api.ts';
import { HubError } from '../hub-error.ts';
import type { HubSql, SqlExecutor } from '../store/hub-sql.ts';

export interface LockoutPolicy {
  /** Wrong dates for one ticket before it is slowed. */
  maxFailures: number;
  /** The longest a ticket is slowed for, and how long counts are kept after the last wrong date. */
  lockMinutes: number;
  /** The first wait once a ticket is slowed; it doubles with each further wrong date (default 30). */
  slowSeconds?: number;
  /** Wrong dates one source may give within lockMinutes, for any tickets (default 20). */
  sourceMaxFailures?: number;
}

export const defaultLockoutPolicy: LockoutPolicy = {
  maxFailures: 5,
  lockMinutes: 30,
  slowSeconds: 30,
  sourceMaxFailures: 20,
};

/** What a source is counted by: a hash of its address (of the /64 network for IPv6). */
export function sourceKeyOf(address: string): string {
  const plain = address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
  const network = isIPv6(plain) ? ipv6Network(plain) : plain;
  return createHash('sha256').update(`verification-source:${network}`).digest('hex').slice(0, 32);
}

function ipv6Network(address: string): string {
  const [head = '', tail = ''] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = address.includes('::')
    ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.toLowerCase().replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

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
  /** sourceKeyOf(the client address). */
  source: string;
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
 * refusal (so the failure stays counted). Holds the ticket's (and on a wrong date the source's) row
 * locks until then.
 */
export async function verifyResidentIn(
  tx: SqlExecutor,
  proof: ResidentProofInput,
  policy: LockoutPolicy,
  now: Date,
): Promise<VerificationOutcome> {
  const { ticketNumber } = proof.ticket;
  const sourceMaxFailures = policy.sourceMaxFailures ?? defaultLockoutPolicy.sourceMaxFailures!;
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
    // A correct date: refused only while the ticket is slowed and this source has failed (or the
    // source is over its limit), else it clears the ticket's count (nothing to write when there is none).
    const source = await sourceState(tx, proof.source, policy, now, false);
    if (source.failures >= sourceMaxFailures) return { ok: false, error: lockedError(source.until, now) };
    const [state] = await tx.query<{ locked_until: Date | null }>(
      'SELECT locked_until FROM verification_failures WHERE ticket_number = $1 FOR UPDATE',
      [ticketNumber],
    );
    if (state?.locked_until && state.locked_until > now && source.failures > 0)
      return { ok: false, error: lockedError(state.locked_until, now) };
    if (state) await tx.query('DELETE FROM verification_failures WHERE ticket_number = $1', [ticketNumber]);
    return { ok: true, coupons: matches.map((m) => ({ id: m.id, municipalityCode: m.municipality_code })) };
  }

  // A wrong date (or an unknown ticket): under the source's row, then the ticket's, both made if missing.
  const source = await sourceState(tx, proof.source, policy, now, true);
  if (source.failures >= sourceMaxFailures) return { ok: false, error: lockedError(source.until, now) };
  const [state] = await tx.query<{ failures: number; locked_until: Date | null }>(
    `INSERT INTO verification_failures AS v (ticket_number, failures, last_attempt_at, locked_until)
     VALUES ($1, 0, $2, NULL)
     ON CONFLICT (ticket_number) DO UPDATE SET
       failures = CASE WHEN v.last_attempt_at <= $2 - make_interval(mins => $3) AND coalesce(v.locked_until <= $2, true)
                       THEN 0 ELSE v.failures END,
       locked_until = CASE WHEN v.locked_until > $2 THEN v.locked_until END
     RETURNING failures, locked_until`,
    [ticketNumber, now, policy.lockMinutes],
  );
  if (state?.locked_until && state.locked_until > now && source.failures > 0)
    return { ok: false, error: lockedError(state.locked_until, now) };
  // Counted: the ticket's wrong dates from maxFailures on slow it, for longer each time.
  const slowSeconds = policy.slowSeconds ?? defaultLockoutPolicy.slowSeconds!;
  await tx.query(
    `UPDATE verification_failures SET
       failures = failures + 1,
       last_attempt_at = $4,
       locked_until = CASE WHEN failures + 1 >= $2
         THEN $4::timestamptz + make_interval(secs => least($3 * power(2, failures + 1 - $2), $5 * 60))
         ELSE locked_until END
     WHERE ticket_number = $1`,
    [ticketNumber, policy.maxFailures, slowSeconds, now, policy.lockMinutes],
  );
  await tx.query(
    `INSERT INTO verification_source_failures AS s (source, failures, first_failure_at, last_failure_at)
     VALUES ($1, 1, $2, $2)
     ON CONFLICT (source) DO UPDATE SET
       failures = CASE WHEN s.first_failure_at <= $2 - make_interval(mins => $3) THEN 1 ELSE s.failures + 1 END,
       first_failure_at = CASE WHEN s.first_failure_at <= $2 - make_interval(mins => $3) THEN $2
                               ELSE s.first_failure_at END,
       last_failure_at = $2`,
    [proof.source, now, policy.lockMinutes],
  );
  return { ok: false, error: new HubError('NOT_VERIFIED', notVerifiedMessage) };
}

/**
 * The source's wrong dates within lockMinutes and when it may try again once over its limit. With
 * `lock` (a wrong date) its row is made if missing and locked, so the source's attempts are counted
 * one by one.
 */
async function sourceState(
  tx: SqlExecutor,
  source: string,
  policy: LockoutPolicy,
  now: Date,
  lock: boolean,
): Promise<{ failures: number; until: Date }> {
  const [row] = lock
    ? await tx.query<{ failures: number; first_failure_at: Date }>(
        `INSERT INTO verification_source_failures AS s (source, failures, first_failure_at, last_failure_at)
         VALUES ($1, 0, $2, $2)
         ON CONFLICT (source) DO UPDATE SET last_failure_at = s.last_failure_at
         RETURNING failures, first_failure_at`,
        [source, now],
      )
    : await tx.query<{ failures: number; first_failure_at: Date }>(
        'SELECT failures, first_failure_at FROM verification_source_failures WHERE source = $1',
        [source],
      );
  const until = new Date((row?.first_failure_at.getTime() ?? 0) + policy.lockMinutes * 60_000);
  return { failures: row && until > now ? row.failures : 0, until };
}

/**
 * Whether this source has given a wrong date within lockMinutes (for the online booking, whose read
 * found its ticket slowed).
 */
export async function sourceHasFailed(
  sql: SqlExecutor,
  source: string,
  policy: LockoutPolicy,
  now: Date,
): Promise<boolean> {
  return (await sourceState(sql, source, policy, now, false)).failures > 0;
}
