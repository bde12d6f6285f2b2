/**
 * The audit view (監査ログ): this desktop's audit log, newest first, filtered by person, resident
 * (ticket number or record id), action and dates, 50 entries a page, exported as .xlsx or CSV with the
 * same filters. The filters apply when 絞り込む is pressed (or Enter in a field), so typing a ticket
 * number does not record a view per keystroke. Viewing and exporting are audited by the desk.
 */
import {
  Alert,
  Button,
  Code,
  Group,
  Pagination,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditPage } from '../../../../domain/api/methods/audit-log.ts';
import { japanTimestampLabel } from '../../../../domain/daily-list-layout.ts';
import { deskApi } from '../../api/desk-api.ts';
import { queryKeys } from '../../app/query-keys.ts';
import { DateField } from '../../fields/DateField.tsx';
import { useCountFormat } from '../../i18n/use-count-format.ts';
import { ListOutputControls } from '../../print/ListOutputControls.tsx';
import { PanelHeading, PanelSkeleton, RefusalAlert, TableHead } from '../manager/manager-shared.tsx';
import { auditRefusalText } from './admin-refusal.ts';

interface AuditFilterValues {
  staffId: string | null;
  action: string | null;
  resident: string;
  from: string;
  to: string;
}

const noFilter: AuditFilterValues = { staffId: null, action: null, resident: '', from: '', to: '' };

const filterInput = (f: AuditFilterValues) => ({
  staffId: f.staffId,
  action: f.action,
  resident: f.resident.trim(),
  from: f.from || null,
  to: f.to || null,
});

export function AuditPanel() {
  const { t } = useTranslation();
  const count = useCountFormat();
  const [typed, setTyped] = useState<AuditFilterValues>(noFilter);
  const [applied, setApplied] = useState<AuditFilterValues>(noFilter);
  const [page, setPage] = useState(0);
  const filter = filterInput(applied);
  const entries = useQuery<AuditPage>({
    queryKey: queryKeys.auditLog(filter, page),
    queryFn: () => deskApi['audit.listEntries']({ filter, page }),
    placeholderData: keepPreviousData,
    retry: false,
  });
  const data = entries.data;
  const apply = (next: AuditFilterValues) => {
    setApplied(next);
    setPage(0);
  };
  const toDateProblem =
    typed.from && typed.to && typed.to < typed.from ? t('admin.audit.toBeforeFrom') : undefined;

  return (
    <Stack gap="sm">
      <PanelHeading title={t('admin.audit.title')} description={t('admin.audit.description')} />
      <Paper withBorder p="md">
        <form
          aria-label={t('admin.audit.filters')}
          onSubmit={(event) => {
            event.preventDefault();
            if (!toDateProblem) apply(typed);
          }}
        >
          <Group align="flex-end" gap="md" wrap="wrap">
            <Select
              label={t('admin.audit.person')}
              placeholder={t('admin.audit.anyone')}
              data={(data?.choices.staff ?? []).map((s) => ({
                value: s.id,
                label: s.name || `${t('admin.audit.unknownPerson')} ${s.id}`,
              }))}
              value={typed.staffId}
              onChange={(staffId) => setTyped((f) => ({ ...f, staffId }))}
              searchable
              selectFirstOptionOnChange
              clearable
              w={240}
            />
            <TextInput
              label={t('admin.audit.resident')}
              description={t('admin.audit.residentHint')}
              value={typed.resident}
              onChange={(e) => {
                const resident = e.currentTarget.value;
                setTyped((f) => ({ ...f, resident }));
              }}
              w={260}
              autoComplete="off"
            />
            <Select
              label={t('admin.audit.action')}
              placeholder={t('admin.audit.anyAction')}
              data={data?.choices.actions ?? []}
              value={typed.action}
              onChange={(action) => setTyped((f) => ({ ...f, action }))}
              searchable
              selectFirstOptionOnChange
              clearable
              w={240}
            />
            <DateField
              label={t('admin.audit.from')}
              value={typed.from}
              onChange={(from) => setTyped((f) => ({ ...f, from }))}
              clearable
              w={200}
            />
            <DateField
              label={t('admin.audit.to')}
              value={typed.to}
              onChange={(to) => setTyped((f) => ({ ...f, to }))}
              clearable
              w={200}
              error={toDateProblem}
            />
            <Button type="submit">{t('admin.audit.apply')}</Button>
            <Button
              variant="default"
              onClick={() => {
                setTyped(noFilter);
                apply(noFilter);
              }}
            >
              {t('admin.audit.clear')}
            </Button>
          </Group>
        </form>
      </Paper>
      <Group justify="space-between" wrap="wrap">
        <Text size="md" fw={700} role="status">
          {data ? t('admin.audit.total', { n: count(data.total) }) : ''}
        </Text>
        <Group gap="sm">
          <ListOutputControls
            exportDisabled={!data}
            exportFile={(format, csvEncoding) =>
              deskApi['audit.exportEntries']({ filter, format, csvEncoding })
            }
          />
        </Group>
      </Group>
      {data?.residentUnknown ? (
        <Alert color="orange" variant="light">
          {t('admin.audit.residentUnknown')}
        </Alert>
      ) : null}
      {entries.isError ? (
        <RefusalAlert
          error={entries.error}
          onRetry={() => void entries.refetch()}
          textOf={auditRefusalText}
        />
      ) : !data ? (
        <PanelSkeleton />
      ) : data.entries.length === 0 ? (
        <Paper withBorder p="xl">
          <Text size="md">{t('admin.audit.empty')}</Text>
        </Paper>
      ) : (
        <Paper withBorder>
          <Table striped verticalSpacing="xs" fz="sm" aria-label={t('admin.audit.tableLabel')}>
            <TableHead
              columns={(['seq', 'at', 'person', 'action', 'entity', 'ids', 'detail'] as const).map((c) =>
                t(`admin.audit.columns.${c}`),
              )}
            />
            <Table.Tbody>
              {data.entries.map((e) => (
                <Table.Tr key={e.id} data-audit-action={e.action}>
                  <Table.Td ta="right">{e.chainSeq}</Table.Td>
                  <Table.Td className="manager-nowrap">
                    {japanTimestampLabel(new Date(e.at), { seconds: true })}
                  </Table.Td>
                  <Table.Td>
                    {e.staffId === null
                      ? t('admin.audit.nobody')
                      : e.staffName || t('admin.audit.unknownPerson')}
                  </Table.Td>
                  <Table.Td>
                    <Code>{e.action}</Code>
                  </Table.Td>
                  <Table.Td>{e.entity}</Table.Td>
                  <Table.Td>
                    <Text size="xs" ff="monospace" className="audit-ids">
                      {e.entityIds.join(' ')}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs" ff="monospace" className="audit-detail">
                      {e.detail}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
      {data && data.total > data.pageSize ? (
        <Group justify="center">
          <Pagination
            total={Math.ceil(data.total / data.pageSize)}
            value={page + 1}
            onChange={(p) => setPage(p - 1)}
            aria-label={t('admin.audit.page')}
          />
        </Group>
      ) : null}
    </Stack>
  );
}
