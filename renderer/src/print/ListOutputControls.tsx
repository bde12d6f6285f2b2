/**
 * Print, Excel and CSV (with its encoding) for a printed list, shared by the daily list and the
 * reminder call list. Printing opens the system dialog in Electron and the browser's own (which also
 * saves a PDF) in browser mode; an export is saved through the system dialog in Electron and
 * downloaded in browser mode. The user is told what was written, or why not. Goes inside a Group.
 */
import { Button, SegmentedControl } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CsvEncoding, ExportFormat, ExportOutcome, PrintOutcome } from '../../../domain/api/contract.ts';
import { errorCodeOf } from '../api/client-error.ts';
import { useCountFormat } from '../i18n/use-count-format.ts';
import { downloadExport } from './download-export.ts';

interface ListOutputControlsProps {
  /** Nothing to print (no rows yet). */
  printDisabled?: boolean;
  /** Nothing to export (the list has not loaded). */
  exportDisabled: boolean;
  /** Absent: the list is exported only (no print button). */
  print?(): Promise<PrintOutcome>;
  exportFile(format: ExportFormat, csvEncoding: CsvEncoding): Promise<ExportOutcome>;
  /** Right before printing, e.g. to put the print time on the preview. */
  onBeforePrint?(): void;
}

export function ListOutputControls({
  printDisabled = false,
  exportDisabled,
  print,
  exportFile,
  onBeforePrint,
}: ListOutputControlsProps) {
  const { t } = useTranslation();
  const count = useCountFormat();
  const [csvEncoding, setCsvEncoding] = useState<CsvEncoding>('utf-8-bom');
  const [busy, setBusy] = useState<ExportFormat | 'print' | null>(null);

  const failed = (error: unknown) =>
    notifications.show({
      color: 'red',
      title: t('dailyList.failed'),
      message: t(`errors.code.${errorCodeOf(error)}`),
    });

  const exportList = async (format: ExportFormat) => {
    setBusy(format);
    try {
      const outcome = await exportFile(format, csvEncoding);
      if (outcome.delivery.kind === 'cancelled') {
        notifications.show({ message: t('dailyList.exportCancelled') });
        return;
      }
      if (outcome.delivery.kind === 'download')
        await downloadExport(outcome.delivery.downloadId, outcome.fileName);
      notifications.show({
        color: 'teal',
        title: t('dailyList.exported', { file: outcome.fileName }),
        message:
          outcome.replacedCharacters > 0
            ? t('dailyList.replaced', { n: count(outcome.replacedCharacters) })
            : t('dailyList.exportedRows', { n: count(outcome.rowCount) }),
      });
    } catch (error) {
      failed(error);
    } finally {
      setBusy(null);
    }
  };

  const printList = async () => {
    if (!print) return;
    setBusy('print');
    onBeforePrint?.();
    try {
      // Let the preview show the new print time before the dialog takes the page.
      await new Promise((resolve) => requestAnimationFrame(resolve));
      const outcome = await print();
      if (outcome.mode === 'browser') window.print();
    } catch (error) {
      failed(error);
    } finally {
      setBusy(null);
    }
  };

  return (
    <>
      {print ? (
        <Button
          onClick={() => void printList()}
          loading={busy === 'print'}
          disabled={busy !== null || printDisabled}
        >
          {t('dailyList.print')}
        </Button>
      ) : null}
      <Button
        variant="light"
        onClick={() => void exportList('xlsx')}
        loading={busy === 'xlsx'}
        disabled={busy !== null || exportDisabled}
      >
        {t('dailyList.exportXlsx')}
      </Button>
      <SegmentedControl
        aria-label={t('dailyList.csvEncoding')}
        value={csvEncoding}
        onChange={(value) => setCsvEncoding(value as CsvEncoding)}
        data={[
          { value: 'utf-8-bom', label: t('dailyList.utf8') },
          { value: 'shift_jis', label: t('dailyList.shiftJis') },
        ]}
      />
      <Button
        variant="light"
        onClick={() => void exportList('csv')}
        loading={busy === 'csv'}
        disabled={busy !== null || exportDisabled}
      >
        {t('dailyList.exportCsv')}
      </Button>
    </>
  );
}
