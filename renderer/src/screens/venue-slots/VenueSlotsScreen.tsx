/**
 * Venues and slots (会場・枠): a venue (or all) and a period (this week and next by default), the
 * slots with their seats by channel, and for managers a change panel (capacity, call-center reserve,
 * open/closed). Where a change goes is the desk process's decision and is said on screen: to the hub
 * at once when this desktop is attached to one (refused while the hub cannot be reached), else into
 * this computer's data. Other roles see the same table read-only.
 */
import {
  Alert,
  Button,
  EmptyState,
  Group,
  Paper,
  Select,
  Skeleton,
  Stack,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  maxSlotRangeDays,
  type SlotCapacityList,
  type SlotCapacityRow,
  type SlotChangeResult,
} from '../../../../domain/api/methods/venue-slots.ts';
import { slotLabel } from '../../../../domain/daily-list-layout.ts';
import { ApiErrorPanel } from '../../app/ApiErrorPanel.tsx';
import { useAppInfo } from '../../app/use-app-info.ts';
import { useSyncStatus } from '../../app/use-sync-status.ts';
import { useToday } from '../../app/use-today.ts';
import { dayHeading } from '../../i18n/day-heading.ts';
import { useCountFormat } from '../../i18n/use-count-format.ts';
import { useShortDate } from '../../i18n/use-short-date.ts';
import { useUiLanguage } from '../../i18n/use-ui-language.ts';
import { AlertIcon, CalendarIcon } from '../../icons/icons.tsx';
import { SlotCapacityTable } from './SlotCapacityTable.tsx';
import { SlotEditDialog } from './SlotEditDialog.tsx';
import { rangeProblem, type SlotRange, thisAndNextWeek } from './slot-range.ts';
import { useSlotCapacity } from './use-slot-capacity.ts';
import './venue-slots.css';
import { queryKeys } from '../../app/query-keys.ts';
import { DateField } from '../../fields/DateField.tsx';

const allVenues = '*';

