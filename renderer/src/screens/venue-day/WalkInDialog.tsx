/**
 * A resident who came without a booking: find the coupon by ticket number (typed or scanned),
 * choose a slot with a free seat and the dose, and register them checked in. The mutation id is
 * made when the dialog opens, so a retried or double-clicked registration creates one booking.
 */
import { Alert, Button, Group, Modal, NumberInput, Select, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { VenueDayRow, VenueDaySlot, WalkInCandidate } from '../../../../domain/api/contract.ts';
import { slotLabel } from '../../../../domain/daily-list-layout.ts';
import { formatEraDate } from '../../../../domain/era-date.ts';
import { errorCodeOf } from '../../api/client-error.ts';
import { deskApi } from '../../api/desk-api.ts';
import { refusalReason } from './refusal-reason.ts';

interface WalkInDialogProps {
  opened: boolean;
  date: string;
  slots: readonly VenueDaySlot[];
  onClose(): void;
  onCreated(row: VenueDayRow): void;
}

export function WalkInDialog({ opened, date, slots, onClose, onCreated }: WalkInDialogProps) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t('venueDay.walkIn.title')} size="lg">
      {opened ? <WalkInForm date={date} slots={slots} onClose={onClose} onCreated={onCreated} /> : null}
    </Modal>
  );
}

function WalkInForm({ date, slots, onClose, onCreated }: Omit<WalkInDialogProps, 'opened'>) {
  const { t } = useTranslation();
  const [mutationId] = useState(() => crypto.randomUUID());
  const [ticket, setTicket] = useState('');
  const [candidate, setCandidate] = useState<WalkInCandidate | null | undefined>(undefined);
  const [slotId, setSlotId] = useState<string | null>(null);
  const [dose, setDose] = useState<number>(1);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const free = slots.filter((s) => s.remaining > 0);

  const find = async () => {
    setError(null);
    setBusy(true);
    try {
      const { candidate: found } = await deskApi.findWalkInCoupon({ ticketNumber: ticket, date });
      setCandidate(found);
      if (found) setDose(found.nextDose);
    } catch (e) {
      setError(t(`errors.code.${errorCodeOf(e)}`));
    } finally {
      setBusy(false);
    }
  };

  const create = async () => {
    if (!candidate || !slotId) return;
    setError(null);
    setBusy(true);
    try {
      onCreated(
        await deskApi.createWalkIn({ slotId, couponId: candidate.couponId, doseNumber: dose, mutationId }),
      );
      onClose();
    } catch (e) {
      const reason = refusalReason(e);
      setError(reason ? t(`venueDay.refused.${reason}`) : t(`errors.code.${errorCodeOf(e)}`));
    } finally {
      setBusy(false);
    }
  };

  const unusable = candidate && candidate.status !== 'active';
  return (
    <Stack gap="md">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void find();
        }}
      >
        <Group align="flex-end" gap="sm">
          <TextInput
            label={t('venueDay.walkIn.ticket')}
            description={t('venueDay.walkIn.ticketHint')}
            value={ticket}
            onChange={(e) => setTicket(e.currentTarget.value)}
            data-autofocus
            w={280}
          />
          <Button type="submit" loading={busy && candidate === undefined} disabled={ticket.trim() === ''}>
            {t('venueDay.walkIn.find')}
          </Button>
        </Group>
      </form>
      {candidate === null ? <Alert color="orange">{t('venueDay.walkIn.notFound')}</Alert> : null}
      {candidate ? (
        <Stack gap="sm">
          <div>
            <Text fw={700} size="lg">
              {candidate.name}（{candidate.nameKana}）
            </Text>
            <Text size="sm" c="gray.7">
              {formatEraDate(candidate.birthDate)}・{t(`sex.${candidate.sex}`)}・{candidate.ticketNumber}
            </Text>
          </div>
          {unusable ? <Alert color="red">{t('venueDay.walkIn.unusable')}</Alert> : null}
          {candidate.bookedTodayId ? <Alert color="orange">{t('venueDay.walkIn.bookedToday')}</Alert> : null}
          {free.length === 0 ? (
            <Alert color="orange">{t('venueDay.walkIn.noSeats')}</Alert>
          ) : (
            <Group align="flex-end" gap="sm">
              <Select
                label={t('venueDay.walkIn.slot')}
                data={free.map((s) => ({
                  value: s.slotId,
                  label: `${slotLabel(s.startTime, s.endTime)}　${t('venueDay.walkIn.seatsLeft', { n: s.remaining })}　${s.productName}`,
                }))}
                value={slotId}
                onChange={setSlotId}
                w={360}
              />
              <NumberInput
                label={t('venueDay.walkIn.dose')}
                value={dose}
                onChange={(value) => setDose(typeof value === 'number' ? value : 1)}
                min={1}
                max={9}
                w={110}
              />
            </Group>
          )}
          <Group justify="flex-end">
            <Button
              onClick={() => void create()}
              loading={busy}
              disabled={!slotId || Boolean(unusable) || Boolean(candidate.bookedTodayId)}
            >
              {t('venueDay.walkIn.create')}
            </Button>
          </Group>
        </Stack>
      ) : null}
      {error ? (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      ) : null}
    </Stack>
  );
}
