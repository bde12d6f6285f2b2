/**
 * Slot generation: a venue, a vaccine it offers, a period and one weekly pattern (weekdays, opening
 * hours, slot length, lunch break, seats and call-center reserve), closure days, holidays skipped
 * unless asked. 「カレンダーで確認」 asks the hub what it would make (changes nothing) and shows it as a
 * calendar: slots per day, holidays and closure days skipped with the holiday's name, slots already
 * there, and overlaps with existing slots, which block the generation. Creating is one hub transaction;
 * running it again makes nothing new.
 */
import {
  Alert,
  Button,
  Checkbox,
  Chip,
  Group,
  List,
  Paper,
  Pill,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { TimeInput } from '@mantine/dates';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SlotGenerationAnswer, SlotGenerationPreview } from '../../../../domain/api/methods/manager.ts';
import { slotLabel } from '../../../../domain/daily-list-layout.ts';
import type { SlotOverlapView } from '../../../../domain/hub-api/errors.ts';
import type { SlotGenerationBody } from '../../../../domain/hub-api/manager-api.ts';
import { deskApi } from '../../api/desk-api.ts';
import { useToday } from '../../app/use-today.ts';
import { DateField } from '../../fields/DateField.tsx';
import { useCountFormat } from '../../i18n/use-count-format.ts';
import { useShortDate } from '../../i18n/use-short-date.ts';
import { AlertIcon } from '../../icons/icons.tsx';
import {
  type CalendarDay,
  type CalendarMonth,
  checkGenerationForm,
  daysWithSlots,
  defaultGenerationValues,
  type GenerationFormValues,
  generationCalendar,
  generationFieldOf,
} from './generation-form.ts';
import {
  BusyLine,
  FailureText,
  PanelHeading,
  PanelSkeleton,
  RefusalAlert,
  useAfterChange,
  useManagerCatalog,
} from './manager-shared.tsx';
import { useManagerForm } from './use-manager-form.ts';

/** Monday first, as a week's opening days are thought of. */
const weekdayOrder = [1, 2, 3, 4, 5, 6, 0] as const;
const weekdayKeys = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

interface Previewed {
  venueId: string;
  body: SlotGenerationBody;
  preview: SlotGenerationPreview;
}

