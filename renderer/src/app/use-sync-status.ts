/**
 * Sync state for the header and the sync screen: the full status from the desk process (getSyncStatus),
 * kept fresh by its 'sync-status' events, which also carry the live state and snapshot progress.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { SyncState, SyncStatus } from '../../../domain/api/contract.ts';
import { deskApi, subscribeDeskEvents } from '../api/desk-api.ts';
import { queryKeys } from './query-keys.ts';

export type { SyncState } from '../../../domain/api/contract.ts';

export function useSyncStatusQuery() {
  return useQuery<SyncStatus>({
    queryKey: queryKeys.syncStatus(),
    queryFn: () => deskApi.getSyncStatus({}),
    // "Last sync" and the back-off time move on their own; events cover everything else.
    refetchInterval: 30_000,
  });
}

export interface LiveSyncState {
  state: SyncState;
  /** Rows of a snapshot received so far, while one is loading. */
  received: number | null;
  /** About how many rows the snapshot has, when the hub said. */
  total: number | null;
  /** 0..1, when the total is known. */
  progress: number | null;
}

/** The latest state: from events as they come, else from the last status read. Null until known. */
export function useSyncStatus(): LiveSyncState | null {
  const queryClient = useQueryClient();
  const { data } = useSyncStatusQuery();
  const [live, setLive] = useState<LiveSyncState | null>(null);
  useEffect(
    () =>
      subscribeDeskEvents((event) => {
        if (event.type !== 'sync-status') return;
        setLive({
          state: event.state,
          received: event.received ?? null,
          total: event.total ?? null,
          progress: event.progress ?? null,
        });
        void queryClient.invalidateQueries({ queryKey: queryKeys.syncStatus() });
      }),
    [queryClient],
  );
  if (live) return live;
  if (!data) return null;
  return {
    state: data.state,
    received: data.snapshot?.rows ?? null,
    total: data.snapshot?.total ?? null,
    progress: data.snapshot?.progress ?? null,
  };
}

/**
 * While the first snapshot from the hub runs (or waits for the hub), the live state with its
 * progress; null otherwise. Screens show this instead of their empty states. 'unknown' until the
 * desk has answered whether it is in its first sync (a moment at page load): then no screen shows
 * either, so none flashes an empty state before the answer.
 */
export function useFirstSync(): LiveSyncState | 'unknown' | null {
  const { data, isPending } = useSyncStatusQuery();
  const live = useSyncStatus();
  if (isPending) return 'unknown';
  if (!data?.firstSync || !live) return null;
  return live;
}
