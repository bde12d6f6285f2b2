/**
 * The change panel of one slot: capacity, call-center reserve and open/closed, checked by the domain
 * rules beside each field. Enter saves and Esc cancels from anywhere in the panel (not while an IME is
 * composing: Enter then confirms the conversion of full-width digits). A refusal of the desk or the
 * hub appears beside its field (capacity below the booked seats, reserve above the capacity) or at the
 * top of the panel (hub unreachable, not allowed), in words.
 */
import { Alert, Button, Group, Modal, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { type KeyboardEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  SlotCapacityList,
  SlotCapacityRow,
  SlotChangeResult,
} from '../../../../domain/api/methods/venue-slots.ts';
import { errorCodeOf } from '../../api/client-error.ts';
import { deskApi } from '../../api/desk-api.ts';
import { useCountFormat } from '../../i18n/use-count-format.ts';
import { AlertIcon } from '../../icons/icons.tsx';
import {
  checkSlotForm,
  type FieldProblem,
  formValuesOf,
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
  onSaved(result: SlotChangeResult): void;
}

export function SlotEditDialog({ row, title, changeTarget, onClose, onSaved }: SlotEditDialogProps) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={row !== null}
      onClose={onClose}
      title={t('venueSlots.edit.title')}
      size="lg"
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
}: Omit<SlotEditDialogProps, 'row'> & { row: SlotCapacityRow }) {
  const { t } = useTranslation();
  const count = useCountFormat();
  const [values, setValues] = useState<SlotFormValues>(() => formValuesOf(row));
  const [checked, setChecked] = useState(false);
  const [refusal, setRefusal] = useState<PanelProblem | null>(null);
  const [saving, setSaving] = useState(false);

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

  const save = async () => {
    if (saving) return;
    setChecked(true);
    if (!check.ok) return;
    if (!check.changed) {
      onClose();
      return;
    }
    setSaving(true);
    setRefusal(null);
    try {
      const result = await deskApi.changeSlotCapacity({ slotId: row.slotId, ...check.change });
      onSaved(result);
    } catch (error) {
      setRefusal(panelProblemOf(error, t));
    } finally {
      setSaving(false);
    }
  };

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

type Translate = ReturnType<typeof useTranslation>['t'];

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
