/**
 * The pieces of a printed list as an .xlsx sheet (ExcelJS streaming writer), shared by the daily
 * list and the reminder call list: A4 landscape fitted to the page width, the header row repeated on
 * every page and frozen on screen, a header and footer (title, date, page x / y, print time, when
 * the list was made), borders, a readable Japanese font, total rows. Text columns are typed string
 * cells (leading zeros kept; a value starting with = + - @ is never a formula).
 */
import type ExcelJS from 'exceljs';
import { japanTimestampLabel, type ListColumn, peopleCount } from '../../../domain/daily-list-layout.ts';

/** BIZ UDPGothic ships with Windows 10 and later (a universal-design font made for forms like this). */
export const listFontName = 'BIZ UDPゴシック';
const bodyFont: Partial<ExcelJS.Font> = { name: listFontName, size: 10, charset: 128 };
const thin: Partial<ExcelJS.Border> = { style: 'thin', color: { argb: 'FF404040' } };
const allBorders: Partial<ExcelJS.Borders> = { top: thin, left: thin, bottom: thin, right: thin };
const headerFill: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
const totalFill: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };

export interface ListSheetSpec<Row> {
  name: string;
  columns: readonly ListColumn<Row>[];
  /** Excel header and footer codes (listPageHeader / listPageFooter). */
  header: string;
  footer: string;
}

/** A new sheet with its page setup, column styles and the (committed) heading row. */
export function addListSheet<Row>(
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
  spec: ListSheetSpec<Row>,
): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(spec.name, {
    pageSetup: {
      paperSize: 9, // A4
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: '1:1',
      horizontalCentered: true,
      margins: { left: 0.4, right: 0.4, top: 0.75, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddHeader: spec.header, oddFooter: spec.footer },
    views: [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }],
  });
  sheet.columns = spec.columns.map((column) => ({
    key: column.key,
    width: column.width,
    style: styleOf(column, 'body'),
  }));
  const heading = sheet.addRow(spec.columns.map((c) => c.label));
  heading.height = 20;
  spec.columns.forEach((column, i) => {
    heading.getCell(i + 1).style = styleOf(column, 'heading');
  });
  heading.commit();
  return sheet;
}

/*
 * ExcelJS gives every new cell a fresh copy of its column's style, and its style table recognises a
 * style it has written before only by object identity: without one shared object per column and
 * role, the font, border and alignment of every cell are serialised and looked up again (most of an
 * export's time). Cells get these shared objects; nothing may assign to a cell's font, fill or
 * alignment afterwards, since that would change the shared object.
 */
type CellRole = 'body' | 'heading' | 'total' | 'totalLabel';
const sharedStyles = new WeakMap<ListColumn<never>, Map<CellRole, Partial<ExcelJS.Style>>>();

function styleOf<Row>(column: ListColumn<Row>, role: CellRole): Partial<ExcelJS.Style> {
  const key = column as ListColumn<never>;
  let styles = sharedStyles.get(key);
  if (!styles) {
    const body: Partial<ExcelJS.Style> = {
      font: bodyFont,
      border: allBorders,
      alignment: { horizontal: column.align, vertical: 'middle', shrinkToFit: column.kind === 'text' },
      ...(column.kind === 'number' ? {} : { numFmt: '@' }),
    };
    const bold = { ...bodyFont, bold: true };
    styles = new Map([
      ['body', body],
      [
        'heading',
        { ...body, font: bold, fill: headerFill, alignment: { horizontal: 'center', vertical: 'middle' } },
      ],
      ['total', { ...body, font: bold, fill: totalFill }],
      [
        'totalLabel',
        { ...body, font: bold, fill: totalFill, alignment: { horizontal: 'left', vertical: 'middle' } },
      ],
    ]);
    sharedStyles.set(key, styles);
  }
  return styles.get(role)!;
}

export function addListRow<Row>(
  sheet: ExcelJS.Worksheet,
  columns: readonly ListColumn<Row>[],
  row: Row,
): void {
  const added = sheet.addRow(columns.map((column) => column.value(row)));
  added.height = 18;
  columns.forEach((column, i) => {
    added.getCell(i + 1).style = styleOf(column, 'body');
  });
  added.commit();
}

/**
 * A shaded total row: the label over the first three columns (so it is never cut off), the count
 * ('12名', or any text) from the name column on.
 */
export function addTotalRow<Row>(
  sheet: ExcelJS.Worksheet,
  columns: readonly ListColumn<Row>[],
  label: string,
  count: number | string,
): void {
  const values: Array<string | null> = columns.map(() => null);
  values[0] = label;
  values[
    Math.max(
      3,
      columns.findIndex((c) => c.key === 'name'),
    )
  ] = typeof count === 'number' ? peopleCount(count) : count;
  const row = sheet.addRow(values);
  sheet.mergeCells(row.number, 1, row.number, 3);
  row.height = 18;
  // The three merged cells share the label's style, as a merge gives them.
  columns.forEach((column, i) => {
    row.getCell(i + 1).style = i < 3 ? styleOf(columns[0]!, 'totalLabel') : styleOf(column, 'total');
  });
  row.commit();
}

/** Excel's header/footer codes: &L &C &R sections, &P page, &N pages, &D &T date and time of printing. */
export function listPageHeader(left: string, center: string): string {
  return `&L&"${listFontName},Bold"&14${escapeCodes(left)}&C&"${listFontName},Bold"&14${escapeCodes(center)}&R&"${listFontName},Regular"&9印刷 &D &T`;
}

export function listPageFooter(municipalityName: string | null, generatedAt: Date): string {
  return `&L&"${listFontName},Regular"&9${escapeCodes(municipalityName ?? '')}&C&"${listFontName},Regular"&10&P / &N ページ&R&"${listFontName},Regular"&9作成 ${japanTimestampLabel(generatedAt)}`;
}

function escapeCodes(text: string): string {
  return text.replaceAll('&', '&&');
}

/** Excel sheet names: at most 31 characters, none of : \ / ? * [ ], unique in the workbook. */
export function uniqueSheetName(name: string, taken: Set<string>): string {
  const base = name.replace(/[:\\/?*[\]']/gu, '・').slice(0, 31) || 'Sheet';
  let candidate = base;
  for (let n = 2; taken.has(candidate.toLowerCase()); n++) {
    const suffix = ` (${n})`;
    candidate = base.slice(0, 31 - suffix.length) + suffix;
  }
  taken.add(candidate.toLowerCase());
  return candidate;
}
