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
import { deliverListFile, exportAuditDetail, exportOutcome, printList } from '../export/list-output.ts';
import type { ApiHandlerDeps, HandlersOf } from './handler-types.ts';

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
      const fileName = exportFileName(date, venueName, format, csvEncoding);
      const delivered = await deliverListFile(deps, fileName, format, csvEncoding, {
        xlsx: (output) => writeDailyListXlsx(doc, output),
        csv: (encoding, output) => writeDailyListCsv(doc, encoding, output),
      });
      if (delivered.written) {
        appendAudit(db, {
          staffId: ctx.session.staffId,
          action: 'daily-list.export',
          entity: 'booking',
          entityIds: bookingIds,
          detail: exportAuditDetail({ date, venueId, format, csvEncoding }, delivered.written, delivered),
        });
      }
      return exportOutcome(fileName, delivered);
    },

    printDailyList: ({ date, venueId }, ctx) => {
      const list = readDailyList(db, date, venueId);
      const bookingIds = list.venues.flatMap((v) => v.rows.map((r) => r.bookingId));
      return printList(deps.shell, (outcome) =>
        appendAudit(db, {
          staffId: ctx.session.staffId,
          action: 'daily-list.print',
          entity: 'booking',
          entityIds: bookingIds,
          detail: { date, venueId, rowCount: bookingIds.length, outcome },
        }),
      );
    },
  };
}
