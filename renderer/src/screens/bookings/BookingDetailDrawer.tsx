/** One booking with its history, opened from the grid. Reading it is recorded in the audit log. */
import { Drawer, Group, Loader, SimpleGrid, Stack, Text, Timeline, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type {
  BookingDetail,
  BookingHistoryEntry,
  HistoryActor,
  HistorySlot,
} from '../../../../domain/api/contract.ts';
import { isCancelReason } from '../../../../domain/api/methods/phone-desk.ts';
import { formatBookingNumber } from '../../../../domain/booking-number.ts';
import { japanTimestampLabel } from '../../../../domain/daily-list-layout.ts';
import { formatEraDate } from '../../../../domain/era-date.ts';
import { formatPhoneNumber } from '../../../../domain/phone.ts';
import { deskApi } from '../../api/desk-api.ts';
import { ApiErrorPanel } from '../../app/ApiErrorPanel.tsx';
import { queryKeys } from '../../app/query-keys.ts';
import { hubRefusalText } from '../../i18n/hub-refusal.ts';
import { ChannelMark } from '../overview/channels.tsx';
import { slotText } from './booking-columns.tsx';
import { BookingStatusBadge } from './booking-status-badge.tsx';

interface BookingDetailDrawerProps {
  bookingId: string | null;
  onClose(): void;
}

export function BookingDetailDrawer({ bookingId, onClose }: BookingDetailDrawerProps) {
  const { t } = useTranslation();
  const detail = useQuery({
    queryKey: queryKeys.bookings.detail(bookingId),
    queryFn: () => deskApi.getBooking({ bookingId: bookingId ?? '' }),
    enabled: bookingId !== null,
  });
  return (
    <Drawer
      opened={bookingId !== null}
      onClose={onClose}
      position="right"
      size="lg"
      title={<Title order={2}>{t('bookings.detail.title')}</Title>}
      closeButtonProps={{ 'aria-label': t('bookings.detail.close') }}
    >
      {detail.isPending ? (
        <Loader aria-label={t('overview.loading')} />
      ) : detail.isError ? (
        <ApiErrorPanel
          error={detail.error}
          onRetry={() => void detail.refetch()}
          retrying={detail.isFetching}
        />
      ) : (
        <DetailBody detail={detail.data} />
      )}
    </Drawer>
  );
}

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="sm" c="gray.7">
        {label}
      </Text>
      <Text size="md" component="div">
        {children}
      </Text>
    </div>
  );
}

function DetailBody({ detail }: { detail: BookingDetail }) {
  const { t } = useTranslation();
  return (
    <Stack gap="lg" data-booking-detail={detail.bookingNumber}>
      <Group justify="space-between">
        <Text size="xl" fw={700} className="booking-number">
          {formatBookingNumber(detail.bookingNumber)}
        </Text>
        <BookingStatusBadge status={detail.status} />
      </Group>
      <SimpleGrid cols={2} spacing="md">
        <Field label={t('bookings.columns.name')}>{detail.name}</Field>
        <Field label={t('bookings.columns.reading')}>{detail.nameKana}</Field>
        <Field label={t('bookings.columns.birthDate')}>
          {formatEraDate(detail.birthDate)}（{t('bookings.ageYears', { n: detail.age })}）
        </Field>
        <Field label={t('bookings.detail.sex')}>{t(`sex.${detail.sex}`)}</Field>
        <Field label={t('bookings.detail.ticketNumber')}>{detail.ticketNumber}</Field>
        <Field label={t('bookings.columns.phone')}>{formatPhoneNumber(detail.phone) || '—'}</Field>
        <Field label={t('bookings.columns.slot')}>
          {detail.date.replaceAll('-', '/')} {detail.startTime}〜{detail.endTime}
        </Field>
        <Field label={t('bookings.columns.venue')}>{detail.venueName}</Field>
        <Field label={t('bookings.detail.product')}>
          {detail.productName}・{t('bookings.dose', { n: detail.doseNumber })}
        </Field>
        <Field label={t('bookings.columns.channel')}>
          <ChannelMark channel={detail.channel} />
        </Field>
        <Field label={t('bookings.detail.address')}>{detail.address || '—'}</Field>
        <Field label={t('bookings.detail.vaccineLot')}>{detail.vaccineLot ?? '—'}</Field>
      </SimpleGrid>
      {detail.notes ? <Field label={t('bookings.detail.notes')}>{detail.notes}</Field> : null}
      {detail.rejection ? (
        <Field label={t('bookings.detail.rejectReason')}>{hubRefusalText(t, detail.rejection)}</Field>
      ) : null}
      <div>
        <Title order={3} size="h4" mb="sm">
          {t('bookings.detail.history')}
        </Title>
        <Timeline active={detail.history.length - 1} bulletSize={16} lineWidth={2}>
          {detail.history.map((entry, i) => (
            <Timeline.Item
              // biome-ignore lint/suspicious/noArrayIndexKey: history entries have no id and never reorder
              key={i}
              title={t(`bookings.detail.action.${entry.action}`)}
            >
              <HistoryLine entry={entry} />
            </Timeline.Item>
          ))}
        </Timeline>
      </div>
    </Stack>
  );
}

function actorName(t: TFunction, by: HistoryActor): string {
  switch (by.kind) {
    case 'staff':
      return by.name ?? t('bookings.unknownStaff');
    case 'resident':
      return t('bookings.selfBooked');
    case 'hub':
      return t('bookings.detail.byHub');
  }
}

function slotLine(t: TFunction, slot: HistorySlot | null): string {
  return slot ? `${slot.venueName} ${slotText(slot.date, slot.startTime, t)}` : t('bookings.detail.slotGone');
}

/** Why: a cancellation's reason as the operator chose it, or the hub's refusal in words. */
function reasonText(t: TFunction, entry: BookingHistoryEntry): string | null {
  if (entry.rejection !== null) return hubRefusalText(t, entry.rejection);
  if (entry.action === 'cancelled' && entry.reason !== null) {
    return isCancelReason(entry.reason) ? t(`phoneDesk.cancel.reasons.${entry.reason}`) : null;
  }
  return null;
}

/** When and who, then what changed: the slots of a move, the reason, the status (and the lot). */
function HistoryLine({ entry }: { entry: BookingHistoryEntry }) {
  const { t } = useTranslation();
  const reason = reasonText(t, entry);
  return (
    <>
      <Text size="sm" c="gray.7">
        {japanTimestampLabel(new Date(entry.at))}・{actorName(t, entry.by)}
      </Text>
      {entry.channel ? (
        <Text size="sm">
          {t('bookings.detail.channel', { channel: t(`overview.channel.${entry.channel}`) })}
        </Text>
      ) : null}
      {entry.action === 'moved' ? (
        <>
          <Text size="sm">{t('bookings.detail.fromSlot', { slot: slotLine(t, entry.fromSlot) })}</Text>
          <Text size="sm">{t('bookings.detail.toSlot', { slot: slotLine(t, entry.toSlot) })}</Text>
        </>
      ) : null}
      {reason ? <Text size="sm">{t('bookings.detail.reason', { reason })}</Text> : null}
      {entry.toStatus ? (
        <Text size="sm">
          {entry.fromStatus ? `${t(`bookingStatus.${entry.fromStatus}`)} → ` : ''}
          {t(`bookingStatus.${entry.toStatus}`)}
          {entry.lotNumber ? `（${t('bookings.detail.vaccineLot')} ${entry.lotNumber}）` : ''}
        </Text>
      ) : null}
    </>
  );
}