export function VenueSlotsScreen() {
  const { t } = useTranslation();
  const language = useUiLanguage();
  const count = useCountFormat();
  const today = useToday();
  const queryClient = useQueryClient();
  const appInfo = useAppInfo();
  const sync = useSyncStatus();
  const [venue, setVenue] = useState<string>(allVenues);
  const [range, setRange] = useState<SlotRange>(() => thisAndNextWeek(today));
  const [activeSlotId, setActiveSlotId] = useState<string | null>(null);
  const [editing, setEditing] = useState<SlotCapacityRow | null>(null);

  const problem = rangeProblem(range);
  const venueId = venue === allVenues ? null : venue;
  const list = useSlotCapacity(venueId, range, problem === null);
  const data = list.data;
  const rows = data?.slots ?? [];

  // Until a slot is chosen (or when it leaves the list): the first slot from today on.
  const active =
    rows.find((r) => r.slotId === activeSlotId) ?? rows.find((r) => r.date >= today) ?? rows[0] ?? null;

  const dateLabel = useShortDate();
  const slotWhen = (row: SlotCapacityRow) =>
    `${dateLabel(row.date)} ${slotLabel(row.startTime, row.endTime)}`;
  const slotTitle = (row: SlotCapacityRow) => `${row.venueName}　${slotWhen(row)}`;

  const canChange = data?.canChange === true;
  const openEditor = useMemo(
    () => (canChange ? (row: SlotCapacityRow) => setEditing(row) : undefined),
    [canChange],
  );

  const onSaved = (result: SlotChangeResult, stranded: number) => {
    const slot = result.slot;
    queryClient.setQueriesData<SlotCapacityList>({ queryKey: queryKeys.slotCapacity.all() }, (old) =>
      old ? { ...old, slots: old.slots.map((r) => (r.slotId === slot.slotId ? slot : r)) } : old,
    );
    void queryClient.invalidateQueries({ queryKey: queryKeys.dayOverview.all() });
    setEditing(null);
    notifications.show({
      color: 'teal',
      message: !result.changed
        ? t('venueSlots.saved.unchanged', { slot: slotTitle(slot) })
        : stranded > 0 && slot.status === 'closed'
          ? t('venueSlots.closedWithResidents', { slot: slotTitle(slot), n: stranded })
          : t(`venueSlots.saved.${result.via}`, { slot: slotTitle(slot) }),
    });
  };

  const hubUnreachable =
    data?.changeTarget === 'hub' && (sync?.state === 'offline' || sync?.state === 'error');
  const rangeText =
    problem === 'incomplete'
      ? ''
      : t('venueSlots.range', {
          from: dayHeading(range.from, language, t).full,
          to: dayHeading(range.to, language, t).full,
        });
  const role = appInfo.data?.session.role;

  let body: React.ReactNode;
  if (problem !== null) {
    // The date fields say what is wrong.
    body = null;
  } else if (list.isPending) {
    body = <SlotsSkeleton label={t('venueSlots.loading')} />;
  } else if (list.isError) {
    body = (
      <ApiErrorPanel error={list.error} onRetry={() => void list.refetch()} retrying={list.isFetching} />
    );
  } else if (rows.length === 0) {
    body = (
      <Paper withBorder p="xl" radius="md">
        <EmptyState
          variant="light"
          color="gray"
          size="lg"
          styles={readableDescription}
          icon={<CalendarIcon size={36} />}
          title={t('venueSlots.empty.title')}
          description={t('venueSlots.empty.description')}
        />
      </Paper>
    );
  } else {
    body = (
      <SlotCapacityTable
        rows={rows}
        label={t('venueSlots.tableLabel', { range: rangeText })}
        showVenue={venueId === null}
        activeSlotId={active?.slotId ?? null}
        onActiveChange={setActiveSlotId}
        onOpen={openEditor}
        dateLabel={dateLabel}
      />
    );
  }

  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-end" gap="md">
        <div>
          <Title order={1}>{t('nav.venues')}</Title>
          <Text size="lg">{rangeText}</Text>
        </div>
        <Group align="flex-start" gap="sm">
          <Select
            label={t('venueSlots.venue')}
            data={[
              { value: allVenues, label: t('venueSlots.allVenues') },
              ...(data?.venues ?? []).map((v) => ({ value: v.id, label: v.name })),
            ]}
            value={venue}
            onChange={(value) => setVenue(value ?? allVenues)}
            allowDeselect={false}
            searchable
            w={220}
          />
          <DateField
            label={t('venueSlots.from')}
            value={range.from}
            onChange={(from) => setRange({ ...range, from })}
          />
          <DateField
            label={t('venueSlots.to')}
            value={range.to}
            onChange={(to) => setRange({ ...range, to })}
            error={
              problem === 'backwards'
                ? t('venueSlots.rangeBackwards')
                : problem === 'too_long'
                  ? t('venueSlots.rangeTooLong', { days: maxSlotRangeDays })
                  : undefined
            }
          />
          <Button variant="default" mt={25} onClick={() => setRange(thisAndNextWeek(today))}>
            {t('venueSlots.thisAndNextWeek')}
          </Button>
        </Group>
      </Group>

      {data && !canChange ? (
        <Alert color="blue" variant="light" title={t('venueSlots.readOnly.title')}>
          <Text size="md">{t('venueSlots.readOnly.body', { role: role ? t(`role.${role}`) : '' })}</Text>
        </Alert>
      ) : null}
      {canChange && hubUnreachable ? (
        <Alert color="orange" variant="light" icon={<AlertIcon size={22} />}>
          <Text size="md">{t('venueSlots.target.offline')}</Text>
        </Alert>
      ) : null}
      {data ? (
        <Group justify="space-between" gap="xs">
          <Text size="md" c="gray.8">
            {canChange && !hubUnreachable ? `${t(`venueSlots.target.${data.changeTarget}`)}　` : ''}
            {canChange ? t('venueSlots.keysHint') : t('venueSlots.keysHintReadOnly')}
          </Text>
          <Text size="md" fw={700} aria-live="polite">
            {problem === null ? t('venueSlots.slotCount', { n: count(rows.length) }) : ''}
          </Text>
        </Group>
      ) : null}
      {body}
      <SlotEditDialog
        row={editing}
        title={editing ? slotWhen(editing) : ''}
        changeTarget={data?.changeTarget ?? 'local'}
        onClose={() => setEditing(null)}
        onSaved={onSaved}
      />
    </Stack>
  );
}

function SlotsSkeleton({ label }: { label: string }) {
  return (
    <Paper withBorder p="md" role="status" aria-busy="true">
      <VisuallyHidden>{label}</VisuallyHidden>
      <Stack gap="sm">
        {Array.from({ length: 10 }, (_, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: placeholder rows have no identity
          <Skeleton key={i} height={32} />
        ))}
      </Stack>
    </Paper>
  );
}

// Mantine's dimmed grey is below 4.5:1 on white; staff read this for hours.
const readableDescription = { description: { color: 'var(--mantine-color-gray-7)' } };
