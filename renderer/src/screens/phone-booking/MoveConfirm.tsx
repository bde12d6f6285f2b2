/**
 * Confirming a move: the booking as it is and as it will be. Saving is one conditional update on the
 * desk, so the old seat is only given up once the new one is taken.
 */
import { Alert, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  CallerBooking,
  MovePhoneBookingResult,
  PhoneSlotChoice,
} from '../../../../domain/api/contract.ts';
import { formatBookingNumber } from '../../../../domain/booking-number.ts';
import { errorCodeOf } from '../../api/client-error.ts';
import { deskApi } from '../../api/desk-api.ts';
import { useUiLanguage } from '../../i18n/use-ui-language.ts';
import { useConfirmKey } from './confirm-key.ts';
import { longDate, timeRange } from './desk-dates.ts';
import { useFocusOn } from './desk-keys.ts';

interface MoveConfirmProps {
  booking: CallerBooking;
  to: PhoneSlotChoice;
  mutationId: string;
  /** The hub hold of the new slot, if one is held: the hub moves the booking onto that seat. */
  holdId: () => string | undefined;
  onMoved: (result: Extract<MovePhoneBookingResult, { kind: 'moved' }>) => void;
  onChooseAgain: () => void;
}

export function MoveConfirm({ booking, to, mutationId, holdId, onMoved, onChooseAgain }: MoveConfirmProps) {
  const { t } = useTranslation();
  const language = useUiLanguage();
  const [refusal, setRefusal] = useState<Exclude<MovePhoneBookingResult, { kind: 'moved' }> | null>(null);
  const submitRef = useFocusOn<HTMLButtonElement>(to.slotId);
  const save = useMutation({
    mutationFn: () =>
      deskApi.movePhoneBooking({
        mutationId,
        bookingId: booking.bookingId,
        toSlotId: to.slotId,
        holdId: holdId(),
      }),
    onSuccess: (result) => {
      if (result.kind === 'moved') onMoved(result);
      else setRefusal(result);
    },
  });
  const submit = () => {
    if (!save.isPending) save.mutate();
  };
  useConfirmKey(submit);

  return (
    <Paper withBorder p="md" radius="md">
      <Stack gap="sm">
        <Title order={2} size="h3">
          {t('phoneDesk.move.heading')}（{formatBookingNumber(booking.bookingNumber)}）
        </Title>
        <Text size="lg">
          {t('phoneDesk.move.from')}：{longDate(booking.date, language, t)}{' '}
          {timeRange(booking.startTime, booking.endTime)} {booking.venue.name}
        </Text>
        <Text size="lg" fw={700}>
          {t('phoneDesk.move.to')}：{longDate(to.date, language, t)} {timeRange(to.startTime, to.endTime)}{' '}
          {to.venueName}
        </Text>
        {refusal && (
          <Alert color="red" variant="light" role="alert" data-testid="move-refusal">
            <Stack gap="xs">
              <Text size="md">
                {refusal.kind === 'slot_unavailable'
                  ? t(`phoneDesk.move.${refusal.why}`)
                  : refusal.kind === 'ineligible'
                    ? t('phoneDesk.move.ineligible', {
                        why: refusal.reasons.map((r) => t(`phoneDesk.reasons.${r}`)).join('、'),
                      })
                    : t('phoneDesk.move.notChangeable', { status: t(`phoneDesk.status.${refusal.status}`) })}
              </Text>
              <Group>
                <Button autoFocus onClick={onChooseAgain}>
                  {t('phoneDesk.confirm.chooseAgain')} (Enter)
                </Button>
              </Group>
            </Stack>
          </Alert>
        )}
        {save.isError && (
          <Alert color="red" variant="light" role="alert">
            <Text size="md">{t(`errors.code.${errorCodeOf(save.error)}`)}</Text>
          </Alert>
        )}
        <Group>
          <Button ref={submitRef} size="lg" onClick={submit} loading={save.isPending}>
            {t('phoneDesk.move.submit')} (F9)
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
