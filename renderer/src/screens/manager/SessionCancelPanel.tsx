/**
 * Cancelling a session (the doctor is ill): a venue and a day, its slots (all ticked), and how far to
 * look for seats. 「影響を確認」 lists every resident booked with where the bulk move would put them
 * (the hub's plan: the same venue first, dose intervals kept, never more than the free seats); after a
 * confirmation the hub closes the slots and moves each resident in an operation of their own, and the
 * result says, per resident, where they went or that they are now a callback task.
 */
import {
  Alert,
  Anchor,
  Button,
  Checkbox,
  Group,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  AffectedBooking,
  ManagerSlotSummary,
  SessionCancellationOutcome,
  SessionCancellationPlan,
} from '../../../../domain/api/methods/manager.ts';
import { formatBookingNumber } from '../../../../domain/booking-number.ts';
import { addDays } from '../../../../domain/calendar.ts';
import { slotLabel } from '../../../../domain/daily-list-layout.ts';
import { defaultSearchDays } from '../../../../domain/hub-api/manager-api.ts';
import { deskApi } from '../../api/desk-api.ts';
import { useToday } from '../../app/use-today.ts';
import { DateField } from '../../fields/DateField.tsx';
import { useCountFormat } from '../../i18n/use-count-format.ts';
import { useShortDate } from '../../i18n/use-short-date.ts';
import { useSlotCapacity } from '../venue-slots/use-slot-capacity.ts';
import { readWholeNumber } from './field-problems.ts';
import {
  BusyLine,
  ConfirmDialog,
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

interface Planned {
  body: { slotIds: string[]; searchDays: number; otherVenues: boolean };
  plan: SessionCancellationPlan;
}

export function SessionCancelPanel() {
  const { t } = useTranslation();
  const today = useToday();
  const count = useCountFormat();
  const shortDate = useShortDate();
  const afterChange = useAfterChange();
  const [venueId, setVenueId] = useState<string | null>(null);
  const [day, setDay] = useState(() => addDays(today, 1));
  const [unticked, setUnticked] = useState<ReadonlySet<string>>(new Set());
  const [otherVenues, setOtherVenues] = useState(true);
  const [searchDays, setSearchDays] = useState(String(defaultSearchDays));
  const [planned, setPlanned] = useState<Planned | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [outcome, setOutcome] = useState<SessionCancellationOutcome | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const list = useSlotCapacity(venueId, { from: day, to: day }, day !== '');
  const venues = list.data?.venues ?? [];
  const rows = venueId === null ? [] : (list.data?.slots ?? []);
  const ticked = rows.filter((r) => !unticked.has(r.slotId)).map((r) => r.slotId);
  const days = readWholeNumber(searchDays, 0, 60);

  const reset = () => {
    setUnticked(new Set());
    setPlanned(null);
    setOutcome(null);
    setNotice(null);
  };

  const preview = useMutation({
    mutationFn: (body: Planned['body']) => deskApi['manager.previewSessionCancellation'](body),
    onSuccess: (plan, body) => setPlanned({ body, plan }),
    onError: (e) => setNotice(refusalText(t, e)),
  });

  const slotText = (s: ManagerSlotSummary) =>
    s.date === '' ? '' : `${s.venueName}　${shortDate(s.date)} ${slotLabel(s.startTime, s.endTime)}`;
  const who = (b: AffectedBooking) => (b.name === '' ? t('manager.session.unknownResident') : b.name);

  const moved = planned?.plan.residents.filter((r) => r.to !== null).length ?? 0;
  const residents = planned?.plan.residents ?? [];

  return (
    <Stack gap="md">
      <PanelHeading title={t('manager.session.title')} description={t('manager.session.description')} />
      <Group align="flex-end" gap="md">
        <Select
          label={t('manager.session.venue')}
          data={venues.map((v) => ({ value: v.id, label: v.name }))}
          value={venueId}
          onChange={(v) => {
            setVenueId(v);
            reset();
          }}
          searchable
          selectFirstOptionOnChange
          w={280}
        />
        <DateField
          label={t('manager.session.day')}
          value={day}
          onChange={(d) => {
            setDay(d);
            reset();
          }}
        />
      </Group>
      {venueId === null ? null : list.isPending ? (
        <PanelSkeleton rows={3} />
      ) : list.isError ? (
        <RefusalAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : rows.length === 0 ? (
        <Text size="md">{t('manager.session.noSlots')}</Text>
      ) : (
        <Paper withBorder p="md">
          <fieldset className="manager-fieldset">
            <legend>{t('manager.session.slotsLabel')}</legend>
            <Group gap="md">
              {rows.map((r) => (
                <Checkbox
                  key={r.slotId}
                  label={`${slotLabel(r.startTime, r.endTime)}（${t(`venueSlots.status.${r.status}`)}・${t('manager.capacity.columns.taken')} ${r.booked.phone + r.booked.online + r.booked.walk_in}）`}
                  aria-label={t('manager.session.selectSlot', { slot: slotText(r) })}
                  checked={!unticked.has(r.slotId)}
                  onChange={(e) => {
                    setUnticked(untickedAfter(unticked, r.slotId, e.currentTarget.checked));
                    setPlanned(null);
                  }}
                />
              ))}
            </Group>
          </fieldset>
        </Paper>
      )}
      {rows.length > 0 ? (
        <Group align="flex-end" gap="md">
          <Checkbox
            label={t('manager.session.otherVenues')}
            checked={otherVenues}
            onChange={(e) => {
              setOtherVenues(e.currentTarget.checked);
              setPlanned(null);
            }}
          />
          <TextInput
            label={t('manager.session.searchDays')}
            value={searchDays}
            onChange={(e) => {
              setSearchDays(e.currentTarget.value);
              setPlanned(null);
            }}
            error={days.ok ? undefined : fieldProblemText(t, days.problem)}
            inputMode="numeric"
            w={260}
          />
          <Button
            onClick={() => {
              setNotice(null);
              setOutcome(null);
              if (days.ok && ticked.length > 0)
                preview.mutate({ slotIds: ticked, searchDays: days.value, otherVenues });
            }}
            loading={preview.isPending}
            disabled={ticked.length === 0 || !days.ok}
          >
            {t('manager.session.preview')}
          </Button>
        </Group>
      ) : null}
      {preview.isPending ? <BusyLine text={t('manager.session.previewing')} /> : null}
      <FailureText text={notice} />

      {planned && !outcome ? (
        <Stack gap="sm" data-session-plan>
          <Text size="lg" fw={700}>
            {residents.length === 0
              ? t('manager.session.nobody')
              : t('manager.session.summary', {
                  n: count(residents.length),
                  moved: count(moved),
                  callback: count(residents.length - moved),
                })}
          </Text>
          {residents.length > 0 ? (
            <Paper withBorder>
              <Table striped fz="md" aria-label={t('manager.session.residentsLabel')}>
                <TableHead
                  columns={sessionColumns(t, ['bookingNumber', 'name', 'reading', 'dose', 'from', 'to'])}
                />
                <Table.Tbody>
                  {residents.map((r) => (
                    <Table.Tr key={r.bookingId} data-booking-id={r.bookingId}>
                      <Table.Td className="manager-nowrap">{formatBookingNumber(r.bookingNumber)}</Table.Td>
                      <Table.Td className="manager-nowrap">{who(r)}</Table.Td>
                      <Table.Td>{r.nameKana}</Table.Td>
                      <Table.Td className="manager-nowrap">
                        {t('manager.session.dose', { n: r.doseNumber })}
                      </Table.Td>
                      <Table.Td>{slotLabel(r.from.startTime, r.from.endTime)}</Table.Td>
                      <Table.Td>
                        {r.to ? (
                          slotText(r.to)
                        ) : (
                          <Text span c="red.9" fw={700}>
                            {t('manager.session.noSeat')}
                          </Text>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Paper>
          ) : null}
          <Group>
            <Button color="red.8" onClick={() => setConfirming(true)}>
              {residents.length > 0
                ? t('manager.session.apply', { n: count(residents.length) })
                : t('manager.session.applyNobody')}
            </Button>
          </Group>
        </Stack>
      ) : null}

      <ConfirmDialog
        opened={confirming && planned !== null}
        title={t('manager.session.confirmTitle')}
        confirmLabel={t('manager.session.confirm')}
        busyText={t('manager.session.applying')}
        onClose={() => setConfirming(false)}
        onConfirm={async () => {
          if (!planned) return;
          const result = await deskApi['manager.cancelSession'](planned.body);
          setConfirming(false);
          setOutcome(result);
          afterChange();
        }}
      >
        <Text size="md">
          {t('manager.session.confirmBody', {
            slots: count(planned?.body.slotIds.length ?? 0),
            n: count(residents.length),
          })}
        </Text>
      </ConfirmDialog>

      {outcome ? <SessionOutcome outcome={outcome} slotText={slotText} who={who} /> : null}
    </Stack>
  );
}

function SessionOutcome({
  outcome,
  slotText,
  who,
}: {
  outcome: SessionCancellationOutcome;
  slotText(s: ManagerSlotSummary): string;
  who(b: AffectedBooking): string;
}) {
  const { t } = useTranslation();
  const count = useCountFormat();
  const moved = outcome.results.filter((r) => r.outcome === 'moved').length;
  const callbacks = outcome.results.length - moved;
  return (
    <Stack gap="sm" data-session-outcome>
      <Alert color={callbacks > 0 ? 'orange' : 'teal'} variant="light" role="status">
        <Group justify="space-between" gap="md">
          <Text size="md" fw={700}>
            {t('manager.session.done', {
              slots: count(outcome.closedSlots),
              moved: count(moved),
              callback: count(callbacks),
            })}
          </Text>
          {callbacks > 0 ? (
            <Anchor href="#/phone-booking">{t('manager.session.openCallbacks')}</Anchor>
          ) : null}
        </Group>
      </Alert>
      {outcome.results.length > 0 ? (
        <Paper withBorder>
          <Table striped fz="md" aria-label={t('manager.session.resultsLabel')}>
            <TableHead columns={sessionColumns(t, ['bookingNumber', 'name', 'dose', 'from', 'result'])} />
            <Table.Tbody>
              {outcome.results.map((r) => (
                <Table.Tr key={r.bookingId} data-booking-id={r.bookingId} data-outcome={r.outcome}>
                  <Table.Td className="manager-nowrap">{formatBookingNumber(r.bookingNumber)}</Table.Td>
                  <Table.Td className="manager-nowrap">{who(r)}</Table.Td>
                  <Table.Td className="manager-nowrap">
                    {t('manager.session.dose', { n: r.doseNumber })}
                  </Table.Td>
                  <Table.Td>{slotText(r.from)}</Table.Td>
                  <Table.Td>
                    {r.outcome === 'moved' ? (
                      t('manager.session.moved', { slot: slotText(r.to) })
                    ) : (
                      <Text span c="red.9" fw={700}>
                        {t('manager.session.callback', {
                          why: t(`manager.session.why.${r.code === 'NO_SEAT' ? 'NO_SEAT' : 'other'}`),
                        })}
                      </Text>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      ) : null}
    </Stack>
  );
}
