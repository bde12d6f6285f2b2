/**
 * The admin screen (管理): staff accounts (admins) and the audit log (managers and admins), one tab
 * each (← → move between the tabs). Account changes go to the hub at once; while the hub cannot be
 * reached the screen says so, and a change tried anyway is refused in words with nothing changed.
 * A role that may not use a tab is told so in words by the tab itself.
 */
import { Stack, Tabs, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppInfo } from '../../app/use-app-info.ts';
import { HubAvailabilityAlert, useHubAvailability } from '../manager/manager-shared.tsx';
import { AuditPanel } from './AuditPanel.tsx';
import { StaffPanel } from './StaffPanel.tsx';
import './admin.css';
import '../manager/manager.css';

const tabs = ['staff', 'audit'] as const;
type AdminTab = (typeof tabs)[number];

export function AdminScreen() {
  const { t } = useTranslation();
  const hub = useHubAvailability();
  const appInfo = useAppInfo();
  // A manager comes here for the audit log; an admin for the accounts first.
  const [tab, setTab] = useState<AdminTab | null>(null);
  const shown: AdminTab = tab ?? (appInfo.data?.session.role === 'manager' ? 'audit' : 'staff');
  return (
    <Stack gap="md">
      <div>
        <Title order={1}>{t('nav.admin')}</Title>
        <Text size="lg">{t('admin.intro')}</Text>
      </div>
      <HubAvailabilityAlert hub={hub} area="admin" />
      <Tabs value={shown} onChange={(value) => value && setTab(value as AdminTab)}>
        <Tabs.List aria-label={t('admin.tabs.label')}>
          {tabs.map((id) => (
            <Tabs.Tab key={id} value={id} fz="md" fw={700}>
              {t(`admin.tabs.${id}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="staff" pt="md">
          {shown === 'staff' ? <StaffPanel /> : null}
        </Tabs.Panel>
        <Tabs.Panel value="audit" pt="md">
          {shown === 'audit' ? <AuditPanel /> : null}
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
