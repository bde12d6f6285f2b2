/**
 * The day's reminder calls, one row per booking in time order. One row at a time is in the Tab
 * order (a roving tab stop); on it, the arrow keys choose another row and 1 / 2 / 3 / 0 record the
 * outcome (outcome-keys.ts), after which the next row is chosen. The outcome buttons show and
 * change the recorded outcome with the mouse (pressing the chosen one again takes it back); they are
 * left out of the Tab order so Tab leaves the list in one step.
 */

import { Button, Group, Table, Text } from '@mantine/core';
import { type KeyboardEvent, memo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type ReminderCall,
  type ReminderOutcome,
  reminderOutcomes,
} from '../../../../domain/api/contract.ts';
import { formatBookingNumber } from '../../../../domain/booking-number.ts';
import { slotLabel } from '../../../../domain/daily-list-layout.ts';
import { formatPhoneNumber } from '../../../../domain/phone.ts';
import { japanTimeZone } from '../../../../domain/vocabulary/terms.ts';
import { movedIndex, outcomeKeys, rowKeyAction } from './outcome-keys.ts';

export const outcomeColors: Record<ReminderOutcome, string> = {
  reached: 'teal.8',
  message: 'blue.8',
  no_answer: 'orange.9',
};

interface ReminderCallTableProps {
  calls: readonly ReminderCall[];
  label: string;
  /** The row in the Tab order; the first row when null or gone. */
  activeId: string | null;
  onActiveChange(bookingId: string): void;
  onRecord(call: ReminderCall, outcome: ReminderOutcome | null): void;
}

const japanTime = new Intl.DateTimeFormat('ja-JP', {
  timeZone: japanTimeZone,
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

export function ReminderCallTable({
  calls,
  label,
  activeId,
  onActiveChange,
  onRecord,
}: ReminderCallTableProps) {
  const { t } = useTranslation();
  const body = useRef<HTMLTableSectionElement>(null);
  const active = calls.some((c) => c.bookingId === activeId) ? activeId : (calls[0]?.bookingId ?? null);

  const focusRow = (index: number) => {
    const call = calls[index];
    if (!call) return;
    onActiveChange(call.bookingId);
    body.current?.querySelector<HTMLElement>(`tr[data-booking-id="${CSS.escape(call.bookingId)}"]`)?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTableSectionElement>) => {
    const action = rowKeyAction({
      key: event.key,
      ctrlKey: event.ctrlKey,
      altKey: event.altKey,
      metaKey: event.metaKey,
      isComposing: event.nativeEvent.isComposing,
    });
    if (!action) return;
    const row = (event.target as HTMLElement).closest<HTMLElement>('tr[data-booking-id]');
    const index = calls.findIndex((c) => c.bookingId === row?.dataset.bookingId);
    if (index < 0) return;
    event.preventDefault();
    if (action.kind === 'move') {
      focusRow(movedIndex(index, calls.length, action.to));
      return;
    }
    onRecord(calls[index]!, action.outcome);
    focusRow(movedIndex(index, calls.length, 'next'));
  };

  return (
    <Table.ScrollContainer minWidth={760}>
      <Table
        className="reminder-call-table"
        withTableBorder
        bg="white"
        fz="sm"
        verticalSpacing={6}
        horizontalSpacing={6}
        aria-label={label}
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('reminderCalls.columns.time')}</Table.Th>
            <Table.Th scope="col">{t('reminderCalls.columns.bookingNumber')}</Table.Th>
            <Table.Th scope="col">{t('reminderCalls.columns.name')}</Table.Th>
            <Table.Th scope="col" ta="right">
              {t('reminderCalls.columns.age')}
            </Table.Th>
            <Table.Th scope="col">{t('reminderCalls.columns.phone')}</Table.Th>
            <Table.Th scope="col">{t('reminderCalls.columns.dose')}</Table.Th>
            <Table.Th scope="col">{t('reminderCalls.columns.outcome')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody ref={body} onKeyDown={onKeyDown}>
          {calls.map((call) => (
            <ReminderCallRow
              key={call.bookingId}
              call={call}
              inTabOrder={call.bookingId === active}
              onFocusRow={onActiveChange}
              onRecord={onRecord}
            />
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

interface ReminderCallRowProps {
  call: ReminderCall;
  inTabOrder: boolean;
  onFocusRow(bookingId: string): void;
  onRecord(call: ReminderCall, outcome: ReminderOutcome | null): void;
}

/** One booking; drawn again only when its own call or tab stop changes (a day has hundreds). */
const ReminderCallRow = memo(function ReminderCallRow({
  call,
  inTabOrder,
  onFocusRow,
  onRecord,
}: ReminderCallRowProps) {
  const { t } = useTranslation();
  return (
    <Table.Tr
      data-booking-id={call.bookingId}
      data-booking-number={call.bookingNumber}
      data-outcome={call.outcome ?? 'none'}
      tabIndex={inTabOrder ? 0 : -1}
      onFocus={() => onFocusRow(call.bookingId)}
    >
      <Table.Td>
        <Text fw={700} size="sm" className="nowrap">
          {slotLabel(call.startTime, call.endTime)}
        </Text>
        {/* A long venue name wraps rather than widening the list. */}
        <Text size="xs" c="gray.7" maw="9em" className="reminder-venue">
          {call.venueName}
        </Text>
      </Table.Td>
      <Table.Td className="booking-number nowrap">{formatBookingNumber(call.bookingNumber)}</Table.Td>
      <Table.Td className="nowrap">
        <div>{call.name}</div>
        <Text size="xs" c="gray.7">
          {call.nameKana}
        </Text>
      </Table.Td>
      <Table.Td ta="right" className="nowrap">
        {t('reminderCalls.age', { n: call.age })}
      </Table.Td>
      <Table.Td className="reminder-phone nowrap">{formatPhoneNumber(call.phone) || '—'}</Table.Td>
      <Table.Td className="nowrap">{t('reminderCalls.dose', { n: call.doseNumber })}</Table.Td>
      <Table.Td>
        {/* Wraps only when the window is too narrow for the three buttons on one line. */}
        <Group gap={4}>
          {reminderOutcomes.map((outcome) => {
            const chosen = call.outcome === outcome;
            return (
              <Button
                key={outcome}
                size="compact-sm"
                color={outcomeColors[outcome]}
                variant={chosen ? 'filled' : 'default'}
                tabIndex={-1}
                aria-pressed={chosen}
                aria-keyshortcuts={outcomeKeys[outcome]}
                aria-label={t(`reminderCalls.outcomeFor.${outcome}`, { name: call.name })}
                title={chosen ? t('reminderCalls.pressAgain') : undefined}
                // Pressing the chosen outcome again takes it back (like 0 on the keyboard).
                onClick={() => onRecord(call, chosen ? null : outcome)}
              >
                <span className="reminder-key">{outcomeKeys[outcome]}</span>
                {t(`reminderCalls.outcome.${outcome}`)}
              </Button>
            );
          })}
        </Group>
        <Text size="xs" c="gray.7" mt={2}>
          {call.outcomeAt === null
            ? t('reminderCalls.notCalled')
            : t('reminderCalls.recordedAt', { time: japanTime.format(new Date(call.outcomeAt)) })}
        </Text>
      </Table.Td>
    </Table.Tr>
  );
});
