/** The navbar: one link per area; the current one is marked for sight and for screen readers. */
import { NavLink, Stack } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  BuildingIcon,
  CheckInIcon,
  ClipboardIcon,
  HomeIcon,
  ListIcon,
  PhoneIcon,
  SettingsIcon,
  SyncIcon,
} from '../icons/icons.tsx';
import { type Area, type AreaId, areas, hrefFor } from './routes.ts';

const icons: Record<AreaId, ReactNode> = {
  overview: <HomeIcon />,
  'phone-booking': <PhoneIcon />,
  bookings: <ListIcon />,
  'daily-lists': <ClipboardIcon />,
  'venue-day': <CheckInIcon />,
  venues: <BuildingIcon />,
  sync: <SyncIcon />,
  admin: <SettingsIcon />,
};

interface MainNavigationProps {
  current: Area;
  onNavigate: () => void;
}

export function MainNavigation({ current, onNavigate }: MainNavigationProps) {
  const { t } = useTranslation();
  return (
    <Stack gap={4} component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
      {areas.map((area) => {
        const active = area.id === current.id;
        return (
          <li key={area.id}>
            <NavLink
              component="a"
              href={hrefFor(area)}
              label={t(area.labelKey)}
              leftSection={icons[area.id]}
              active={active}
              aria-current={active ? 'page' : undefined}
              onClick={onNavigate}
              variant="filled"
              fz="md"
              py="sm"
              styles={{ label: { fontSize: 'var(--mantine-font-size-md)' } }}
            />
          </li>
        );
      })}
    </Stack>
  );
}
