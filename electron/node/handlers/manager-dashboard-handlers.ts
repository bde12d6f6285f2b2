/**
 * Handlers of the manager's dashboard (domain/api/methods/manager-dashboard.ts): the figures from the
 * local store, their export (.xlsx or CSV) and printing. Counts only, no personal data, so nothing
 * here is a view of residents' records; exports and prints are audited like every list's.
 */
import { appendAudit } from '../../../db/queries/audit.ts';
import { managerDashboard } from '../../../db/queries/manager-dashboard.ts';
import { getMeta, metaKeys } from '../../../db/queries/meta.ts';
import type { managerDashboardMethods } from '../../../domain/api/methods/manager-dashboard.ts';
import { dashboardTitle, writeDashboardCsv, writeDashboardXlsx } from '../export/dashboard-export.ts';
import { exportFileName } from '../export/export-file-name.ts';
import { deliverListFile, exportOutcome, printList } from '../export/list-output.ts';
import type { ApiHandlerDeps, HandlersOf } from './handler-types.ts';

export function createManagerDashboardHandlers(
  deps: ApiHandlerDeps,
): HandlersOf<typeof managerDashboardMethods> {
  const { db } = deps;
  return {
    'manager.getDashboard': () => managerDashboard(db, new Date()),

    'manager.exportDashboard': async ({ format, csvEncoding }, ctx) => {
      const dashboard = managerDashboard(db, new Date());
      const fileName = exportFileName(dashboard.today, null, format, csvEncoding, dashboardTitle);
      const municipalityName = getMeta(db, metaKeys.municipalityName);
      const delivered = await deliverListFile(deps, fileName, format, csvEncoding, {
        xlsx: (output) => writeDashboardXlsx(dashboard, municipalityName, output),
        csv: (encoding, output) => writeDashboardCsv(dashboard, encoding, output),
      });
      if (delivered.written) {
        appendAudit(db, {
          staffId: ctx.session.staffId,
          action: 'dashboard.export',
          entity: 'dashboard',
          entityIds: [],
          detail: { format, rowCount: delivered.written.rowCount, delivery: delivered.delivery.kind },
        });
      }
      return exportOutcome(fileName, delivered);
    },

    'manager.printDashboard': (_input, ctx) =>
      printList(deps.shell, (outcome) =>
        appendAudit(db, {
          staffId: ctx.session.staffId,
          action: 'dashboard.print',
          entity: 'dashboard',
          entityIds: [],
          detail: { outcome },
        }),
      ),
  };
}
