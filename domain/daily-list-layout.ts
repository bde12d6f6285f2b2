/**
 * The printed daily vaccination list's columns, shared by the Excel export (electron/node/export/)
 * and the print preview (renderer), so that paper from either looks the same. The list is a
 * Japanese document whatever the UI language: it is filled in by hand at a Japanese venue.
 * Widths are Excel character widths; the preview turns them into proportions of the A4 width, so
 * they are set for what the print must hold whole at 7.5 pt (ファイザー社ワクチン, オンライン, a
 * ten-character reading, a booking number of wide letters); long notes wrap instead.
 */

import type { DailyListRow } from './api/methods/daily-list.ts';
import type { BookingChannel } from './api/methods/overview.ts';
import { formatBookingNumber } from './booking-number.ts';
import type { BookingStatus } from './booking-status.ts';
import { dayOfWeek } from './calendar.ts';
import { formatEraDate } from './era-date.ts';
import { formatPhoneNumber } from './phone.ts';
import { japanTimeZone } from './vocabulary/terms.ts';

export type DailyListCellValue = string | number;

/** A column of a printed list (also the reminder call list, domain/reminder-call-layout.ts). */
export interface ListColumn<Row> {
  key: string;
  label: string;
  width: number;
  align: 'left' | 'center' | 'right';
  /** Text cells are stored as text in Excel (leading zeros kept, never a formula). */
  kind: 'text' | 'number' | 'check';
  value(row: Row): DailyListCellValue;
}

export type DailyListColumn = ListColumn<DailyListRow>;

export const channelLabels: Record<BookingChannel, string> = {
  phone: '電話',
  online: 'オンライン',
  walk_in: '窓口',
};

export const listStatusLabels: Record<BookingStatus, string> = {
  held: '仮押さえ',
  provisional: '仮予約',
  confirmed: '予約',
  rejected: '不成立',
  cancelled: '取消',
  checked_in: '受付済',
  vaccinated: '接種済',
  no_show: '未来場',
};

/**
 * The state a printed list shows: a booking stranded by a closed slot says so (the resident has to be
 * called, or was), never a plain 予約 for a slot that will not run.
 */
export function dailyListStatusLabel(row: DailyListRow): string {
  if (row.slotClosure) return row.slotClosure.called ? '枠停止・連絡済' : '要連絡・枠停止';
  return listStatusLabels[row.status];
}

/** As the coupon records it: 男 / 女, 不明 when not recorded. */
export const sexLabels: Record<DailyListRow['sex'], string> = { M: '男', F: '女', U: '不明' };

export function slotLabel(startTime: string, endTime: string): string {
  return `${startTime}〜${endTime}`;
}

export const dailyListColumns: readonly DailyListColumn[] = [
  {
    key: 'slot',
    label: '時間',
    width: 12,
    align: 'center',
    kind: 'text',
    value: (r) => slotLabel(r.startTime, r.endTime),
  },
  {
    key: 'bookingNumber',
    label: '予約番号',
    // Wide enough for the widest letters (W4KW-WPWW): the number is read back to the resident.
    width: 13,
    align: 'center',
    kind: 'text',
    value: (r) => formatBookingNumber(r.bookingNumber),
  },
  {
    key: 'ticketNumber',
    label: '券番号',
    width: 11,
    align: 'center',
    kind: 'text',
    value: (r) => r.ticketNumber,
  },
  { key: 'name', label: '氏名', width: 15, align: 'left', kind: 'text', value: (r) => r.name },
  { key: 'nameKana', label: 'フリガナ', width: 20, align: 'left', kind: 'text', value: (r) => r.nameKana },
  {
    key: 'birthDate',
    label: '生年月日',
    width: 16,
    align: 'left',
    kind: 'text',
    value: (r) => formatEraDate(r.birthDate),
  },
  { key: 'age', label: '年齢', width: 5, align: 'right', kind: 'number', value: (r) => r.age },
  { key: 'sex', label: '性別', width: 5, align: 'center', kind: 'text', value: (r) => sexLabels[r.sex] },
  {
    key: 'phone',
    label: '電話番号',
    width: 13,
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
  { key: 'product', label: 'ワクチン', width: 20, align: 'left', kind: 'text', value: (r) => r.productName },
  {
    key: 'channel',
    label: '経路',
    width: 11,
    align: 'center',
    kind: 'text',
    value: (r) => channelLabels[r.channel],
  },
  {
    key: 'status',
    label: '状態',
    width: 13,
    align: 'center',
    kind: 'text',
    value: dailyListStatusLabel,
  },
  { key: 'reception', label: '受付', width: 5, align: 'center', kind: 'check', value: () => '' },
  { key: 'screening', label: '予診', width: 5, align: 'center', kind: 'check', value: () => '' },
  { key: 'vaccinated', label: '接種', width: 5, align: 'center', kind: 'check', value: () => '' },
  { key: 'notes', label: '備考', width: 12, align: 'left', kind: 'text', value: (r) => r.notes },
];

/** The same columns for a list over several days: the time column carries the date ('5/1 10:00〜10:30'). */
export const rangeListColumns: readonly DailyListColumn[] = dailyListColumns.map((column) =>
  column.key === 'slot'
    ? {
        ...column,
        width: 17,
        value: (r: DailyListRow) => `${shortDate(r.date)} ${slotLabel(r.startTime, r.endTime)}`,
      }
    : column,
);

export function shortDate(iso: string): string {
  return `${Number(iso.slice(5, 7))}/${Number(iso.slice(8, 10))}`;
}

export const dailyListTitle = '接種予定者リスト';

/** '小計 10:00〜10:30' under each slot's rows (with the date on a list over several days). */
export function slotTotalLabel(startTime: string, endTime: string, date?: string): string {
  return `小計 ${date ? `${shortDate(date)} ` : ''}${slotLabel(startTime, endTime)}`;
}

export function peopleCount(n: number): string {
  return `${n}名`;
}

const weekdays = ['日', '月', '火', '水', '木', '金', '土'];

/** '令和6年5月1日（水）', or 'from 〜 to' for a range. */
export function dailyListDateLabel(dateFrom: string, dateTo: string = dateFrom): string {
  const one = (iso: string) => `${formatEraDate(iso)}（${weekdays[dayOfWeek(iso)]}）`;
  return dateFrom === dateTo ? one(dateFrom) : `${one(dateFrom)}〜${one(dateTo)}`;
}

/** '2024/05/01 10:23' in Japan time, for "printed at" / "made at" lines ('2024/05/01 10:23:05' with seconds). */
export function japanTimestampLabel(at: Date, { seconds = false }: { seconds?: boolean } = {}): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: japanTimeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    ...(seconds ? { second: '2-digit' } : {}),
    hourCycle: 'h23',
  }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  const time = `${part('hour')}:${part('minute')}${seconds ? `:${part('second')}` : ''}`;
  return `${part('year')}/${part('month')}/${part('day')} ${time}`;
}
