/**
 * Whether bookings taken now reach the hub at once: from the sync status the header shows too. Until
 * the status is known the desk assumes no hub (it never claims more than it knows).
 */
import { useSyncStatus } from '../../app/use-sync-status.ts';

export type HubReachability = 'online' | 'offline' | 'error' | 'unconfigured';

export function useHubReachability(): HubReachability {
  const live = useSyncStatus();
  switch (live?.state) {
    case 'idle':
    case 'syncing':
      return 'online';
    case 'offline':
      return 'offline';
    case 'error':
      return 'error';
    default:
      return 'unconfigured';
  }
}
