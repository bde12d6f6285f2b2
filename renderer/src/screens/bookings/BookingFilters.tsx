/** The grid's filters: slot date range, venue, channel, status, dose and a free-text start match. */
import { Button, Group, MultiSelect, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { type BookingFilter, bookingChannels } from '../../../../domain/api/contract.ts';
import { bookingStatuses } from '../../../../domain/booking-status.ts';
import { deskApi } from '../../api/desk-api.ts';
import { queryKeys } from '../../app/query-keys.ts';
import { DateField } from '../../fields/DateField.tsx';

export interface FilterDraft {
  dateFrom: string;
  dateTo: string;
  venueIds: string[];
  channels: string[];
  statuses: string[];
  doses: string[];
  text: string;
}

export const emptyDraft: FilterDraft = {
  dateFrom: '',
  dateTo: '',
  venueIds: [],
  channels: [],
  statuses: [],
  doses: [],
  text: '',
};

const doseChoices = ['1', '2', '3', '4'];

/** The filter the desktop process gets: empty fields left out. */
export function toBookingFilter(draft: FilterDraft, text: string): BookingFilter {
  const filter: BookingFilter = {};
  if (draft.dateFrom) filter.dateFrom = draft.dateFrom;
  if (draft.dateTo) filter.dateTo = draft.dateTo;
  if (draft.venueIds.length) filter.venueIds = draft.venueIds;
  if (draft.channels.length) filter.channels = draft.channels as BookingFilter['channels'];
  if (draft.statuses.length) filter.statuses = draft.statuses as BookingFilter['statuses'];
  if (draft.doses.length) filter.doses = draft.doses.map(Number);
  if (text.trim()) filter.text = text.trim();
  return filter;
}

interface BookingFiltersProps {
  draft: FilterDraft;
  onChange(draft: FilterDraft): void;
  onClear(): void;
}

export function BookingFilters({ draft, onChange, onClear }: BookingFiltersProps) {
  const { t } = useTranslation();
  const venues = useQuery({
    queryKey: queryKeys.venueChoices(),
    queryFn: () => deskApi.listVenueChoices({}),
  });
  const set = <K extends keyof FilterDraft>(key: K, value: FilterDraft[K]) =>
    onChange({ ...draft, [key]: value });
  return (
    <Group gap="sm" align="flex-end" wrap="wrap" role="search" aria-label={t('bookings.filters.label')}>
      <DateField
        label={t('bookings.filters.dateFrom')}
        value={draft.dateFrom}
        onChange={(value) => set('dateFrom', value)}
        clearable
      />
      <DateField
        label={t('bookings.filters.dateTo')}
        value={draft.dateTo}
        onChange={(value) => set('dateTo', value)}
        clearable
      />
      <MultiSelect
        label={t('bookings.filters.venue')}
        placeholder={draft.venueIds.length ? undefined : t('bookings.filters.any')}
        data={(venues.data ?? []).map((v) => ({ value: v.id, label: v.name }))}
        value={draft.venueIds}
        onChange={(value) => set('venueIds', value)}
        searchable
        clearable
        w={260}
      />
      <MultiSelect
        label={t('bookings.filters.channel')}
        placeholder={draft.channels.length ? undefined : t('bookings.filters.any')}
        data={bookingChannels.map((c) => ({ value: c, label: t(`overview.channel.${c}`) }))}
        value={draft.channels}
        onChange={(value) => set('channels', value)}
        clearable
        w={200}
      />
      <MultiSelect
        label={t('bookings.filters.status')}
        placeholder={draft.statuses.length ? undefined : t('bookings.filters.any')}
        data={bookingStatuses.map((s) => ({ value: s, label: t(`bookingStatus.${s}`) }))}
        value={draft.statuses}
        onChange={(value) => set('statuses', value)}
        clearable
        w={220}
      />
      <MultiSelect
        label={t('bookings.filters.dose')}
        placeholder={draft.doses.length ? undefined : t('bookings.filters.any')}
        data={doseChoices.map((d) => ({ value: d, label: t('bookings.dose', { n: Number(d) }) }))}
        value={draft.doses}
        onChange={(value) => set('doses', value)}
        clearable
        w={150}
      />
      <TextInput
        label={t('bookings.filters.text')}
        placeholder={t('bookings.filters.textPlaceholder')}
        value={draft.text}
        onChange={(e) => set('text', e.currentTarget.value)}
        w={300}
      />
      <Button variant="default" onClick={onClear}>
        {t('bookings.filters.clear')}
      </Button>
    </Group>
  );
}
