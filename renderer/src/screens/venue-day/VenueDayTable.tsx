/**
 * The day's residents at one venue with their marks. Each row's buttons name what they do and to
 * whom (for screen readers and so the buttons can be found by name); only the marks that make sense
 * for the row's status are offered, and a mark made today can be undone.
 */
import { Button, Group, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import {
  type AttendanceMark,
  attendanceMarkFrom,
  type VenueDayRow,
} from '../../../../domain/api/contract.ts';
import { formatBookingNumber } from '../../../../domain/booking-number.ts';
import { slotLabel } from '../../../../domain/daily-list-layout.ts';
import { formatEraDate } from '../../../../domain/era-date.ts';
import { hubRefusalText } from '../../i18n/hub-refusal.ts';
import { BookingStatusBadge } from '../bookings/booking-status-badge.tsx';
import { ChannelIcon } from '../overview/channels.tsx';

interface VenueDayTableProps {
  rows: readonly VenueDayRow[];
  lotReady: boolean;
  pendingId: string | null;
  onMark(row: VenueDayRow, mark: AttendanceMark): void;
  onUndo(row: VenueDayRow): void;
}

const markColors: Record<AttendanceMark, string> = {
  checked_in: 'cyan.8',
  vaccinated: 'green.8',
  no_show: 'orange.9',
};

export function VenueDayTable({ rows, lotReady, pendingId, onMark, onUndo }: VenueDayTableProps) {
  const { t } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={1100}>
      <Table striped highlightOnHover withTableBorder bg="white" fz="md" verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('venueDay.columns.time')}</Table.Th>
            <Table.Th scope="col">{t('bookings.columns.bookingNumber')}</Table.Th>
            <Table.Th scope="col">{t('bookings.columns.name')}</Table.Th>
            <Table.Th scope="col">{t('bookings.columns.birthDate')}</Table.Th>
            <Table.Th scope="col">{t('bookings.columns.dose')}</Table.Th>
            <Table.Th scope="col">{t('bookings.columns.channel')}</Table.Th>
            <Table.Th scope="col">{t('bookings.columns.status')}</Table.Th>
            <Table.Th scope="col">{t('venueDay.columns.actions')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => {
            const who = row.name;
            const busy = pendingId === row.bookingId;
            return (
              <Table.Tr key={row.bookingId} data-booking-number={row.bookingNumber} data-status={row.status}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{slotLabel(row.startTime, row.endTime)}</Table.Td>
                <Table.Td className="booking-number">{formatBookingNumber(row.bookingNumber)}</Table.Td>
                <Table.Td>
                  <div>{row.name}</div>
                  <Text size="sm" c="gray.7">
                    {row.nameKana}
                  </Text>
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  {formatEraDate(row.birthDate)}
                  <Text size="sm" c="gray.7">
                    {t('bookings.ageYears', { n: row.age })}
                  </Text>
                </Table.Td>
                <Table.Td>{t('bookings.dose', { n: row.doseNumber })}</Table.Td>
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    <ChannelIcon channel={row.channel} size="sm" />
                    {t(`overview.channel.${row.channel}`)}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <BookingStatusBadge status={row.status} />
                  {row.vaccineLot ? (
                    <Text size="xs" c="gray.7">
                      {t('venueDay.lotShort', { lot: row.vaccineLot })}
                    </Text>
                  ) : null}
                  {row.hubRefusal ? (
                    <Text size="xs" c="red.8" maw={260} data-testid="hub-refusal">
                      {t(`venueDay.hubRefused.${row.hubRefusal.of}`, {
                        reason: hubRefusalText(
                          t,
                          row.hubRefusal.rejection,
                          row.hubRefusal.of === 'mark' ? 'mark' : 'booking',
                        ),
                      })}
                    </Text>
                  ) : null}
                </Table.Td>
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    {(['checked_in', 'vaccinated', 'no_show'] as const)
                      .filter((mark) => attendanceMarkFrom[mark].includes(row.status))
                      .map((mark) => (
                        <Button
                          key={mark}
                          size="xs"
                          color={markColors[mark]}
                          variant={mark === 'no_show' ? 'outline' : 'filled'}
                          disabled={busy || (mark === 'vaccinated' && !lotReady)}
                          aria-label={t(`venueDay.markFor.${mark}`, { name: who })}
                          onClick={() => onMark(row, mark)}
                        >
                          {t(`venueDay.mark.${mark}`)}
                        </Button>
                      ))}
                    {row.canUndo ? (
                      <Button
                        size="xs"
                        variant="subtle"
                        color="gray.8"
                        disabled={busy}
                        aria-label={t('venueDay.undoFor', { name: who })}
                        onClick={() => onUndo(row)}
                      >
                        {t('venueDay.undo')}
                      </Button>
                    ) : null}
                  </Group>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
