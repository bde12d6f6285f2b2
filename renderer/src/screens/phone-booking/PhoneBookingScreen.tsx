/**
 * The phone booking desk: one screen, keyboard only. Left, the caller (search, birth date check,
 * then the file); right, the step at hand (slot grid, dose 2, confirmation, read-back). F2 new call,
 * F8 extend the seat hold, F9 confirm, Esc back, Alt+1..4 search mode. With a hub, a chosen slot is
 * held there while the call goes on (countdown above the step); without one, bookings are saved
 * provisional and the screen says so.
 */
import { Alert, Box, Group, Kbd, Stack, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  CallbackTask,
  CallerBooking,
  CallerCandidate,
  CallerFile,
  PhoneSlotChoice,
} from '../../../../domain/api/contract.ts';
import { birthDateWarningDue } from '../../../../domain/birth-date-checks.ts';
import { earliestBookableDay } from '../../../../domain/booking-rules/caller-eligibility.ts';
import { deskApi, subscribeDeskEvents } from '../../api/desk-api.ts';
import { deliverLatestOnly } from '../../api/latest-answer.ts';
import { queryKeys } from '../../app/query-keys.ts';
import { useAppInfo } from '../../app/use-app-info.ts';
import { useToday } from '../../app/use-today.ts';
import { useUiLanguage } from '../../i18n/use-ui-language.ts';
import { AlertIcon, SyncIcon } from '../../icons/icons.tsx';
import { BirthDateCheck, BirthDateWarning } from './BirthDateCheck.tsx';
import { BookingConfirm } from './BookingConfirm.tsx';
import { CallbackTasks } from './CallbackTasks.tsx';
import { CallerPanel } from './CallerPanel.tsx';
import { CallerSearch } from './CallerSearch.tsx';
import { CallResult } from './CallResult.tsx';
import { CancelForm } from './CancelForm.tsx';
import { CandidateList } from './CandidateList.tsx';
import {
  awaitsHub,
  type CallOutcome,
  type CallStep,
  callReducer,
  initialCallState,
  savedBookingsNow,
  searchModes,
} from './call-state.ts';
import { ConfirmKeyContext } from './confirm-key.ts';
import { shortDate, timeRange } from './desk-dates.ts';
import { useDeskShortcuts } from './desk-keys.ts';
import { FollowUpPicker } from './FollowUpPicker.tsx';
import { MoveConfirm } from './MoveConfirm.tsx';
import { SeatHoldPanel } from './SeatHoldPanel.tsx';
import { SlotPicker } from './SlotPicker.tsx';
import { useHubReachability } from './use-hub-reachability.ts';
import { type HoldPosition, useSeatHolds } from './use-seat-holds.ts';

/**
 * Steps on which the chosen first slot is held (the follow-up slot only on the confirmation); a move
 * holds its new slot on its confirmation.
 */
const firstSlotHeldOn: readonly CallStep[] = ['follow-up', 'follow-up-slot', 'confirm', 'confirm-move'];

interface HoldFullNotice {
  position: HoldPosition;
  slot: PhoneSlotChoice;
  doseNumber: number;
}

