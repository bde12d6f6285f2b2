import { useQuery } from '@tanstack/react-query';
import { deskApi } from '../api/desk-api.ts';
import { queryKeys } from './query-keys.ts';

export function useAppInfo() {
  return useQuery({
    queryKey: queryKeys.appInfo(),
    queryFn: () => deskApi.getAppInfo({}),
    staleTime: Infinity,
  });
}
