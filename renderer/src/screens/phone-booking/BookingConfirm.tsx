/**
 * Confirm: what will be booked, the contact number (the one on file, editable) and notes; F9 or Enter
 * on the focused button saves. The mutation ids came with the form, so pressing again after a lost
 * answer saves nothing twice. Refusals are explained with the way forward: the existing booking for a
 * duplicate, another slot for a full one.
 */

import {
  Alert,
  Button,
  Checkbox,
  Group,
  Paper,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type CallerBooking,
  type CallerFile,
  type CreatePhoneBookingResult,
  duplicateOverrideRoles,
  type PhoneSlotChoice,
} from '../../../../domain/api/contract.ts';
import { formatBookingNumber } from '../../../../domain/booking-number.ts';
import { notesProblem } from '../../../../domain/booking-rules/booking-fields.ts';
import { formatPhoneNumber } from '../../../../domain/phone.ts';
import type { StaffRole } from '../../../../domain/vocabulary/index.ts';
import { errorCodeOf } from '../../api/client-error.ts';
import { deskApi } from '../../api/desk-api.ts';
import { useUiLanguage } from '../../i18n/use-ui-language.ts';
import type { MutationIds } from './call-state.ts';
import { useConfirmKey } from './confirm-key.ts';
import { longDate, shortDate, timeRange } from './desk-dates.ts';
import { useFocusOn } from './desk-keys.ts';
import { checkContactPhone } from './field-checks.ts';
import { readableDescription } from './readable.ts';
import type { HubReachability } from './use-hub-reachability.ts';
import type { HoldPosition } from './use-seat-holds.ts';

interface BookingConfirmProps {
  hub: HubReachability;
  caller: CallerFile;
  doseNumber: number;
  first: PhoneSlotChoice;
  followUp: PhoneSlotChoice | null;
  ids: MutationIds;
  /** The hub hold of each chosen slot, which the booking takes over (none offline). */
  holdIdFor: (position: HoldPosition) => string | undefined;
  role: StaffRole | null;
  onBooked: (result: Extract<CreatePhoneBookingResult, { kind: 'booked' }>) => void;
  onChooseAgain: (dose: 'first' | 'follow-up') => void;
  onChangeExisting: (booking: CallerBooking) => void;
}

