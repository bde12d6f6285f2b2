/** How each booking channel looks everywhere on screen: a colour and an icon beside its name. */
import { Group, Progress, ThemeIcon } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { type BookingChannel, bookingChannels } from '../../../../domain/api/contract.ts';
import { GlobeIcon, PhoneIcon, WalkInIcon } from '../../icons/icons.tsx';

export const channelColors: Record<BookingChannel, string> = {
  phone: 'blue',
  online: 'teal',
  walk_in: 'orange',
};

const channelIcons: Record<BookingChannel, (p: { size?: number }) => ReactNode> = {
  phone: PhoneIcon,
  online: GlobeIcon,
  walk_in: WalkInIcon,
};

export function ChannelIcon({ channel, size = 'md' }: { channel: BookingChannel; size?: 'sm' | 'md' }) {
  const Icon = channelIcons[channel];
  return (
    <ThemeIcon variant="light" color={channelColors[channel]} size={size} radius="xl">
      <Icon size={size === 'sm' ? 14 : 16} />
    </ThemeIcon>
  );
}

export function ChannelMark({ channel }: { channel: BookingChannel }) {
  const { t } = useTranslation();
  return (
    <Group gap={6} wrap="nowrap" justify="flex-end">
      <ChannelIcon channel={channel} size="sm" />
      <span>{t(`overview.channel.${channel}`)}</span>
    </Group>
  );
}

/** Bookings per channel as parts of the capacity; the empty track is what remains. */
export function ChannelBar({
  capacity,
  booked,
}: {
  capacity: number;
  booked: Record<BookingChannel, number>;
}) {
  return (
    <Progress.Root size="lg" aria-hidden="true">
      {capacity > 0 &&
        bookingChannels.map((channel) => (
          <Progress.Section
            key={channel}
            value={(booked[channel] / capacity) * 100}
            color={channelColors[channel]}
            withAria={false}
          />
        ))}
    </Progress.Root>
  );
}
