/** The slots of a venue (or all, venueId null) over a period from this desktop's copy, with their seats by channel. */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { deskApi } from '../../api/desk-api.ts';
import { queryKeys } from '../../app/query-keys.ts';
import type { SlotRange } from './slot-range.ts';

export function useSlotCapacity(venueId: string | null, range: SlotRange, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.slotCapacity.range(venueId, range.from, range.to),
    queryFn: () => deskApi.listSlotCapacity({ venueId, from: range.from, to: range.to }),
    enabled,
    placeholderData: keepPreviousData,
  });
}
