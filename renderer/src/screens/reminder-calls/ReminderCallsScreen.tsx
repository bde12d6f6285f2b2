/**
 * Tomorrow's reminder calls (前日確認電話): the residents who booked by phone for a day (tomorrow in
 * Japan unless another day is chosen), every venue or one, in time order with their phone numbers.
 * The operator records each call's outcome from the keyboard (1 reached, 2 voicemail, 3 no answer,
 * 0 back to not yet called) or with the row's buttons; the counts on top follow. The list prints
 * like the daily list (the preview is the page) and exports as Excel or CSV; viewing, printing and
 * exporting are in the audit log.
 */
import {
  Button,
  Group,
  Kbd,
  Loader,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useDeferredValue, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReminderCall, ReminderCallList, ReminderOutcome } from '../../../../domain/api/contract.ts';
import { addDays } from '../../../../domain/calendar.ts';
import { countReminderOutcomes, type ReminderCounts } from '../../../../domain/reminder-call-layout.ts';
import { errorCodeOf } from '../../api/client-error.ts';
import { deskApi } from '../../api/desk-api.ts';
import { ApiErrorPanel } from '../../app/ApiErrorPanel.tsx';
import { useToday } from '../../app/use-today.ts';
import { dayHeading } from '../../i18n/day-heading.ts';
import { useCountFormat } from '../../i18n/use-count-format.ts';
import { useUiLanguage } from '../../i18n/use-ui-language.ts';
import { PhoneCheckIcon } from '../../icons/icons.tsx';
import { ListOutputControls } from '../../print/ListOutputControls.tsx';
import { clearKey, outcomeKeys } from './outcome-keys.ts';
import { ReminderCallPreview } from './ReminderCallPreview.tsx';
import { outcomeColors, ReminderCallTable } from './ReminderCallTable.tsx';
import '../../print/print.css';
import './reminder-calls.css';
import { queryKeys } from '../../app/query-keys.ts';
import { DateField } from '../../fields/DateField.tsx';

const allVenues = 'all';
type View = 'calls' | 'preview';

