/**
 * The coupon list import (接種券リストの取り込み), a manager's wizard in four steps: choose a file (the
 * system dialog in Electron; in browser mode the browser's own, the file then streamed to the desk
 * process), read it on the hub (the preview: column mapping, first rows, every bad row by number and
 * reason, rows of municipalities no venue takes), import it with a progress bar, and the report (new,
 * updated, unchanged, rejected). Every step is the hub's, so offline it is refused with a clear message.
 */
import {
  Alert,
  Button,
  FileButton,
  Group,
  Paper,
  Progress,
  Stack,
  Stepper,
  Text,
  Title,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CouponImportPreview, CouponImportView } from '../../../../domain/api/contract.ts';
import { deskApi } from '../../api/desk-api.ts';
import { uploadFile } from '../../api/upload-file.ts';
import { useAppInfo } from '../../app/use-app-info.ts';
import { useSyncStatus } from '../../app/use-sync-status.ts';
import { useCountFormat } from '../../i18n/use-count-format.ts';
import { AlertIcon } from '../../icons/icons.tsx';
import { ImportPreview } from './ImportPreview.tsx';
import { ImportReport } from './ImportReport.tsx';
import { refusalText } from './problem-text.ts';

type Stage =
  | { kind: 'choose' }
  | { kind: 'reading'; fileName: string }
  | { kind: 'preview'; preview: CouponImportPreview }
  | { kind: 'applying'; preview: CouponImportPreview; view: CouponImportView }
  | { kind: 'report'; preview: CouponImportPreview; view: CouponImportView };

const stepOf: Record<Stage['kind'], number> = { choose: 0, reading: 0, preview: 1, applying: 2, report: 3 };