export function SlotGenerationPanel() {
  const { t } = useTranslation();
  const today = useToday();
  const count = useCountFormat();
  const catalog = useManagerCatalog();
  const afterChange = useAfterChange();
  const form = useManagerForm<GenerationFormValues>(() => defaultGenerationValues(today));
  const { values, text, error } = form;
  const [closureDay, setClosureDay] = useState('');
  const [previewed, setPreviewed] = useState<Previewed | null>(null);
  const [done, setDone] = useState<Extract<SlotGenerationAnswer, { outcome: 'generated' }> | null>(null);
  const shortDate = useShortDate();

  const venues = (catalog.data?.venues ?? []).filter((v) => v.active);
  const venue = venues.find((v) => v.id === values.venueId);
  const products = (catalog.data?.products ?? []).filter((p) => p.active && venue?.productIds.includes(p.id));
  const check = checkGenerationForm(values, today);
  const current =
    previewed &&
    check.ok &&
    check.venueId === previewed.venueId &&
    JSON.stringify(check.body) === JSON.stringify(previewed.body);

  const update = (next: Partial<GenerationFormValues>) => {
    form.update(next);
    setDone(null);
  };
  const showFailure = (e: unknown) => form.refused(e, null, generationFieldOf);

  const preview = useMutation({
    mutationFn: (p: { venueId: string; body: SlotGenerationBody }) =>
      deskApi['manager.previewSlotGeneration']({ venueId: p.venueId, generation: p.body }),
    onSuccess: (answer, p) => setPreviewed({ ...p, preview: answer }),
    onError: showFailure,
  });
  const generate = useMutation({
    mutationFn: (p: Previewed) =>
      deskApi['manager.generateSlots']({ venueId: p.venueId, generation: p.body }),
    onSuccess: (answer, p) => {
      if (answer.outcome === 'overlap') {
        // Someone made slots meanwhile: show what stands in the way now.
        setPreviewed({ ...p, preview: { ...p.preview, overlaps: answer.overlaps } });
        return;
      }
      setDone(answer);
      setPreviewed(null);
      afterChange();
      notifications.show({
        color: 'teal',
        message: t('manager.generation.done', { n: count(answer.created) }),
      });
    },
    onError: showFailure,
  });

  const askPreview = () => {
    form.setFailure(null);
    setDone(null);
    if (!check.ok) {
      form.setProblems(check.problems);
      return;
    }
    preview.mutate({ venueId: check.venueId, body: check.body });
  };

  const addClosureDay = () => {
    if (closureDay === '' || values.closureDays.includes(closureDay)) return;
    update({ closureDays: [...values.closureDays, closureDay].sort() });
    setClosureDay('');
  };

  if (catalog.isPending) return <PanelSkeleton />;
  if (catalog.isError) return <RefusalAlert error={catalog.error} onRetry={() => void catalog.refetch()} />;

  const shown = current ? previewed : null;
  return (
    <Stack gap="md">
      <PanelHeading title={t('manager.generation.title')} description={t('manager.generation.description')} />
      <Paper withBorder p="md">
        <form
          onSubmit={(event) => {
            event.preventDefault();
            askPreview();
          }}
          noValidate
        >
          <Stack gap="sm">
            <Group align="flex-start" gap="md">
              <Select
                label={t('manager.generation.venue')}
                data={venues.map((v) => ({ value: v.id, label: v.name }))}
                value={values.venueId || null}
                onChange={(venueId) => {
                  const offered = catalog.data?.products.filter(
                    (p) => p.active && venues.find((v) => v.id === venueId)?.productIds.includes(p.id),
                  );
                  update({ venueId: venueId ?? '', productId: offered?.length === 1 ? offered[0]!.id : '' });
                }}
                error={error('venueId')}
                searchable
                selectFirstOptionOnChange
                w={280}
              />
              <Select
                label={t('manager.generation.product')}
                data={products.map((p) => ({ value: p.id, label: p.name }))}
                value={values.productId || null}
                onChange={(productId) => update({ productId: productId ?? '' })}
                error={
                  error('productId') ??
                  (venue && products.length === 0 ? t('manager.generation.noProduct') : undefined)
                }
                w={280}
              />
              <DateField
                label={t('manager.generation.from')}
                value={values.from}
                onChange={(from) => update({ from })}
                error={error('from')}
              />
              <DateField
                label={t('manager.generation.to')}
                value={values.to}
                onChange={(to) => update({ to })}
                error={error('to')}
              />
            </Group>
            <Chip.Group
              multiple
              value={values.daysOfWeek.map(String)}
              onChange={(days) => update({ daysOfWeek: days.map(Number) })}
            >
              <fieldset className="manager-fieldset">
                <legend>{t('manager.generation.days')}</legend>
                <Group gap="xs">
                  {weekdayOrder.map((d) => (
                    <Chip key={d} value={String(d)} size="md">
                      {t(`date.weekday.${weekdayKeys[d]}`)}
                    </Chip>
                  ))}
                </Group>
                {error('daysOfWeek') ? (
                  <Text c="red.8" size="sm">
                    {error('daysOfWeek')}
                  </Text>
                ) : null}
              </fieldset>
            </Chip.Group>
            <SimpleGrid cols={{ base: 2, md: 4 }}>
              <TimeInput label={t('manager.generation.startTime')} {...text('startTime')} />
              <TimeInput label={t('manager.generation.endTime')} {...text('endTime')} />
              <TextInput
                label={t('manager.generation.slotMinutes')}
                {...text('slotMinutes')}
                inputMode="numeric"
              />
              <Checkbox
                mt={30}
                label={t('manager.generation.lunch')}
                checked={values.lunch}
                onChange={(e) => update({ lunch: e.currentTarget.checked })}
              />
              {values.lunch ? (
                <>
                  <TimeInput label={t('manager.generation.lunchStart')} {...text('lunchStart')} />
                  <TimeInput label={t('manager.generation.lunchEnd')} {...text('lunchEnd')} />
                </>
              ) : null}
              <TextInput label={t('manager.generation.capacity')} {...text('capacity')} inputMode="numeric" />
              <TextInput
                label={t('manager.generation.callCenterReserve')}
                {...text('callCenterReserve')}
                inputMode="numeric"
              />
            </SimpleGrid>
            <Group align="flex-end" gap="sm">
              <DateField
                label={t('manager.generation.closureDays')}
                value={closureDay}
                onChange={setClosureDay}
                clearable
                error={error('closureDays')}
              />
              <Button variant="default" onClick={addClosureDay} disabled={closureDay === ''}>
                {t('manager.generation.closureDayAdd')}
              </Button>
              <Pill.Group>
                {values.closureDays.length === 0 ? (
                  <Text size="sm">{t('manager.generation.noClosureDays')}</Text>
                ) : (
                  values.closureDays.map((d) => (
                    <Pill
                      key={d}
                      size="lg"
                      withRemoveButton
                      onRemove={() => update({ closureDays: values.closureDays.filter((x) => x !== d) })}
                      removeButtonProps={{
                        'aria-label': t('manager.generation.closureDayRemove', { date: shortDate(d) }),
                      }}
                    >
                      {shortDate(d)}
                    </Pill>
                  ))
                )}
              </Pill.Group>
            </Group>
            <Checkbox
              label={t('manager.generation.openOnHolidays')}
              checked={values.openOnHolidays}
              onChange={(e) => update({ openOnHolidays: e.currentTarget.checked })}
            />
            <FailureText text={form.failure} />
            <Group gap="sm">
              <Button type="submit" loading={preview.isPending}>
                {t('manager.generation.preview')}
              </Button>
              {previewed && !current && !preview.isPending ? (
                <Text size="md" c="orange.9">
                  {t('manager.generation.stalePreview')}
                </Text>
              ) : null}
            </Group>
          </Stack>
        </form>
      </Paper>

      {preview.isPending ? <BusyLine text={t('manager.generation.previewing')} /> : null}
      {done ? (
        <Alert color="teal" variant="light" role="status" data-generation-done>
          <Text size="md">
            {done.created > 0
              ? t('manager.generation.done', { n: count(done.created) })
              : t('manager.generation.doneNone')}
            {done.existing > 0 ? ` ${t('manager.generation.doneExisting', { n: count(done.existing) })}` : ''}
          </Text>
        </Alert>
      ) : null}
      {shown ? (
        <GenerationPreview
          previewed={shown}
          applying={generate.isPending}
          onApply={() => {
            form.setFailure(null);
            generate.mutate(shown);
          }}
        />
      ) : null}
    </Stack>
  );
}

