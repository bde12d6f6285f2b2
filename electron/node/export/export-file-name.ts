/**
 * '接種予定者リスト_2024-05-01_青葉台市民センター.xlsx' (or '_全会場' for every venue). A CSV names its
 * encoding ('…_UTF-8.csv', '…_SJIS.csv'), so the two files of one list never overwrite each other and
 * the reader knows which one a tool wants.
 */
import type { CsvEncoding, ExportFormat } from '../../../domain/api/methods/daily-list.ts';
import { dailyListTitle } from '../../../domain/daily-list-layout.ts';

const encodingSuffix: Record<CsvEncoding, string> = { 'utf-8-bom': 'UTF-8', shift_jis: 'SJIS' };

export function exportFileName(
  date: string,
  venueName: string | null,
  format: ExportFormat,
  csvEncoding: CsvEncoding,
  title: string = dailyListTitle,
): string {
  const venue = (venueName ?? '全会場').replace(/[\\/:*?"<>|\s]+/gu, '_');
  const encoding = format === 'csv' ? `_${encodingSuffix[csvEncoding]}` : '';
  return `${title}_${date}_${venue}${encoding}.${format}`;
}
