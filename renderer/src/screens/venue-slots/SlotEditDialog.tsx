/**
 * The change panel of one slot: capacity, call-center reserve and open/closed, checked by the domain
 * rules beside each field. Enter saves and Esc cancels from anywhere in the panel (not while an IME is
 * composing: Enter then confirms the conversion of full-width digits). A refusal of the desk or the
 * hub appears beside its field (capacity below the booked seats, reserve above the capacity) or at the
 * top of the panel (hub unreachable, not allowed), in words.
 *
 * Closing a slot that has bookings asks first and names who is affected (booking number, name, time):
 * their bookings stay and become callback tasks. The focused, default button is 戻る; closing takes a
 * Tab and Enter. (A capacity cut never strands anyone: it cannot go below the seats taken.)
 */
import {
  Alert,
  Button,
  Group,
  Modal,
  ScrollArea,
  SegmentedControl,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import type { TFunction } from 'i18next';
import { type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  SlotCapacityList,
  SlotCapacityRow,
  SlotChangeResult,
  SlotResidents,
} from '../../../../domain/api/methods/venue-slots.ts';
import { formatBookingNumber } from '../../../../domain/booking-number.ts';
import { slotLabel } from '../../../../domain/daily-list-layout.ts';
import { errorCodeOf } from '../../api/client-error.ts';
import { deskApi } from '../../api/desk-api.ts';
import { useCountFormat } from '../../i18n/use-count-format.ts';
import { AlertIcon } from '../../icons/icons.tsx';
import {
  checkSlotForm,
  type FieldProblem,
  formValuesOf,
  type SlotChangeInput,
  type SlotFormValues,
  seatsTaken,
} from './slot-form.ts';
import { slotRefusal } from './slot-refusal.ts';

interface SlotEditDialogProps {
  row: SlotCapacityRow | null;
  /** The slot's day and time. */
  title: string;
  changeTarget: SlotCapacityList['changeTarget'];
  onClose(): void;
  /** `stranded`: the bookings a closure left to be called back (0 for any other change). */
  onSaved(result: SlotChangeResult, stranded: number): void;
}

export function SlotEditDialog({ row, title, changeTarget, onClose, onSaved }: SlotEditDialogProps) {
  const { t } = useTranslation();
  // The list of residents a closure strands needs the width of its columns.
  const [wide, setWide] = useState(false);
  useEffect(() => {
    if (row === null) setWide(false);
  }, [row]);
  return (
    <Modal
      opened={row !== null}
      onClose={onClose}
      title={t('venueSlots.edit.title')}
      size={wide ? 'xl' : 'lg'}
      // Esc is the form's (it must not close the panel while an IME is composing); Cancel replaces the ×.
      closeOnEscape={false}
      withCloseButton={false}
      returnFocus
    >
      {row ? (
        <SlotEditForm
          key={row.slotId}
          row={row}
          title={title}
          changeTarget={changeTarget}
          onClose={onClose}
          onSaved={onSaved}
          onWide={setWide}
        />
      ) : null}
    </Modal>
  );
}

type PanelProblem = { field: 'capacity' | 'reserve'; problem: FieldProblem } | { message: string };

function SlotEditForm({
  row,
  title,
  changeTarget,
  onClose,
  onSaved,
  onWide,
}: Omit<SlotEditDialogProps, 'row'> & { row: SlotCapacityRow; onWide(wide: boolean): void }) {
  const { t } = useTranslation();
  const count = useCountFormat();
  const [values, setValues] = useState<SlotFormValues>(() => formValuesOf(row));
  const [checked, setChecked] = useState(false);
  const [refusal, setRefusal] = useState<PanelProblem | null>(null);
  const [saving, setSaving] = useState(false);
  /** Closing a slot with bookings: who it strands, shown for confirmation. */
  const [closing, setClosing] = useState<{ residents: SlotResidents; change: SlotChangeInput } | null>(null);
  const statusRef = useRef<HTMLDivElement>(null);
  useEffect(() => onWide(closing !== null), [closing, onWide]);

  const check = checkSlotForm(row, values);
  const shown = checked && !check.ok ? check : null;
  const fieldRefusal = (field: 'capacity' | 'reserve') =>
    refusal && 'field' in refusal && refusal.field === field ? refusal.problem : null;
  const capacityProblem = shown?.capacity ?? fieldRefusal('capacity');
  const reserveProblem = shown?.reserve ?? fieldRefusal('reserve');

  const update = (next: Partial<SlotFormValues>) => {
    setValues((v) => ({ ...v, ...next }));
    setRefusal(null);
  };

  const send = async (change: SlotChangeInput, stranded: number) => {
    setSaving(true);
    setRefusal(null);
    try {
      const result = await deskApi.changeSlotCapacity({ slotId: row.slotId, ...change });
      onSaved(result, stranded);
    } catch (error) {
      setClosing(null);
      setRefusal(panelProblemOf(error, t));
    } finally {
      setSaving(false);
    }
  };

  const save = async () => {
    if (saving) return;
    setChecked(true);
    if (!check.ok) return;
    if (!check.changed) {
      onClose();
      return;
    }
    const change = check.change;
    if (change.status === 'closed') {
      // Who would be stranded, as this desktop knows now (bookings arriving later are stranded too,
      // and become callback tasks all the same).
      setSaving(true);
      setRefusal(null);
      try {
        const residents = await deskApi.listSlotResidents({ slotId: row.slotId });
        if (residents.residents.length > 0) {
          setClosing({ residents, change });
          return;
        }
      } catch (error) {
        setRefusal(panelProblemOf(error, t));
        return;
      } finally {
        setSaving(false);
      }
    }
    await send(change, 0);
  };

  const backFromClosing = () => {
    setClosing(null);
    // Back where the closure was chosen.
    requestAnimationFrame(() => statusRef.current?.querySelector<HTMLInputElement>('input:checked')?.focus());
  };

  if (closing) {
    return (
      <ClosingConfirm
        residents={closing.residents}
        venueName={row.venueName}
        title={title}
        saving={saving}
        onBack={backFromClosing}
        onConfirm={() => void send(closing.change, closing.residents.residents.length)}
      />
    );
  }

  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>) => {
    if (event.nativeEvent.isComposing) return;
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      onClose();
    } else if (event.key === 'Enter' && !(event.target instanceof HTMLButtonElement)) {
      event.preventDefault();
      void save();
    }
  };

  const taken = seatsTaken(row);
  const booked = row.booked.phone + row.booked.online + row.booked.walk_in;
  const message = (problem: FieldProblem | null) => (problem ? fieldMessage(problem, t) : undefined);
  return (
    <form
      onKeyDown={onKeyDown}
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
      noValidate
    >
      <Stack gap="md">
        <div>
          <Text size="md" fw={600}>
            {row.venueName}
          </Text>
          <Text size="xl" fw={700}>
            {title}
          </Text>
          <Text size="md" c="gray.8">
            {row.productName}
          </Text>
          <Text size="md" c="gray.8">
            {t('venueSlots.edit.taken', {
              booked: count(booked),
              held: count(row.held),
              taken: count(taken),
            })}
          </Text>
        </div>
        {refusal && 'message' in refusal ? (
          <Alert
            role="alert"
            color="red"
            variant="light"
            icon={<AlertIcon size={22} />}
            title={t('venueSlots.failed')}
          >
            <Text size="md">{refusal.message}</Text>
          </Alert>
        ) : null}
        <Group align="flex-start" grow>
          <TextInput
            label={t('venueSlots.edit.capacity')}
            description={t('venueSlots.edit.capacityHint', { taken: count(taken) })}
            value={values.capacity}
            onChange={(e) => update({ capacity: e.currentTarget.value })}
            onFocus={(e) => e.currentTarget.select()}
            error={message(capacityProblem)}
            inputMode="numeric"
            autoComplete="off"
            size="md"
            data-autofocus
          />
          <TextInput
            label={t('venueSlots.edit.reserve')}
            description={t('venueSlots.edit.reserveHint')}
            value={values.reserve}
            onChange={(e) => update({ reserve: e.currentTarget.value })}
            onFocus={(e) => e.currentTarget.select()}
            error={message(reserveProblem)}
            inputMode="numeric"
            autoComplete="off"
            size="md"
          />
        </Group>
        <Stack gap={4}>
          <Text component="span" id="slot-status-label" size="md" fw={500}>
            {t('venueSlots.edit.status')}
          </Text>
          <SegmentedControl
            ref={statusRef}
            aria-labelledby="slot-status-label"
            value={values.status}
            onChange={(value) => update({ status: value === 'closed' ? 'closed' : 'open' })}
            data={[
              { value: 'open', label: t('venueSlots.status.open') },
              { value: 'closed', label: t('venueSlots.status.closed') },
            ]}
            size="md"
            color={values.status === 'closed' ? 'gray.7' : 'teal.8'}
          />
        </Stack>
        <Text size="sm" c="gray.8">
          {changeTarget === 'hub' ? t('venueSlots.edit.sendsToHub') : t('venueSlots.edit.savesLocally')}
        </Text>
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose} disabled={saving}>
            {t('venueSlots.edit.cancel')}
          </Button>
          <Button type="submit" loading={saving}>
            {t('venueSlots.edit.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

interface ClosingConfirmProps {
  residents: SlotResidents;
  venueName: string;
  title: string;
  saving: boolean;
  onBack(): void;
  onConfirm(): void;
}

/** The residents a closure strands, and the choice: back (focused, the default) or close anyway. */
function ClosingConfirm({ residents, venueName, title, saving, onBack, onConfirm }: ClosingConfirmProps) {
  const { t } = useTranslation();
  const backRef = useRef<HTMLButtonElement>(null);
  useEffect(() => backRef.current?.focus(), []);
  const n = residents.residents.length;
  const time = slotLabel(residents.startTime, residents.endTime);
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'Escape' || event.nativeEvent.isComposing) return;
    event.preventDefault();
    event.stopPropagation();
    if (!saving) onBack();
  };
  return (
    <Stack gap="md" onKeyDown={onKeyDown} data-testid="slot-closing-confirm">
      <div>
        <Text size="md" fw={600}>
          {venueName}
        </Text>
        <Text size="xl" fw={700}>
          {title}
        </Text>
      </div>
      <Alert
        color="orange"
        variant="light"
        icon={<AlertIcon size={22} />}
        title={t('venueSlots.closing.title', { n })}
      >
        <Text size="md">{t('venueSlots.closing.body')}</Text>
      </Alert>
      <ScrollArea.Autosize mah={300} type="auto" scrollbars="y">
        <Table striped withTableBorder aria-label={t('venueSlots.closing.tableLabel', { n })} fz="md">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('venueSlots.closing.bookingNumber')}</Table.Th>
              <Table.Th>{t('venueSlots.closing.name')}</Table.Th>
              <Table.Th>{t('venueSlots.closing.kana')}</Table.Th>
              <Table.Th>{t('venueSlots.closing.time')}</Table.Th>
              <Table.Th>{t('venueSlots.closing.dose')}</Table.Th>
              <Table.Th>{t('venueSlots.closing.channel')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody style={{ whiteSpace: 'nowrap' }}>
            {residents.residents.map((resident) => (
              <Table.Tr key={resident.bookingId}>
                <Table.Td>{formatBookingNumber(resident.bookingNumber)}</Table.Td>
                <Table.Td style={{ whiteSpace: 'normal' }}>{resident.name}</Table.Td>
                <Table.Td style={{ whiteSpace: 'normal' }}>{resident.nameKana}</Table.Td>
                <Table.Td>{time}</Table.Td>
                <Table.Td>{t('venueSlots.closing.doseN', { n: resident.doseNumber })}</Table.Td>
                <Table.Td>{t(`overview.channel.${resident.channel}`)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea.Autosize>
      <Group justify="flex-end" gap="sm">
        <Button ref={backRef} onClick={onBack} disabled={saving}>
          {t('venueSlots.closing.back')}
        </Button>
        <Button color="red.8" variant="outline" onClick={onConfirm} loading={saving}>
          {t('venueSlots.closing.confirm', { n })}
        </Button>
      </Group>
    </Stack>
  );
}

type Translate = TFunction;

function fieldMessage(problem: FieldProblem, t: Translate): string {
  switch (problem.kind) {
    case 'belowBooked':
      return t('venueSlots.field.belowBooked', { n: problem.n });
    case 'reserveAboveCapacity':
      return t('venueSlots.field.reserveAboveCapacity', { capacity: problem.capacity });
    default:
      return t(`venueSlots.field.${problem.kind}`, { max: problem.max });
  }
}

function panelProblemOf(error: unknown, t: Translate): PanelProblem {
  const refusal = slotRefusal(error);
  if (!refusal) return { message: t(`errors.code.${errorCodeOf(error)}`) };
  switch (refusal.reason) {
    case 'capacity_below_booked':
      return { field: 'capacity', problem: { kind: 'belowBooked', n: refusal.seatsTaken ?? 0 } };
    case 'reserve_above_capacity':
      return { field: 'reserve', problem: { kind: 'reserveAboveCapacity', capacity: refusal.capacity ?? 0 } };
    case 'hub_refused':
      return { message: t('venueSlots.refused.hub_refused', { code: refusal.hubCode ?? '?' }) };
    default:
      return { message: t(`venueSlots.refused.${refusal.reason}`) };
  }
}
