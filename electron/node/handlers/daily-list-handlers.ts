/**
 * Handlers of the daily vaccination list (domain/api/methods/daily-list.ts): the preview, the Excel
 * and CSV exports and printing. Each is recorded in the audit log with the bookings it contained.
 */
import { appendAudit } from '../../../db/queries/audit.ts';
import { readDailyList } from '../../../db/queries/daily-list.ts';
import { listVenueChoices } from '../../../db/queries/venue-choices.ts';
import type {
  DailyListRow,
  dailyListMethods,
  ExportOutcome,
} from '../../../domain/api/methods/daily-list.ts';
import { writeDailyListCsv } from '../export/daily-list-csv.ts';
import { dailyListDocument } from '../export/daily-list-document.ts';
import { writeDailyListXlsx } from '../export/daily-list-xlsx.ts';
import { exportFileName } from '../export/export-file-name.ts';
import { deliverFile } from '../export/file-delivery.ts';
import type { ApiHandlerDeps, HandlersOf } from './handler-types.ts';

const xlsxFile = {
  contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  filter: { name: 'Excel', extensions: ['xlsx'] },
};
const csvFile = { contentType: 'text/csv', filter: { name: 'CSV', extensions: ['csv'] } };

export function createDailyListHandlers(deps: ApiHandlerDeps): HandlersOf<typeof dailyListMethods> {
  const { db } = deps;
  return {
    getDailyList: ({ date, venueId }, ctx) => {
      const list = readDailyList(db, date, venueId);
      appendAudit(db, {
        staffId: ctx.session.staffId,
        action: 'daily-list.view',
        entity: 'booking',
        entityIds: list.venues.flatMap((v) => v.rows.map((r) => r.bookingId)),
        detail: { date, venueId },
      });
      return list;
    },

    exportDailyList: async ({ date, venueId, format, csvEncoding }, ctx): Promise<ExportOutcome> => {
      const doc = dailyListDocument(db, { dateFrom: date, dateTo: date, venueId });
      const bookingIds: string[] = [];
      const readRows = doc.readRows;
      doc.readRows = (slot) => {
        const rows: DailyListRow[] = readRows(slot);
        for (const row of rows) bookingIds.push(row.bookingId);
        return rows;
      };
      const venueName =
        venueId === null ? null : (listVenueChoices(db).find((v) => v.id === venueId)?.name ?? venueId);
      const fileName = exportFileName(date, venueName, format);
      const delivered =
        format === 'xlsx'
          ? await deliverFile(deps, fileName, xlsxFile, async (output) => ({
              ...(await writeDailyListXlsx(doc, output)),
              replacedCharacters: 0,
            }))
          : await deliverFile(deps, fileName, csvFile, (output) =>
              writeDailyListCsv(doc, csvEncoding, output),
            );
      if (delivered.written) {
        appendAudit(db, {
          staffId: ctx.session.staffId,
          action: 'daily-list.export',
          entity: 'booking',
          entityIds: bookingIds,
          detail: {
            date,
            venueId,
            format,
            ...(format === 'csv' ? { encoding: csvEncoding } : {}),
            rowCount: delivered.written.rowCount,
            delivery: delivered.delivery.kind,
          },
        });
      }
      return {
        fileName,
        rowCount: delivered.written?.rowCount ?? 0,
        byteSize: delivered.byteSize,
        delivery: delivered.delivery,
        replacedCharacters: delivered.written?.replacedCharacters ?? 0,
      };
    },

    printDailyList: async ({ date, venueId }, ctx) => {
      const list = readDailyList(db, date, venueId);
      const bookingIds = list.venues.flatMap((v) => v.rows.map((r) => r.bookingId));
      const audit = (outcome: string) =>
        appendAudit(db, {
          staffId: ctx.session.staffId,
          action: 'daily-list.print',
          entity: 'booking',
          entityIds: bookingIds,
          detail: { date, venueId, rowCount: bookingIds.length, outcome },
        });
      if (!deps.shell) {
        // Browser mode: the page opens the browser's print dialog (which also saves a PDF) next.
        audit('browser-print-dialog');
        return { mode: 'browser' };
      }
      const printed = await deps.shell.printWindow({ landscape: true });
      audit(printed ? 'printed' : 'cancelled');
      return { mode: 'system-dialog', printed };
    },
  };
}
