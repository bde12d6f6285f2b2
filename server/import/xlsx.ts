/**
 * The first worksheet of an .xlsx file as rows of text, the way the cells look: numbers without
 * grouping, dates (cells Excel stores as dates) as YYYY-MM-DD, rich text flattened, formulas by
 * their result. Read as a stream (ExcelJS's WorkbookReader): rows come one at a time; only the
 * workbook's shared strings are held (the format keeps every distinct text there), and a sheet stored
 * before them waits in a temporary file, not in memory.
 */
import ExcelJS from 'exceljs';

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'number') return Number.isInteger(value) ? value.toFixed(0) : String(value);
  if (typeof value === 'string' || typeof value === 'boolean') return String(value);
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
  if ('text' in value) return String(value.text);
  return '';
}

export interface SheetRow {
  /** 1-based row number as Excel shows it (CSV: the record's number, blank lines not counted). */
  rowNumber: number;
  cells: string[];
  /** Per cell: stored as a number (a ticket number typed as a number has lost its leading zeros). */
  numeric: boolean[];
}

export async function* firstSheetRows(path: string): AsyncGenerator<SheetRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    // Styles tell which numbers are dates.
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  for await (const sheet of reader) {
    for await (const row of sheet) {
      const cells: string[] = [];
      const numeric: boolean[] = [];
      for (let col = 1; col <= row.cellCount; col++) {
        const value = row.getCell(col).value;
        cells.push(cellText(value));
        numeric.push(typeof value === 'number');
      }
      if (cells.some((c) => c !== '')) yield { rowNumber: row.number, cells, numeric };
    }
    return;
  }
}