export function ReminderCallsScreen() {
  const { t } = useTranslation();
  const language = useUiLanguage();
  const count = useCountFormat();
  const queryClient = useQueryClient();
  const tomorrow = addDays(useToday(), 1);
  // Until another day is chosen the list follows "tomorrow", also past midnight.
  const [chosenDate, setChosenDate] = useState<string | null>(null);
  const date = chosenDate ?? tomorrow;
  const [venue, setVenue] = useState<string>(allVenues);
  const [view, setView] = useState<View>('calls');
  const [printedAt, setPrintedAt] = useState(() => new Date());
  const [activeId, setActiveId] = useState<string | null>(null);
  const venueId = venue === allVenues ? null : venue;

  const venues = useQuery({
    queryKey: queryKeys.venueChoices(),
    queryFn: () => deskApi.listVenueChoices({}),
  });
  const activeVenues = (venues.data ?? []).filter((v) => v.active);
  const listKey = queryKeys.reminderCalls(date, venueId);
  const list = useQuery({
    queryKey: listKey,
    queryFn: () => deskApi.getReminderCalls({ date, venueId }),
    enabled: date !== '',
  });
  const calls = list.data?.calls ?? [];

  // Outcomes are saved one after another (a fast typist's keys arrive in order); the row shows the
  // new outcome at once and takes the saved row when no newer change to it is still waiting.
  const saving = useRef<Promise<void>>(Promise.resolve());
  const waiting = useRef(new Map<string, number>());
  const patchCall = (
    key: readonly unknown[],
    bookingId: string,
    patch: (call: ReminderCall) => ReminderCall,
  ) =>
    queryClient.setQueryData<ReminderCallList>(key, (old) =>
      old ? { ...old, calls: old.calls.map((c) => (c.bookingId === bookingId ? patch(c) : c)) } : old,
    );
  const recordNow = (call: ReminderCall, outcome: ReminderOutcome | null) => {
    const key = listKey;
    const id = call.bookingId;
    patchCall(key, id, (c) => ({
      ...c,
      outcome,
      outcomeAt: outcome === null ? null : new Date().toISOString(),
    }));
    waiting.current.set(id, (waiting.current.get(id) ?? 0) + 1);
    saving.current = saving.current.then(async () => {
      try {
        const saved = await deskApi.recordReminderOutcome({ bookingId: id, outcome });
        if (waiting.current.get(id) === 1) patchCall(key, id, () => saved);
      } catch (error) {
        notifications.show({
          color: 'red',
          title: t('reminderCalls.failed'),
          message: t(`errors.code.${errorCodeOf(error)}`),
        });
        void queryClient.invalidateQueries({ queryKey: key });
      } finally {
        const left = (waiting.current.get(id) ?? 1) - 1;
        if (left > 0) waiting.current.set(id, left);
        else waiting.current.delete(id);
      }
    });
  };

  // One function for the list's whole life, so that rows whose call did not change are not drawn again.
  const latestRecord = useRef(recordNow);
  latestRecord.current = recordNow;
  const record = useCallback(
    (call: ReminderCall, outcome: ReminderOutcome | null) => latestRecord.current(call, outcome),
    [],
  );
  // The hidden print page follows at a lower priority than the keys.
  const printed = useDeferredValue(list.data);

  // Keyboard first: when the list arrives and nothing else has focus, its chosen row takes it.
  const listShown = view === 'calls' && calls.length > 0;
  useEffect(() => {
    if (!listShown) return;
    const focused = document.activeElement;
    if (focused && focused !== document.body && focused.tagName !== 'MAIN') return;
    document.querySelector<HTMLElement>('.reminder-call-table tbody tr[tabindex="0"]')?.focus();
  }, [listShown]);

  const heading = date ? dayHeading(date, language, t).full : '';
  const venueName = venueId === null ? null : (activeVenues.find((v) => v.id === venueId)?.name ?? null);

  return (
    <Stack gap="md">
      <div className="no-print">
        <Title order={1}>{t('nav.reminderCalls')}</Title>
        <Text size="lg">{heading}</Text>
        <Text size="sm" c="gray.7">
          {t('reminderCalls.intro')}
        </Text>
      </div>
      <Group gap="sm" align="flex-end" className="no-print">
        <DateField
          label={t('reminderCalls.date')}
          description={date === tomorrow ? t('reminderCalls.tomorrow') : t('reminderCalls.notTomorrow')}
          value={date}
          onChange={setChosenDate}
        />
        {date !== tomorrow ? (
          <Button variant="subtle" onClick={() => setChosenDate(null)}>
            {t('reminderCalls.backToTomorrow')}
          </Button>
        ) : null}
        <Select
          label={t('dailyList.venue')}
          data={[
            { value: allVenues, label: t('dailyList.allVenues') },
            ...activeVenues.map((v) => ({ value: v.id, label: v.name })),
          ]}
          value={venue}
          onChange={(value) => setVenue(value ?? allVenues)}
          allowDeselect={false}
          searchable
          w={260}
        />
      </Group>
      <Group gap="sm" className="no-print">
        <SegmentedControl
          aria-label={t('reminderCalls.view.preview')}
          value={view}
          onChange={(value) => setView(value as View)}
          data={[
            { value: 'calls', label: t('reminderCalls.view.calls') },
            { value: 'preview', label: t('reminderCalls.view.preview') },
          ]}
        />
        <ListOutputControls
          printDisabled={calls.length === 0}
          exportDisabled={!list.data}
          onBeforePrint={() => setPrintedAt(new Date())}
          print={() => deskApi.printReminderCalls({ date, venueId })}
          exportFile={(format, csvEncoding) =>
            deskApi.exportReminderCalls({ date, venueId, format, csvEncoding })
          }
        />
      </Group>
      {list.isError ? (
        <ApiErrorPanel error={list.error} onRetry={() => void list.refetch()} retrying={list.isFetching} />
      ) : !list.data ? (
        <Group gap="sm" py="xl" justify="center" className="no-print">
          <Loader size="sm" />
          <Text>{t('overview.loading')}</Text>
        </Group>
      ) : (
        <>
          <OutcomeCounts counts={countReminderOutcomes(calls)} format={count} />
          {calls.length === 0 ? (
            <Paper withBorder p="xl" className="no-print" ta="center" data-testid="reminder-empty">
              <Stack gap="xs" align="center">
                <PhoneCheckIcon size={40} color="var(--mantine-color-gray-6)" />
                <Text size="lg" fw={700}>
                  {t('reminderCalls.empty')}
                </Text>
                <Text c="gray.7">{t('reminderCalls.emptyHint')}</Text>
              </Stack>
            </Paper>
          ) : view === 'calls' ? (
            <div className="no-print">
              <KeyLegend />
              <ReminderCallTable
                calls={calls}
                label={t('reminderCalls.tableLabel', { date: heading })}
                activeId={activeId}
                onActiveChange={setActiveId}
                onRecord={record}
              />
            </div>
          ) : null}
          {printed && printed.calls.length > 0 ? (
            // Always in the page so that printing from the list view prints the list too.
            <div className={view === 'preview' ? 'print-preview-frame' : 'print-preview-frame screen-hidden'}>
              <ReminderCallPreview list={printed} venueName={venueName} printedAt={printedAt} />
            </div>
          ) : null}
        </>
      )}
    </Stack>
  );
}

