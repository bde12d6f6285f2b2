/**
 * Callback tasks: provisional phone bookings the hub turned down, refused moves, changed numbers and
 * bookings whose slot a manager closed, with the reason and the number to call (the reason in words,
 * not the hub's code). Alt+5 reaches the first task from anywhere and Enter opens the resident's file
 * straight at the grid (the operator is the one calling): a rebooking for a turned-down booking, a move
 * for a closed slot's booking; the new booking or the move then closes the task. Other outcomes are
 * recorded with a button.
 */
import { Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { CallbackOutcome, CallbackTask, CallerFile } from '../../../../domain/api/contract.ts';
import { formatBookingNumber } from '../../../../domain/booking-number.ts';
import { japanTimestampLabel } from '../../../../domain/daily-list-layout.ts';
import { formatPhoneNumber } from '../../../../domain/phone.ts';
import { deskApi } from '../../api/desk-api.ts';
import { queryKeys } from '../../app/query-keys.ts';
import { hubRefusalAdvice, hubRefusalText } from '../../i18n/hub-refusal.ts';
import { useUiLanguage } from '../../i18n/use-ui-language.ts';
import { shortDate } from './desk-dates.ts';
import { moveBetweenOptions } from './desk-keys.ts';

/** What the operator tells the resident, by why the task exists. */
function taskReason(t: TFunction, task: CallbackTask): string {
  switch (task.kind) {
    case 'number_changed':
      return t('phoneDesk.callbacks.numberChanged', {
        old: task.previousBookingNumber ? formatBookingNumber(task.previousBookingNumber) : '—',
        now: formatBookingNumber(task.booking.bookingNumber),
      });
    case 'move_refused':
      return t('phoneDesk.callbacks.moveRefused', { reason: hubRefusalText(t, task.booking.rejection) });
    case 'slot_closed':
      return t('phoneDesk.callbacks.slotClosed', { at: japanTimestampLabel(new Date(task.rejectedAt)) });
    default:
      return t('phoneDesk.callbacks.reason', {
        reason: hubRefusalText(t, task.booking.rejection),
        advice: hubRefusalAdvice(t, task.booking.rejection),
      });
  }
}

/** A rejected booking is rebooked (or not); a refused change or a new number only has to be told. */
function outcomesFor(task: CallbackTask): CallbackOutcome[] {
  return task.kind === 'booking_rejected' ? ['no_answer', 'declined'] : ['informed', 'no_answer'];
}

/** Tasks that open the resident's file: to rebook a turned-down booking, to move one out of a closed slot. */
const openLabel: Partial<
  Record<CallbackTask['kind'], 'phoneDesk.callbacks.open' | 'phoneDesk.callbacks.openMove'>
> = {
  booking_rejected: 'phoneDesk.callbacks.open',
  slot_closed: 'phoneDesk.callbacks.openMove',
};

interface CallbackTasksProps {
  onOpen: (caller: CallerFile, task: CallbackTask) => void;
}

export function CallbackTasks({ onOpen }: CallbackTasksProps) {
  const { t } = useTranslation();
  const language = useUiLanguage();
  const queryClient = useQueryClient();
  const tasks = useQuery({
    queryKey: queryKeys.phoneDesk.callbackTasks(),
    queryFn: () => deskApi.listCallbackTasks({}),
  });
  const open = useMutation({
    mutationFn: (task: CallbackTask) => deskApi.getCallerFile({ couponId: task.couponId }),
    onSuccess: (caller, task) => onOpen(caller, task),
  });
  const record = useMutation({
    mutationFn: (input: { bookingId: string; outcome: CallbackOutcome }) =>
      deskApi.recordCallbackOutcome({ ...input, rebookedBookingId: null }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.phoneDesk.callbackTasks() }),
  });

  const list = tasks.data?.tasks ?? [];
  return (
    <Paper withBorder p="md" radius="md" data-testid="callback-tasks">
      <Stack gap="xs">
        <Title order={2} size="h4">
          {t('phoneDesk.callbacks.heading')}
        </Title>
        {list.length === 0 ? (
          <Text size="md" c="gray.7">
            {t('phoneDesk.callbacks.empty')}
          </Text>
        ) : (
          <Stack gap={6} onKeyDown={moveBetweenOptions}>
            <Text size="sm" c="gray.7">
              {t('phoneDesk.callbacks.help')}
            </Text>
            {list.map((task) => (
              <Group key={`${task.kind}:${task.booking.bookingId}`} justify="space-between" wrap="nowrap">
                <div>
                  <Text size="md">
                    {t('phoneDesk.callbacks.line', {
                      name: task.name,
                      kana: task.nameKana,
                      phone: formatPhoneNumber(task.phone),
                      date: shortDate(task.booking.date, language, t),
                      venue: task.booking.venue.name,
                      n: task.booking.doseNumber,
                    })}
                  </Text>
                  <Text size="sm" c="red.8" data-testid="callback-reason">
                    {taskReason(t, task)}
                  </Text>
                </div>
                <Group gap={4} wrap="nowrap">
                  {openLabel[task.kind] ? (
                    <Button data-option size="sm" onClick={() => open.mutate(task)} loading={open.isPending}>
                      {t(openLabel[task.kind]!)} (Enter)
                    </Button>
                  ) : null}
                  {outcomesFor(task).map((outcome, i) => (
                    <Button
                      key={outcome}
                      size="sm"
                      {...(!openLabel[task.kind] && i === 0 ? { 'data-option': true } : {})}
                      variant={!openLabel[task.kind] && i === 0 ? 'filled' : 'default'}
                      onClick={() => record.mutate({ bookingId: task.booking.bookingId, outcome })}
                    >
                      {t(`phoneDesk.callbacks.outcome.${outcome}`)}
                    </Button>
                  ))}
                </Group>
              </Group>
            ))}
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}
