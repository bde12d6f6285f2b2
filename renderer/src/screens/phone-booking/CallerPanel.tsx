/**
 * The verified caller, for reading back: name and reading, age, ticket, doses received, bookings
 * (with change and cancel), and what can be booked next in plain words.
 */
import { Badge, Button, Divider, Group, List, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CallerBooking, CallerFile } from '../../../../domain/api/contract.ts';
import { changeableBookingStatuses } from '../../../../domain/api/contract.ts';
import { formatBookingNumber } from '../../../../domain/booking-number.ts';
import type { CallerEligibilityStatus } from '../../../../domain/booking-rules/caller-eligibility.ts';
import type { BookingStatus } from '../../../../domain/booking-status.ts';
import { formatPhoneNumber } from '../../../../domain/phone.ts';
import { useUiLanguage } from '../../i18n/use-ui-language.ts';
import { longDate, shortDate, timeRange } from './desk-dates.ts';
import { useFocusOn } from './desk-keys.ts';

interface CallerPanelProps {
  caller: CallerFile;
  /** True when the panel is the step on view: its first action takes focus. */
  active: boolean;
  onBook: () => void;
  onChange: (booking: CallerBooking) => void;
  onCancel: (booking: CallerBooking) => void;
}

/** Nothing to book, and nothing wrong either. */
const settled: readonly CallerEligibilityStatus[] = ['all_booked', 'series_complete'];

const statusColor: Record<BookingStatus, string> = {
  held: 'yellow',
  provisional: 'orange',
  confirmed: 'green',
  rejected: 'red',
  cancelled: 'gray',
  checked_in: 'blue',
  vaccinated: 'teal',
  no_show: 'gray',
};

