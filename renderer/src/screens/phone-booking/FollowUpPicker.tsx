/**
 * The dose after the one just chosen: the proposal (same venue and time on the first day the
 * interval allows, else the nearest day in the window) has focus, so Enter books both; ↑↓ reach the
 * alternatives, a grid of the window, or booking the first dose alone.
 */
import { Alert, Button, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { PhoneSlotChoice } from '../../../../domain/api/contract.ts';
import { deskApi } from '../../api/desk-api.ts';
import { ApiErrorPanel } from '../../app/ApiErrorPanel.tsx';
import { queryKeys } from '../../app/query-keys.ts';
import { useUiLanguage } from '../../i18n/use-ui-language.ts';
import { longDate, shortDate, timeRange } from './desk-dates.ts';
import { moveBetweenOptions, useFocusOn } from './desk-keys.ts';

interface FollowUpPickerProps {
  couponId: string;
  first: PhoneSlotChoice;
  onChoose: (slot: PhoneSlotChoice | null) => void;
  onPickFromGrid: () => void;
}

export function FollowUpPicker({ couponId, first, onChoose, onPickFromGrid }: FollowUpPickerProps) {
  const { t } = useTranslation();
  const language = useUiLanguage();
  const offer = useQuery({
    queryKey: queryKeys.phoneDesk.followUp(couponId, first.slotId),
    queryFn: () => deskApi.proposeFollowUp({ couponId, previousSlotId: first.slotId }),
  });
  const firstRef = useFocusOn<HTMLButtonElement>(offer.data);
  // A one-dose product has no follow-up: go straight on to the confirmation.
  const notNeeded = offer.data?.kind === 'not_needed';
  useEffect(() => {
    if (notNeeded) onChoose(null);
  }, [notNeeded, onChoose]);
  const line = (slot: PhoneSlotChoice) =>
    `${shortDate(slot.date, language, t)} ${timeRange(slot.startTime, slot.endTime)} ${slot.venueName}（${t('phoneDesk.times.remaining', { n: slot.remaining })}）`;

  let body: React.ReactNode;
  if (offer.isPending) {
    body = (
      <Text>
        <Loader size="xs" mr="xs" />
        {t('phoneDesk.followUp.loading')}
      </Text>
    );
  } else if (offer.isError) {
    body = (
      <ApiErrorPanel error={offer.error} onRetry={() => void offer.refetch()} retrying={offer.isFetching} />
    );
  } else if (offer.data.kind === 'not_needed') {
    body = null;
  } else {
    const data = offer.data;
    body = (
      <Stack gap="xs" onKeyDown={moveBetweenOptions}>
        <Text size="md" fw={700}>
          {t('phoneDesk.followUp.window', {
            from: longDate(data.window.from, language, t),
            to: longDate(data.window.to, language, t),
          })}
        </Text>
        {data.kind === 'proposed' ? (
          <>
            <Text size="lg" fw={700} data-testid="follow-up-proposal">
              {t('phoneDesk.followUp.proposal', {
                date: longDate(data.best.date, language, t),
                time: timeRange(data.best.startTime, data.best.endTime),
                venue: data.best.venueName,
              })}
            </Text>
            {data.best.venueId === first.venueId && data.best.startTime === first.startTime && (
              <Text size="md">{t('phoneDesk.followUp.sameAsFirst')}</Text>
            )}
            <Button ref={firstRef} data-option size="lg" onClick={() => onChoose(data.best)}>
              {t('phoneDesk.followUp.accept')} (Enter)
            </Button>
            {data.alternatives.length > 0 && (
              <Text size="md" fw={700} mt="xs">
                {t('phoneDesk.followUp.alternatives')}
              </Text>
            )}
            {data.alternatives.map((slot) => (
              <Button
                key={slot.slotId}
                data-option
                variant="default"
                justify="flex-start"
                onClick={() => onChoose(slot)}
              >
                {line(slot)}
              </Button>
            ))}
          </>
        ) : (
          <Alert color="yellow" variant="light" role="status">
            <Text size="md">
              {t('phoneDesk.followUp.noSlot', {
                from: shortDate(data.window.from, language, t),
                to: shortDate(data.window.to, language, t),
              })}
            </Text>
          </Alert>
        )}
        {data.kind === 'proposed' && (
          <Button data-option variant="default" justify="flex-start" onClick={onPickFromGrid}>
            {t('phoneDesk.followUp.pickFromGrid')}
          </Button>
        )}
        <Button
          ref={data.kind === 'proposed' ? undefined : firstRef}
          data-option
          variant="default"
          justify="flex-start"
          onClick={() => onChoose(null)}
        >
          {t('phoneDesk.followUp.skip')}
        </Button>
        <Text size="sm" c="gray.7">
          {t('phoneDesk.followUp.help')}
        </Text>
      </Stack>
    );
  }

  return (
    <Paper withBorder p="md" radius="md">
      <Stack gap="sm">
        <Title order={2} size="h3">
          {t('phoneDesk.followUp.heading')}
        </Title>
        {body}
      </Stack>
    </Paper>
  );
}
