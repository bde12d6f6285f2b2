/**
 * How a printed list leaves the desk, shared by the daily list and the reminder call list: its Excel
 * or CSV file delivered (system save dialog in Electron, a download in browser mode), and printing
 * (the system print dialog in Electron; browser mode tells the page to open the browser's own).
 * The caller writes the audit event with what was delivered or printed.
 */
import type { Writable } from 'node:stream';
import type {
  CsvEncoding,
  ExportFormat,
  ExportOutcome,
  PrintOutcome,
} from '../../../domain/api/methods/daily-list.ts';
import type { DesktopShell } from '../desktop-shell.ts';
import type { CsvOutcome } from './csv-writer.ts';
import { type DeliveredFile, deliverFile, type FileDeliveryDeps } from './file-delivery.ts';

const xlsxFile = {
  contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  filter: { name: 'Excel', extensions: ['xlsx'] },
};
const csvFile = { contentType: 'text/csv', filter: { name: 'CSV', extensions: ['csv'] } };

export interface ListWriters {
  xlsx(output: Writable): Promise<{ rowCount: number }>;
  csv(encoding: CsvEncoding, output: Writable): Promise<CsvOutcome>;
}

export function deliverListFile(
  deps: FileDeliveryDeps,
  fileName: string,
  format: ExportFormat,
  csvEncoding: CsvEncoding,
  writers: ListWriters,
): Promise<DeliveredFile<CsvOutcome>> {
  return format === 'xlsx'
    ? deliverFile(deps, fileName, xlsxFile, async (output) => ({
        ...(await writers.xlsx(output)),
        replacedCharacters: 0,
      }))
    : deliverFile(deps, fileName, csvFile, (output) => writers.csv(csvEncoding, output));
}

/** The detail of a written export's audit event: what was asked for, how many rows left, and how. */
export function exportAuditDetail(
  request: { date: string; venueId: string | null; format: ExportFormat; csvEncoding: CsvEncoding },
  written: { rowCount: number },
  delivered: DeliveredFile<CsvOutcome>,
): Record<string, unknown> {
  return {
    date: request.date,
    venueId: request.venueId,
    format: request.format,
    ...(request.format === 'csv' ? { encoding: request.csvEncoding } : {}),
    rowCount: written.rowCount,
    delivery: delivered.delivery.kind,
  };
}

/** What the page is told about a delivered (or cancelled) export. */
export function exportOutcome(fileName: string, delivered: DeliveredFile<CsvOutcome>): ExportOutcome {
  return {
    fileName,
    rowCount: delivered.written?.rowCount ?? 0,
    byteSize: delivered.byteSize,
    delivery: delivered.delivery,
    replacedCharacters: delivered.written?.replacedCharacters ?? 0,
  };
}

/**
 * Prints the window (A4 landscape) and records it: 'printed' or 'cancelled' from the system dialog,
 * 'browser-print-dialog' when the page is about to open the browser's (which also saves a PDF).
 */
export async function printList(
  shell: DesktopShell | undefined,
  audit: (outcome: 'printed' | 'cancelled' | 'browser-print-dialog') => void,
): Promise<PrintOutcome> {
  if (!shell) {
    audit('browser-print-dialog');
    return { mode: 'browser' };
  }
  const printed = await shell.printWindow({ landscape: true });
  audit(printed ? 'printed' : 'cancelled');
  return { mode: 'system-dialog', printed };
}
