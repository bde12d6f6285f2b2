/** The navbar: one link per area; the current one is marked for sight and for screen readers. */
import { NavLink, Stack, Tooltip } from '@mantine/core';
import { type KeyboardEvent, type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  BuildingIcon,
  ChartIcon,
  CheckInIcon,
  ClipboardIcon,
  HomeIcon,
  ImportIcon,
  ListIcon,
  PhoneCheckIcon,
  PhoneIcon,
  SettingsIcon,
  SlidersIcon,
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
  manager: <SlidersIcon />,
  dashboard: <ChartIcon />,
  'coupon-import': <ImportIcon />,
  sync: <SyncIcon />,
  admin: <SettingsIcon />,
};

interface MainNavigationProps {
  current: Area;
  /** Icons only (the label becomes the link's accessible name and a tooltip). */
  compact: boolean;
  onNavigate: () => void;
}

/**
 * While the pointer or the focus is on an icon-only link, its label shows beside it. Using the link
 * hides the label until the pointer comes back or the link gets the focus again: the pointer resting
 * on the link just used would otherwise keep the label over the first lines of the page it opened.
 */
function useCompactLabel(compact: boolean) {
  const [hovered, setHovered] = useState(false);
  const [focused, setFocused] = useState(false);
  const [used, setUsed] = useState(false);
  // The handlers only listen while compact: what they saw before is stale when it comes back.
  useEffect(() => {
    if (!compact) return;
    setHovered(false);
    setFocused(false);
    setUsed(false);
  }, [compact]);
  return {
    opened: (hovered || focused) && !used,
    handlers: {
      onPointerEnter: () => {
        setHovered(true);
        setUsed(false);
      },
      onPointerLeave: () => setHovered(false),
      onFocus: () => {
        setFocused(true);
        setUsed(false);
      },
      // The page just opened takes the focus; the pointer may still rest here, label hidden.
      onBlur: () => setFocused(false),
      onClick: () => setUsed(true),
      // Escape puts the label away without moving the pointer or the focus (WCAG 1.4.13).
      onKeyDown: (event: KeyboardEvent) => {
        if (event.key === 'Escape') setUsed(true);
      },
    },
  };
}

interface NavItemProps {
  area: Area;
  active: boolean;
  compact: boolean;
  onNavigate: () => void;
}

function NavItem({ area, active, compact, onNavigate }: NavItemProps) {
  const { t } = useTranslation();
  const label = useCompactLabel(compact);
  const link = (
    <NavLink
      component="a"
      href={hrefFor(area)}
      label={compact ? undefined : t(area.labelKey)}
      aria-label={compact ? t(area.labelKey) : undefined}
      leftSection={icons[area.id]}
      active={active}
      aria-current={active ? 'page' : undefined}
      {...(compact ? label.handlers : {})}
      onClick={() => {
        if (compact) label.handlers.onClick();
        onNavigate();
      }}
      variant="filled"
      fz="md"
      py="sm"
      styles={{
        label: { fontSize: 'var(--mantine-font-size-md)' },
        ...(compact ? { section: { marginInlineEnd: 0 }, root: { justifyContent: 'center' } } : {}),
      }}
    />
  );
  if (!compact) return link;
  return (
    <Tooltip label={t(area.labelKey)} position="right" opened={label.opened} withinPortal>
      {link}
    </Tooltip>
  );
}

export function MainNavigation({ current, compact, onNavigate }: MainNavigationProps) {
  return (
    <Stack gap={4} component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
      {areas.map((area) => (
        <li key={area.id}>
          <NavItem area={area} active={area.id === current.id} compact={compact} onNavigate={onNavigate} />
        </li>
      ))}
    </Stack>
  );
}
