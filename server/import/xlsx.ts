/**
 * The first worksheet of an .xlsx file as rows of text, the way the cells look: numbers without
 * grouping, dates (cells Excel stores as dates) as YYYY-MM-DD, rich text flattened, formulas by
 * their result.
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
  /** 1-based row number as Excel shows it. */
  rowNumber: number;
  cells: string[];
  /** Per cell: stored as a number (a ticket number typed as a number has lost its leading zeros). */
  numeric: boolean[];
}

export async function readFirstSheet(path: string): Promise<SheetRow[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  const rows: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    const numeric: boolean[] = [];
    for (let col = 1; col <= row.cellCount; col++) {
      const value = row.getCell(col).value;
      cells.push(cellText(value));
      numeric.push(typeof value === 'number');
    }
    rows.push({ rowNumber, cells, numeric });
  });
  return rows;
}