function GenerationPreview({
  previewed,
  applying,
  onApply,
}: {
  previewed: Previewed;
  applying: boolean;
  onApply(): void;
}) {
  const { t } = useTranslation();
  const count = useCountFormat();
  const { preview, body } = previewed;
  const months = generationCalendar(preview, body.from, body.to);
  const holidays = preview.skipped.filter((s) => s.reason === 'holiday').length;
  const closures = preview.skipped.filter((s) => s.reason === 'closure').length;
  const blocked = preview.overlaps.length > 0;
  return (
    <Stack gap="sm" data-generation-preview>
      <Paper withBorder p="md">
        <Stack gap={4}>
          <Text size="lg" fw={700}>
            {preview.slots.length > 0
              ? t('manager.generation.summary', {
                  slots: count(preview.slots.length),
                  days: count(daysWithSlots(preview)),
                })
              : t('manager.generation.summaryNone')}
          </Text>
          {preview.existing.length > 0 ? (
            <Text size="md">{t('manager.generation.existing', { n: count(preview.existing.length) })}</Text>
          ) : null}
          <Text size="md">
            {t('manager.generation.skippedHolidays', { n: holidays })}　
            {t('manager.generation.skippedClosures', { n: closures })}
          </Text>
        </Stack>
      </Paper>
      {blocked ? <OverlapAlert overlaps={preview.overlaps} /> : null}
      <Text size="sm">{t('manager.generation.legend')}</Text>
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        {months.map((month) => (
          <MonthGrid key={`${month.year}-${month.month}`} month={month} />
        ))}
      </SimpleGrid>
      {applying ? <BusyLine text={t('manager.generation.applying')} /> : null}
      <Group>
        <Button
          onClick={onApply}
          disabled={blocked || preview.slots.length === 0}
          loading={applying}
          color="teal.8"
        >
          {t('manager.generation.apply', { n: count(preview.slots.length) })}
        </Button>
      </Group>
    </Stack>
  );
}

