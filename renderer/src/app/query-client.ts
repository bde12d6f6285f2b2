/**
 * The react-query client and its link to desk events: a 'data-changed' event marks stale the cached
 * queries that read one of the scopes it names (query-keys.ts), so the screens on view refetch.
 */
import { QueryClient } from '@tanstack/react-query';
import { isTransientError } from '../api/client-error.ts';
import { subscribeDeskEvents } from '../api/desk-api.ts';
import { invalidateScopes } from './query-keys.ts';

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Only an unreachable desk process is worth retrying; refusals and bad input are final.
        retry: (failureCount, error) => isTransientError(error) && failureCount < 2,
        retryDelay: (attempt) => Math.min(500 * 2 ** attempt, 4_000),
        staleTime: 30_000,
      },
    },
  });
}

export function invalidateOnDataChange(queryClient: QueryClient): () => void {
  return subscribeDeskEvents((event) => {
    if (event.type === 'data-changed') void invalidateScopes(queryClient, event.scopes);
  });
}
