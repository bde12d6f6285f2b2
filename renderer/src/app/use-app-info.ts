import { useQuery } from '@tanstack/react-query';
import { deskApi } from '../api/desk-api.ts';

export function useAppInfo() {
  return useQuery({ queryKey: ['appInfo'], queryFn: () => deskApi.getAppInfo({}), staleTime: Infinity });
}
