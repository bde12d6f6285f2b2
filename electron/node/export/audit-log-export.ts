/**
 * The audit view's export: one line per entry, newest first, as .xlsx (the printed lists' sheet: A4
 * landscape, header row on every page) or CSV. Columns: 番号 (place in the chain), 日時 (Japan time),
 * 担当者 and its id, 操作, 対象, 対象ID, 詳細. Ids and counts only, like the entries themselves.
 */
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { AuditEntryView } from '../../../domain/api/methods/audit-log.ts';
import type { CsvEncoding } from '../../../domain/api/methods/daily-list.ts';
import { japanTimestampLabel, type ListColumn } from '../../../domain/daily-list-layout.ts';
import { type CsvOutcome, startCsv } from './csv-writer.ts';
import { addListRow, addListSheet, listPageFooter, listPageHeader } from './list-sheet-xlsx.ts';

export const auditLogTitle = '監査ログ';

const text = (
  key: string,
  label: string,
  width: number,
  value: (e: AuditEntryView) => string | number,
  kind: 'text' | 'number' = 'text',
): ListColumn<AuditEntryView> => ({
  key,
  label,
  width,
  align: kind === 'number' ? 'right' : 'left',
  kind,
  value,
});

const columns: ListColumn<AuditEntryView>[] = [
  text('seq', '番号', 8, (e) => e.chainSeq, 'number'),
  text('at', '日時', 20, (e) => japanTimestampLabel(new Date(e.at), { seconds: true })),
  text('staff', '担当者', 22, (e) => e.staffName),
  text('staffId', '担当者ID', 20, (e) => e.staffId ?? ''),
  text('action', '操作', 24, (e) => e.action),
  text('entity', '対象', 12, (e) => e.entity),
  text('ids', '対象ID', 40, (e) => e.entityIds.join(' ')),
  text('detail', '詳細', 50, (e) => e.detail),
];

export async function writeAuditLogXlsx(
  batches: Iterable<AuditEntryView[]>,
  heading: { municipalityName: string | null; filterLabel: string; generatedAt: Date },
  output: Writable,
): Promise<{ rowCount: number }> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true });
  workbook.created = heading.generatedAt;
  const sheet = addListSheet(workbook, {
    name: auditLogTitle,
    columns,
    header: listPageHeader(auditLogTitle, heading.filterLabel),
    footer: listPageFooter(heading.municipalityName, heading.generatedAt),
  });
  let rowCount = 0;
  for (const batch of batches) {
    for (const entry of batch) addListRow(sheet, columns, entry);
    rowCount += batch.length;
  }
  sheet.commit();
  await workbook.commit();
  return { rowCount };
}

export async function writeAuditLogCsv(
  batches: Iterable<AuditEntryView[]>,
  encoding: CsvEncoding,
  output: Writable,
): Promise<CsvOutcome> {
  const csv = await startCsv(
    encoding,
    output,
    columns.map((c) => c.label),
  );
  for (const batch of batches) {
    await csv.writeRecords(batch.map((entry) => columns.map((c) => c.value(entry))));
  }
  return csv.finish();
}
