/** '接種予定者リスト_2024-05-01_青葉台市民センター.xlsx' (or '_全会場' for every venue). */
import type { ExportFormat } from '../../../domain/api/methods/daily-list.ts';
import { dailyListTitle } from '../../../domain/daily-list-layout.ts';

export function exportFileName(
  date: string,
  venueName: string | null,
  format: ExportFormat,
  title: string = dailyListTitle,
): string {
  const venue = (venueName ?? '全会場').replace(/[\\/:*?"<>|\s]+/gu, '_');
  return `${title}_${date}_${venue}.${format}`;
}
