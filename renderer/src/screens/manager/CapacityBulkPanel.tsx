/**
 * Capacity in bulk: a venue (or all), a day, the week of a day or a period; the slots in it from this
 * desktop's copy, every one ticked until unticked; what to set (capacity, call-center reserve,
 * open/closed; blank keeps). The hub changes all of them or none: a capacity below the seats booked
 * anywhere in the selection (counted by the hub, so a booking this desktop has not received yet counts)
 * is refused, and the bookings in the way are listed by slot with the residents' names.
 */
import {
  Alert,
  Button,
  Checkbox,
  Group,
  Paper,
  ScrollArea,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BulkSlotChangeAnswer, SlotInTheWay } from '../../../../domain/api/methods/manager.ts';
import { maxSlotRangeDays } from '../../../../domain/api/methods/venue-slots.ts';
import { formatBookingNumber } from '../../../../domain/booking-number.ts';
import { slotLabel } from '../../../../domain/daily-list-layout.ts';
import { deskApi } from '../../api/desk-api.ts';
import { useToday } from '../../app/use-today.ts';
import { DateField } from '../../fields/DateField.tsx';
import { useCountFormat } from '../../i18n/use-count-format.ts';
import { useShortDate } from '../../i18n/use-short-date.ts';
import { AlertIcon } from '../../icons/icons.tsx';
import { rangeProblem, thisAndNextWeek } from '../venue-slots/slot-range.ts';
import { useSlotCapacity } from '../venue-slots/use-slot-capacity.ts';
import {
  type BulkField,
  type BulkFormValues,
  type BulkScope,
  bulkRange,
  bulkSelection,
  checkBulkChange,
} from './bulk-form.ts';
import { type FieldProblems, hubFieldProblems } from './field-problems.ts';
import {
  BusyLine,
  FailureText,
  fieldProblemText,
  PanelHeading,
  PanelSkeleton,
  RefusalAlert,
  refusalText,
  sessionColumns,
  TableHead,
  untickedAfter,
  useAfterChange,
} from './manager-shared.tsx';

const allVenues = '*';

