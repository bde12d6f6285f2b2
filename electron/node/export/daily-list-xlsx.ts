/**
 * The daily vaccination list as .xlsx (ExcelJS's streaming writer: rows are written and released
 * slot by slot, so 100,000 rows never sit in memory). Made to print well without touching it:
 * one sheet per venue, A4 landscape fitted to the page width, the header row repeated on every page
 * and frozen on screen, a header and footer with venue, date, page x of y and print time, borders,
 * a readable Japanese font, a subtotal under each time slot and a total at the end. Every text
 * (ticket numbers with their leading zeros, phones, names starting with = + - @) is a typed string
 * cell, never a number or a formula. The sheet pieces are shared with other lists (list-sheet-xlsx.ts).
 */
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import {
  dailyListColumns,
  dailyListDateLabel,
  dailyListTitle,
  rangeListColumns,
  slotTotalLabel,
} from '../../../domain/daily-list-layout.ts';
import type { DailyListDocument } from './daily-list-document.ts';
import {
  addListRow,
  addListSheet,
  addTotalRow,
  listPageFooter,
  listPageHeader,
  uniqueSheetName,
} from './list-sheet-xlsx.ts';

export { listFontName, uniqueSheetName } from './list-sheet-xlsx.ts';

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
    const sheet = addListSheet(workbook, {
      name: uniqueSheetName(venue.venueName, sheetNames),
      columns,
      header: listPageHeader(venue.venueName, `${dailyListTitle}　${dateLabel}`),
      footer: listPageFooter(doc.municipalityName, doc.generatedAt),
    });
    let venueTotal = 0;
    for (const slot of venue.slots) {
      const rows = doc.readRows(slot);
      for (const row of rows) addListRow(sheet, columns, row);
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

function addEmptySheet(
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
  dateLabel: string,
  doc: DailyListDocument,
) {
  const sheet = workbook.addWorksheet(dailyListTitle, {
    pageSetup: { paperSize: 9, orientation: 'landscape' },
    headerFooter: { oddFooter: listPageFooter(doc.municipalityName, doc.generatedAt) },
  });
  sheet.addRow([`${dateLabel} の接種予定者はいません`]).commit();
  sheet.commit();
}
