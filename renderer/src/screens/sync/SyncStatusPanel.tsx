/** Where sync stands: the hub, connected or not, last sync, cursor, outbox, the problem if any, "sync now". */
import { Alert, Badge, Button, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { SyncStatus } from '../../../../domain/api/contract.ts';
import { deskApi } from '../../api/desk-api.ts';
import { queryKeys } from '../../app/query-keys.ts';
import { SnapshotProgress } from '../../app/SnapshotProgress.tsx';
import { useCountFormat } from '../../i18n/use-count-format.ts';
import { AlertIcon, SyncIcon } from '../../icons/icons.tsx';
import { useDateTimeFormat } from './sync-text.ts';

const stateColors: Record<SyncStatus['state'], string> = {
  unconfigured: 'gray',
  idle: 'green',
  syncing: 'blue',
  offline: 'red',
  error: 'orange',
};

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="sm" c="dimmed" component="dt">
        {label}
      </Text>
      <Text size="lg" fw={600} component="dd" m={0}>
        {children}
      </Text>
    </Stack>
  );
}

export function SyncStatusPanel({ status }: { status: SyncStatus }) {
  const { t } = useTranslation();
  const count = useCountFormat();
  const when = useDateTimeFormat();
  const queryClient = useQueryClient();
  const syncNow = useMutation({
    mutationFn: () => deskApi.syncNow({}),
    onSuccess: (next) => {
      queryClient.setQueryData(queryKeys.syncStatus(), next);
      notifications.show({ message: t('syncView.syncNowDone'), color: 'green' });
    },
  });
  const hub = status.demoHub ? t('syncView.demoHub') : (status.hubUrl ?? '—');
  const outboxDetail = [
    status.outbox.retrying > 0 ? t('syncView.outboxRetrying', { count: status.outbox.retrying }) : null,
    status.outbox.unsupported > 0
      ? t('syncView.outboxUnsupported', { count: status.outbox.unsupported })
      : null,
  ].filter((line): line is string => line !== null);

  return (
    <Paper withBorder p="lg" radius="md" component="section" aria-labelledby="sync-status-title">
      <Stack gap="md">
        <Group justify="space-between" wrap="wrap">
          <Group gap="sm">
            <Title order={2} size="h3" id="sync-status-title">
              {t('syncView.statusTitle')}
            </Title>
            <Badge size="lg" variant="filled" color={stateColors[status.state]} tt="none" autoContrast>
              {t(`sync.${status.state}`)}
            </Badge>
          </Group>
          <Button
            size="md"
            leftSection={<SyncIcon size={18} />}
            onClick={() => syncNow.mutate()}
            loading={syncNow.isPending}
            disabled={!status.configured}
          >
            {t('syncView.syncNow')}
          </Button>
        </Group>

        {!status.configured && <Text size="md">{t('syncView.noHub')}</Text>}

        {status.problem && (
          <Alert
            color="orange"
            variant="light"
            title={t('syncView.problemTitle')}
            icon={<AlertIcon size={22} />}
            role="alert"
          >
            <Text size="md">{t(`syncView.problem.${status.problem.code}`)}</Text>
            {status.nextAttemptAt && (
              <Text size="sm" mt={4}>
                {t('syncView.nextAttempt')}: {when(status.nextAttemptAt)}
              </Text>
            )}
            <Text size="xs" c="dimmed" mt={4} lang="en">
              {status.problem.detail}
            </Text>
          </Alert>
        )}

        {status.configured && !status.ready && (
          <Stack gap={4}>
            <Text size="md">{t('syncView.snapshot')}</Text>
            <SnapshotProgress
              sync={{
                received: status.snapshot?.rows ?? 0,
                total: status.snapshot?.total ?? null,
                progress: status.snapshot?.progress ?? null,
              }}
            />
          </Stack>
        )}

        {status.configured && (
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="lg" component="dl" m={0}>
            <Fact label={t('syncView.hub')}>{hub}</Fact>
            <Fact label={t('syncView.hubStaff')}>
              {status.hubStaff
                ? `${status.hubStaff.displayName}（${t(`role.${status.hubStaff.role}`)}）`
                : '—'}
            </Fact>
            <Fact label={t('syncView.live')}>
              {status.live ? t(`syncView.liveMode.${status.live}`) : '—'}
            </Fact>
            <Fact label={t('syncView.lastSync')}>
              {status.lastSyncAt ? when(status.lastSyncAt) : t('syncView.never')}
            </Fact>
            <Fact label={t('syncView.lastPush')}>
              {status.lastPushAt ? when(status.lastPushAt) : t('syncView.never')}
            </Fact>
            <Fact label={t('syncView.cursor')}>
              {t('syncView.cursorOf', {
                cursor: count(status.cursor),
                head: count(status.headSeq ?? status.cursor),
              })}
            </Fact>
            <Fact label={t('syncView.outbox')}>
              <span data-testid="sync-outbox-count">
                {t('syncView.outboxCount', { count: status.outbox.pending })}
              </span>
              {outboxDetail.map((line) => (
                <Text key={line} size="sm" fw={400} component="span" display="block">
                  {line}
                </Text>
              ))}
            </Fact>
          </SimpleGrid>
        )}
      </Stack>
    </Paper>
  );
}
