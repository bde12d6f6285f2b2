/**
 * The end of the call: the status said honestly (provisional until a hub accepts it), the booking
 * number large and spelled for the phone, the read-back script in Japanese, and one key to copy an
 * SMS text. F2 starts the next call.
 */
import { Alert, Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useClipboard } from '@mantine/hooks';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallerBooking } from '../../../../domain/api/contract.ts';
import { formatBookingNumber, spellBookingNumberForPhone } from '../../../../domain/booking-number.ts';
import { useAppInfo } from '../../app/use-app-info.ts';
import { hubRefusalAdvice, hubRefusalText } from '../../i18n/hub-refusal.ts';
import { awaitsHub, type CallOutcome, savedBookingsNow } from './call-state.ts';
import { useFocusOn } from './desk-keys.ts';
import { bookedScript, cancelledScript, movedScript, smsText } from './read-back-script.ts';
import type { HubReachability } from './use-hub-reachability.ts';

interface CallResultProps {
  outcome: CallOutcome;
  /** The caller's bookings as they are now: their status moves on as the hub answers. */
  current: readonly CallerBooking[];
  hub: HubReachability;
  onNewCall: () => void;
}

type StatusBadge = 'provisionalOffline' | 'provisionalSending' | 'confirmed' | 'rejected';

const badgeColor: Record<StatusBadge, string> = {
  provisionalOffline: 'orange',
  provisionalSending: 'blue',
  confirmed: 'green',
  rejected: 'red',
};

/** The honest state of what was saved: rejected wins, then provisional, confirmed only when all are. */
function statusBadge(bookings: readonly CallerBooking[], hub: HubReachability): StatusBadge {
  if (bookings.some((b) => b.status === 'rejected')) return 'rejected';
  if (awaitsHub(bookings)) {
    return hub === 'online' ? 'provisionalSending' : 'provisionalOffline';
  }
  return 'confirmed';
}

export function CallResult({ outcome, current, hub, onNewCall }: CallResultProps) {
  const { t, i18n } = useTranslation();
  const ja = i18n.getFixedT('ja');
  const { data: info } = useAppInfo();
  const clipboard = useClipboard({ timeout: 3000 });

  const bookings = savedBookingsNow(outcome, current);
  const script =
    outcome.kind === 'booked'
      ? bookedScript(bookings, ja)
      : outcome.kind === 'moved'
        ? movedScript(bookings[0]!, ja)
        : cancelledScript(bookings, ja);
  const badge = statusBadge(bookings, hub);
  const rejection = bookings.find((b) => b.status === 'rejected')?.rejection ?? null;
  // Turned down by the hub: nothing to read back or text to the caller (the number is not valid).
  const refused = badge === 'rejected' && outcome.kind !== 'cancelled';
  // The first button has focus; when the hub's refusal comes in, that is "new call".
  const panelRef = useRef<HTMLDivElement>(null);
  const firstRef = useFocusOn<HTMLButtonElement>(refused ? 'refused' : outcome, panelRef);
  const heading = refused
    ? t('phoneDesk.done.headingRejected')
    : {
        booked: t('phoneDesk.done.headingBooked'),
        moved: t('phoneDesk.done.headingMoved'),
        cancelled: t('phoneDesk.done.headingCancelled'),
      }[outcome.kind];
  const replayed = outcome.result.replayed;
  const sms =
    outcome.kind === 'cancelled' || refused ? null : smsText(bookings, info?.municipality?.name ?? '', ja);

  return (
    <Paper ref={panelRef} withBorder p="md" radius="md" data-testid="call-result">
      <Stack gap="sm">
        <Group gap="sm">
          <Title order={2} size="h3">
            {heading}
          </Title>
          {outcome.kind !== 'cancelled' && (
            <Badge
              size="xl"
              color={badgeColor[badge]}
              variant="filled"
              tt="none"
              data-testid="booking-status"
              data-status={badge}
              aria-live="polite"
            >
              {t(`phoneDesk.done.badge.${badge}`)}
            </Badge>
          )}
        </Group>
        {outcome.kind !== 'cancelled' && badge.startsWith('provisional') && (
          <Text size="md" c="gray.8">
            {t('phoneDesk.done.provisionalHelp')}
          </Text>
        )}
        {refused && (
          <Alert color="red" variant="light" role="alert">
            <Text size="md">
              {t('phoneDesk.done.rejectedHelp', {
                reason: hubRefusalText(t, rejection),
                advice: hubRefusalAdvice(t, rejection),
              })}
            </Text>
          </Alert>
        )}
        {replayed && (
          <Alert color="blue" variant="light">
            <Text size="md">{t('phoneDesk.done.replayed')}</Text>
          </Alert>
        )}
        {outcome.kind !== 'cancelled' && !refused && (
          <Group gap="xl" align="flex-start">
            {[...new Map(bookings.map((b) => [b.bookingNumber, b])).values()].map((b) => (
              <Stack key={b.bookingId} gap={0}>
                <Text size="sm" c="gray.7">
                  {bookings.length > 1 ? `${t('phoneDesk.confirm.dose', { n: b.doseNumber })} ` : ''}
                  {t('phoneDesk.done.bookingNumber')}
                </Text>
                <Text fz={34} fw={800} className="count" data-testid="booking-number" lh={1.2}>
                  {formatBookingNumber(b.bookingNumber)}
                </Text>
                <Text size="md">
                  {t('phoneDesk.done.spelled')}：{spellBookingNumberForPhone(b.bookingNumber)}
                </Text>
              </Stack>
            ))}
          </Group>
        )}
        {!refused && (
          <Paper bg="yellow.0" p="md" radius="md" withBorder>
            <Text size="sm" fw={700} c="gray.8" mb={4}>
              {t('phoneDesk.done.script')}
            </Text>
            <Stack gap={6} lang="ja" data-testid="read-back-script">
              {script.map((line) => (
                <Text key={line} size="lg" lh={1.7}>
                  {line}
                </Text>
              ))}
            </Stack>
          </Paper>
        )}
        <Group>
          {sms !== null && (
            <Button
              ref={firstRef}
              size="md"
              onClick={() => clipboard.copy(sms)}
              color={clipboard.copied ? 'teal' : undefined}
            >
              {clipboard.copied ? t('phoneDesk.done.copied') : `${t('phoneDesk.done.copySms')} (Enter)`}
            </Button>
          )}
          <Button ref={sms === null ? firstRef : undefined} size="md" variant="default" onClick={onNewCall}>
            {t('phoneDesk.done.newCall')} (F2)
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
