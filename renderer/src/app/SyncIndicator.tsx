/**
 * The header's sync state, always visible: 未設定 / 最新 / 同期中 (with the rows of a loading snapshot)
 * / オフライン / 要確認. It links to the sync screen, where the details and "sync now" are.
 */
import { Badge, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useCountFormat } from '../i18n/use-count-format.ts';
import { SyncIcon } from '../icons/icons.tsx';
import { type SyncState, useSyncStatus } from './use-sync-status.ts';

const colors: Record<SyncState, string> = {
  unconfigured: 'gray',
  idle: 'green',
  syncing: 'blue',
  offline: 'red',
  error: 'orange',
};

export function SyncIndicator() {
  const { t } = useTranslation();
  const count = useCountFormat();
  const live = useSyncStatus();
  const state = live?.state ?? 'unconfigured';
  const text =
    state === 'syncing' && live?.received
      ? t('sync.received', { rows: count(live.received) })
      : t(`sync.${state}`);
  return (
    <UnstyledButton
      component="a"
      href="#/sync"
      title={t('sync.openView')}
      style={{ borderRadius: 'var(--mantine-radius-xl)' }}
    >
      <Badge
        role="status"
        aria-live="polite"
        size="lg"
        variant="light"
        color={colors[state]}
        leftSection={<SyncIcon size={16} />}
        tt="none"
        fw={600}
        data-sync-state={state}
        style={{ cursor: 'pointer' }}
      >
        {text}
      </Badge>
    </UnstyledButton>
  );
}
