/** The result of an applied coupon list: new, updated, unchanged and rejected rows, and what to check. */
import { Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { ReactNode, RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { CouponImportPreview, CouponImportView } from '../../../../domain/api/contract.ts';
import { useCountFormat } from '../../i18n/use-count-format.ts';
import { SummaryFigure } from './ImportPreview.tsx';
import { NotServedAlert } from './NotServedAlert.tsx';
import { ProblemsTable } from './ProblemsTable.tsx';

interface ImportReportProps {
  preview: CouponImportPreview;
  view: CouponImportView;
  headingRef: RefObject<HTMLHeadingElement | null>;
  again: ReactNode;
}

export function ImportReport({ preview, view, headingRef, again }: ImportReportProps) {
  const { t } = useTranslation();
  const count = useCountFormat();
  return (
    <Stack gap="lg">
      <Paper withBorder p="lg" radius="md">
        <Stack gap="md" role="status">
          <Title order={2} size="h3" ref={headingRef} tabIndex={-1}>
            {t('couponImport.report.heading')}
          </Title>
          <Text size="md">{view.fileName}</Text>
          <SimpleGrid cols={{ base: 2, md: 4 }}>
            <SummaryFigure
              label={t('couponImport.report.inserted')}
              value={count(view.inserted)}
              color="teal.9"
            />
            <SummaryFigure label={t('couponImport.report.updated')} value={count(view.updated)} />
            <SummaryFigure label={t('couponImport.report.unchanged')} value={count(view.unchanged)} />
            <SummaryFigure
              label={t('couponImport.report.rejected')}
              value={count(view.rejectedRows)}
              color={view.rejectedRows > 0 ? 'red.9' : undefined}
            />
          </SimpleGrid>
          {view.newMunicipalities.length > 0 ? (
            <Text size="md">
              {t('couponImport.report.newMunicipalities', {
                codes: view.newMunicipalities.join(t('couponImport.listSeparator')),
              })}
            </Text>
          ) : null}
          <Text size="md">{t('couponImport.report.synced')}</Text>
          <Group>{again}</Group>
        </Stack>
      </Paper>
      <NotServedAlert view={view} />
      <ProblemsTable importId={view.id} first={preview.problems} rejectedRows={view.rejectedRows} />
    </Stack>
  );
}