function OutcomeCounts({ counts, format }: { counts: ReminderCounts; format: (n: number) => string }) {
  const { t } = useTranslation();
  const boxes: Array<{ key: keyof ReminderCounts; color: string }> = [
    { key: 'total', color: 'dark.7' },
    { key: 'reached', color: outcomeColors.reached },
    { key: 'message', color: outcomeColors.message },
    { key: 'no_answer', color: outcomeColors.no_answer },
    { key: 'notCalled', color: 'gray.8' },
  ];
  return (
    <SimpleGrid
      cols={5}
      spacing="xs"
      className="no-print"
      role="status"
      aria-live="polite"
      aria-label={t('reminderCalls.counts.title')}
    >
      {boxes.map(({ key, color }) => (
        <Paper key={key} withBorder px="sm" py={6} data-count={key}>
          <Text size="xs" c="gray.7" className="nowrap">
            {t(`reminderCalls.counts.${key}`)}
          </Text>
          <Text size="xl" fw={700} c={color} className="count">
            {t('reminderCalls.counts.people', { n: format(counts[key]) })}
          </Text>
        </Paper>
      ))}
    </SimpleGrid>
  );
}

function KeyLegend() {
  const { t } = useTranslation();
  const keys: Array<[string, string]> = [
    ['↑ ↓', t('reminderCalls.keys.move')],
    [outcomeKeys.reached, t('reminderCalls.outcome.reached')],
    [outcomeKeys.message, t('reminderCalls.outcome.message')],
    [outcomeKeys.no_answer, t('reminderCalls.outcome.no_answer')],
    [clearKey, t('reminderCalls.clear')],
  ];
  return (
    <Stack gap={2} mb="xs">
      <Group gap="md" role="note" aria-label={t('reminderCalls.keys.title')}>
        <Text size="sm" fw={700}>
          {t('reminderCalls.keys.title')}
        </Text>
        {keys.map(([key, label]) => (
          <Group key={key} gap={4} wrap="nowrap">
            <Kbd size="sm">{key}</Kbd>
            <Text size="sm">{label}</Text>
          </Group>
        ))}
      </Group>
      <Text size="xs" c="gray.7">
        {t('reminderCalls.keys.hint')}
      </Text>
    </Stack>
  );
}
