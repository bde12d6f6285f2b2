/**
 * The daily vaccination list as .xlsx (ExcelJS's streaming writer: rows are written and released
 * slot by slot, so 100,000 rows never sit in memory). Made to print well without touching it:
 * one sheet per venue, A4 landscape fitted to the page width, the header row repeated on every page
 * and frozen on screen, a header and footer with venue, date, page x of y and print time, borders,
 * a readable Japanese font, a subtotal under each time slot and a total at the end. Every text
 * (ticket numbers with their leading zeros, phones, names starting with = + - @) is a typed string
 * cell, never a number or a formula.
 */
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { DailyListRow } from '../../../domain/api/methods/daily-list.ts';
import {
  type DailyListColumn,
  dailyListColumns,
  dailyListDateLabel,
  dailyListTitle,
  japanTimestampLabel,
  peopleCount,
  rangeListColumns,
  slotTotalLabel,
} from '../../../domain/daily-list-layout.ts';
import type { DailyListDocument } from './daily-list-document.ts';

/** BIZ UDPGothic ships with Windows 10 and later (a universal-design font made for forms like this). */
export const listFontName = 'BIZ UDPゴシック';
const bodyFont: Partial<ExcelJS.Font> = { name: listFontName, size: 10, charset: 128 };
const thin: Partial<ExcelJS.Border> = { style: 'thin', color: { argb: 'FF404040' } };
const allBorders: Partial<ExcelJS.Borders> = { top: thin, left: thin, bottom: thin, right: thin };
const headerFill: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
const totalFill: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };

export interface XlsxOutcome {
  rowCount: number;
}

export async function writeDailyListXlsx(doc: DailyListDocument, output: Writable): Promise<XlsxOutcome> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: output,
    useStyles: true,
    useSharedStrings: false,
  });
  workbook.creator = doc.municipalityName ?? '';
  workbook.created = doc.generatedAt;
  const dateLabel = dailyListDateLabel(doc.dateFrom, doc.dateTo);
  const multiDay = doc.dateFrom !== doc.dateTo;
  const columns = multiDay ? rangeListColumns : dailyListColumns;
  const sheetNames = new Set<string>();
  let rowCount = 0;

  for (const venue of doc.venues) {
    const sheet = workbook.addWorksheet(uniqueSheetName(venue.venueName, sheetNames), {
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
      headerFooter: {
        oddHeader: pageHeader(venue.venueName, dateLabel),
        oddFooter: pageFooter(doc.municipalityName, doc.generatedAt),
      },
      views: [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }],
    });
    sheet.columns = columns.map((column) => ({
      key: column.key,
      width: column.width,
      style: {
        font: bodyFont,
        border: allBorders,
        alignment: { horizontal: column.align, vertical: 'middle', shrinkToFit: column.kind === 'text' },
        ...(column.kind === 'number' ? {} : { numFmt: '@' }),
      },
    }));

    const header = sheet.addRow(columns.map((c) => c.label));
    header.height = 20;
    header.eachCell((cell) => {
      cell.font = { ...bodyFont, bold: true };
      cell.fill = headerFill;
      cell.alignment = { horizontal: 'center', vertical: 'middle' };
    });
    header.commit();

    let venueTotal = 0;
    for (const slot of venue.slots) {
      const rows = doc.readRows(slot);
      for (const row of rows) addResidentRow(sheet, columns, row);
      venueTotal += rows.length;
      addTotalRow(
        sheet,
        columns,
        slotTotalLabel(slot.startTime, slot.endTime, multiDay ? slot.date : undefined),
        rows.length,
      );
      // Let the zip stream drain before the next slot.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    addTotalRow(sheet, columns, '合計', venueTotal);
    rowCount += venueTotal;
    sheet.commit();
  }
  if (doc.venues.length === 0) addEmptySheet(workbook, dateLabel, doc);
  await workbook.commit();
  return { rowCount };
}

function addResidentRow(
  sheet: ExcelJS.Worksheet,
  columns: readonly DailyListColumn[],
  row: DailyListRow,
): void {
  const added = sheet.addRow(columns.map((column) => column.value(row)));
  added.height = 18;
  added.commit();
}

function addTotalRow(
  sheet: ExcelJS.Worksheet,
  columns: readonly DailyListColumn[],
  label: string,
  count: number,
): void {
  const values: Array<string | null> = columns.map(() => null);
  values[0] = label;
  values[columns.findIndex((c) => c.key === 'name')] = peopleCount(count);
  const row = sheet.addRow(values);
  // The label spans the first three columns, so it is never cut off.
  sheet.mergeCells(row.number, 1, row.number, 3);
  row.height = 18;
  row.eachCell({ includeEmpty: true }, (cell) => {
    cell.font = { ...bodyFont, bold: true };
    cell.fill = totalFill;
  });
  row.getCell(1).alignment = { horizontal: 'left', vertical: 'middle' };
  row.commit();
}

function addEmptySheet(
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
  dateLabel: string,
  doc: DailyListDocument,
) {
  const sheet = workbook.addWorksheet(dailyListTitle, {
    pageSetup: { paperSize: 9, orientation: 'landscape' },
    headerFooter: { oddFooter: pageFooter(doc.municipalityName, doc.generatedAt) },
  });
  sheet.addRow([`${dateLabel} の接種予定者はいません`]).commit();
  sheet.commit();
}

/** Excel's header/footer codes: &L &C &R sections, &P page, &N pages, &D &T date and time of printing. */
function pageHeader(venueName: string, dateLabel: string): string {
  return `&L&"${listFontName},Bold"&14${escapeCodes(venueName)}&C&"${listFontName},Bold"&14${dailyListTitle}　${escapeCodes(dateLabel)}&R&"${listFontName},Regular"&9印刷 &D &T`;
}

function pageFooter(municipalityName: string | null, generatedAt: Date): string {
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
