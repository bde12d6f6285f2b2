/**
 * What is held for the caller while the call goes on: per chosen slot the countdown of its hub hold
 * (仮押さえ 残り 4:12, in the warning colour under a minute), F8 to extend, what happens when it runs
 * out; or, without a hub, that the seat is counted on this desk and the booking will be provisional.
 */
import { Alert, Group, Kbd, Loader, Paper, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PhoneSlotChoice } from '../../../../domain/api/contract.ts';
import { useUiLanguage } from '../../i18n/use-ui-language.ts';
import { AlertIcon } from '../../icons/icons.tsx';
import { shortDate, timeRange } from './desk-dates.ts';
import { canExtend, formatCountdown, holdTone } from './hold-countdown.ts';
import { type HoldPosition, holdPositions, type SeatHold, type SeatHolds } from './use-seat-holds.ts';

interface SeatHoldPanelProps {
  holds: SeatHolds;
  slots: Record<HoldPosition, PhoneSlotChoice | null>;
  /** The dose of the first slot (the follow-up is the next one). */
  doseNumber: number;
}

/** Date.now(), moving on twice a second while `running`. */
function useClock(running: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!running) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, [running]);
  return now;
}

export function SeatHoldPanel({ holds, slots, doseNumber }: SeatHoldPanelProps) {
  const { t } = useTranslation();
  const language = useUiLanguage();
  const shown = holdPositions.filter((p) => holds[p] !== null && slots[p] !== null);
  const now = useClock(shown.some((p) => holds[p]?.status === 'held'));
  if (shown.length === 0) return null;

  const local = shown.map((p) => holds[p]).find((h) => h?.status === 'local');
  const remote = shown.filter((p) => holds[p]?.status !== 'local');

  return (
    <Stack gap="xs" data-testid="seat-holds">
      {remote.map((position) => {
        const slot = slots[position]!;
        const label = t('phoneDesk.hold.heading', {
          n: position === 'first' ? doseNumber : doseNumber + 1,
          date: shortDate(slot.date, language, t),
          time: timeRange(slot.startTime, slot.endTime),
          venue: slot.venueName,
        });
        return <HoldRow key={position} position={position} hold={holds[position]!} label={label} now={now} />;
      })}
      {local && local.status === 'local' && (
        <Alert
          color="orange"
          variant="light"
          icon={<AlertIcon size={20} />}
          data-testid="seat-hold-local"
          data-why={local.why}
        >
          <Text size="md">
            {t(
              local.why === 'forbidden'
                ? 'phoneDesk.hold.forbidden'
                : local.why === 'refused'
                  ? 'phoneDesk.hold.refused'
                  : 'phoneDesk.hold.local',
            )}
          </Text>
        </Alert>
      )}
    </Stack>
  );
}

function HoldRow(props: { position: HoldPosition; hold: SeatHold; label: string; now: number }) {
  const { position, hold, label, now } = props;
  const { t } = useTranslation();
  if (hold.status === 'local') return null;
  if (hold.status === 'requesting') {
    return (
      <Paper
        withBorder
        p="xs"
        radius="md"
        data-testid="seat-hold"
        data-position={position}
        data-status="requesting"
      >
        <Group gap="sm">
          <Loader size="xs" />
          <Text size="md">
            {label}：{t('phoneDesk.hold.requesting')}
          </Text>
        </Group>
      </Paper>
    );
  }
  const left = hold.status === 'held' ? hold.deadline - now : 0;
  const tone = holdTone(left);
  if (tone === 'expired') {
    return (
      <Alert
        color="red"
        variant="light"
        role="alert"
        icon={<AlertIcon size={20} />}
        data-testid="seat-hold"
        data-position={position}
        data-status="expired"
      >
        <Text size="md" fw={700}>
          {label}
        </Text>
        <Text size="md">{t('phoneDesk.hold.expired')}</Text>
      </Alert>
    );
  }
  const held = hold as Extract<SeatHold, { status: 'held' }>;
  const ending = tone === 'ending';
  return (
    <Paper
      withBorder
      p="xs"
      radius="md"
      bg={ending ? 'red.0' : 'blue.0'}
      style={{ borderColor: ending ? 'var(--mantine-color-red-6)' : 'var(--mantine-color-blue-4)' }}
      data-testid="seat-hold"
      data-position={position}
      data-status={ending ? 'ending' : 'held'}
    >
      <Group justify="space-between" wrap="nowrap" gap="sm">
        <Stack gap={0}>
          <Text size="sm" c="gray.8">
            {label}
          </Text>
          <Text
            fz={24}
            fw={800}
            c={ending ? 'red.8' : 'blue.9'}
            className="count"
            role="timer"
            data-testid="hold-countdown"
          >
            {t('phoneDesk.hold.countdown', { time: formatCountdown(left) })}
          </Text>
        </Stack>
        <Group gap={6} wrap="nowrap">
          {canExtend(held.deadline, held.capDeadline) ? (
            <>
              <Kbd size="md">F8</Kbd>
              <Text size="sm">{t('phoneDesk.hold.extendKey')}</Text>
            </>
          ) : (
            <Text size="sm" c="gray.7">
              {t('phoneDesk.hold.atCap')}
            </Text>
          )}
        </Group>
      </Group>
      {ending && (
        <Text size="md" c="red.9" fw={600}>
          {t('phoneDesk.hold.endingSoon')}
        </Text>
      )}
      {held.extendFailed && (
        <Text size="md" c="orange.9">
          {t('phoneDesk.hold.extendFailed')}
        </Text>
      )}
    </Paper>
  );
}
