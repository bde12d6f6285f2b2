/** The sync screen: status and "sync now" for everyone; the hub settings for managers and admins. */
import { Skeleton, Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiErrorPanel } from '../../app/ApiErrorPanel.tsx';
import { useAppInfo } from '../../app/use-app-info.ts';
import { useSyncStatusQuery } from '../../app/use-sync-status.ts';
import { SyncFailuresTable } from './SyncFailuresTable.tsx';
import { SyncSetAsideTable } from './SyncSetAsideTable.tsx';
import { SyncSettingsForm } from './SyncSettingsForm.tsx';
import { SyncStatusPanel } from './SyncStatusPanel.tsx';

const settingsRoles = ['manager', 'admin'];

export function SyncScreen() {
  const { t } = useTranslation();
  const status = useSyncStatusQuery();
  const { data: info } = useAppInfo();
  return (
    <Stack gap="lg">
      <Title order={1}>{t('nav.sync')}</Title>
      {status.isPending ? (
        <Skeleton height={220} radius="md" />
      ) : status.isError ? (
        <ApiErrorPanel
          error={status.error}
          onRetry={() => void status.refetch()}
          retrying={status.isFetching}
        />
      ) : (
        <>
          <SyncStatusPanel status={status.data} />
          <SyncSetAsideTable setAside={status.data.setAside} />
          <SyncFailuresTable failures={status.data.failures} />
        </>
      )}
      {info && settingsRoles.includes(info.session.role) && <SyncSettingsForm />}
    </Stack>
  );
}
