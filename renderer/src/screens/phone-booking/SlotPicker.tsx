/**
 * Picking a slot: the venue × day grid for the phone channel (seats left, the call-center reserve
 * included), arrow keys to move, PageUp/PageDown by week, Enter to open the day's times, then ↑↓ and
 * Enter to choose a time (Esc back to the grid). Full, closed and not-allowed days are shown but cannot
 * be chosen. The grid is a react-query query: when bookings change (a 'data-changed' desk event, which
 * sync also sends when online bookings arrive) it is fetched again and the counts move on their own,
 * the open list of times included. While today is on the grid it is fetched every half minute too, so
 * a time that has started (closed by the desk, domain/booking-rules/slot-start.ts) stops being offered.
 */
import {
  Alert,
  Badge,
  Button,
  Group,
  Loader,
  Paper,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { type KeyboardEvent, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  PhoneSlot,
  PhoneSlotChoice,
  PhoneSlotGrid,
  SlotGridTarget,
} from '../../../../domain/api/contract.ts';
import { addDays, dayOfWeek, isJapaneseHoliday, isoDateParts } from '../../../../domain/calendar.ts';
import { deskApi } from '../../api/desk-api.ts';
import { ApiErrorPanel } from '../../app/ApiErrorPanel.tsx';
import { queryKeys } from '../../app/query-keys.ts';
import { weekdayLabel } from '../../i18n/day-heading.ts';
import { useUiLanguage } from '../../i18n/use-ui-language.ts';
import { ChevronLeftIcon, ChevronRightIcon } from '../../icons/icons.tsx';
import { longDate, shortDate, timeRange } from './desk-dates.ts';
import { isComposing, moveBetweenOptions, useFocusOn } from './desk-keys.ts';
import {
  type CellPosition,
  type CursorMove,
  cellKey,
  dayColumns,
  fewSeats,
  firstBookableCell,
  type GridCell,
  gridCells,
  moveCursor,
} from './slot-grid-cells.ts';

export const gridDays = 14;
const startedSlotRefreshMs = 30_000;

const showsToday = (grid: PhoneSlotGrid) => grid.from <= grid.today && grid.today <= grid.to;

interface SlotPickerProps {
  target: SlotGridTarget;
  /** The first day worth showing (the grid moves on by itself if nothing can be booked before). */
  startFrom: string;
  heading: string;
  /** The venue the cursor starts on when it has a bookable day (the booking's own venue). */
  preferVenueId?: string | null;
  onChoose: (slot: PhoneSlotChoice) => void;
}

const arrowMoves: Record<string, CursorMove> = {
  ArrowLeft: 'left',
  ArrowRight: 'right',
  ArrowUp: 'up',
  ArrowDown: 'down',
  PageUp: 'week-back',
  PageDown: 'week-ahead',
};

export function SlotPicker({ target, startFrom, heading, preferVenueId = null, onChoose }: SlotPickerProps) {
  const { t } = useTranslation();
  const language = useUiLanguage();
  const [from, setFrom] = useState(startFrom);
  const [area, setArea] = useState<string>('');
  const [cursor, setCursor] = useState<CellPosition | null>(null);
  const [chosen, setChosen] = useState<GridCell | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const movedToEarliest = useRef(false);
  const tableRef = useRef<HTMLTableElement>(null);

  const query = useQuery({
    queryKey: queryKeys.phoneDesk.slotGrid(target, from),
    queryFn: () => deskApi.getPhoneSlotGrid({ target, from, days: gridDays }),
    placeholderData: keepPreviousData,
    // Today's times close as they start (the desk decides with the hub's rule): while today is shown,
    // ask again every half minute so that a time that has just begun is no longer offered.
    refetchInterval: (q) => (q.state.data && showsToday(q.state.data) ? startedSlotRefreshMs : false),
  });
  const grid = query.data;

  const areas = useMemo(() => [...new Set((grid?.venues ?? []).map((v) => v.area))], [grid?.venues]);
  const venues = useMemo(
    () => (grid?.venues ?? []).filter((v) => area === '' || v.area === area),
    [grid?.venues, area],
  );
  const venueIds = useMemo(() => venues.map((v) => v.venueId), [venues]);
  const days = useMemo(() => (grid ? dayColumns(grid.from, gridDays) : []), [grid]);
  const cells = useMemo(
    () => (grid ? gridCells(grid, venueIds) : new Map<string, GridCell>()),
    [grid, venueIds],
  );

  // Nothing bookable before `earliest` (the interval window, the age rule): start the grid there.
  useEffect(() => {
    if (!grid || movedToEarliest.current) return;
    movedToEarliest.current = true;
    if (grid.earliest > grid.to) setFrom(grid.earliest);
  }, [grid]);

  // The cursor starts on the earliest bookable day, and comes back into the shown venues after a filter.
  useEffect(() => {
    if (!grid || grid.from !== from) return;
    if (cursor && venueIds.includes(cursor.venueId) && days.includes(cursor.date)) return;
    setCursor(firstBookableCell(cells, venueIds, days, grid.earliest, preferVenueId));
  }, [grid, from, cursor, cells, venueIds, days, preferVenueId]);

  // Keyboard focus follows the cursor while the grid (not the time list) is in use; `cells` is a
  // trigger too: after paging, the cursor's button only exists once the new weeks have arrived.
  // biome-ignore lint/correctness/useExhaustiveDependencies: cells re-runs the focus after a page load
  useEffect(() => {
    if (!cursor || chosen) return;
    const button = tableRef.current?.querySelector<HTMLButtonElement>(`[data-cell="${cellKey(cursor)}"]`);
    button?.focus();
  }, [cursor, chosen, cells]);

  const onGridKey = (event: KeyboardEvent<HTMLTableElement>) => {
    const move = arrowMoves[event.key];
    if (!move || !cursor || !grid || isComposing(event)) return;
    event.preventDefault();
    setNotice(null);
    const next = moveCursor(cursor, move, venueIds);
    if (next.date < grid.today) return;
    const lastDay = addDays(from, gridDays - 1);
    if (next.date < from) setFrom(notBefore(addDays(from, -7), grid.today));
    else if (next.date > lastDay) setFrom(addDays(from, 7));
    setCursor(next);
  };

  const choose = (cell: GridCell) => {
    setCursor({ venueId: cell.venueId, date: cell.date });
    if (cell.state !== 'bookable') {
      setNotice(
        t(`phoneDesk.grid.notBookable.${cell.state}`, {
          why: cell.reasons.map((r) => t(`phoneDesk.reasons.${r}`)).join('、'),
        }),
      );
      return;
    }
    setNotice(null);
    setChosen(cell);
  };

  const page = (weeks: number) => {
    if (!grid) return;
    const next = addDays(from, weeks * 7);
    setFrom(notBefore(next, grid.today));
    setCursor(null);
  };

  if (query.isError && !grid) {
    return (
      <ApiErrorPanel error={query.error} onRetry={() => void query.refetch()} retrying={query.isFetching} />
    );
  }

  return (
    <Paper withBorder p="md" radius="md">
      <Stack gap="sm">
        <Group justify="space-between" align="center" wrap="nowrap">
          <Title order={2} size="h3">
            {heading}
          </Title>
          <Group gap="xs" wrap="nowrap">
            <Button
              variant="default"
              size="sm"
              leftSection={<ChevronLeftIcon />}
              onClick={() => page(-1)}
              disabled={!grid || from <= grid.today}
              tabIndex={-1}
            >
              {t('phoneDesk.grid.previousWeek')} (PageUp)
            </Button>
            <Button
              variant="default"
              size="sm"
              rightSection={<ChevronRightIcon />}
              onClick={() => page(1)}
              tabIndex={-1}
            >
              {t('phoneDesk.grid.nextWeek')} (PageDown)
            </Button>
          </Group>
        </Group>
        <Text size="md" c="gray.8">
          {t('phoneDesk.grid.help')}
        </Text>
        {grid?.window && (
          <Text size="md" fw={700}>
            {t('phoneDesk.followUp.window', {
              from: longDate(grid.window.from, language, t),
              to: longDate(grid.window.to, language, t),
            })}
          </Text>
        )}
        {areas.length > 1 && (
          <SegmentedControl
            aria-label={t('phoneDesk.grid.area')}
            size="sm"
            value={area}
            onChange={(value) => {
              setArea(value);
              setChosen(null);
            }}
            data={[
              { value: '', label: t('phoneDesk.grid.allAreas') },
              ...areas.map((a) => ({ value: a, label: a })),
            ]}
          />
        )}
        {!grid ? (
          <Group gap="sm">
            <Loader size="sm" />
            <Text>{t('phoneDesk.grid.loading')}</Text>
          </Group>
        ) : venues.length === 0 ? (
          <Text>{t('phoneDesk.grid.noVenues')}</Text>
        ) : (
          <div style={{ overflowX: 'auto' }}>
            <Table
              ref={tableRef}
              onKeyDown={onGridKey}
              withTableBorder
              withColumnBorders
              layout="fixed"
              style={{ minWidth: 680 }}
              aria-busy={query.isFetching}
            >
              <Table.Caption
                style={{ captionSide: 'top', textAlign: 'left', color: 'var(--mantine-color-gray-7)' }}
              >
                {t('phoneDesk.grid.caption', {
                  from: shortDate(grid.from, language, t),
                  to: shortDate(grid.to, language, t),
                })}
              </Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th style={{ width: 150 }}>{t('phoneDesk.grid.venue')}</Table.Th>
                  {days.map((date, i) => (
                    <DayHeader key={date} date={date} showMonth={i === 0 || isoDateParts(date).d === 1} />
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {venues.map((venue) => (
                  <Table.Tr key={venue.venueId}>
                    <Table.Th scope="row" style={{ fontWeight: 600 }}>
                      <Text size="sm" fw={700} lineClamp={3} lh={1.3}>
                        {venue.name}
                      </Text>
                      <Text size="xs" c="gray.7">
                        {venue.area}
                      </Text>
                    </Table.Th>
                    {days.map((date) => {
                      const cell = cells.get(cellKey({ venueId: venue.venueId, date }));
                      if (!cell) return <Table.Td key={date} />;
                      const isCursor = cursor?.venueId === venue.venueId && cursor.date === date;
                      const label = cellLabel(cell, venue.name, shortDate(date, language, t), t);
                      return (
                        <Table.Td key={date} p={2}>
                          <GridCellButton
                            cell={cell}
                            label={label}
                            isCursor={isCursor}
                            isChosen={chosen?.venueId === cell.venueId && chosen.date === cell.date}
                            onChoose={() => choose(cell)}
                            onFocus={() => {
                              if (!isCursor) setCursor({ venueId: cell.venueId, date: cell.date });
                            }}
                          />
                        </Table.Td>
                      );
                    })}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </div>
        )}
        <GridLegend />
        {notice && (
          <Alert color="orange" variant="light" role="alert">
            <Text size="md">{notice}</Text>
          </Alert>
        )}
        {chosen && grid && (
          <SlotTimes
            cell={cells.get(cellKey(chosen)) ?? chosen}
            grid={grid}
            onBack={() => setChosen(null)}
            onChoose={(slot) => {
              const venue = grid.venues.find((v) => v.venueId === slot.venueId);
              onChoose({
                slotId: slot.slotId,
                venueId: slot.venueId,
                venueName: venue?.name ?? '',
                date: slot.date,
                startTime: slot.startTime,
                endTime: slot.endTime,
                remaining: slot.remaining,
              });
            }}
          />
        )}
      </Stack>
    </Paper>
  );
}

/** `date`, or `first` when `date` is earlier (ISO dates compare as strings). */
function notBefore(date: string, first: string): string {
  if (date < first) return first;
  return date;
}

function cellLabel(cell: GridCell, venue: string, date: string, t: TFunction): string {
  const why = cell.reasons.map((r) => t(`phoneDesk.reasons.${r}`)).join('、');
  return t(`phoneDesk.grid.cellLabel.${cell.state}`, { venue, date, n: cell.remaining, why });
}

function DayHeader({ date, showMonth }: { date: string; showMonth: boolean }) {
  const { t } = useTranslation();
  const weekday = dayOfWeek(date);
  const { m, d } = isoDateParts(date);
  const color = weekday === 0 || isJapaneseHoliday(date) ? 'red.8' : weekday === 6 ? 'blue.8' : undefined;
  return (
    <Table.Th style={{ textAlign: 'center', padding: 4 }}>
      <Text size="xs" c="gray.7" h={18}>
        {showMonth ? `${m}/` : ''}
      </Text>
      <Text size="md" fw={700} c={color} className="count">
        {d}
      </Text>
      <Text size="xs" c={color}>
        {weekdayLabel(date, t)}
      </Text>
    </Table.Th>
  );
}

const cellColors: Record<GridCell['state'], { bg: string; fg: string }> = {
  bookable: { bg: 'var(--mantine-color-green-0)', fg: 'var(--mantine-color-green-9)' },
  full: { bg: 'var(--mantine-color-red-0)', fg: 'var(--mantine-color-red-9)' },
  closed: { bg: 'var(--mantine-color-gray-2)', fg: 'var(--mantine-color-gray-7)' },
  none: { bg: 'var(--mantine-color-gray-1)', fg: 'var(--mantine-color-gray-6)' },
  ineligible: { bg: 'var(--mantine-color-gray-1)', fg: 'var(--mantine-color-gray-6)' },
};
const fewColors = { bg: 'var(--mantine-color-orange-0)', fg: 'var(--mantine-color-orange-9)' };

interface GridCellButtonProps {
  cell: GridCell;
  label: string;
  isCursor: boolean;
  isChosen: boolean;
  onChoose: () => void;
  onFocus: () => void;
}

function GridCellButton({ cell, label, isCursor, isChosen, onChoose, onFocus }: GridCellButtonProps) {
  const { t } = useTranslation();
  const few = cell.state === 'bookable' && cell.remaining <= fewSeats;
  const colors = few ? fewColors : cellColors[cell.state];
  const text =
    cell.state === 'bookable'
      ? String(cell.remaining)
      : t(`phoneDesk.grid.cell.${cell.state === 'ineligible' ? 'ineligible' : cell.state}`);
  return (
    <button
      type="button"
      data-cell={cellKey(cell)}
      data-state={cell.state}
      aria-label={label}
      aria-pressed={isChosen}
      tabIndex={isCursor ? 0 : -1}
      onClick={onChoose}
      onFocus={onFocus}
      className="count"
      style={{
        width: '100%',
        height: 44,
        border: isChosen
          ? '3px solid var(--mantine-color-indigo-7)'
          : isCursor
            ? '2px solid var(--mantine-color-indigo-5)'
            : '1px solid transparent',
        borderRadius: 6,
        background:
          cell.state === 'ineligible'
            ? `repeating-linear-gradient(135deg, ${colors.bg}, ${colors.bg} 6px, var(--mantine-color-gray-2) 6px, var(--mantine-color-gray-2) 8px)`
            : colors.bg,
        color: colors.fg,
        fontSize: cell.state !== 'bookable' ? 15 : cell.remaining >= 100 ? 15 : 18,
        fontWeight: 700,
        cursor: cell.state === 'bookable' ? 'pointer' : 'default',
      }}
    >
      {text}
    </button>
  );
}

function GridLegend() {
  const { t } = useTranslation();
  const items: Array<[string, { bg: string; fg: string }]> = [
    [t('phoneDesk.grid.legend.bookable'), cellColors.bookable],
    [t('phoneDesk.grid.legend.few'), fewColors],
    [t('phoneDesk.grid.legend.full'), cellColors.full],
    [t('phoneDesk.grid.legend.closed'), cellColors.closed],
    [t('phoneDesk.grid.legend.ineligible'), cellColors.ineligible],
  ];
  return (
    <Group gap="md" aria-hidden>
      {items.map(([label, colors]) => (
        <Group key={label} gap={6}>
          <span
            style={{
              display: 'inline-block',
              width: 18,
              height: 18,
              borderRadius: 4,
              background: colors.bg,
              border: `2px solid ${colors.fg}`,
            }}
          />
          <Text size="sm">{label}</Text>
        </Group>
      ))}
    </Group>
  );
}

interface SlotTimesProps {
  cell: GridCell;
  grid: PhoneSlotGrid;
  onBack: () => void;
  onChoose: (slot: PhoneSlot) => void;
}

function SlotTimes({ cell, grid, onBack, onChoose }: SlotTimesProps) {
  const { t } = useTranslation();
  const language = useUiLanguage();
  const venue = grid.venues.find((v) => v.venueId === cell.venueId);
  const firstBookable = cell.slots.findIndex((s) => s.state === 'bookable');
  const firstRef = useFocusOn<HTMLButtonElement>(cellKey(cell));
  const onKey = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape' && !isComposing(event)) {
      event.preventDefault();
      onBack();
      return;
    }
    moveBetweenOptions(event);
  };
  return (
    <Paper withBorder p="sm" radius="md" bg="indigo.0">
      <Stack gap="xs">
        <Title order={3} size="h4">
          {t('phoneDesk.times.heading', {
            venue: venue?.name ?? '',
            date: shortDate(cell.date, language, t),
          })}
        </Title>
        <Text size="sm">{t('phoneDesk.times.help')}</Text>
        <Group gap="xs" onKeyDown={onKey} data-testid="slot-times">
          {cell.slots.map((slot, index) => {
            const bookable = slot.state === 'bookable';
            return (
              <Button
                key={slot.slotId}
                ref={index === firstBookable ? firstRef : undefined}
                data-option
                disabled={!bookable}
                variant={bookable ? 'white' : 'light'}
                color={bookable ? 'indigo' : 'gray'}
                size="md"
                onClick={() => onChoose(slot)}
                styles={{ label: { flexDirection: 'column', lineHeight: 1.25 } }}
                h={58}
              >
                <span className="count">{timeRange(slot.startTime, slot.endTime)}</span>
                <Badge
                  size="sm"
                  variant="light"
                  color={bookable ? (slot.remaining <= fewSeats ? 'orange' : 'green') : 'gray'}
                  tt="none"
                >
                  {bookable
                    ? t('phoneDesk.times.remaining', { n: slot.remaining })
                    : t(`phoneDesk.times.${slot.state as Exclude<PhoneSlot['state'], 'bookable'>}`)}
                </Badge>
              </Button>
            );
          })}
        </Group>
      </Stack>
    </Paper>
  );
}