export function PhoneBookingScreen() {
  const { t } = useTranslation();
  const language = useUiLanguage();
  const today = useToday();
  const { data: info } = useAppInfo();
  const [state, dispatch] = useReducer(callReducer, undefined, () => initialCallState());
  const [knownBirthDate, setKnownBirthDate] = useState<string | null>(null);
  const confirmSlot = useRef<(() => void) | null>(null);
  /** A save's bookings still wait for the hub's answer (see the caller re-reads below). */
  const awaitingHub = useRef(false);
  const hub = useHubReachability();
  const queryClient = useQueryClient();
  const [holdFull, setHoldFull] = useState<HoldFullNotice | null>(null);

  const booking = state.task.kind === 'book';
  const holdsSeats = state.task.kind !== 'cancel';
  const firstDose =
    state.task.kind === 'book' ? (state.caller?.eligibility.nextDose ?? 1) : state.task.booking.doseNumber;
  const seatHolds = useSeatHolds({
    wanted: {
      first: holdsSeats && firstSlotHeldOn.includes(state.step) ? (state.firstSlot?.slotId ?? null) : null,
      followUp: booking && state.step === 'confirm' ? (state.followUpSlot?.slotId ?? null) : null,
    },
    hub,
    onFull: (position) => {
      const slot = position === 'first' ? state.firstSlot : state.followUpSlot;
      if (slot) setHoldFull({ position, slot, doseNumber: position === 'first' ? firstDose : firstDose + 1 });
      dispatch({ type: 'choose-again', dose: position === 'first' ? 'first' : 'follow-up' });
      void queryClient.invalidateQueries({ queryKey: queryKeys.phoneDesk.all() });
    },
  });

  const searching = state.step === 'search' || state.step === 'choose-caller' || state.step === 'verify';
  const newCall = () => {
    awaitingHub.current = false;
    setKnownBirthDate(null);
    setHoldFull(null);
    dispatch({ type: 'new-call' });
  };
  useDeskShortcuts({
    newCall,
    confirm: () => confirmSlot.current?.(),
    extendHold: () => seatHolds.extend(),
    callbacks: () =>
      document
        .querySelector<HTMLElement>('[data-testid="callback-tasks"] [data-option]:not([disabled])')
        ?.focus(),
    back: () => dispatch({ type: 'back' }),
    searchMode: (index) => {
      const mode = searchModes[index];
      if (mode && searching) {
        setKnownBirthDate(null);
        dispatch({ type: 'search-mode', mode });
      }
    },
  });

  const refreshCaller = useMemo(
    () =>
      deliverLatestOnly(
        (couponId: string) => deskApi.getCallerFile({ couponId }),
        (caller) => dispatch({ type: 'caller-refreshed', caller }),
      ),
    [],
  );

  // After a save, the bookings' status moves on as sync reports back (provisional → confirmed or
  // rejected): each bookings change reads the caller file again (each read is an audited view) until
  // none of the saved bookings waits for the hub. Listening starts at the save itself, so an answer
  // that comes before the result shows is not missed.
  const shownCouponId = state.caller?.couponId ?? null;
  const savedStillWaiting =
    state.outcome !== null && state.caller !== null
      ? awaitsHub(savedBookingsNow(state.outcome, state.caller.bookings))
      : false;
  const step = state.step;
  useEffect(() => {
    awaitingHub.current = step === 'done' && savedStillWaiting;
  }, [step, savedStillWaiting]);
  useEffect(() => {
    if (!shownCouponId) return;
    return subscribeDeskEvents((event) => {
      if (event.type === 'data-changed' && event.scopes.includes('bookings') && awaitingHub.current) {
        refreshCaller(shownCouponId);
      }
    });
  }, [shownCouponId, refreshCaller]);

  const saved = (outcome: CallOutcome) => {
    awaitingHub.current = true;
    // The hub hands the held seats to the booking when it arrives: they are not released.
    if (outcome.kind !== 'cancelled') seatHolds.takeOver();
    dispatch({ type: 'saved', outcome });
    if (!state.caller) return;
    refreshCaller(state.caller.couponId);
    if (outcome.kind === 'booked' && state.callbackBookingId) {
      void deskApi.recordCallbackOutcome({
        bookingId: state.callbackBookingId,
        outcome: 'rebooked',
        rebookedBookingId: outcome.result.bookings[0]?.bookingId ?? null,
      });
    }
  };

  const found = (candidates: CallerCandidate[], birthDate: string | null) => {
    setKnownBirthDate(birthDate);
    dispatch({ type: 'candidates', candidates });
  };
  const onFollowUp = useCallback((slot: PhoneSlotChoice | null) => {
    setHoldFull(null);
    dispatch({ type: 'follow-up-chosen', slot });
  }, []);
  const startChange = (booking: CallerBooking) =>
    dispatch({ type: 'start', task: { kind: 'move', booking } });
  const startCancel = (booking: CallerBooking) =>
    dispatch({ type: 'start', task: { kind: 'cancel', booking } });

  return (
    <ConfirmKeyContext.Provider value={confirmSlot}>
      <Stack gap="md">
        <Group justify="space-between" align="flex-end">
          <Title order={1}>{t('phoneDesk.title')}</Title>
          <ShortcutBar />
        </Group>
        <Alert
          color={hub === 'online' ? 'green' : 'orange'}
          variant="light"
          icon={hub === 'online' ? <SyncIcon size={20} /> : <AlertIcon size={20} />}
          py="xs"
          data-testid="hub-status"
          data-hub={hub}
        >
          <Text size="md">{t(`phoneDesk.hub.${hub}`)}</Text>
        </Alert>
        <Group align="flex-start" wrap="nowrap" gap="md">
          <Box w={330} style={{ flex: 'none' }}>
            {leftColumn()}
          </Box>
          <Stack gap="sm" style={{ flex: 1, minWidth: 0 }}>
            {holdFull && (
              <Alert
                color="red"
                variant="light"
                role="alert"
                icon={<AlertIcon size={20} />}
                data-testid="hold-full"
              >
                <Text size="md">
                  {t('phoneDesk.hold.full', {
                    n: holdFull.doseNumber,
                    date: shortDate(holdFull.slot.date, language, t),
                    time: timeRange(holdFull.slot.startTime, holdFull.slot.endTime),
                    venue: holdFull.slot.venueName,
                  })}
                </Text>
              </Alert>
            )}
            {state.caller && holdsSeats && (
              <SeatHoldPanel
                holds={seatHolds.holds}
                slots={{ first: state.firstSlot, followUp: state.followUpSlot }}
                doseNumber={firstDose}
              />
            )}
            {rightColumn()}
          </Stack>
        </Group>
      </Stack>
    </ConfirmKeyContext.Provider>
  );

  function leftColumn() {
    if (state.step === 'search') {
      return (
        <CallerSearch
          key={`${state.callNumber}-${state.searchMode}`}
          callNumber={state.callNumber}
          mode={state.searchMode}
          today={today}
          onMode={(mode) => dispatch({ type: 'search-mode', mode })}
          onFound={found}
        />
      );
    }
    if (state.step === 'choose-caller') {
      return (
        <CandidateList
          candidates={state.candidates}
          onChoose={(candidate) => dispatch({ type: 'candidate', candidate })}
        />
      );
    }
    if (state.step === 'verify' && state.candidate) {
      return (
        <BirthDateCheck
          key={`${state.callNumber}-${state.candidate.couponId}`}
          candidate={state.candidate}
          today={today}
          knownBirthDate={knownBirthDate}
          onVerified={(caller, failedAttempts) => dispatch({ type: 'verified', caller, failedAttempts })}
        />
      );
    }
    if (!state.caller) return null;
    return (
      <>
        {birthDateWarningDue(state.wrongBirthDatesBeforeMatch) && (
          <BirthDateWarning failedAttempts={state.wrongBirthDatesBeforeMatch} matched />
        )}
        <CallerPanel
          caller={state.caller}
          active={state.step === 'caller'}
          onBook={() => dispatch({ type: 'start', task: { kind: 'book' } })}
          onChange={startChange}
          onCancel={startCancel}
        />
      </>
    );
  }

  function rightColumn() {
    const { caller, task } = state;
    if (!caller) {
      return (
        <CallbackTasks
          onOpen={(file: CallerFile, task: CallbackTask) =>
            dispatch({
              type: 'callback',
              caller: file,
              bookingId: task.booking.bookingId,
              move: task.kind === 'slot_closed',
            })
          }
        />
      );
    }
    const doseNumber = task.kind === 'book' ? (caller.eligibility.nextDose ?? 1) : task.booking.doseNumber;
    switch (state.step) {
      case 'slot': {
        const target =
          task.kind === 'move'
            ? ({ purpose: 'move', bookingId: task.booking.bookingId } as const)
            : ({ purpose: 'book', couponId: caller.couponId } as const);
        const offerFollowUp =
          task.kind === 'book' &&
          (caller.eligibility.dosesInSeries === null || doseNumber < caller.eligibility.dosesInSeries);
        return (
          <SlotPicker
            key={`${state.callNumber}-slot-${task.kind}`}
            target={target}
            startFrom={task.kind === 'book' ? earliestBookableDay(caller.eligibility, today) : today}
            preferVenueId={task.kind === 'move' ? task.booking.venue.venueId : null}
            heading={
              task.kind === 'move'
                ? t('phoneDesk.grid.headingMove', { dose: doseNumber })
                : t('phoneDesk.grid.heading', { dose: doseNumber })
            }
            onChoose={(slot) => {
              setHoldFull(null);
              dispatch({ type: 'slot-chosen', slot, offerFollowUp });
            }}
          />
        );
      }
      case 'follow-up':
        return state.firstSlot ? (
          <FollowUpPicker
            couponId={caller.couponId}
            first={state.firstSlot}
            onChoose={onFollowUp}
            onPickFromGrid={() => dispatch({ type: 'follow-up-from-grid' })}
          />
        ) : null;
      case 'follow-up-slot':
        return state.firstSlot ? (
          <SlotPicker
            key={`${state.callNumber}-follow-up-${state.firstSlot.slotId}`}
            target={{
              purpose: 'follow_up',
              couponId: caller.couponId,
              previousSlotId: state.firstSlot.slotId,
            }}
            startFrom={state.firstSlot.date}
            preferVenueId={state.firstSlot.venueId}
            heading={t('phoneDesk.grid.headingFollowUp')}
            onChoose={onFollowUp}
          />
        ) : null;
      case 'confirm':
        return state.firstSlot ? (
          <BookingConfirm
            hub={hub}
            caller={caller}
            doseNumber={doseNumber}
            first={state.firstSlot}
            followUp={state.followUpSlot}
            ids={state.ids}
            holdIdFor={seatHolds.holdIdFor}
            role={info?.session.role ?? null}
            onBooked={(result) => saved({ kind: 'booked', result })}
            onChooseAgain={(dose) => dispatch({ type: 'choose-again', dose })}
            onChangeExisting={startChange}
          />
        ) : null;
      case 'confirm-move':
        return task.kind === 'move' && state.firstSlot ? (
          <MoveConfirm
            booking={task.booking}
            to={state.firstSlot}
            mutationId={state.ids.change}
            holdId={() => seatHolds.holdIdFor('first')}
            onMoved={(result) => saved({ kind: 'moved', result })}
            onChooseAgain={() => dispatch({ type: 'choose-again', dose: 'first' })}
          />
        ) : null;
      case 'cancel':
        return task.kind === 'cancel' ? (
          <CancelForm
            booking={task.booking}
            bookings={caller.bookings}
            mutationId={state.ids.change}
            onCancelled={(result) => saved({ kind: 'cancelled', result })}
          />
        ) : null;
      case 'done':
        return state.outcome ? (
          <CallResult outcome={state.outcome} current={caller.bookings} hub={hub} onNewCall={newCall} />
        ) : null;
      default:
        return null;
    }
  }
}

function ShortcutBar() {
  const { t } = useTranslation();
  const keys: Array<[string, string]> = [
    ['F2', t('phoneDesk.shortcuts.newCall')],
    ['F8', t('phoneDesk.shortcuts.extendHold')],
    ['F9', t('phoneDesk.shortcuts.confirm')],
    ['Esc', t('phoneDesk.shortcuts.back')],
    ['← ↑ ↓ →', t('phoneDesk.shortcuts.move')],
    ['Enter', t('phoneDesk.shortcuts.choose')],
    ['PageUp / PageDown', t('phoneDesk.shortcuts.weeks')],
    ['Alt+1〜4', t('phoneDesk.shortcuts.searchMode')],
    ['Alt+5', t('phoneDesk.shortcuts.callbacks')],
  ];
  return (
    <Group gap="md" aria-label={t('phoneDesk.shortcuts.title')} role="note">
      {keys.map(([key, label]) => (
        <Group key={key} gap={4} wrap="nowrap">
          <Kbd size="sm">{key}</Kbd>
          <Text size="sm">{label}</Text>
        </Group>
      ))}
    </Group>
  );
}
