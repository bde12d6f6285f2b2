/**
 * Callback tasks: provisional phone bookings the hub turned down, with the reason and the number to
 * call. Enter on a task opens the resident's file straight at the grid (the operator is the one
 * calling); the new booking then closes the task. No answer or declined are recorded with a button.
 */
import { Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { CallbackTask, CallerFile } from '../../../../domain/api/contract.ts';
import { deskApi } from '../../api/desk-api.ts';
import { useUiLanguage } from '../../i18n/use-ui-language.ts';
import { shortDate } from './desk-dates.ts';
import { moveBetweenOptions } from './desk-keys.ts';

interface CallbackTasksProps {
  onOpen: (caller: CallerFile, bookingId: string) => void;
}

export function CallbackTasks({ onOpen }: CallbackTasksProps) {
  const { t } = useTranslation();
  const language = useUiLanguage();
  const queryClient = useQueryClient();
  const tasks = useQuery({
    queryKey: ['phoneDesk', 'callbackTasks'],
    queryFn: () => deskApi.listCallbackTasks({}),
  });
  const open = useMutation({
    mutationFn: (task: CallbackTask) => deskApi.getCallerFile({ couponId: task.couponId }),
    onSuccess: (caller, task) => onOpen(caller, task.booking.bookingId),
  });
  const record = useMutation({
    mutationFn: (input: { bookingId: string; outcome: 'no_answer' | 'declined' }) =>
      deskApi.recordCallbackOutcome({ ...input, rebookedBookingId: null }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['phoneDesk', 'callbackTasks'] }),
  });

  const list = tasks.data?.tasks ?? [];
  return (
    <Paper withBorder p="md" radius="md">
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
            {list.map((task) => (
              <Group key={task.booking.bookingId} justify="space-between" wrap="nowrap">
                <div>
                  <Text size="md">
                    {t('phoneDesk.callbacks.line', {
                      name: task.name,
                      kana: task.nameKana,
                      phone: task.phone,
                      date: shortDate(task.booking.date, language, t),
                      venue: task.booking.venue.name,
                      n: task.booking.doseNumber,
                    })}
                  </Text>
                  <Text size="sm" c="red.8">
                    {t('phoneDesk.callbacks.reason', { reason: task.booking.rejectReason ?? '' })}
                  </Text>
                </div>
                <Group gap={4} wrap="nowrap">
                  <Button data-option size="sm" onClick={() => open.mutate(task)} loading={open.isPending}>
                    {t('phoneDesk.callbacks.open')}
                  </Button>
                  {(['no_answer', 'declined'] as const).map((outcome) => (
                    <Button
                      key={outcome}
                      size="sm"
                      variant="default"
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
