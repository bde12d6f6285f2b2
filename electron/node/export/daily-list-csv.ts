/**
 * The daily list as CSV for other systems (the national VRS upload, the city's own tools): one
 * record per resident, machine-friendly values (ISO dates, codes beside labels), written slot by
 * slot with back-pressure. No subtotal rows: every record is a booking.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { CsvEncoding, DailyListRow } from '../../../domain/api/methods/daily-list.ts';
import { channelLabels, listStatusLabels } from '../../../domain/daily-list-layout.ts';
import { formatEraDate } from '../../../domain/era-date.ts';
import { csvLine } from './csv-line.ts';
import type { DailyListDocument } from './daily-list-document.ts';
import { textEncoderFor } from './text-encoding.ts';

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
    row.sex,
    row.phone,
    row.doseNumber,
    row.productName,
    channelLabels[row.channel],
    listStatusLabels[row.status],
    row.notes,
  ];
}

export interface CsvOutcome {
  rowCount: number;
  replacedCharacters: number;
}

export async function writeDailyListCsv(
  doc: DailyListDocument,
  encoding: CsvEncoding,
  output: Writable,
): Promise<CsvOutcome> {
  const encoder = textEncoderFor(encoding);
  let rowCount = 0;
  let replacedCharacters = 0;
  const write = async (text: string) => {
    const { bytes, replaced } = encoder.encode(text);
    replacedCharacters += replaced;
    if (!output.write(bytes)) await once(output, 'drain');
  };
  if (encoder.preamble.length > 0) output.write(encoder.preamble);
  await write(csvLine(dailyListCsvHeader));
  for (const venue of doc.venues) {
    for (const slot of venue.slots) {
      const rows = doc.readRows(slot);
      if (rows.length === 0) continue;
      await write(rows.map((row) => csvLine(csvRecord(venue.venueName, row))).join(''));
      rowCount += rows.length;
    }
  }
  output.end();
  await once(output, 'finish');
  return { rowCount, replacedCharacters };
}
