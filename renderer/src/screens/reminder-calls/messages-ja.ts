/** The reminder call list's Japanese text (the `reminderCalls` block of renderer/src/i18n/ja.ts). */
import type { ReminderOutcome } from '../../../../domain/api/contract.ts';

export const reminderCallsJa = {
  intro: '電話で予約した方（仮予約・予約確定）に、前日に予約の確認の電話をかけます。',
  date: '予約日',
  tomorrow: '明日',
  notTomorrow: '明日ではない日です',
  backToTomorrow: '明日に戻す',
  counts: {
    title: '架電の状況',
    total: '対象',
    reached: '連絡済み',
    message: '留守電',
    no_answer: '不在',
    notCalled: '未架電',
    people: '{{n}}名',
  },
  outcome: {
    reached: '連絡済み',
    message: '留守電',
    no_answer: '不在',
  } satisfies Record<ReminderOutcome, string>,
  notCalled: '未架電',
  outcomeFor: {
    reached: '{{name}}さん: 連絡済み',
    message: '{{name}}さん: 留守電',
    no_answer: '{{name}}さん: 不在',
  } satisfies Record<ReminderOutcome, string>,
  clear: '未架電に戻す',
  pressAgain: 'もう一度押すと未架電に戻します',
  recordedAt: '{{time}} 記録',
  keys: {
    title: 'キー操作',
    move: '行を選ぶ',
    hint: '行を選んで数字キーで結果を記録すると、次の行に進みます。',
  },
  columns: {
    time: '時間・会場',
    bookingNumber: '予約番号',
    name: '氏名・フリガナ',
    age: '年齢',
    phone: '電話番号',
    dose: '回数',
    outcome: '結果',
  },
  age: '{{n}}歳',
  dose: '{{n}}回目',
  tableLabel: '{{date}}の確認電話リスト',
  view: { calls: '架電一覧', preview: '印刷プレビュー' },
  empty: 'この日に電話で予約した方はいません',
  emptyHint: '確認電話の対象は、電話で予約した仮予約・予約確定の方です。ほかの日や会場を選べます。',
  failed: '結果を記録できませんでした',
};

export type ReminderCallsMessages = typeof reminderCallsJa;
