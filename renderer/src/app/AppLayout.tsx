/** The shell: header, navbar and the current area's screen. */
import { AppShell, Title } from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import { lazy, type ReactNode, Suspense, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { AdminScreen } from '../screens/admin/AdminScreen.tsx';
import { BookingsScreen } from '../screens/bookings/BookingsScreen.tsx';
import { CouponImportScreen } from '../screens/coupon-import/CouponImportScreen.tsx';
import { DailyListScreen } from '../screens/daily-list/DailyListScreen.tsx';
import { ManagerScreen } from '../screens/manager/ManagerScreen.tsx';
import { OverviewScreen } from '../screens/overview/OverviewScreen.tsx';
import { PhoneBookingScreen } from '../screens/phone-booking/PhoneBookingScreen.tsx';
import { ReminderCallsScreen } from '../screens/reminder-calls/ReminderCallsScreen.tsx';
import { SyncScreen } from '../screens/sync/SyncScreen.tsx';
import { VenueDayScreen } from '../screens/venue-day/VenueDayScreen.tsx';
import { VenueSlotsScreen } from '../screens/venue-slots/VenueSlotsScreen.tsx';
import { AppHeader } from './AppHeader.tsx';
import { ComingSoon } from './ComingSoon.tsx';
import { FirstSyncPanel } from './FirstSyncPanel.tsx';
import { MainNavigation } from './MainNavigation.tsx';
import type { AreaId } from './routes.ts';
import { useCurrentArea } from './use-current-area.ts';
import { useFirstSync } from './use-sync-status.ts';

// The dashboard brings the chart library: loaded when first opened, not at start.
const DashboardScreen = lazy(() =>
  import('../screens/dashboard/DashboardScreen.tsx').then((m) => ({ default: m.DashboardScreen })),
);

/** The screen of each built area; the others show a coming-soon state. */
const screens: Partial<Record<AreaId, () => ReactNode>> = {
  overview: () => <OverviewScreen />,
  'phone-booking': () => <PhoneBookingScreen />,
  bookings: () => <BookingsScreen />,
  'daily-lists': () => <DailyListScreen />,
  'venue-day': () => <VenueDayScreen />,
  'reminder-calls': () => <ReminderCallsScreen />,
  venues: () => <VenueSlotsScreen />,
  manager: () => <ManagerScreen />,
  dashboard: () => (
    <Suspense fallback={null}>
      <DashboardScreen />
    </Suspense>
  ),
  'coupon-import': () => <CouponImportScreen />,
  sync: () => <SyncScreen />,
  admin: () => <AdminScreen />,
};

const headerHeight = 72;

export function AppLayout() {
  const { t } = useTranslation();
  const [navbarOpened, navbar] = useDisclosure(false);
  // Between a tablet and a wide screen (768–1407 px) the menu shows icons only, leaving the width
  // to the tables; the phone-sized menu (a drawer) and wide screens show the labels.
  const compactNavbar = useMediaQuery('(min-width: 48em) and (max-width: 87.99em)') ?? false;
  const area = useCurrentArea();
  // Until the first snapshot is in, the local data is not the hub's: no screen shows it as if it were.
  const firstSync = useFirstSync();
  const mainRef = useRef<HTMLElement>(null);
  const shownArea = useRef(area.id);

  // After moving to another area, put keyboard focus at the start of its content.
  useEffect(() => {
    if (shownArea.current === area.id) return;
    shownArea.current = area.id;
    mainRef.current?.focus();
  }, [area.id]);

  // Whatever scrolls into view (a focused field, a panel brought up) stops below the fixed header.
  useEffect(() => {
    document.documentElement.style.scrollPaddingTop = `${headerHeight + 16}px`;
  }, []);

  return (
    <AppShell
      header={{ height: headerHeight }}
      navbar={{
        width: { base: 240, sm: 76, xl: 240 },
        breakpoint: 'sm',
        collapsed: { mobile: !navbarOpened },
      }}
      padding="lg"
    >
      <AppShell.Header>
        <AppHeader navbarOpened={navbarOpened} onToggleNavbar={navbar.toggle} />
      </AppShell.Header>
      <AppShell.Navbar p="sm" aria-label={t('app.mainMenu')}>
        <MainNavigation current={area} compact={compactNavbar} onNavigate={navbar.close} />
      </AppShell.Navbar>
      <AppShell.Main id="main-content" ref={mainRef} tabIndex={-1} bg="gray.0">
        {firstSync === null || area.id === 'sync' ? (
          (screens[area.id]?.() ?? <ComingSoon area={area} />)
        ) : firstSync === 'unknown' ? (
          <Title order={1}>{t(area.labelKey)}</Title>
        ) : (
          <FirstSyncPanel area={area} sync={firstSync} />
        )}
      </AppShell.Main>
    </AppShell>
  );
}
