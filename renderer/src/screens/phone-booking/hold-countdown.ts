/**
 * The hold's countdown as the operator sees it: minutes and seconds left (4:12), and when to warn.
 * Pure, so that the rules are tested without a screen.
 */

/** Under this much time left the countdown turns to the warning colour. */
export const holdWarningMs = 60_000;
/** An extension that would add less than this is not offered (the hub's cap is reached). */
const capSlackMs = 1000;

/** 'm:ss' of the time left, rounded up (a hold with 0.4 s left still shows 0:01). */
export function formatCountdown(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

export type HoldTone = 'running' | 'ending' | 'expired';

export function holdTone(leftMs: number): HoldTone {
  if (leftMs <= 0) return 'expired';
  return leftMs < holdWarningMs ? 'ending' : 'running';
}

/** Whether an extension can still add time: the hub never extends past the hold's cap. */
export function canExtend(deadline: number, capDeadline: number): boolean {
  return capDeadline - deadline >= capSlackMs;
}
