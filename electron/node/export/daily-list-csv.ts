/**
 * The daily list as CSV for other systems (the national VRS upload, the city's own tools): one
 * record per resident, machine-friendly values (ISO dates beside the era date) with Japanese labels
 * (男 / 女 / 不明, 電話, 予約), written slot by slot with back-pressure. No subtotal rows: every record is a booking.
 */
import type { Writable } from 'node:stream';
import type { CsvEncoding, DailyListRow } from '../../../domain/api/methods/daily-list.ts';
import { channelLabels, dailyListStatusLabel, sexLabels } from '../../../domain/daily-list-layout.ts';
import { formatEraDate } from '../../../domain/era-date.ts';
import { formatPhoneNumber } from '../../../domain/phone.ts';
import { type CsvOutcome, startCsv } from './csv-writer.ts';
import type { DailyListDocument } from './daily-list-document.ts';

export const dailyListCsvHeader = [
  '接種日',
  '開始時刻',
  '終了時刻',
  '会場',
  '予約番号',
  '券番号',
  '氏名',
  'フリガナ',
  '生年月日',
  '生年月日（和暦）',
  '年齢',
  '性別',
  '電話番号',
  '接種回数',
  'ワクチン',
  '予約経路',
  '状態',
  '備考',
] as const;

function csvRecord(venueName: string, row: DailyListRow): Array<string | number> {
  return [
    row.date,
    row.startTime,
    row.endTime,
    venueName,
    row.bookingNumber,
    row.ticketNumber,
    row.name,
    row.nameKana,
    row.birthDate,
    formatEraDate(row.birthDate),
    row.age,
    sexLabels[row.sex],
    formatPhoneNumber(row.phone),
    row.doseNumber,
    row.productName,
    channelLabels[row.channel],
    dailyListStatusLabel(row),
    row.notes,
  ];
}

export async function writeDailyListCsv(
  doc: DailyListDocument,
  encoding: CsvEncoding,
  output: Writable,
): Promise<CsvOutcome> {
  const csv = await startCsv(encoding, output, dailyListCsvHeader);
  for (const venue of doc.venues) {
    for (const slot of venue.slots) {
      await csv.writeRecords(doc.readRows(slot).map((row) => csvRecord(venue.venueName, row)));
    }
  }
  return csv.finish();
}
