/**
 * Fill rate per venue and day as a heat map: a table whose cells are shaded by how full the day is
 * (four bands, darker is fuller) and carry the percentage as text, so it reads on a grey printout and
 * to a screen reader (each cell says venue, day, rate and seats). Weekends and holidays are marked in
 * the day headings.
 */
import { Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { FillRateCell, ManagerDashboard } from '../../../../domain/api/contract.ts';
import { dayOfWeek, isJapaneseHoliday } from '../../../../domain/calendar.ts';
import { fillPercent } from '../../../../domain/supply/fill-rate.ts';
import { useCountFormat } from '../../i18n/use-count-format.ts';
import { DashboardSection } from './DashboardSection.tsx';
import { useShortDate, useWeekday } from './short-date.ts';

const bands = ['low', 'mid', 'high', 'full'] as const;
type Band = (typeof bands)[number];

function bandOf(percent: number): Band {
  if (percent >= 100) return 'full';
  if (percent >= 80) return 'high';
  if (percent >= 50) return 'mid';
  return 'low';
}

function dayKind(iso: string): 'holiday' | 'saturday' | 'weekday' {
  const weekday = dayOfWeek(iso);
  if (weekday === 0 || isJapaneseHoliday(iso)) return 'holiday';
  return weekday === 6 ? 'saturday' : 'weekday';
}

export function FillRateHeatMap({ dashboard }: { dashboard: ManagerDashboard }) {
  const { t } = useTranslation();
  const count = useCountFormat();
  const shortDate = useShortDate();
  const weekdayOf = useWeekday();

  const cell = (venue: string, day: FillRateCell) => {
    if (day.slotCount === 0) return <Table.Td key={day.date} className="heat-cell" />;
    const percent = fillPercent(day.occupied, day.capacity);
    if (percent === null) {
      return (
        <Table.Td
          key={day.date}
          className="heat-cell heat-closed"
          aria-label={t('dashboard.fill.closedCell', { venue, date: shortDate(day.date) })}
        >
          {t('dashboard.fill.closed')}
        </Table.Td>
      );
    }
    return (
      <Table.Td
        key={day.date}
        className={`heat-cell heat-${bandOf(percent)}`}
        data-date={day.date}
        aria-label={t('dashboard.fill.cell', {
          venue,
          date: shortDate(day.date),
          percent,
          occupied: count(day.occupied),
          capacity: count(day.capacity),
        })}
        title={`${count(day.occupied)} / ${count(day.capacity)}`}
      >
        {percent}
      </Table.Td>
    );
  };

  return (
    <DashboardSection
      id="dashboard-fill"
      heading={t('dashboard.fill.heading')}
      caption={t('dashboard.fill.caption', { days: dashboard.fillRateDays.length })}
    >
      {dashboard.venues.length === 0 ? (
        <Text size="md">{t('dashboard.fill.noVenues')}</Text>
      ) : (
        <div className="heat-map-frame">
          <Table className="heat-map" withTableBorder aria-labelledby="dashboard-fill">
            <Table.Thead>
              <Table.Tr>
                <Table.Th className="heat-venue">{t('dashboard.fill.venue')}</Table.Th>
                {dashboard.fillRateDays.map((d, i) => (
                  // The month where it starts (and in the first column), then the day alone: a calendar's way.
                  <Table.Th
                    key={d}
                    className={`heat-day heat-day-${dayKind(d)}`}
                    scope="col"
                    abbr={shortDate(d)}
                  >
                    {i === 0 || d.endsWith('-01') ? shortDate(d, false) : String(Number(d.slice(8)))}
                    <br />
                    {weekdayOf(d)}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {dashboard.venues.map((v) => (
                <Table.Tr key={v.venueId} data-venue={v.name}>
                  <Table.Th scope="row" className="heat-venue" title={v.name}>
                    {v.name}
                  </Table.Th>
                  {v.days.map((day) => cell(v.name, day))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </div>
      )}
      <Text size="sm" mt="xs" component="div" className="heat-legend">
        <span>{t('dashboard.fill.legend')}:</span>
        {bands.map((b) => (
          <span key={b} className={`heat-cell heat-${b} heat-legend-swatch`}>
            {t(`dashboard.fill.band.${b}`)}
          </span>
        ))}
        <span className="heat-cell heat-closed heat-legend-swatch">{t('dashboard.fill.closed')}</span>
      </Text>
    </DashboardSection>
  );
}
