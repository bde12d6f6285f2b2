/** Hub rows this desk could not read, kept aside: by kind and id, with the fields at fault (never values). */
import { Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { SyncStatus } from '../../../../domain/api/contract.ts';
import { isSyncEntity } from '../../../../domain/vocabulary/terms.ts';
import { useDateTimeFormat } from './sync-text.ts';

export function SyncSetAsideTable({ setAside }: { setAside: SyncStatus['setAside'] }) {
  const { t } = useTranslation();
  const when = useDateTimeFormat();
  if (setAside.count === 0) return null;
  return (
    <Paper withBorder p="lg" radius="md" component="section" aria-labelledby="sync-set-aside-title">
      <Stack gap="sm">
        <Title order={2} size="h3" id="sync-set-aside-title">
          {t('syncView.setAsideTitle')}
        </Title>
        <Text size="md">{t('syncView.setAsideIntro', { count: setAside.count })}</Text>
        <Table striped fz="md" verticalSpacing="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('syncView.setAsideEntity')}</Table.Th>
              <Table.Th scope="col">{t('syncView.setAsideId')}</Table.Th>
              <Table.Th scope="col">{t('syncView.setAsideFields')}</Table.Th>
              <Table.Th scope="col">{t('syncView.setAsideAt')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {setAside.rows.map((row) => (
              <Table.Tr key={`${row.entity}:${row.id}`}>
                <Table.Td>
                  {isSyncEntity(row.entity) ? t(`syncView.entity.${row.entity}`) : row.entity}
                </Table.Td>
                <Table.Td ff="monospace">{row.id}</Table.Td>
                <Table.Td ff="monospace">{row.fields.join(', ')}</Table.Td>
                <Table.Td>{when(row.lastSeenAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Stack>
    </Paper>
  );
}
