/**
 * One phone call at the desk, as a reducer: which step is on screen, who the caller is, what was
 * chosen, and the mutation ids of the form. The ids are made when the form opens (a new call, or the
 * next form after a save), so a retried or double-pressed confirm reuses them and saves once.
 */
import type {
  CallerBooking,
  CallerCandidate,
  CallerFile,
  CancelPhoneBookingResult,
  CreatePhoneBookingResult,
  MovePhoneBookingResult,
  PhoneSlotChoice,
} from '../../../../domain/api/contract.ts';

export const searchModes = ['ticket', 'reading', 'phone', 'booking_number'] as const;
export type SearchMode = (typeof searchModes)[number];

export type CallStep =
  | 'search'
  | 'choose-caller'
  | 'verify'
  | 'caller'
  | 'slot'
  | 'follow-up'
  | 'follow-up-slot'
  | 'confirm'
  | 'confirm-move'
  | 'cancel'
  | 'done';

/** What the operator is doing for the caller. */
export type CallTask =
  | { kind: 'book' }
  | { kind: 'move'; booking: CallerBooking }
  | { kind: 'cancel'; booking: CallerBooking };

export type CallOutcome =
  | { kind: 'booked'; result: Extract<CreatePhoneBookingResult, { kind: 'booked' }> }
  | { kind: 'moved'; result: Extract<MovePhoneBookingResult, { kind: 'moved' }> }
  | { kind: 'cancelled'; result: Extract<CancelPhoneBookingResult, { kind: 'cancelled' }> };

function bookingsSaved(outcome: CallOutcome): CallerBooking[] {
  return outcome.kind === 'moved' ? [outcome.result.booking] : outcome.result.bookings;
}

/** The bookings a save wrote, as the caller file has them now (their status moves on as the hub answers). */
export function savedBookingsNow(outcome: CallOutcome, current: readonly CallerBooking[]): CallerBooking[] {
  return bookingsSaved(outcome).map((b) => current.find((c) => c.bookingId === b.bookingId) ?? b);
}

/** The caller file with what the save wrote: a file read before the save must not show the old state. */
function withSaved(caller: CallerFile, outcome: CallOutcome): CallerFile {
  const saved = bookingsSaved(outcome);
  const ids = new Set(saved.map((b) => b.bookingId));
  return { ...caller, bookings: [...caller.bookings.filter((b) => !ids.has(b.bookingId)), ...saved] };
}

/** Saved here, not yet answered by a hub. */
export function awaitsHub(bookings: readonly CallerBooking[]): boolean {
  return bookings.some((b) => b.status === 'provisional' || b.status === 'held');
}

export interface MutationIds {
  first: string;
  followUp: string;
  change: string;
}

export interface CallState {
  /** Grows with every new call; screens key their local state on it. */
  callNumber: number;
  step: CallStep;
  searchMode: SearchMode;
  candidates: CallerCandidate[];
  candidate: CallerCandidate | null;
  /** Set once the birth date matched (or the call was opened from a callback task). */
  caller: CallerFile | null;
  /** Wrong birth dates in a row before the one that matched (domain/birth-date-checks.ts). */
  wrongBirthDatesBeforeMatch: number;
  task: CallTask;
  firstSlot: PhoneSlotChoice | null;
  /** The follow-up dose's slot; null = skipped or not offered. */
  followUpSlot: PhoneSlotChoice | null;
  /** Whether the follow-up step was shown (Esc from the confirmation goes back there). */
  followUpOffered: boolean;
  /** A callback task this call answers, recorded as rebooked when the booking saves. */
  callbackBookingId: string | null;
  outcome: CallOutcome | null;
  ids: MutationIds;
}

export type CallAction =
  | { type: 'new-call' }
  | { type: 'search-mode'; mode: SearchMode }
  | { type: 'candidates'; candidates: CallerCandidate[] }
  | { type: 'candidate'; candidate: CallerCandidate }
  | { type: 'verified'; caller: CallerFile; failedAttempts: number }
  /** From a callback task: `move` opens the move of that booking (its slot was closed). */
  | { type: 'callback'; caller: CallerFile; bookingId: string; move: boolean }
  | { type: 'caller-refreshed'; caller: CallerFile }
  | { type: 'start'; task: CallTask }
  | { type: 'slot-chosen'; slot: PhoneSlotChoice; offerFollowUp: boolean }
  | { type: 'follow-up-chosen'; slot: PhoneSlotChoice | null }
  | { type: 'follow-up-from-grid' }
  | { type: 'choose-again'; dose: 'first' | 'follow-up' }
  | { type: 'saved'; outcome: CallOutcome }
  | { type: 'back' };