export function CallerPanel({ caller, active, onBook, onChange, onCancel }: CallerPanelProps) {
  const { t } = useTranslation();
  const language = useUiLanguage();
  const { eligibility } = caller;
  const firstActionRef = useFocusOn<HTMLButtonElement>(active ? caller : null);
  const activeBookings = caller.bookings.filter((b) => changeableBookingStatuses.includes(b.status));
  const pastBookings = caller.bookings.filter((b) => !changeableBookingStatuses.includes(b.status));
  const canBook = eligibility.nextDose !== null;

  return (
    <Paper withBorder p="md" radius="md" aria-labelledby="caller-heading">
      <Stack gap="sm">
        <Group justify="space-between" align="baseline">
          <Title order={2} size="h3" id="caller-heading">
            {t('phoneDesk.caller.heading')}
          </Title>
          <Badge
            size="lg"
            variant="light"
            color={caller.couponStatus === 'active' ? 'green' : 'red'}
            tt="none"
          >
            {t(`phoneDesk.caller.couponStatus.${caller.couponStatus}`)}
          </Badge>
        </Group>
        <div>
          <Text size="xl" fw={700} data-testid="caller-name">
            {caller.name}
          </Text>
          <Text size="lg">{caller.nameKana}</Text>
          <Text size="md">
            {t('phoneDesk.caller.age', { age: eligibility.ageToday })}・
            {t('phoneDesk.caller.ticket', { ticket: caller.ticketNumber })}・
            {caller.phoneOnFile
              ? t('phoneDesk.caller.phoneOnFile', { phone: formatPhoneNumber(caller.phoneOnFile) })
              : t('phoneDesk.caller.noPhone')}
          </Text>
        </div>

        <Divider />
        <Title order={3} size="h4">
          {t('phoneDesk.eligibility.heading')}
        </Title>
        <Stack gap={4} data-testid="eligibility">
          <Text
            size="md"
            fw={700}
            c={canBook ? 'green.9' : settled.includes(eligibility.status) ? 'indigo.9' : 'red.8'}
          >
            {t(`phoneDesk.eligibility.status.${eligibility.status}`, {
              dose: eligibility.nextDose ?? '',
              to: eligibility.window ? longDate(eligibility.window.to, language, t) : '',
            })}
          </Text>
          {canBook && eligibility.window && eligibility.previousDoseDate && (
            <Text size="md">
              {t('phoneDesk.eligibility.window', {
                dose: eligibility.nextDose,
                from: longDate(eligibility.window.from, language, t),
                to: longDate(eligibility.window.to, language, t),
                previous: shortDate(eligibility.previousDoseDate, language, t),
              })}
            </Text>
          )}
          {canBook && !eligibility.window && <Text size="md">{t('phoneDesk.eligibility.anyDay')}</Text>}
          <Text size="md">
            {t('phoneDesk.eligibility.age', { age: eligibility.ageToday, min: eligibility.minAgeYears })}
          </Text>
          {eligibility.oldEnoughFrom && (
            <Text size="md" c="orange.9">
              {t('phoneDesk.eligibility.tooYoungUntil', {
                date: longDate(eligibility.oldEnoughFrom, language, t),
              })}
            </Text>
          )}
          {eligibility.productName && (
            <Text size="md">{t('phoneDesk.eligibility.product', { name: eligibility.productName })}</Text>
          )}
        </Stack>
        {canBook && (
          <Group>
            <Button ref={active ? firstActionRef : undefined} size="md" onClick={onBook}>
              {t('phoneDesk.grid.heading', { dose: eligibility.nextDose })}
            </Button>
          </Group>
        )}

        <Divider />
        <Title order={3} size="h4">
          {t('phoneDesk.caller.doses')}
        </Title>
        {caller.doses.length === 0 ? (
          <Text size="md">{t('phoneDesk.caller.noDoses')}</Text>
        ) : (
          <List size="md" spacing={2}>
            {caller.doses.map((dose) => (
              <List.Item key={`${dose.doseNumber}-${dose.date}`}>
                {t('phoneDesk.caller.dose', { n: dose.doseNumber, date: longDate(dose.date, language, t) })}
                {dose.productName ? `（${dose.productName}）` : ''}
              </List.Item>
            ))}
          </List>
        )}

        <Title order={3} size="h4">
          {t('phoneDesk.caller.bookings')}
        </Title>
        {caller.bookings.length === 0 && <Text size="md">{t('phoneDesk.caller.noBookings')}</Text>}
        <Stack gap="xs" data-testid="caller-bookings">
          {activeBookings.map((booking, index) => (
            <Paper key={booking.bookingId} withBorder p="xs" radius="sm" data-booking={booking.bookingNumber}>
              <Stack gap={4}>
                <Group gap="xs">
                  <Badge color={statusColor[booking.status]} variant="light" tt="none">
                    {t(`phoneDesk.status.${booking.status}`)}
                  </Badge>
                  <Text size="md" fw={700} className="count">
                    {formatBookingNumber(booking.bookingNumber)}
                  </Text>
                </Group>
                <Text size="md">
                  {t('phoneDesk.caller.bookingLine', {
                    n: booking.doseNumber,
                    date: shortDate(booking.date, language, t),
                    time: timeRange(booking.startTime, booking.endTime),
                    venue: booking.venue.name,
                  })}
                </Text>
                <Group gap="xs">
                  <Button
                    ref={active && !canBook && index === 0 ? firstActionRef : undefined}
                    size="sm"
                    variant="default"
                    onClick={() => onChange(booking)}
                  >
                    {t('phoneDesk.caller.change')}
                  </Button>
                  <Button size="sm" variant="default" color="red" onClick={() => onCancel(booking)}>
                    {t('phoneDesk.caller.cancel')}
                  </Button>
                </Group>
              </Stack>
            </Paper>
          ))}
          {pastBookings.map((booking) => (
            <Text key={booking.bookingId} size="sm" c="gray.7">
              {t(`phoneDesk.status.${booking.status}`)}・
              {t('phoneDesk.caller.bookingLine', {
                n: booking.doseNumber,
                date: shortDate(booking.date, language, t),
                time: timeRange(booking.startTime, booking.endTime),
                venue: booking.venue.name,
              })}
            </Text>
          ))}
        </Stack>
      </Stack>
    </Paper>
  );
}
