/**
 * The reminder call list (前日確認電話リスト) as .xlsx and CSV, with the same sheet pieces, CSV writer
 * and formula guard as the daily list: one sheet in time order (columns from
 * domain/reminder-call-layout.ts, a blank memo column to write on) with the total, and one CSV record
 * per booking with the call's outcome and when it was recorded. A day's phone bookings are a few
 * hundred rows at most, so the list is read once and written from memory.
 */
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { CsvEncoding } from '../../../domain/api/methods/daily-list.ts';
import type { ReminderCall, ReminderCallList } from '../../../domain/api/methods/reminder-calls.ts';
import { dailyListDateLabel, japanTimestampLabel } from '../../../domain/daily-list-layout.ts';
import { formatPhoneNumber } from '../../../domain/phone.ts';
import {
  reminderCallColumns,
  reminderCallTitle,
  reminderOutcomeLabel,
  reminderScopeLabel,
} from '../../../domain/reminder-call-layout.ts';
import { type CsvOutcome, startCsv } from './csv-writer.ts';
import {
  addListRow,
  addListSheet,
  addTotalRow,
  listPageFooter,
  listPageHeader,
  uniqueSheetName,
} from './list-sheet-xlsx.ts';

export async function writeReminderCallsXlsx(
  list: ReminderCallList,
  venueName: string | null,
  output: Writable,
): Promise<{ rowCount: number }> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: output,
    useStyles: true,
    useSharedStrings: false,
  });
  const generatedAt = new Date(list.generatedAt);
  workbook.creator = list.municipalityName ?? '';
  workbook.created = generatedAt;
  const scope = reminderScopeLabel(venueName);
  const sheet = addListSheet(workbook, {
    name: uniqueSheetName(scope, new Set()),
    columns: reminderCallColumns,
    header: listPageHeader(scope, `${reminderCallTitle}　${dailyListDateLabel(list.date)}`),
    footer: listPageFooter(list.municipalityName, generatedAt),
  });
  for (const call of list.calls) addListRow(sheet, reminderCallColumns, call);
  addTotalRow(sheet, reminderCallColumns, '合計', list.calls.length);
  sheet.commit();
  await workbook.commit();
  return { rowCount: list.calls.length };
}

export const reminderCallsCsvHeader = [
  '接種日',
  '開始時刻',
  '終了時刻',
  '会場',
  '予約番号',
  '氏名',
  'フリガナ',
  '年齢',
  '電話番号',
  '接種回数',
  '架電結果',
  '結果の記録日時',
] as const;

function csvRecord(call: ReminderCall): Array<string | number> {
  return [
    call.date,
    call.startTime,
    call.endTime,
    call.venueName,
    call.bookingNumber,
    call.name,
    call.nameKana,
    call.age,
    formatPhoneNumber(call.phone),
    call.doseNumber,
    reminderOutcomeLabel(call.outcome),
    call.outcomeAt === null ? '' : japanTimestampLabel(new Date(call.outcomeAt)),
  ];
}

export async function writeReminderCallsCsv(
  list: ReminderCallList,
  encoding: CsvEncoding,
  output: Writable,
): Promise<CsvOutcome> {
  const csv = await startCsv(encoding, output, reminderCallsCsvHeader);
  await csv.writeRecords(list.calls.map(csvRecord));
  return csv.finish();
}
