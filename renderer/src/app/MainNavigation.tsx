/** The navbar: one link per area; the current one is marked for sight and for screen readers. */
import { NavLink, Stack, Tooltip } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  BuildingIcon,
  CheckInIcon,
  ClipboardIcon,
  HomeIcon,
  ListIcon,
  PhoneCheckIcon,
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
  'reminder-calls': <PhoneCheckIcon />,
  venues: <BuildingIcon />,
  sync: <SyncIcon />,
  admin: <SettingsIcon />,
};

interface MainNavigationProps {
  current: Area;
  /** Icons only (the label becomes the link's accessible name and a tooltip). */
  compact: boolean;
  onNavigate: () => void;
}

export function MainNavigation({ current, compact, onNavigate }: MainNavigationProps) {
  const { t } = useTranslation();
  return (
    <Stack gap={4} component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
      {areas.map((area) => {
        const active = area.id === current.id;
        return (
          <li key={area.id}>
            <Tooltip label={t(area.labelKey)} position="right" disabled={!compact} withinPortal>
              <NavLink
                component="a"
                href={hrefFor(area)}
                label={compact ? undefined : t(area.labelKey)}
                aria-label={compact ? t(area.labelKey) : undefined}
                leftSection={icons[area.id]}
                active={active}
                aria-current={active ? 'page' : undefined}
                onClick={onNavigate}
                variant="filled"
                fz="md"
                py="sm"
                styles={{
                  label: { fontSize: 'var(--mantine-font-size-md)' },
                  ...(compact ? { section: { marginInlineEnd: 0 }, root: { justifyContent: 'center' } } : {}),
                }}
              />
            </Tooltip>
          </li>
        );
      })}
    </Stack>
  );
}
