/**
 * Handlers of the reminder call list (domain/api/methods/reminder-calls.ts): the list, the outcome
 * of each call, printing and the Excel / CSV exports. Viewing, printing and exporting are recorded
 * in the audit log with the bookings (and for an export the number of records); each outcome is
 * recorded by the query itself.
 */
import { appendAudit } from '../../../db/queries/audit.ts';
import { getMeta, metaKeys } from '../../../db/queries/meta.ts';
import { readReminderCalls, recordReminderOutcome } from '../../../db/queries/reminder-calls.ts';
import { listVenueChoices } from '../../../db/queries/venue-choices.ts';
import type { Database } from '../../../db/sqlite-driver.ts';
import { ApiError } from '../../../domain/api/errors.ts';
import type { ReminderCallList, reminderCallMethods } from '../../../domain/api/methods/reminder-calls.ts';
import { reminderCallTitle } from '../../../domain/reminder-call-layout.ts';
import { exportFileName } from '../export/export-file-name.ts';
import { deliverListFile, exportAuditDetail, exportOutcome, printList } from '../export/list-output.ts';
import { writeReminderCallsCsv, writeReminderCallsXlsx } from '../export/reminder-calls-export.ts';
import type { ApiHandlerDeps, HandlersOf } from './handler-types.ts';

function readList(db: Database, date: string, venueId: string | null): ReminderCallList {
  return {
    date,
    venueId,
    generatedAt: new Date().toISOString(),
    municipalityName: getMeta(db, metaKeys.municipalityName),
    calls: readReminderCalls(db, date, venueId),
  };
}

export function createReminderCallHandlers(deps: ApiHandlerDeps): HandlersOf<typeof reminderCallMethods> {
  const { db } = deps;
  const bookingIds = (list: ReminderCallList) => list.calls.map((c) => c.bookingId);
  return {
    getReminderCalls: ({ date, venueId }, ctx) => {
      const list = readList(db, date, venueId);
      appendAudit(db, {
        staffId: ctx.session.staffId,
        action: 'reminder-calls.view',
        entity: 'booking',
        entityIds: bookingIds(list),
        detail: { date, venueId },
      });
      return list;
    },

    recordReminderOutcome: ({ bookingId, outcome }, ctx) => {
      const call = recordReminderOutcome(db, bookingId, outcome, ctx.session.staffId);
      if (!call) throw new ApiError('NOT_FOUND', 'booking not on a reminder list');
      return call;
    },

    exportReminderCalls: async ({ date, venueId, format, csvEncoding }, ctx) => {
      const list = readList(db, date, venueId);
      const venueName =
        venueId === null ? null : (listVenueChoices(db).find((v) => v.id === venueId)?.name ?? venueId);
      const fileName = exportFileName(date, venueName, format, csvEncoding, reminderCallTitle);
      const delivered = await deliverListFile(deps, fileName, format, csvEncoding, {
        xlsx: (output) => writeReminderCallsXlsx(list, venueName, output),
        csv: (encoding, output) => writeReminderCallsCsv(list, encoding, output),
      });
      if (delivered.written) {
        appendAudit(db, {
          staffId: ctx.session.staffId,
          action: 'reminder-calls.export',
          entity: 'booking',
          entityIds: bookingIds(list),
          detail: exportAuditDetail({ date, venueId, format, csvEncoding }, delivered.written, delivered),
        });
      }
      return exportOutcome(fileName, delivered);
    },

    printReminderCalls: ({ date, venueId }, ctx) => {
      const ids = bookingIds(readList(db, date, venueId));
      return printList(deps.shell, (outcome) =>
        appendAudit(db, {
          staffId: ctx.session.staffId,
          action: 'reminder-calls.print',
          entity: 'booking',
          entityIds: ids,
          detail: { date, venueId, rowCount: ids.length, outcome },
        }),
      );
    },
  };
}
