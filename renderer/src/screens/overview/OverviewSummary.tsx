/** The day at a glance: capacity (venues, slots), bookings by channel, seats remaining. */
import { Grid, Group, Paper, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { bookingChannels, type DayOverview } from '../../../../domain/api/contract.ts';
import { useCountFormat } from '../../i18n/use-count-format.ts';
import { ChannelBar, ChannelIcon } from './channels.tsx';

export function OverviewSummary({ overview }: { overview: DayOverview }) {
  const { t } = useTranslation();
  const count = useCountFormat();
  const { totals } = overview;
  const openVenues = overview.venues.filter((v) => v.slotCount > 0).length;
  const bookedTotal = bookingChannels.reduce((sum, c) => sum + totals.booked[c], 0);
  const fillRate = totals.capacity > 0 ? Math.round((bookedTotal / totals.capacity) * 100) : 0;
  return (
    <Grid gap="md" align="stretch">
      <Grid.Col span={{ base: 6, md: 3 }}>
        <Stat
          label={t('overview.capacity')}
          value={count(totals.capacity)}
          detail={t('overview.capacityDetail', { venues: count(openVenues), slots: count(totals.slotCount) })}
        />
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 6 }} order={{ base: 3, md: 2 }}>
        <Stat label={t('overview.bookedTotal')} value={count(bookedTotal)}>
          <ChannelBar capacity={totals.capacity} booked={totals.booked} />
          <Group gap="lg" mt={4}>
            {bookingChannels.map((channel) => (
              <Group key={channel} gap={6} wrap="nowrap">
                <ChannelIcon channel={channel} size="sm" />
                <Text size="md" className="count">
                  {t(`overview.channel.${channel}`)} <b>{count(totals.booked[channel])}</b>
                </Text>
              </Group>
            ))}
          </Group>
        </Stat>
      </Grid.Col>
      <Grid.Col span={{ base: 6, md: 3 }} order={{ base: 2, md: 3 }}>
        <Stat
          label={t('overview.remaining')}
          value={count(totals.remaining)}
          detail={t('overview.fillRate', { rate: fillRate })}
        />
      </Grid.Col>
    </Grid>
  );
}

interface StatProps {
  label: string;
  value: string;
  detail?: string;
  children?: ReactNode;
}

function Stat({ label, value, detail, children }: StatProps) {
  return (
    <Paper withBorder p="md" radius="md" h="100%">
      <Stack gap={6}>
        <Text size="sm" c="gray.7" fw={600}>
          {label}
        </Text>
        <Text fz={32} fw={700} lh={1.2} className="count">
          {value}
        </Text>
        {detail && (
          <Text size="sm" c="gray.7" className="count">
            {detail}
          </Text>
        )}
        {children}
      </Stack>
    </Paper>
  );
}
