/**
 * The manager's dashboard (ダッシュボード): fill rate per venue and day (a heat map), bookings per day by
 * channel (a stacked bar chart), free seats in the next 7 / 14 / 28 days and dose-2 shortfalls, all
 * from this desktop's store; a data-changed event (sync bringing an online booking, a phone booking
 * here) refetches it. Prints on A4 landscape and exports the same figures as .xlsx or CSV.
 *
 * Charts: the bar chart is @mantine/charts (recharts underneath, SVG, so it prints sharp and takes the
 * app's theme); the heat map is a plain table of coloured cells with the percentage written in each,
 * which reads on paper in black and white, to a screen reader, and as the export's first sheet. The
 * screen is loaded when first opened (AppLayout), so the chart library costs nothing at start.
 */
import { BarChart } from '@mantine/charts';
import '@mantine/charts/styles.css';
import {
  Alert,
  Group,
  Paper,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { bookingChannels, type ManagerDashboard } from '../../../../domain/api/contract.ts';
import { japanTimestampLabel } from '../../../../domain/daily-list-layout.ts';
import { deskApi } from '../../api/desk-api.ts';
import { ApiErrorPanel } from '../../app/ApiErrorPanel.tsx';
import { queryKeys } from '../../app/query-keys.ts';
import { useAppInfo } from '../../app/use-app-info.ts';
import { useCountFormat } from '../../i18n/use-count-format.ts';
import { AlertIcon } from '../../icons/icons.tsx';
import { ListOutputControls } from '../../print/ListOutputControls.tsx';
import { channelColors } from '../overview/channels.tsx';
import { DashboardSection } from './DashboardSection.tsx';
import { FillRateHeatMap } from './FillRateHeatMap.tsx';
import { useShortDate } from './short-date.ts';
import './dashboard.css';

const shownShortfalls = 30;

export function DashboardScreen() {
  const { t } = useTranslation();
  const appInfo = useAppInfo();
  const manager = appInfo.data?.session.role === 'manager';
  const dashboard = useQuery({
    queryKey: queryKeys.managerDashboard(),
    queryFn: () => deskApi['manager.getDashboard']({}),
    enabled: manager,
    // The figures move with the clock too (slots start, days pass); events cover the data.
    refetchInterval: 60_000,
  });

  return (
    <Stack gap="lg" className="dashboard">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <Stack gap={2}>
          <Title order={1}>{t('dashboard.title')}</Title>
          {dashboard.data ? (
            <Text size="md" c="gray.7">
              {t('dashboard.intro', { time: japanTimestampLabel(new Date(dashboard.data.generatedAt)) })}
            </Text>
          ) : null}
        </Stack>
        <Group gap="sm" className="no-print">
          <ListOutputControls
            printDisabled={!dashboard.data}
            exportDisabled={!dashboard.data}
            print={() => deskApi['manager.printDashboard']({})}
            exportFile={(format, csvEncoding) => deskApi['manager.exportDashboard']({ format, csvEncoding })}
          />
        </Group>
      </Group>

      {appInfo.data && !manager ? (
        <Alert color="gray" variant="light" icon={<AlertIcon size={22} />}>
          {t('dashboard.notManager')}
        </Alert>
      ) : dashboard.error ? (
        <ApiErrorPanel
          error={dashboard.error}
          onRetry={() => void dashboard.refetch()}
          retrying={dashboard.isFetching}
        />
      ) : !dashboard.data ? (
        <Stack gap="md" role="status" aria-busy="true">
          <VisuallyHidden>{t('dashboard.loading')}</VisuallyHidden>
          <Skeleton height={90} radius="md" />
          <Skeleton height={320} radius="md" />
          <Skeleton height={260} radius="md" />
        </Stack>
      ) : (
        <DashboardFigures dashboard={dashboard.data} />
      )}
    </Stack>
  );
}

function DashboardFigures({ dashboard }: { dashboard: ManagerDashboard }) {
  return (
    <>
      <RemainingSeats dashboard={dashboard} />
      <FillRateHeatMap dashboard={dashboard} />
      <BookingsChart dashboard={dashboard} />
      <Shortfalls dashboard={dashboard} />
    </>
  );
}

function RemainingSeats({ dashboard }: { dashboard: ManagerDashboard }) {
  const { t } = useTranslation();
  const count = useCountFormat();
  const shortDate = useShortDate();
  return (
    <section aria-labelledby="dashboard-remaining" className="dashboard-section">
      <Title order={2} size="h3" id="dashboard-remaining" mb="sm">
        {t('dashboard.remaining.heading')}
      </Title>
      <SimpleGrid cols={3}>
        {dashboard.remaining.map((r) => (
          <Paper withBorder p="md" radius="md" key={r.days} data-remaining-days={r.days}>
            <Text size="md" fw={600}>
              {t('dashboard.remaining.span', { days: r.days })}
            </Text>
            <Text size="xl" fw={700} fz={30} data-figure="remaining">
              {t('dashboard.remaining.seats', { n: count(r.remaining) })}
            </Text>
            <Text size="sm" c="gray.7">
              {t('dashboard.remaining.detail', {
                capacity: count(r.capacity),
                slots: count(r.slotCount),
                through: shortDate(r.through),
              })}
            </Text>
          </Paper>
        ))}
      </SimpleGrid>
    </section>
  );
}

function BookingsChart({ dashboard }: { dashboard: ManagerDashboard }) {
  const { t } = useTranslation();
  const count = useCountFormat();
  const shortDate = useShortDate();
  const data = dashboard.bookingsByDay.map((d) => ({ day: shortDate(d.date, false), ...d.byChannel }));
  const totals = Object.fromEntries(
    bookingChannels.map((c) => [c, count(dashboard.bookingsByDay.reduce((n, d) => n + d.byChannel[c], 0))]),
  );
  return (
    <DashboardSection
      id="dashboard-bookings"
      heading={t('dashboard.bookings.heading')}
      caption={t('dashboard.bookings.caption', { days: dashboard.bookingsByDay.length })}
    >
      <BarChart
        h={260}
        data={data}
        dataKey="day"
        type="stacked"
        withLegend
        legendProps={{ verticalAlign: 'top' }}
        tickLine="y"
        series={bookingChannels.map((c) => ({
          name: c,
          label: t(`overview.channel.${c}`),
          color: `${channelColors[c]}.6`,
        }))}
        yAxisProps={{ allowDecimals: false }}
        barProps={{ isAnimationActive: false }}
        aria-hidden="true"
      />
      <Text size="md" mt="sm" data-figure="bookings-total">
        {t('dashboard.bookings.total', { days: dashboard.bookingsByDay.length, ...totals })}
      </Text>
      <VisuallyHidden>
        <table aria-label={t('dashboard.bookings.tableLabel')}>
          <thead>
            <tr>
              <th>{t('dashboard.shortfall.date')}</th>
              {bookingChannels.map((c) => (
                <th key={c}>{t(`overview.channel.${c}`)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {dashboard.bookingsByDay.map((d) => (
              <tr key={d.date}>
                <td>{shortDate(d.date)}</td>
                {bookingChannels.map((c) => (
                  <td key={c}>{d.byChannel[c]}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </VisuallyHidden>
    </DashboardSection>
  );
}

function Shortfalls({ dashboard }: { dashboard: ManagerDashboard }) {
  const { t } = useTranslation();
  const count = useCountFormat();
  const shortDate = useShortDate();
  const rows = dashboard.shortfalls.slice(0, shownShortfalls);
  return (
    <DashboardSection
      id="dashboard-shortfall"
      heading={t('dashboard.shortfall.heading')}
      caption={t('dashboard.shortfall.caption')}
    >
      {rows.length === 0 ? (
        <Text size="md" data-figure="no-shortfall">
          {t('dashboard.shortfall.none')}
        </Text>
      ) : (
        <Table withTableBorder striped fz="md" aria-labelledby="dashboard-shortfall">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('dashboard.shortfall.date')}</Table.Th>
              <Table.Th>{t('dashboard.shortfall.venue')}</Table.Th>
              <Table.Th>{t('dashboard.shortfall.product')}</Table.Th>
              <Table.Th>{t('dashboard.shortfall.window')}</Table.Th>
              <Table.Th>{t('dashboard.shortfall.offered')}</Table.Th>
              <Table.Th ta="right">{t('dashboard.shortfall.needing')}</Table.Th>
              <Table.Th ta="right">{t('dashboard.shortfall.short')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((s) => (
              <Table.Tr key={`${s.venueId} ${s.productId} ${s.date}`}>
                <Table.Td>{shortDate(s.date)}</Table.Td>
                <Table.Td>{s.venueName}</Table.Td>
                <Table.Td>{s.productName}</Table.Td>
                <Table.Td>
                  {t('dashboard.shortfall.windowRange', {
                    from: shortDate(s.window.from),
                    to: shortDate(s.window.to),
                  })}
                </Table.Td>
                <Table.Td c={s.windowSlots === 0 ? 'red.9' : undefined}>
                  {s.windowSlots === 0
                    ? t('dashboard.shortfall.noSlots')
                    : t('dashboard.shortfall.offeredSeats', {
                        seats: count(s.windowFreeSeats),
                        slots: count(s.windowSlots),
                      })}
                </Table.Td>
                <Table.Td ta="right">{count(s.needing)}</Table.Td>
                <Table.Td ta="right" fw={700} c="red.9">
                  {count(s.short)}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {dashboard.shortfalls.length > rows.length ? (
        <Text size="sm" mt="xs">
          {t('dashboard.shortfall.more', { n: count(dashboard.shortfalls.length - rows.length) })}
        </Text>
      ) : null}
    </DashboardSection>
  );
}
