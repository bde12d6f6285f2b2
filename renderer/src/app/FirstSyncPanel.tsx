/**
 * What every screen shows while the first snapshot from the hub runs: the data is not here yet, so no
 * screen may say "no venues" or "no bookings". The area's heading stays, with rows received and a
 * progress bar; offline or refused, the reason and the way to the sync screen.
 */
import { Alert, Anchor, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { AlertIcon } from '../icons/icons.tsx';
import type { Area } from './routes.ts';
import { SnapshotProgress } from './SnapshotProgress.tsx';
import type { LiveSyncState } from './use-sync-status.ts';

export function FirstSyncPanel({ area, sync }: { area: Area; sync: LiveSyncState }) {
  const { t } = useTranslation();
  const stuck = sync.state === 'offline' || sync.state === 'error' ? sync.state : null;
  return (
    <Stack gap="lg">
      <Title order={1}>{t(area.labelKey)}</Title>
      <Paper withBorder p="xl" radius="md" role="status" aria-live="polite" data-testid="first-sync">
        <Stack gap="md" maw={720}>
          <Title order={2} size="h3">
            {t('firstSync.title')}
          </Title>
          <Text size="md">{t('firstSync.body')}</Text>
          <SnapshotProgress sync={sync} />
          {stuck ? (
            <Alert
              color={stuck === 'offline' ? 'red' : 'orange'}
              variant="light"
              icon={<AlertIcon size={22} />}
            >
              <Text size="md">{t(`firstSync.${stuck}`)}</Text>
            </Alert>
          ) : null}
          <Anchor href="#/sync" size="md">
            {t('firstSync.openSync')}
          </Anchor>
        </Stack>
      </Paper>
    </Stack>
  );
}
