/**
 * What the hub found in a coupon list before anything is imported: the counts, which header was read
 * as which column, the first rows as they will be stored, every row that cannot be imported (by row
 * number, column and reason, paged from the hub), and the rows of municipalities no venue takes.
 */
import { Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import type { ReactNode, RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { CouponImportPreview } from '../../../../domain/api/contract.ts';
import { formatEraDate } from '../../../../domain/era-date.ts';
import { useCountFormat } from '../../i18n/use-count-format.ts';
import { useUiLanguage } from '../../i18n/use-ui-language.ts';
import { NotServedAlert } from './NotServedAlert.tsx';
import { ProblemsTable } from './ProblemsTable.tsx';
import { columnLabel } from './problem-text.ts';

export function SummaryFigure({ label, value, color }: { label: string; value: string; color?: string }) {
  return (
    <Paper withBorder p="sm" radius="md">
      <Text size="sm" c="gray.7">
        {label}
      </Text>
      <Text size="xl" fw={700} c={color} data-figure={label}>
        {value}
      </Text>
    </Paper>
  );
}

interface ImportPreviewProps {
  preview: CouponImportPreview;
  headingRef: RefObject<HTMLHeadingElement | null>;
  actions: ReactNode;
}

export function ImportPreview({ preview, headingRef, actions }: ImportPreviewProps) {
  const { t } = useTranslation();
  const count = useCountFormat();
  const language = useUiLanguage();
  const view = preview.import;
  const format = view.format === 'xlsx' ? 'xlsx' : (view.encoding ?? 'utf-8');
  const birth = (iso: string) => (language === 'ja' ? `${formatEraDate(iso)}（${iso}）` : iso);

  return (
    <Stack gap="lg">
      <Paper withBorder p="lg" radius="md">
        <Stack gap="md">
          <Title order={2} size="h3" ref={headingRef} tabIndex={-1}>
            {t('couponImport.summary.heading', { file: view.fileName })}
          </Title>
          <Text size="md">
            {t('couponImport.summary.format', { format: t(`couponImport.encoding.${format}`) })}
          </Text>
          <SimpleGrid cols={{ base: 2, md: 4 }}>
            <SummaryFigure label={t('couponImport.summary.dataRows')} value={count(view.dataRows)} />
            <SummaryFigure
              label={t('couponImport.summary.valid')}
              value={count(view.validRows)}
              color="teal.9"
            />
            <SummaryFigure
              label={t('couponImport.summary.rejected')}
              value={count(view.rejectedRows)}
              color={view.rejectedRows > 0 ? 'red.9' : undefined}
            />
            <SummaryFigure
              label={t('couponImport.summary.notServed')}
              value={count(view.notServed.rows)}
              color={view.notServed.rows > 0 ? 'orange.9' : undefined}
            />
          </SimpleGrid>
          {actions}
        </Stack>
      </Paper>

      <NotServedAlert view={view} rows={preview.notServedRows.map((r) => r.row)} />

      <ProblemsTable importId={view.id} first={preview.problems} rejectedRows={view.rejectedRows} />

      <Paper withBorder p="md" radius="md" style={{ overflowX: 'auto' }}>
        <Title order={3} size="h4" mb="sm">
          {t('couponImport.firstRows.heading', { n: preview.firstRows.length })}
        </Title>
        {preview.firstRows.length === 0 ? (
          <Text size="md">{t('couponImport.firstRows.none')}</Text>
        ) : (
          <Table withTableBorder striped fz="sm" style={{ whiteSpace: 'nowrap' }}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th ta="right">{t('couponImport.firstRows.row')}</Table.Th>
                <Table.Th>{t('couponImport.column.ticket_number')}</Table.Th>
                <Table.Th>{t('couponImport.column.municipality_code')}</Table.Th>
                <Table.Th>{t('couponImport.column.name')}</Table.Th>
                <Table.Th>{t('couponImport.column.name_kana')}</Table.Th>
                <Table.Th>{t('couponImport.column.birth_date')}</Table.Th>
                <Table.Th>{t('couponImport.column.sex')}</Table.Th>
                <Table.Th>{t('couponImport.column.address')}</Table.Th>
                <Table.Th>{t('couponImport.column.phone')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {preview.firstRows.map((r) => (
                <Table.Tr key={r.row}>
                  <Table.Td ta="right">{r.row}</Table.Td>
                  <Table.Td ff="monospace">{r.ticketNumber}</Table.Td>
                  <Table.Td ff="monospace">{r.municipalityCode}</Table.Td>
                  <Table.Td>{r.name}</Table.Td>
                  <Table.Td>{r.nameKana}</Table.Td>
                  <Table.Td>{birth(r.birthDate)}</Table.Td>
                  <Table.Td>{t(`sex.${r.sex as 'M' | 'F' | 'U'}`)}</Table.Td>
                  <Table.Td>{r.address}</Table.Td>
                  <Table.Td>{r.phone}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Paper>
      <Paper withBorder p="md" radius="md" w="fit-content">
        <Title order={3} size="h4" mb="sm">
          {t('couponImport.mapping.heading')}
        </Title>
        <Table withTableBorder withColumnBorders fz="md">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('couponImport.mapping.header')}</Table.Th>
              <Table.Th>{t('couponImport.mapping.column')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {preview.columns.map((c, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: header cells may repeat; their place is their identity
              <Table.Tr key={i}>
                <Table.Td>{c.header}</Table.Td>
                <Table.Td c={c.column ? undefined : 'gray.7'}>
                  {c.column ? columnLabel(t, c.column) : t('couponImport.mapping.ignored')}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
    </Stack>
  );
}
