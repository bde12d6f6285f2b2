/** The local changes the hub refused for good, newest first, with the reason in words. */
import { Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { SyncFailure } from '../../../../domain/api/contract.ts';
import { kindText, reasonText, useDateTimeFormat } from './sync-text.ts';

export function SyncFailuresTable({ failures }: { failures: SyncFailure[] }) {
  const { t } = useTranslation();
  const when = useDateTimeFormat();
  return (
    <Paper withBorder p="lg" radius="md" component="section" aria-labelledby="sync-failures-title">
      <Stack gap="sm">
        <Title order={2} size="h3" id="sync-failures-title">
          {t('syncView.failuresTitle')}
        </Title>
        {failures.length === 0 ? (
          <Text size="md">{t('syncView.failuresEmpty')}</Text>
        ) : (
          <Table striped highlightOnHover fz="md" verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('syncView.failureAt')}</Table.Th>
                <Table.Th scope="col">{t('syncView.failureKind')}</Table.Th>
                <Table.Th scope="col">{t('syncView.failureBooking')}</Table.Th>
                <Table.Th scope="col">{t('syncView.failureReason')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {failures.map((failure) => (
                <Table.Tr key={`${failure.mutationId}-${failure.at}-${failure.bookingId ?? ''}`}>
                  <Table.Td>{when(failure.at)}</Table.Td>
                  <Table.Td>{kindText(t, failure.kind)}</Table.Td>
                  <Table.Td ff="monospace">{failure.bookingNumber ?? '—'}</Table.Td>
                  <Table.Td>
                    {reasonText(t, failure.code)}
                    {failure.reasons.length > 0 && (
                      <Text size="sm" c="dimmed" component="span">
                        {' '}
                        （{failure.reasons.join(', ')}）
                      </Text>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Paper>
  );
}