export function newMutationIds(): MutationIds {
  return { first: crypto.randomUUID(), followUp: crypto.randomUUID(), change: crypto.randomUUID() };
}

export function initialCallState(callNumber = 1, searchMode: SearchMode = 'ticket'): CallState {
  return {
    callNumber,
    step: 'search',
    searchMode,
    candidates: [],
    candidate: null,
    caller: null,
    wrongBirthDatesBeforeMatch: 0,
    task: { kind: 'book' },
    firstSlot: null,
    followUpSlot: null,
    followUpOffered: false,
    callbackBookingId: null,
    outcome: null,
    ids: newMutationIds(),
  };
}

/** Where a verified caller lands: the grid when a dose can be booked, else the caller's bookings. */
function afterVerification(state: CallState, caller: CallerFile): CallState {
  return {
    ...state,
    caller,
    task: { kind: 'book' },
    step: caller.eligibility.nextDose !== null ? 'slot' : 'caller',
  };
}

export function callReducer(state: CallState, action: CallAction): CallState {
  switch (action.type) {
    case 'new-call':
      return initialCallState(state.callNumber + 1);
    case 'search-mode':
      return { ...initialCallState(state.callNumber, action.mode), ids: state.ids };
    case 'candidates':
      return action.candidates.length === 1
        ? { ...state, candidates: action.candidates, candidate: action.candidates[0]!, step: 'verify' }
        : { ...state, candidates: action.candidates, candidate: null, step: 'choose-caller' };
    case 'candidate':
      return { ...state, candidate: action.candidate, step: 'verify' };
    case 'verified':
      return {
        ...afterVerification(state, action.caller),
        wrongBirthDatesBeforeMatch: action.failedAttempts,
      };
    case 'callback': {
      const opened = { ...afterVerification(state, action.caller), callbackBookingId: action.bookingId };
      const booking = action.move && action.caller.bookings.find((b) => b.bookingId === action.bookingId);
      return booking ? { ...opened, task: { kind: 'move', booking }, step: 'slot' } : opened;
    }
    case 'caller-refreshed':
      // A refresh answered after the call moved on (F2, another caller) belongs to no one on screen.
      return state.caller?.couponId === action.caller.couponId ? { ...state, caller: action.caller } : state;
    case 'start':
      return {
        ...state,
        task: action.task,
        firstSlot: null,
        followUpSlot: null,
        step: action.task.kind === 'cancel' ? 'cancel' : 'slot',
      };
    case 'slot-chosen':
      if (state.task.kind === 'move') return { ...state, firstSlot: action.slot, step: 'confirm-move' };
      return {
        ...state,
        firstSlot: action.slot,
        followUpSlot: null,
        followUpOffered: action.offerFollowUp,
        step: action.offerFollowUp ? 'follow-up' : 'confirm',
      };
    case 'follow-up-chosen':
      return { ...state, followUpSlot: action.slot, step: 'confirm' };
    case 'follow-up-from-grid':
      return { ...state, step: 'follow-up-slot' };
    case 'choose-again':
      return action.dose === 'first'
        ? { ...state, firstSlot: null, followUpSlot: null, step: 'slot', ids: newMutationIds() }
        : { ...state, followUpSlot: null, step: 'follow-up', ids: newMutationIds() };
    case 'saved':
      return {
        ...state,
        caller: state.caller ? withSaved(state.caller, action.outcome) : null,
        outcome: action.outcome,
        step: 'done',
        ids: newMutationIds(),
      };
    case 'back':
      return { ...state, step: previousStep(state) };
  }
}

function previousStep(state: CallState): CallStep {
  switch (state.step) {
    case 'search':
      return 'search';
    case 'choose-caller':
      return 'search';
    case 'verify':
      return state.candidates.length > 1 ? 'choose-caller' : 'search';
    case 'caller':
    case 'slot':
    case 'cancel':
      return state.caller ? 'caller' : 'search';
    case 'follow-up':
      return 'slot';
    case 'follow-up-slot':
      return 'follow-up';
    case 'confirm':
      return state.followUpOffered ? 'follow-up' : 'slot';
    case 'confirm-move':
      return 'slot';
    case 'done':
      return 'caller';
  }
}
