/** The latest sync status pushed by the desk process; null until sync is set up and reports. */
import { useEffect, useState } from 'react';
import type { DeskEvent } from '../../../domain/api/contract.ts';
import { subscribeDeskEvents } from '../api/desk-api.ts';

export type SyncState = Extract<DeskEvent, { type: 'sync-status' }>['state'];

export function useSyncStatus(): SyncState | null {
  const [state, setState] = useState<SyncState | null>(null);
  useEffect(
    () =>
      subscribeDeskEvents((event) => {
        if (event.type === 'sync-status') setState(event.state);
      }),
    [],
  );
  return state;
}