function OverlapAlert({ overlaps }: { overlaps: SlotOverlapView[] }) {
  const { t } = useTranslation();
  const shortDate = useShortDate();
  const shownAtMost = 10;
  return (
    <Alert
      color="red"
      variant="light"
      icon={<AlertIcon size={22} />}
      title={t('manager.generation.overlapTitle')}
      role="alert"
    >
      <Stack gap={4}>
        <Text size="md">{t('manager.generation.overlapBody')}</Text>
        <List size="md">
          {overlaps.slice(0, shownAtMost).map((o) => (
            <List.Item key={`${o.date} ${o.startTime} ${o.existingSlotId}`}>
              {t('manager.generation.overlapLine', {
                date: shortDate(o.date),
                time: slotLabel(o.startTime, o.endTime),
                existing: slotLabel(o.existingStartTime, o.existingEndTime),
              })}
            </List.Item>
          ))}
        </List>
        {overlaps.length > shownAtMost ? (
          <Text size="md">{t('manager.generation.overlapMore', { n: overlaps.length - shownAtMost })}</Text>
        ) : null}
      </Stack>
    </Alert>
  );
}

function dayState(day: CalendarDay): string {
  if (!day.inRange) return 'outside';
  if (day.skipped) return day.skipped.reason;
  if (day.overlaps > 0) return 'overlap';
  if (day.newSlots > 0) return 'slots';
  if (day.existing > 0) return 'existing';
  return 'none';
}

function MonthGrid({ month }: { month: CalendarMonth }) {
  const { t } = useTranslation();
  const monthName = new Intl.DateTimeFormat('en-US', { month: 'long', timeZone: 'UTC' }).format(
    new Date(Date.UTC(month.year, month.month - 1, 1)),
  );
  return (
    <Paper withBorder p="sm">
      <Table className="generation-calendar" withColumnBorders layout="fixed">
        <caption>
          {t('manager.generation.calendarLabel', { year: month.year, month: month.month, monthName })}
        </caption>
        <Table.Thead>
          <Table.Tr>
            {weekdayKeys.map((k) => (
              <Table.Th key={k} ta="center">
                {t(`date.weekday.${k}`)}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {month.weeks.map((week) => (
            <Table.Tr key={week.find((d) => d)?.date ?? 'empty'}>
              {week.map((day, i) =>
                day ? (
                  <Table.Td
                    key={day.date}
                    data-date={day.date}
                    data-state={dayState(day)}
                    className="generation-day"
                  >
                    <Text fw={700} size="sm">
                      {Number(day.date.slice(8))}
                    </Text>
                    <DayContent day={day} />
                  </Table.Td>
                ) : (
                  // biome-ignore lint/suspicious/noArrayIndexKey: the blank days of a week have no identity
                  <Table.Td key={`blank-${i}`} />
                ),
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}

function DayContent({ day }: { day: CalendarDay }) {
  const { t } = useTranslation();
  if (!day.inRange) return <Text size="xs">{t('manager.generation.cell.outside')}</Text>;
  if (day.skipped?.reason === 'holiday') {
    return (
      <>
        <Text size="xs" fw={700} c="red.9">
          {t('manager.generation.cell.holiday')}
        </Text>
        <Text size="xs">{day.skipped.holidayName}</Text>
      </>
    );
  }
  if (day.skipped?.reason === 'closure') {
    return (
      <Text size="xs" fw={700} c="orange.9">
        {t('manager.generation.cell.closure')}
      </Text>
    );
  }
  return (
    <>
      {day.newSlots > 0 ? (
        <Text size="xs">{t('manager.generation.cell.slots', { n: day.newSlots })}</Text>
      ) : null}
      {day.existing > 0 ? (
        <Text size="xs">{t('manager.generation.cell.existing', { n: day.existing })}</Text>
      ) : null}
      {day.overlaps > 0 ? (
        <Text size="xs" fw={700} c="red.9">
          {t('manager.generation.cell.overlaps', { n: day.overlaps })}
        </Text>
      ) : null}
    </>
  );
}