export function CouponImportScreen() {
  const { t } = useTranslation();
  const count = useCountFormat();
  const appInfo = useAppInfo();
  const sync = useSyncStatus();
  const queryClient = useQueryClient();
  const [stage, setStage] = useState<Stage>({ kind: 'choose' });
  const [failure, setFailure] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const resetFile = useRef<() => void>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);

  const electron = appInfo.data?.transport === 'electron';
  const manager = appInfo.data?.session.role === 'manager';
  // Coupons are the hub's: without one (or while it cannot be reached) nothing can be read or imported.
  const unconfigured = sync?.state === 'unconfigured';
  const offline = unconfigured || sync?.state === 'offline' || sync?.state === 'error';

  // Each new step puts the focus on its heading, so the keyboard and a screen reader start there.
  useEffect(() => {
    if (stage.kind !== 'choose' && stage.kind !== 'reading') headingRef.current?.focus();
  }, [stage.kind]);

  const fail = (error: unknown) => {
    setFailure(refusalText(t, error));
    setStage({ kind: 'choose' });
  };

  const read = async (
    source: Parameters<(typeof deskApi)['manager.readCouponList']>[0]['source'],
    name: string,
  ) => {
    setFailure(null);
    setNotice(null);
    setStage({ kind: 'reading', fileName: name });
    try {
      const answer = await deskApi['manager.readCouponList']({ source });
      if (answer.outcome === 'cancelled') {
        setNotice(t('couponImport.cancelled'));
        setStage({ kind: 'choose' });
      } else setStage({ kind: 'preview', preview: answer.preview });
    } catch (error) {
      fail(error);
    }
  };

  const chooseInBrowser = async (file: File | null) => {
    resetFile.current?.();
    if (!file) return;
    setStage({ kind: 'reading', fileName: file.name });
    try {
      const uploadId = await uploadFile(file);
      await read({ kind: 'upload', uploadId, fileName: file.name }, file.name);
    } catch (error) {
      fail(error);
    }
  };

  const apply = async (preview: CouponImportPreview) => {
    setFailure(null);
    let view = preview.import;
    setStage({ kind: 'applying', preview, view });
    try {
      while (view.state !== 'applied') {
        view = await deskApi['manager.applyCouponImport']({ importId: preview.import.id });
        setStage({ kind: view.state === 'applied' ? 'report' : 'applying', preview, view });
      }
      setStage({ kind: 'report', preview, view });
      void queryClient.invalidateQueries();
    } catch (error) {
      setFailure(refusalText(t, error));
      setStage({ kind: 'preview', preview });
    }
  };

  const discard = async (preview: CouponImportPreview) => {
    setFailure(null);
    try {
      await deskApi['manager.discardCouponImport']({ importId: preview.import.id });
      setNotice(t('couponImport.discarded'));
      setStage({ kind: 'choose' });
    } catch (error) {
      setFailure(refusalText(t, error));
    }
  };

  return (
    <Stack gap="lg" maw={1200}>
      <Title order={1}>{t('couponImport.title')}</Title>
      <Stepper active={stepOf[stage.kind]} size="sm" allowNextStepsSelect={false}>
        <Stepper.Step allowStepSelect={false} label={t('couponImport.steps.choose')} />
        <Stepper.Step allowStepSelect={false} label={t('couponImport.steps.preview')} />
        <Stepper.Step allowStepSelect={false} label={t('couponImport.steps.import')} />
        <Stepper.Step allowStepSelect={false} label={t('couponImport.steps.report')} />
      </Stepper>

      {appInfo.data && !manager ? (
        <Alert color="gray" variant="light" icon={<AlertIcon size={22} />}>
          {t('couponImport.notManager')}
        </Alert>
      ) : null}
      {offline && (stage.kind === 'choose' || stage.kind === 'preview') ? (
        <Alert color="orange" variant="light" role="status" icon={<AlertIcon size={22} />}>
          {unconfigured ? t('couponImport.refusal.hub_unconfigured') : t('couponImport.offline')}
        </Alert>
      ) : null}
      {failure ? (
        <Alert
          color="red"
          variant="light"
          role="alert"
          title={t('couponImport.failedTitle')}
          icon={<AlertIcon size={22} />}
        >
          <Text size="md">{failure}</Text>
        </Alert>
      ) : null}
      {notice ? (
        <Text size="md" role="status">
          {notice}
        </Text>
      ) : null}

      {stage.kind === 'choose' || stage.kind === 'reading' ? (
        <Paper withBorder p="lg" radius="md">
          <Stack gap="sm">
            <Text size="md">{t('couponImport.intro')}</Text>
            <Text size="md" c="gray.7">
              {t('couponImport.required')}
            </Text>
            <Group gap="md" align="center">
              {electron ? (
                <Button
                  size="md"
                  disabled={offline || stage.kind === 'reading' || !manager}
                  onClick={() => void read({ kind: 'dialog' }, '')}
                >
                  {t('couponImport.choose')}
                </Button>
              ) : (
                <FileButton
                  onChange={(file) => void chooseInBrowser(file)}
                  accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                  resetRef={resetFile}
                  disabled={offline || stage.kind === 'reading' || !manager}
                  inputProps={{ 'aria-label': t('couponImport.choose') }}
                >
                  {(props) => (
                    <Button {...props} size="md" disabled={offline || stage.kind === 'reading' || !manager}>
                      {t('couponImport.choose')}
                    </Button>
                  )}
                </FileButton>
              )}
              <Text size="sm" c="gray.7">
                {t('couponImport.chooseHint')}
              </Text>
            </Group>
            {stage.kind === 'reading' ? (
              <Stack gap={4} role="status">
                <Text size="md">{t('couponImport.reading', { file: stage.fileName })}</Text>
                <Progress value={100} animated striped aria-label={t('couponImport.readingLabel')} />
              </Stack>
            ) : null}
          </Stack>
        </Paper>
      ) : null}

      {stage.kind === 'preview' ? (
        <ImportPreview
          preview={stage.preview}
          headingRef={headingRef}
          actions={
            <Group gap="sm">
              <Button
                size="md"
                onClick={() => void apply(stage.preview)}
                disabled={offline || stage.preview.import.validRows === 0}
              >
                {stage.preview.import.validRows === 0
                  ? t('couponImport.applyNone')
                  : t('couponImport.apply', { n: count(stage.preview.import.validRows) })}
              </Button>
              <Button size="md" variant="default" onClick={() => void discard(stage.preview)}>
                {t('couponImport.discard')}
              </Button>
            </Group>
          }
        />
      ) : null}

      {stage.kind === 'applying' ? (
        <Paper withBorder p="lg" radius="md">
          <Stack gap="sm" role="status">
            <Title order={2} size="h3" ref={headingRef} tabIndex={-1}>
              {t('couponImport.applying', {
                done: count(stage.view.appliedRows),
                total: count(stage.view.validRows),
              })}
            </Title>
            <Progress
              size="xl"
              value={stage.view.validRows === 0 ? 100 : (100 * stage.view.appliedRows) / stage.view.validRows}
              aria-label={t('couponImport.applyingLabel')}
            />
          </Stack>
        </Paper>
      ) : null}

      {stage.kind === 'report' ? (
        <ImportReport
          preview={stage.preview}
          view={stage.view}
          headingRef={headingRef}
          again={
            electron ? (
              <Button size="md" variant="light" onClick={() => void read({ kind: 'dialog' }, '')}>
                {t('couponImport.another')}
              </Button>
            ) : (
              <FileButton
                onChange={(file) => void chooseInBrowser(file)}
                accept=".csv,.xlsx"
                resetRef={resetFile}
              >
                {(props) => (
                  <Button {...props} size="md" variant="light">
                    {t('couponImport.another')}
                  </Button>
                )}
              </FileButton>
            )
          }
        />
      ) : null}
    </Stack>
  );
}
