/**
 * The printed reminder call list (前日確認電話リスト): its columns, shared by the Excel export and the
 * print preview like the daily list's (domain/daily-list-layout.ts), the outcome labels and the
 * counts shown on screen and on paper. A Japanese document whatever the UI language.
 */
import type { ReminderCall, ReminderOutcome } from './api/methods/reminder-calls.ts';
import { formatBookingNumber } from './booking-number.ts';
import { type ListColumn, slotLabel } from './daily-list-layout.ts';
import { formatPhoneNumber } from './phone.ts';

export const reminderCallTitle = '前日確認電話リスト';

/** What the list covers, in its heading and file name: a venue's name, or 全会場. */
export function reminderScopeLabel(venueName: string | null): string {
  return venueName ?? '全会場';
}

export const reminderOutcomeLabels: Record<ReminderOutcome, string> = {
  reached: '連絡済み',
  message: '留守電',
  no_answer: '不在',
};

export const notCalledLabel = '未架電';

export function reminderOutcomeLabel(outcome: ReminderOutcome | null): string {
  return outcome === null ? notCalledLabel : reminderOutcomeLabels[outcome];
}

export const reminderCallColumns: readonly ListColumn<ReminderCall>[] = [
  {
    key: 'slot',
    label: '時間',
    width: 12,
    align: 'center',
    kind: 'text',
    value: (r) => slotLabel(r.startTime, r.endTime),
  },
  { key: 'venue', label: '会場', width: 24, align: 'left', kind: 'text', value: (r) => r.venueName },
  {
    key: 'bookingNumber',
    label: '予約番号',
    width: 11,
    align: 'center',
    kind: 'text',
    value: (r) => formatBookingNumber(r.bookingNumber),
  },
  { key: 'name', label: '氏名', width: 16, align: 'left', kind: 'text', value: (r) => r.name },
  { key: 'nameKana', label: 'フリガナ', width: 18, align: 'left', kind: 'text', value: (r) => r.nameKana },
  { key: 'age', label: '年齢', width: 5, align: 'right', kind: 'number', value: (r) => r.age },
  {
    key: 'phone',
    label: '電話番号',
    width: 15,
    align: 'left',
    kind: 'text',
    value: (r) => formatPhoneNumber(r.phone),
  },
  {
    key: 'dose',
    label: '回数',
    width: 6,
    align: 'center',
    kind: 'text',
    value: (r) => `${r.doseNumber}回目`,
  },
  {
    key: 'outcome',
    label: '結果',
    width: 9,
    align: 'center',
    kind: 'text',
    // Blank before the call, so the paper can be filled in by hand.
    value: (r) => (r.outcome === null ? '' : reminderOutcomeLabels[r.outcome]),
  },
  { key: 'memo', label: 'メモ', width: 24, align: 'left', kind: 'text', value: () => '' },
];

export interface ReminderCounts {
  total: number;
  reached: number;
  message: number;
  no_answer: number;
  notCalled: number;
}

export function countReminderOutcomes(calls: readonly Pick<ReminderCall, 'outcome'>[]): ReminderCounts {
  const counts: ReminderCounts = { total: calls.length, reached: 0, message: 0, no_answer: 0, notCalled: 0 };
  for (const call of calls) {
    if (call.outcome === null) counts.notCalled++;
    else counts[call.outcome]++;
  }
  return counts;
}

/** '連絡済み 3・留守電 1・不在 0・未架電 12' under the list. */
export function reminderCountsLabel(counts: ReminderCounts): string {
  return [
    `${reminderOutcomeLabels.reached} ${counts.reached}`,
    `${reminderOutcomeLabels.message} ${counts.message}`,
    `${reminderOutcomeLabels.no_answer} ${counts.no_answer}`,
    `${notCalledLabel} ${counts.notCalled}`,
  ].join('・');
}