export function BookingConfirm(props: BookingConfirmProps) {
  const { caller, doseNumber, first, followUp, ids, role } = props;
  const { t } = useTranslation();
  const language = useUiLanguage();
  const [phone, setPhone] = useState(formatPhoneNumber(caller.phoneOnFile));
  const [notes, setNotes] = useState('');
  const [override, setOverride] = useState(false);
  const [phoneProblem, setPhoneProblem] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<Exclude<CreatePhoneBookingResult, { kind: 'booked' }> | null>(null);
  const submitRef = useFocusOn<HTMLButtonElement>(first.slotId);
  const phoneRef = useRef<HTMLInputElement>(null);
  const mayOverride = role !== null && duplicateOverrideRoles.includes(role);

  const save = useMutation({
    mutationFn: () =>
      deskApi.createPhoneBooking({
        couponId: caller.couponId,
        first: { mutationId: ids.first, slotId: first.slotId, doseNumber, holdId: props.holdIdFor('first') },
        followUp: followUp
          ? { mutationId: ids.followUp, slotId: followUp.slotId, holdId: props.holdIdFor('followUp') }
          : null,
        contactPhone: phone,
        notes,
        overrideDuplicate: override,
      }),
    onSuccess: (result) => {
      if (result.kind === 'booked') props.onBooked(result);
      else setRefusal(result);
    },
  });

  const submit = () => {
    if (save.isPending) return;
    const checked = checkContactPhone(phone);
    if (!checked.ok) {
      setPhoneProblem(t(checked.problem.key as 'phoneDesk.input.phone.phone_implausible'));
      phoneRef.current?.focus();
      return;
    }
    if (notesProblem(notes)) return;
    setPhoneProblem(null);
    setRefusal(null);
    save.mutate();
  };
  useConfirmKey(submit);

  const slotLine = (n: number, slot: PhoneSlotChoice) =>
    `${t('phoneDesk.confirm.dose', { n })}：${longDate(slot.date, language, t)} ${timeRange(slot.startTime, slot.endTime)} ${slot.venueName}`;

  return (
    <Paper withBorder p="md" radius="md">
      <Stack gap="sm">
        <Title order={2} size="h3">
          {t('phoneDesk.confirm.heading')}
        </Title>
        <Stack gap={2} data-testid="confirm-summary">
          <Text size="lg" fw={700}>
            {caller.name}（{caller.nameKana}）
          </Text>
          <Text size="lg">{slotLine(doseNumber, first)}</Text>
          {followUp ? (
            <Text size="lg">{slotLine(doseNumber + 1, followUp)}</Text>
          ) : (
            <Text size="md" c="gray.7">
              {t('phoneDesk.confirm.noFollowUp')}
            </Text>
          )}
        </Stack>
        <Group align="flex-start" grow>
          <TextInput
            ref={phoneRef}
            size="md"
            label={t('phoneDesk.confirm.contactPhone')}
            description={t('phoneDesk.confirm.contactHint')}
            value={phone}
            onChange={(e) => {
              setPhone(e.currentTarget.value);
              setPhoneProblem(null);
            }}
            error={phoneProblem}
            autoComplete="off"
            inputMode="tel"
            data-field="contact-phone"
            styles={readableDescription}
          />
          <Textarea
            size="md"
            label={t('phoneDesk.confirm.notes')}
            value={notes}
            onChange={(e) => setNotes(e.currentTarget.value)}
            error={notesProblem(notes) ? t('phoneDesk.input.notes.notes_too_long') : undefined}
            autosize
            minRows={1}
            maxRows={3}
            data-field="notes"
          />
        </Group>
        <Alert color={props.hub === 'online' ? 'blue' : 'orange'} variant="light">
          <Text size="md">
            {t(
              props.hub === 'online' ? 'phoneDesk.confirm.sendingNote' : 'phoneDesk.confirm.provisionalNote',
            )}
          </Text>
        </Alert>
        {refusal && (
          <RefusalNotice
            refusal={refusal}
            mayOverride={mayOverride}
            override={override}
            onOverride={setOverride}
            onChooseAgain={props.onChooseAgain}
            onChangeExisting={props.onChangeExisting}
            doseNumber={doseNumber}
          />
        )}
        {save.isError && (
          <Alert color="red" variant="light" role="alert">
            <Text size="md">{t(`errors.code.${errorCodeOf(save.error)}`)}</Text>
          </Alert>
        )}
        <Group>
          <Button ref={submitRef} size="lg" onClick={submit} loading={save.isPending}>
            {t('phoneDesk.confirm.submit')} (F9)
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function RefusalNotice(p: {
  refusal: Exclude<CreatePhoneBookingResult, { kind: 'booked' }>;
  mayOverride: boolean;
  override: boolean;
  onOverride: (value: boolean) => void;
  onChooseAgain: (dose: 'first' | 'follow-up') => void;
  onChangeExisting: (booking: CallerBooking) => void;
  doseNumber: number;
}) {
  const { t } = useTranslation();
  const language = useUiLanguage();
  const r = p.refusal;
  const dose = r.doseNumber === p.doseNumber ? 'first' : 'follow-up';
  return (
    <Alert color="red" variant="light" role="alert" data-testid="booking-refusal">
      <Stack gap="xs">
        {r.kind === 'duplicate' && (
          <>
            <Text size="md">
              {t('phoneDesk.confirm.duplicate', {
                n: r.doseNumber,
                number: formatBookingNumber(r.existing.bookingNumber),
                date: shortDate(r.existing.date, language, t),
                venue: r.existing.venue.name,
              })}
            </Text>
            <Group>
              <Button variant="default" onClick={() => p.onChangeExisting(r.existing)}>
                {t('phoneDesk.confirm.changeExisting')}
              </Button>
            </Group>
            {p.mayOverride && (
              <Checkbox
                label={t('phoneDesk.confirm.override')}
                checked={p.override}
                onChange={(e) => p.onOverride(e.currentTarget.checked)}
              />
            )}
          </>
        )}
        {r.kind === 'slot_unavailable' && (
          <>
            <Text size="md">{t(`phoneDesk.confirm.${r.why}`, { n: r.doseNumber })}</Text>
            <Group>
              <Button autoFocus onClick={() => p.onChooseAgain(dose)}>
                {t('phoneDesk.confirm.chooseAgain')} (Enter)
              </Button>
            </Group>
          </>
        )}
        {r.kind === 'ineligible' && (
          <>
            <Text size="md">
              {t('phoneDesk.confirm.ineligible', {
                n: r.doseNumber,
                why: r.reasons.map((reason) => t(`phoneDesk.reasons.${reason}`)).join('、'),
              })}
            </Text>
            <Group>
              <Button autoFocus onClick={() => p.onChooseAgain(dose)}>
                {t('phoneDesk.confirm.chooseAgain')} (Enter)
              </Button>
            </Group>
          </>
        )}
      </Stack>
    </Alert>
  );
}
