/**
 * Cancelling a booking: the reason (↑↓ between the choices), whether the later doses go too (they do
 * by default: a second dose without the first makes no sense), and F9 to confirm.
 */
import { Alert, Button, Checkbox, Group, Paper, Radio, Stack, Text, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type CallerBooking,
  type CancelPhoneBookingResult,
  type CancelReason,
  cancelReasons,
  changeableBookingStatuses,
} from '../../../../domain/api/contract.ts';
import { formatBookingNumber } from '../../../../domain/booking-number.ts';
import { errorCodeOf } from '../../api/client-error.ts';
import { deskApi } from '../../api/desk-api.ts';
import { useUiLanguage } from '../../i18n/use-ui-language.ts';
import { useConfirmKey } from './confirm-key.ts';
import { longDate, shortDate, timeRange } from './desk-dates.ts';
import { useFocusOn } from './desk-keys.ts';

interface CancelFormProps {
  booking: CallerBooking;
  /** Every booking of the caller, to offer cancelling the later doses as well. */
  bookings: CallerBooking[];
  mutationId: string;
  onCancelled: (result: Extract<CancelPhoneBookingResult, { kind: 'cancelled' }>) => void;
}

export function CancelForm({ booking, bookings, mutationId, onCancelled }: CancelFormProps) {
  const { t } = useTranslation();
  const language = useUiLanguage();
  const [reason, setReason] = useState<CancelReason>('caller_request');
  const later = bookings.filter(
    (b) => b.doseNumber > booking.doseNumber && changeableBookingStatuses.includes(b.status),
  );
  const [alsoLater, setAlsoLater] = useState(true);
  const [notChangeable, setNotChangeable] = useState<string | null>(null);
  const firstRef = useFocusOn<HTMLInputElement>(booking.bookingId);
  const save = useMutation({
    mutationFn: () =>
      deskApi.cancelPhoneBooking({
        mutationId,
        bookingId: booking.bookingId,
        reason,
        alsoCancelLaterDoses: alsoLater,
      }),
    onSuccess: (result) => {
      if (result.kind === 'cancelled') onCancelled(result);
      else setNotChangeable(t(`phoneDesk.status.${result.status}`));
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
          {t('phoneDesk.cancel.heading')}（{formatBookingNumber(booking.bookingNumber)}）
        </Title>
        <Text size="lg">
          {t('phoneDesk.confirm.dose', { n: booking.doseNumber })}：{longDate(booking.date, language, t)}{' '}
          {timeRange(booking.startTime, booking.endTime)} {booking.venue.name}
        </Text>
        <Radio.Group
          label={t('phoneDesk.cancel.reason')}
          value={reason}
          onChange={(value) => setReason(value as CancelReason)}
          size="md"
        >
          <Stack gap={6} mt={6}>
            {cancelReasons.map((r, i) => (
              <Radio
                key={r}
                ref={i === 0 ? firstRef : undefined}
                value={r}
                label={t(`phoneDesk.cancel.reasons.${r}`)}
              />
            ))}
          </Stack>
        </Radio.Group>
        {later.map((b) => (
          <Checkbox
            key={b.bookingId}
            size="md"
            checked={alsoLater}
            onChange={(e) => setAlsoLater(e.currentTarget.checked)}
            label={t('phoneDesk.cancel.alsoLater', { n: b.doseNumber, date: shortDate(b.date, language, t) })}
          />
        ))}
        {notChangeable && (
          <Alert color="red" variant="light" role="alert">
            <Text size="md">{t('phoneDesk.cancel.notChangeable', { status: notChangeable })}</Text>
          </Alert>
        )}
        {save.isError && (
          <Alert color="red" variant="light" role="alert">
            <Text size="md">{t(`errors.code.${errorCodeOf(save.error)}`)}</Text>
          </Alert>
        )}
        <Group>
          <Button color="red.8" size="lg" onClick={submit} loading={save.isPending}>
            {t('phoneDesk.cancel.submit')} (F9)
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
