/**
 * The reminder call list's keyboard: on a chosen row, 1 / 2 / 3 record reached / voicemail / no
 * answer (the top row digits and the number pad alike), 0 or Delete takes the outcome back, and the
 * arrow keys, Home and End choose another row. Keys with Ctrl, Alt or Meta, and keys typed into an
 * input method, are left alone.
 */
import type { ReminderOutcome } from '../../../../domain/api/contract.ts';

export const outcomeKeys: Record<ReminderOutcome, string> = { reached: '1', message: '2', no_answer: '3' };
export const clearKey = '0';

export type RowKeyAction =
  | { kind: 'record'; outcome: ReminderOutcome | null }
  | { kind: 'move'; to: 'next' | 'previous' | 'first' | 'last' };

interface KeyLike {
  key: string;
  ctrlKey: boolean;
  altKey: boolean;
  metaKey: boolean;
  isComposing?: boolean;
}

const moves: Record<string, 'next' | 'previous' | 'first' | 'last'> = {
  ArrowDown: 'next',
  ArrowUp: 'previous',
  Home: 'first',
  End: 'last',
};

export function rowKeyAction(event: KeyLike): RowKeyAction | null {
  if (event.ctrlKey || event.altKey || event.metaKey || event.isComposing) return null;
  const key = event.key;
  for (const [outcome, digit] of Object.entries(outcomeKeys) as Array<[ReminderOutcome, string]>) {
    if (key === digit) return { kind: 'record', outcome };
  }
  if (key === clearKey || key === 'Delete' || key === 'Backspace') return { kind: 'record', outcome: null };
  const to = moves[key];
  return to ? { kind: 'move', to } : null;
}

/** The row index a move lands on, kept inside the list. */
export function movedIndex(index: number, count: number, to: 'next' | 'previous' | 'first' | 'last'): number {
  if (count === 0) return -1;
  if (to === 'first') return 0;
  if (to === 'last') return count - 1;
  const next = index + (to === 'next' ? 1 : -1);
  return Math.min(count - 1, Math.max(0, next));
}
