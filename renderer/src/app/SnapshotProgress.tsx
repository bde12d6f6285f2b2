/**
 * A snapshot loading from the hub: rows received (of about how many, when the hub said) and a
 * progress bar; striped and moving while the total is not known. Shared by the first-sync panel and
 * the sync screen.
 */
import { Progress, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useCountFormat } from '../i18n/use-count-format.ts';
import type { LiveSyncState } from './use-sync-status.ts';

export function SnapshotProgress({ sync }: { sync: Pick<LiveSyncState, 'received' | 'total' | 'progress'> }) {
  const { t } = useTranslation();
  const count = useCountFormat();
  const rows = sync.received ?? 0;
  const percent = sync.progress === null ? null : Math.floor(sync.progress * 100);
  const nothingYet = sync.received === null || (sync.received === 0 && sync.total === null);
  const text = nothingYet
    ? t('firstSync.waiting')
    : percent !== null && sync.total !== null
      ? t('firstSync.rowsOf', { rows: count(rows), total: count(sync.total), percent })
      : t('firstSync.rows', { rows: count(rows) });
  return (
    <Stack gap={4}>
      <Text size="lg" fw={600} data-testid="snapshot-rows">
        {text}
      </Text>
      <Progress
        value={percent ?? 100}
        animated={percent === null}
        striped={percent === null}
        size="xl"
        aria-label={t('firstSync.progressLabel')}
        aria-valuetext={text}
      />
    </Stack>
  );
}
