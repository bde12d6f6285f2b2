/**
 * Handlers of the audit view (domain/api/methods/audit-log.ts): this desktop's audit log, a page at a
 * time, and its export. Each page shown and each export is itself an entry of the log (`audit.view`,
 * `audit.export`) naming the filters; a resident filter is named by the records it found (their ids),
 * never by the ticket number typed.
 */
import { appendAudit } from '../../../db/queries/audit.ts';
import {
  type AuditQuery,
  auditEntriesInBatches,
  auditEntriesPage,
  auditFilterChoices,
  countAuditEntries,
  residentRecordIds,
} from '../../../db/queries/audit-log-view.ts';
import { getMeta, metaKeys } from '../../../db/queries/meta.ts';
import {
  type AuditFilter,
  type auditLogMethods,
  auditPageSize,
} from '../../../domain/api/methods/audit-log.ts';
import { addDays, todayIn } from '../../../domain/calendar.ts';
import { normalizeTicketInput } from '../../../domain/ticket-number.ts';
import { auditLogTitle, writeAuditLogCsv, writeAuditLogXlsx } from '../export/audit-log-export.ts';
import { exportFileName } from '../export/export-file-name.ts';
import { deliverListFile, exportOutcome } from '../export/list-output.ts';
import type { ApiHandlerDeps, HandlersOf } from './handler-types.ts';

/** The first instant of a day in Japan (UTC+9 all year), as the log's ISO timestamps are written. */
const startOfJapanDay = (date: string) => new Date(`${date}T00:00:00+09:00`).toISOString();

export function createAuditLogHandlers(deps: ApiHandlerDeps): HandlersOf<typeof auditLogMethods> {
  const { db } = deps;

  function queryOf(filter: AuditFilter): { query: AuditQuery; residentIds: string[] | null } {
    const typed = filter.resident.trim();
    let residentIds: string[] | null = null;
    if (typed !== '') {
      const digits = normalizeTicketInput(typed);
      residentIds = residentRecordIds(db, {
        ticketNumber: /^[0-9]{10}$/.test(digits) ? digits : null,
        recordId: typed,
      });
    }
    return {
      query: {
        staffId: filter.staffId,
        action: filter.action,
        fromAt: filter.from === null ? null : startOfJapanDay(filter.from),
        beforeAt: filter.to === null ? null : startOfJapanDay(addDays(filter.to, 1)),
        recordIds: residentIds,
      },
      residentIds,
    };
  }

  /** What an entry about this view says of the filter: ids and values, never what was typed for a resident. */
  const filterDetail = (filter: AuditFilter, residentIds: string[] | null) => ({
    staffId: filter.staffId,
    action: filter.action,
    from: filter.from,
    to: filter.to,
    resident: residentIds !== null,
  });

  return {
    'audit.listEntries': ({ filter, page }, ctx) => {
      const { query, residentIds } = queryOf(filter);
      const total = countAuditEntries(db, query);
      const entries = auditEntriesPage(db, query, page * auditPageSize, auditPageSize);
      const choices = auditFilterChoices(db);
      appendAudit(db, {
        staffId: ctx.session.staffId,
        action: 'audit.view',
        entity: residentIds === null ? 'audit' : 'coupon',
        entityIds: residentIds ?? [],
        detail: { filter: filterDetail(filter, residentIds), page, rowCount: entries.length },
      });
      return {
        entries,
        total,
        page,
        pageSize: auditPageSize,
        choices,
        residentUnknown: residentIds !== null && residentIds.length === 0,
      };
    },

    'audit.exportEntries': async ({ filter, format, csvEncoding }, ctx) => {
      const { query, residentIds } = queryOf(filter);
      const generatedAt = new Date();
      const fileName = exportFileName(todayIn(), null, format, csvEncoding, auditLogTitle);
      const filterLabel = [filter.from ?? '', filter.to ?? ''].some(Boolean)
        ? `${filter.from ?? '…'} 〜 ${filter.to ?? '…'}`
        : '全期間';
      const delivered = await deliverListFile(deps, fileName, format, csvEncoding, {
        xlsx: (output) =>
          writeAuditLogXlsx(
            auditEntriesInBatches(db, query),
            { municipalityName: getMeta(db, metaKeys.municipalityName), filterLabel, generatedAt },
            output,
          ),
        csv: (encoding, output) => writeAuditLogCsv(auditEntriesInBatches(db, query), encoding, output),
      });
      if (delivered.written) {
        appendAudit(db, {
          staffId: ctx.session.staffId,
          action: 'audit.export',
          entity: residentIds === null ? 'audit' : 'coupon',
          entityIds: residentIds ?? [],
          detail: {
            filter: filterDetail(filter, residentIds),
            format,
            ...(format === 'csv' ? { encoding: csvEncoding } : {}),
            rowCount: delivered.written.rowCount,
            delivery: delivered.delivery.kind,
          },
        });
      }
      return exportOutcome(fileName, delivered);
    },
  };
}
