/** The reminder call list's pure parts: its keys, and the counts shown on screen and on paper. */
import { describe, expect, it } from 'vitest';
import { countReminderOutcomes, reminderCountsLabel } from '../../domain/reminder-call-layout.ts';
import { movedIndex, rowKeyAction } from '../../renderer/src/screens/reminder-calls/outcome-keys.ts';

const key = (k: string, mods: Partial<{ ctrlKey: boolean; altKey: boolean; metaKey: boolean }> = {}) =>
  rowKeyAction({ key: k, ctrlKey: false, altKey: false, metaKey: false, ...mods });

describe('rowKeyAction', () => {
  it('records with 1 / 2 / 3 and takes back with 0, Delete or Backspace', () => {
    expect(key('1')).toEqual({ kind: 'record', outcome: 'reached' });
    expect(key('2')).toEqual({ kind: 'record', outcome: 'message' });
    expect(key('3')).toEqual({ kind: 'record', outcome: 'no_answer' });
    for (const k of ['0', 'Delete', 'Backspace']) expect(key(k)).toEqual({ kind: 'record', outcome: null });
  });

  it('moves with the arrows, Home and End, and leaves every other key alone', () => {
    expect(key('ArrowDown')).toEqual({ kind: 'move', to: 'next' });
    expect(key('ArrowUp')).toEqual({ kind: 'move', to: 'previous' });
    expect(key('Home')).toEqual({ kind: 'move', to: 'first' });
    expect(key('End')).toEqual({ kind: 'move', to: 'last' });
    for (const k of ['4', 'a', 'Enter', 'Tab', ' ', 'F2']) expect(key(k)).toBeNull();
    expect(key('1', { ctrlKey: true })).toBeNull();
    expect(key('2', { altKey: true })).toBeNull();
    expect(key('3', { metaKey: true })).toBeNull();
    expect(
      rowKeyAction({ key: '1', ctrlKey: false, altKey: false, metaKey: false, isComposing: true }),
    ).toBeNull();
  });

  it('keeps a move inside the list', () => {
    expect(movedIndex(0, 5, 'previous')).toBe(0);
    expect(movedIndex(4, 5, 'next')).toBe(4);
    expect(movedIndex(2, 5, 'next')).toBe(3);
    expect(movedIndex(2, 5, 'first')).toBe(0);
    expect(movedIndex(2, 5, 'last')).toBe(4);
    expect(movedIndex(0, 0, 'next')).toBe(-1);
  });
});

describe('countReminderOutcomes', () => {
  it('counts each outcome and the calls not made yet', () => {
    const counts = countReminderOutcomes([
      { outcome: 'reached' },
      { outcome: 'reached' },
      { outcome: 'message' },
      { outcome: null },
      { outcome: 'no_answer' },
      { outcome: null },
      { outcome: null },
    ]);
    expect(counts).toEqual({ total: 7, reached: 2, message: 1, no_answer: 1, notCalled: 3 });
    expect(reminderCountsLabel(counts)).toBe('連絡済み 2・留守電 1・不在 1・未架電 3');
  });
});
