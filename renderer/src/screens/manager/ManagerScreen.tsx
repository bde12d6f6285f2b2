/**
 * The manager's desk (運営管理): vaccine products, venues, slot generation, capacity in bulk and
 * cancelling a session, one tab each (← → move between the tabs). Every change goes to the hub at
 * once; while the hub cannot be reached (or this desktop has none) the screen says so, and a change
 * tried anyway is refused in words with nothing changed anywhere.
 */
import { Stack, Tabs, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CapacityBulkPanel } from './CapacityBulkPanel.tsx';
import { HubAvailabilityAlert, useHubAvailability } from './manager-shared.tsx';
import { ProductsPanel } from './ProductsPanel.tsx';
import { SessionCancelPanel } from './SessionCancelPanel.tsx';
import { SlotGenerationPanel } from './SlotGenerationPanel.tsx';
import { VenuesPanel } from './VenuesPanel.tsx';
import './manager.css';

const tabs = ['products', 'venues', 'generation', 'capacity', 'session'] as const;
type ManagerTab = (typeof tabs)[number];

const panels: Record<ManagerTab, () => React.ReactNode> = {
  products: () => <ProductsPanel />,
  venues: () => <VenuesPanel />,
  generation: () => <SlotGenerationPanel />,
  capacity: () => <CapacityBulkPanel />,
  session: () => <SessionCancelPanel />,
};

export function ManagerScreen() {
  const { t } = useTranslation();
  const hub = useHubAvailability();
  const [tab, setTab] = useState<ManagerTab>('products');
  return (
    <Stack gap="md">
      <div>
        <Title order={1}>{t('nav.manager')}</Title>
        <Text size="lg">{t('manager.intro')}</Text>
      </div>
      <HubAvailabilityAlert hub={hub} />
      <Tabs value={tab} onChange={(value) => value && setTab(value as ManagerTab)}>
        <Tabs.List aria-label={t('manager.tabs.label')}>
          {tabs.map((id) => (
            <Tabs.Tab key={id} value={id} fz="md" fw={700}>
              {t(`manager.tabs.${id}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {tabs.map((id) => (
          <Tabs.Panel key={id} value={id} pt="md">
            {panels[id]()}
          </Tabs.Panel>
        ))}
      </Tabs>
    </Stack>
  );
}
