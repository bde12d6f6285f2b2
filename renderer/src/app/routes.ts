/**
 * The app's areas and their hash routes (`#/overview`). An area not built yet (`ready: false`) shows a
 * "coming soon" state.
 */
export const areas = [
  { id: 'overview', path: '/overview', labelKey: 'nav.overview', ready: true },
  { id: 'phone-booking', path: '/phone-booking', labelKey: 'nav.phoneBooking', ready: true },
  { id: 'bookings', path: '/bookings', labelKey: 'nav.bookings', ready: true },
  { id: 'daily-lists', path: '/daily-lists', labelKey: 'nav.dailyLists', ready: true },
  { id: 'venue-day', path: '/venue-day', labelKey: 'nav.venueDay', ready: true },
  { id: 'reminder-calls', path: '/reminder-calls', labelKey: 'nav.reminderCalls', ready: true },
  { id: 'venues', path: '/venues', labelKey: 'nav.venues', ready: true },
  { id: 'manager', path: '/manager', labelKey: 'nav.manager', ready: true },
  { id: 'dashboard', path: '/dashboard', labelKey: 'nav.dashboard', ready: true },
  { id: 'coupon-import', path: '/coupon-import', labelKey: 'nav.couponImport', ready: true },
  { id: 'sync', path: '/sync', labelKey: 'nav.sync', ready: true },
  { id: 'admin', path: '/admin', labelKey: 'nav.admin', ready: true },
] as const;

export type Area = (typeof areas)[number];
export type AreaId = Area['id'];

export const defaultArea: Area = areas[0];

export function areaForHash(hash: string): Area {
  const path = hash.replace(/^#/, '').split('?')[0];
  return areas.find((a) => a.path === path) ?? defaultArea;
}

export function hrefFor(area: Area): string {
  return `#${area.path}`;
}
