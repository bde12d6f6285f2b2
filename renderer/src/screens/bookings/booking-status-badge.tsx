/** A booking's status as a coloured badge, the same everywhere (grid, detail, venue day). */
import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { BookingStatus } from '../../../../domain/booking-status.ts';

export const statusColors: Record<BookingStatus, string> = {
  held: 'gray',
  provisional: 'grape',
  confirmed: 'blue',
  rejected: 'red',
  cancelled: 'gray',
  checked_in: 'cyan',
  vaccinated: 'green',
  no_show: 'orange',
};

export function BookingStatusBadge({ status }: { status: BookingStatus }) {
  const { t } = useTranslation();
  return (
    <Badge
      color={statusColors[status]}
      variant={status === 'vaccinated' ? 'filled' : 'light'}
      tt="none"
      size="md"
    >
      {t(`bookingStatus.${status}`)}
    </Badge>
  );
}
