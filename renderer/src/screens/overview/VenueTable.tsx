/**
 * One row per venue: hours, slots (open / all), capacity, bookings per channel, remaining seats and
 * a bar of the bookings by channel; totals at the foot. Count cells carry labels that name what
 * they count ("電話の予約 12件"), for screen readers and for the end-to-end tests.
 */
import { Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import {
  type BookingChannel,
  bookingChannels,
  type DayOverview,
  type VenueOverview,
} from '../../../../domain/api/contract.ts';
import { useCountFormat } from '../../i18n/use-count-format.ts';
import { ChannelBar, ChannelMark } from './channels.tsx';
import { displayTime } from './hours.ts';

interface VenueTableProps {
  overview: DayOverview;
  dateLabel: string;
}

export function VenueTable({ overview, dateLabel }: VenueTableProps) {
  const { t } = useTranslation();
  const { totals } = overview;
  const openSlotTotal = overview.venues.reduce((sum, v) => sum + v.openSlotCount, 0);
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table
        fz="md"
        verticalSpacing="sm"
        horizontalSpacing="xs"
        striped
        highlightOnHover
        withTableBorder
        tabularNums
        bg="white"
        captionSide="bottom"
        styles={{ th: { whiteSpace: 'nowrap' }, caption: { color: 'var(--mantine-color-gray-7)' } }}
      >
        <Table.Caption>{t('overview.tableCaption', { date: dateLabel })}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th rowSpan={2} scope="col">
              {t('overview.venue')}
            </Table.Th>
            <Table.Th rowSpan={2} scope="col">
              {t('overview.hours')}
            </Table.Th>
            <Table.Th rowSpan={2} scope="col" ta="right">
              {t('overview.slots')}
              <Text span display="block" size="xs" c="gray.7" fw={400}>
                {t('overview.slotsHint')}
              </Text>
            </Table.Th>
            <Table.Th rowSpan={2} scope="col" ta="right">
              {t('overview.capacity')}
            </Table.Th>
            <Table.Th colSpan={3} scope="colgroup" ta="center">
              {t('overview.booked')}
            </Table.Th>
            <Table.Th rowSpan={2} scope="col" ta="right">
              {t('overview.remaining')}
            </Table.Th>
            <Table.Th rowSpan={2} scope="col" w={120} visibleFrom="xl">
              {t('overview.fill')}
            </Table.Th>
          </Table.Tr>
          <Table.Tr>
            {bookingChannels.map((channel) => (
              <Table.Th key={channel} scope="col" ta="right">
                <ChannelMark channel={channel} />
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {overview.venues.map((venue) => (
            <VenueRow key={venue.venueId} venue={venue} />
          ))}
        </Table.Tbody>
        <Table.Tfoot>
          <Table.Tr fw={700} bg="gray.1">
            <Table.Th scope="row">{t('overview.total')}</Table.Th>
            <Table.Td />
            <CountCells
              open={openSlotTotal}
              slotCount={totals.slotCount}
              capacity={totals.capacity}
              booked={totals.booked}
              remaining={totals.remaining}
            />
          </Table.Tr>
        </Table.Tfoot>
      </Table>
    </Table.ScrollContainer>
  );
}

function VenueRow({ venue }: { venue: VenueOverview }) {
  const { t } = useTranslation();
  const hours =
    venue.firstStart && venue.lastEnd
      ? t('overview.hoursRange', { start: displayTime(venue.firstStart), end: displayTime(venue.lastEnd) })
      : t('overview.noHours');
  // A venue without slots that day stays listed (so nobody wonders where it went) but greyed.
  return (
    <Table.Tr c={venue.slotCount === 0 ? 'gray.7' : undefined}>
      <Table.Th scope="row" fw={600} miw={200} style={{ whiteSpace: 'normal' }}>
        <div>{venue.name}</div>
        <Text size="sm" c="gray.7" fw={400}>
          {t(`overview.kind.${venue.kind}`)}
        </Text>
      </Table.Th>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>{hours}</Table.Td>
      <CountCells
        open={venue.openSlotCount}
        slotCount={venue.slotCount}
        capacity={venue.capacity}
        booked={venue.booked}
        remaining={venue.remaining}
      />
    </Table.Tr>
  );
}

interface CountCellsProps {
  open: number;
  slotCount: number;
  capacity: number;
  booked: Record<BookingChannel, number>;
  remaining: number;
}

function CountCells({ open, slotCount, capacity, booked, remaining }: CountCellsProps) {
  const { t } = useTranslation();
  const count = useCountFormat();
  const remainingColor =
    remaining === 0 && capacity > 0 ? 'red.8' : remaining < capacity * 0.1 ? 'orange.9' : undefined;
  return (
    <>
      <Table.Td
        ta="right"
        className="count"
        aria-label={t('overview.cellLabel.slots', { open: count(open), total: count(slotCount) })}
      >
        {count(open)} / {count(slotCount)}
      </Table.Td>
      <Table.Td
        ta="right"
        className="count"
        aria-label={t('overview.cellLabel.capacity', { n: count(capacity) })}
      >
        {count(capacity)}
      </Table.Td>
      {bookingChannels.map((channel) => (
        <Table.Td
          key={channel}
          ta="right"
          className="count"
          aria-label={t('overview.cellLabel.booked', {
            channel: t(`overview.channel.${channel}`),
            n: count(booked[channel]),
          })}
        >
          {count(booked[channel])}
        </Table.Td>
      ))}
      <Table.Td
        ta="right"
        className="count"
        fw={700}
        c={remainingColor}
        aria-label={t('overview.cellLabel.remaining', { n: count(remaining) })}
      >
        {count(remaining)}
      </Table.Td>
      <Table.Td visibleFrom="xl">
        <ChannelBar capacity={capacity} booked={booked} />
      </Table.Td>
    </>
  );
}
