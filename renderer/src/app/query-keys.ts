/**
 * Every react-query key the screens use, made here and nowhere else, and which of the desk's data
 * scopes each one reads. A 'data-changed' event names the scopes that changed (bookings, slots,
 * venues, coupons); only the queries that read one of them are marked stale, so a slot edit does
 * not refetch the booking grid and a sync of bookings does not refetch the settings form.
 */
import type { QueryClient } from '@tanstack/react-query';
import type { DeskEvent } from '../../../domain/api/contract.ts';

export type DataScope = Extract<DeskEvent, { type: 'data-changed' }>['scopes'][number];

/** For each key's first element: the data scopes its answer is built from. */
const scopesRead = {
  appInfo: [],
  syncStatus: [],
  syncSettings: [],
  venueChoices: ['venues'],
  dayOverview: ['bookings', 'slots', 'venues'],
  dailyList: ['bookings', 'slots', 'venues', 'coupons'],
  reminderCalls: ['bookings', 'slots', 'venues', 'coupons'],
  bookings: ['bookings', 'slots', 'venues', 'coupons'],
  venueDay: ['bookings', 'slots', 'venues', 'coupons'],
  slotCapacity: ['bookings', 'slots'],
  phoneDesk: ['bookings', 'slots', 'venues', 'coupons'],
  // The hub's own products and venues: a synced venue change means the hub's catalog changed too.
  managerCatalog: ['venues'],
  managerDashboard: ['bookings', 'slots', 'venues'],
  // The hub's staff accounts (a name change also arrives through the staff directory, not a scope).
  adminStaff: ['venues'],
  // This desktop's audit log grows with every view; read afresh when the screen asks.
  auditLog: [],
} as const satisfies Record<string, readonly DataScope[]>;

type QueryRoot = keyof typeof scopesRead;

export const queryKeys = {
  appInfo: () => ['appInfo'] as const,
  syncStatus: () => ['syncStatus'] as const,
  syncSettings: () => ['syncSettings'] as const,
  venueChoices: () => ['venueChoices'] as const,
  dayOverview: {
    all: () => ['dayOverview'] as const,
    day: (date: string) => ['dayOverview', date] as const,
  },
  dailyList: (date: string, venueId: string | null) => ['dailyList', date, venueId] as const,
  reminderCalls: (date: string, venueId: string | null) => ['reminderCalls', date, venueId] as const,
  bookings: {
    all: () => ['bookings'] as const,
    detail: (bookingId: string | null) => ['bookings', 'detail', bookingId] as const,
    count: (filter: unknown) => ['bookings', 'count', filter] as const,
    page: (filter: unknown, sort: unknown, page: number) => ['bookings', 'page', filter, sort, page] as const,
  },
  venueDay: (venueId: string | null, date: string) => ['venueDay', venueId, date] as const,
  slotCapacity: {
    all: () => ['slotCapacity'] as const,
    range: (venueId: string | null, from: string, to: string) => ['slotCapacity', venueId, from, to] as const,
  },
  phoneDesk: {
    all: () => ['phoneDesk'] as const,
    followUp: (couponId: string, slotId: string) => ['phoneDesk', 'followUp', couponId, slotId] as const,
    callbackTasks: () => ['phoneDesk', 'callbackTasks'] as const,
    slotGrid: (target: unknown, from: string) => ['phoneDesk', 'slotGrid', target, from] as const,
  },
  managerCatalog: () => ['managerCatalog'] as const,
  managerDashboard: () => ['managerDashboard'] as const,
  adminStaff: () => ['adminStaff'] as const,
  auditLog: (filter: unknown, page: number) => ['auditLog', filter, page] as const,
} satisfies Record<QueryRoot, unknown>;

/** Whether a cached query with this key reads any of the changed scopes. */
export function readsAnyScope(queryKey: readonly unknown[], changed: readonly DataScope[]): boolean {
  const root = queryKey[0];
  if (typeof root !== 'string' || !Object.hasOwn(scopesRead, root)) return true; // unknown: stay safe
  const reads: readonly DataScope[] = scopesRead[root as QueryRoot];
  return reads.some((scope) => changed.includes(scope));
}

export function invalidateScopes(queryClient: QueryClient, changed: readonly DataScope[]): Promise<void> {
  return queryClient.invalidateQueries({ predicate: (query) => readsAnyScope(query.queryKey, changed) });
}
