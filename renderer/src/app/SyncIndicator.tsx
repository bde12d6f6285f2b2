/** The header's sync state. Until a hub is configured it says so plainly (同期: 未設定). */
import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { SyncIcon } from '../icons/icons.tsx';
import { type SyncState, useSyncStatus } from './use-sync-status.ts';

const colors: Record<SyncState | 'unconfigured', string> = {
  unconfigured: 'gray',
  idle: 'green',
  syncing: 'blue',
  offline: 'red',
};

export function SyncIndicator() {
  const { t } = useTranslation();
  const state = useSyncStatus() ?? 'unconfigured';
  return (
    <Badge
      role="status"
      size="lg"
      variant="light"
      color={colors[state]}
      leftSection={<SyncIcon size={16} />}
      tt="none"
      fw={600}
    >
      {t(`sync.${state}`)}
    </Badge>
  );
}