export function CapacityBulkPanel() {
  const { t } = useTranslation();
  const today = useToday();
  const count = useCountFormat();
  const shortDate = useShortDate();
  const afterChange = useAfterChange();
  const [venue, setVenue] = useState(allVenues);
  const [scope, setScope] = useState<BulkScope>('week');
  const [day, setDay] = useState(today);
  const [period, setPeriod] = useState(() => thisAndNextWeek(today));
  const [unticked, setUnticked] = useState<ReadonlySet<string>>(new Set());
  const [values, setValues] = useState<BulkFormValues>({
    capacity: '',
    callCenterReserve: '',
    status: 'keep',
  });
  const [problems, setProblems] = useState<FieldProblems<BulkField>>({});
  const [notice, setNotice] = useState<string | null>(null);
  const [answer, setAnswer] = useState<BulkSlotChangeAnswer | null>(null);

  const venueId = venue === allVenues ? null : venue;
  const range = bulkRange(scope, day, period);
  const problem = rangeProblem(range);
  const list = useSlotCapacity(venueId, range, problem === null);
  const rows = list.data?.slots ?? [];
  const ticked = new Set(rows.filter((r) => !unticked.has(r.slotId)).map((r) => r.slotId));

  const resetSelection = () => {
    setUnticked(new Set());
    setAnswer(null);
    setNotice(null);
  };
  const update = (next: Partial<BulkFormValues>) => {
    setValues((v) => ({ ...v, ...next }));
    setProblems({});
    setNotice(null);
  };

  const change = useMutation({
    mutationFn: (input: Parameters<(typeof deskApi)['manager.changeSlotsInBulk']>[0]) =>
      deskApi['manager.changeSlotsInBulk'](input),
    onSuccess: (result) => {
      setAnswer(result);
      if (result.outcome === 'changed') afterChange();
    },
    onError: (e) => {
      const placed = hubFieldProblems(e, 'change', (path): BulkField | undefined =>
        path === 'capacity' || path === 'callCenterReserve' || path === 'status' ? path : undefined,
      );
      if (placed) {
        setProblems(placed.fields);
        if (placed.unplaced) setNotice(t('manager.formRefused'));
      } else setNotice(refusalText(t, e));
    },
  });

  const apply = () => {
    setAnswer(null);
    setNotice(null);
    const check = checkBulkChange(values);
    if (!check.ok) {
      setProblems(check.problems);
      if (check.nothing) setNotice(t('manager.capacity.nothing'));
      return;
    }
    const selection = bulkSelection(
      venueId,
      range,
      rows.map((r) => r.slotId),
      ticked,
    );
    if (!selection) {
      setNotice(t('manager.capacity.noneSelected'));
      return;
    }
    change.mutate({ selection, change: check.change });
  };

  const slotText = (r: { date: string; startTime: string; endTime: string; venueName: string }) =>
    `${r.venueName}　${shortDate(r.date)} ${slotLabel(r.startTime, r.endTime)}`;

  let table: React.ReactNode;
  if (problem !== null) table = null;
  else if (list.isPending) table = <PanelSkeleton />;
  else if (list.isError) table = <RefusalAlert error={list.error} onRetry={() => void list.refetch()} />;
  else if (rows.length === 0) table = <Text size="md">{t('manager.capacity.noSlots')}</Text>;
  else {
    const all = ticked.size === rows.length;
    table = (
      <Paper withBorder>
        <ScrollArea.Autosize mah={420}>
          <Table striped stickyHeader fz="md" aria-label={t('manager.capacity.tableLabel')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={48}>
                  <Checkbox
                    aria-label={t('manager.capacity.selectAll')}
                    checked={all}
                    indeterminate={!all && ticked.size > 0}
                    onChange={() => setUnticked(all ? new Set(rows.map((r) => r.slotId)) : new Set())}
                  />
                </Table.Th>
                <Table.Th>{t('manager.capacity.columns.date')}</Table.Th>
                <Table.Th>{t('manager.capacity.columns.time')}</Table.Th>
                {venueId === null ? <Table.Th>{t('manager.capacity.columns.venue')}</Table.Th> : null}
                <Table.Th ta="right">{t('manager.capacity.columns.capacity')}</Table.Th>
                <Table.Th ta="right">{t('manager.capacity.columns.reserve')}</Table.Th>
                <Table.Th ta="right">{t('manager.capacity.columns.taken')}</Table.Th>
                <Table.Th>{t('manager.capacity.columns.status')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => (
                <Table.Tr key={r.slotId} data-slot-id={r.slotId}>
                  <Table.Td>
                    <Checkbox
                      aria-label={t('manager.capacity.selectSlot', { slot: slotText(r) })}
                      checked={ticked.has(r.slotId)}
                      onChange={(e) =>
                        setUnticked(untickedAfter(unticked, r.slotId, e.currentTarget.checked))
                      }
                    />
                  </Table.Td>
                  <Table.Td>{shortDate(r.date)}</Table.Td>
                  <Table.Td>{slotLabel(r.startTime, r.endTime)}</Table.Td>
                  {venueId === null ? <Table.Td>{r.venueName}</Table.Td> : null}
                  <Table.Td ta="right">{count(r.capacity)}</Table.Td>
                  <Table.Td ta="right">{count(r.callCenterReserve)}</Table.Td>
                  <Table.Td ta="right">
                    {count(r.booked.phone + r.booked.online + r.booked.walk_in + r.held)}
                  </Table.Td>
                  <Table.Td>{t(`venueSlots.status.${r.status}`)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea.Autosize>
      </Paper>
    );
  }

  return (
    <Stack gap="md">
      <PanelHeading title={t('manager.capacity.title')} description={t('manager.capacity.description')} />
      <Group align="flex-end" gap="md">
        <Select
          label={t('manager.capacity.venue')}
          data={[
            { value: allVenues, label: t('manager.capacity.allVenues') },
            ...(list.data?.venues ?? []).map((v) => ({ value: v.id, label: v.name })),
          ]}
          value={venue}
          onChange={(v) => {
            setVenue(v ?? allVenues);
            resetSelection();
          }}
          allowDeselect={false}
          searchable
          selectFirstOptionOnChange
          w={260}
        />
        <SegmentedControl
          aria-label={t('manager.capacity.scope')}
          data={[
            { value: 'day', label: t('manager.capacity.scopeDay') },
            { value: 'week', label: t('manager.capacity.scopeWeek') },
            { value: 'range', label: t('manager.capacity.scopeRange') },
          ]}
          value={scope}
          onChange={(v) => {
            setScope(v as BulkScope);
            resetSelection();
          }}
        />
        {scope === 'range' ? (
          <>
            <DateField
              label={t('manager.capacity.from')}
              value={period.from}
              onChange={(from) => {
                setPeriod({ ...period, from });
                resetSelection();
              }}
            />
            <DateField
              label={t('manager.capacity.to')}
              value={period.to}
              onChange={(to) => {
                setPeriod({ ...period, to });
                resetSelection();
              }}
              error={
                problem === 'backwards'
                  ? t('venueSlots.rangeBackwards')
                  : problem === 'too_long'
                    ? t('venueSlots.rangeTooLong', { days: maxSlotRangeDays })
                    : undefined
              }
            />
          </>
        ) : (
          <DateField
            label={t('manager.capacity.day')}
            value={day}
            onChange={(d) => {
              setDay(d);
              resetSelection();
            }}
          />
        )}
      </Group>
      {scope === 'week' && problem === null ? (
        <Text size="md" fw={700}>
          {t('manager.capacity.week', { from: shortDate(range.from), to: shortDate(range.to) })}
        </Text>
      ) : null}
      {rows.length > 0 ? (
        <Text size="md" aria-live="polite">
          {t('manager.capacity.selected', { n: count(rows.length), selected: count(ticked.size) })}
        </Text>
      ) : null}
      {table}
      <Paper withBorder p="md">
        <form
          onSubmit={(event) => {
            event.preventDefault();
            apply();
          }}
          noValidate
        >
          <Group align="flex-start" gap="md">
            <TextInput
              label={t('manager.capacity.capacityField')}
              description={t('manager.capacity.keepHint')}
              value={values.capacity}
              onChange={(e) => update({ capacity: e.currentTarget.value })}
              error={fieldProblemText(t, problems.capacity)}
              inputMode="numeric"
              w={180}
            />
            <TextInput
              label={t('manager.capacity.reserveField')}
              description={t('manager.capacity.keepHint')}
              value={values.callCenterReserve}
              onChange={(e) => update({ callCenterReserve: e.currentTarget.value })}
              error={fieldProblemText(t, problems.callCenterReserve)}
              inputMode="numeric"
              w={180}
            />
            <Select
              label={t('manager.capacity.status')}
              description=" "
              data={[
                { value: 'keep', label: t('manager.capacity.keep') },
                { value: 'open', label: t('manager.capacity.open') },
                { value: 'closed', label: t('manager.capacity.closed') },
              ]}
              value={values.status}
              onChange={(status) => update({ status: (status ?? 'keep') as BulkFormValues['status'] })}
              allowDeselect={false}
              w={180}
            />
            <Button type="submit" mt={50} loading={change.isPending} disabled={ticked.size === 0}>
              {t('manager.capacity.apply', { n: count(ticked.size) })}
            </Button>
          </Group>
        </form>
      </Paper>
      {change.isPending ? <BusyLine text={t('manager.capacity.applying')} /> : null}
      <FailureText text={notice} />
      {answer?.outcome === 'changed' ? (
        <Alert color="teal" variant="light" role="status" data-bulk-done>
          <Text size="md">
            {t('manager.capacity.done', { n: count(answer.changed) })}
            {answer.unchanged > 0
              ? ` ${t('manager.capacity.doneUnchanged', { n: count(answer.unchanged) })}`
              : ''}
          </Text>
        </Alert>
      ) : null}
      {answer?.outcome === 'below_booked' ? (
        <BelowBookedReport slots={answer.slots} slotText={slotText} />
      ) : null}
    </Stack>
  );
}

function BelowBookedReport({
  slots,
  slotText,
}: {
  slots: SlotInTheWay[];
  slotText(slot: SlotInTheWay): string;
}) {
  const { t } = useTranslation();
  return (
    <Alert
      color="red"
      variant="light"
      role="alert"
      icon={<AlertIcon size={22} />}
      title={t('manager.capacity.belowTitle')}
      data-below-booked
    >
      <Stack gap="md">
        <Text size="md">{t('manager.capacity.belowBody')}</Text>
        {slots.map((slot) => {
          const known = slot.bookings.filter((b) => b.name !== '' || b.bookingNumber !== '');
          const notHere = slot.bookings.length - known.length;
          return (
            <Stack key={slot.slotId} gap={4} data-slot-in-the-way={slot.slotId}>
              <Text size="md" fw={700}>
                {t('manager.capacity.belowSlot', {
                  slot: slotText(slot),
                  taken: slot.seatsTaken,
                  held: slot.held,
                })}
              </Text>
              {known.length > 0 ? (
                <Table fz="md" withTableBorder>
                  <TableHead columns={sessionColumns(t, ['bookingNumber', 'name', 'reading', 'dose'])} />
                  <Table.Tbody>
                    {known.map((b) => (
                      <Table.Tr key={b.bookingId}>
                        <Table.Td className="manager-nowrap">{formatBookingNumber(b.bookingNumber)}</Table.Td>
                        <Table.Td className="manager-nowrap">{b.name}</Table.Td>
                        <Table.Td>{b.nameKana}</Table.Td>
                        <Table.Td className="manager-nowrap">
                          {t('manager.session.dose', { n: b.doseNumber })}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              ) : null}
              {notHere > 0 ? <Text size="md">{t('manager.capacity.notHere', { n: notHere })}</Text> : null}
            </Stack>
          );
        })}
      </Stack>
    </Alert>
  );
}
