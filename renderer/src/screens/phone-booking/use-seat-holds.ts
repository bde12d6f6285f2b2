/**
 * Seat holds on the hub while the operator talks (docs/architecture.md, "Holds"): the screen says which
 * slots it wants held (the chosen dose and its follow-up), and this keeps the hub in step. A newly
 * wanted slot gets a hold with a fresh id; a slot no longer wanted (Esc, another slot, F2) is released;
 * holds a saved booking carries are left to the hub, which hands their seats to the booking.
 *
 * Nothing waits for the hub: a hold is asked for in the background and the desk answers within
 * seconds (no hub, no answer: the seat is counted locally and the booking is provisional). The
 * countdown runs on this machine's clock from the durations the desk process reports.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { PhoneHoldResult } from '../../../../domain/api/contract.ts';
import { deskApi } from '../../api/desk-api.ts';
import { canExtend } from './hold-countdown.ts';
import type { HubReachability } from './use-hub-reachability.ts';

export type HoldPosition = 'first' | 'followUp';
export const holdPositions: readonly HoldPosition[] = ['first', 'followUp'];

export type SeatHold =
  | { status: 'requesting'; slotId: string; holdId: string }
  | {
      status: 'held';
      slotId: string;
      holdId: string;
      /** Date.now() value when the hold ends, and the latest it can be extended to. */
      deadline: number;
      capDeadline: number;
      extendFailed: boolean;
    }
  /** The hub says the hold has ended (the countdown also shows it once the deadline passes). */
  | { status: 'ended'; slotId: string; holdId: string }
  /** No hold: the seat is counted locally and the booking is provisional. */
  | { status: 'local'; slotId: string; why: 'unconfigured' | 'offline' | 'forbidden' | 'refused' };

export type SeatHolds = Record<HoldPosition, SeatHold | null>;

export interface SeatHoldsControl {
  holds: SeatHolds;
  /** F8: extends running holds, and holds again a slot whose hold ran out (or the hub is back). */
  extend: () => void;
  /** The hold id a booking of this position should carry (a hold still running or being made). */
  holdIdFor: (position: HoldPosition) => string | undefined;
  /** The booking saved: its holds are the hub's to hand over, never to be released from here. */
  takeOver: () => void;
}

interface Options {
  wanted: Record<HoldPosition, string | null>;
  hub: HubReachability;
  /** The hub has no seat left in the slot (its counts know more than the local ones). */
  onFull: (position: HoldPosition) => void;
}

const none: SeatHolds = { first: null, followUp: null };

function holdIdOf(hold: SeatHold | null): string | null {
  return hold !== null && 'holdId' in hold ? hold.holdId : null;
}

/** The hub said no (not: could not be asked): asking again changes nothing. */
function refusedByHub(hold: Extract<SeatHold, { status: 'local' }>): boolean {
  return hold.why === 'refused' || hold.why === 'forbidden';
}

function release(holdId: string): void {
  void deskApi.releasePhoneHold({ holdId }).catch(() => {
    // The hold then simply expires on the hub.
  });
}

export function useSeatHolds({ wanted, hub, onFull }: Options): SeatHoldsControl {
  const [holds, setHolds] = useState<SeatHolds>(none);
  const current = useRef<SeatHolds>(none);
  /** Holds handed to a saved booking: an answer arriving late for one of them is not released. */
  const takenOver = useRef(new Set<string>());
  const latestOnFull = useRef(onFull);
  latestOnFull.current = onFull;

  const put = useCallback((position: HoldPosition, hold: SeatHold | null) => {
    current.current = { ...current.current, [position]: hold };
    setHolds(current.current);
  }, []);

  const apply = useCallback(
    (position: HoldPosition, slotId: string, holdId: string, result: PhoneHoldResult) => {
      if (holdIdOf(current.current[position]) !== holdId) {
        // The operator moved on meanwhile: give back a seat nobody wants any more.
        if (result.kind === 'held' && !takenOver.current.has(holdId)) release(holdId);
        return;
      }
      const now = Date.now();
      switch (result.kind) {
        case 'held':
          put(position, {
            status: 'held',
            slotId,
            holdId,
            deadline: now + result.expiresInMs,
            capDeadline: now + result.capInMs,
            extendFailed: false,
          });
          return;
        case 'full':
          put(position, null);
          latestOnFull.current(position);
          return;
        case 'ended':
          put(position, { status: 'ended', slotId, holdId });
          return;
        case 'not_held':
          put(position, { status: 'local', slotId, why: result.why });
          return;
      }
    },
    [put],
  );

  const request = useCallback(
    (position: HoldPosition, slotId: string, hubNow: HubReachability) => {
      if (hubNow !== 'online') {
        put(position, {
          status: 'local',
          slotId,
          why: hubNow === 'unconfigured' ? 'unconfigured' : 'offline',
        });
        return;
      }
      const holdId = crypto.randomUUID();
      put(position, { status: 'requesting', slotId, holdId });
      deskApi.holdPhoneSeat({ holdId, slotId }).then(
        (result) => apply(position, slotId, holdId, result),
        () => apply(position, slotId, holdId, { kind: 'not_held', why: 'offline' }),
      );
    },
    [apply, put],
  );

  // Keep the hub in step with the slots wanted.
  const wantedFirst = wanted.first;
  const wantedFollowUp = wanted.followUp;
  useEffect(() => {
    for (const position of holdPositions) {
      const slotId = position === 'first' ? wantedFirst : wantedFollowUp;
      const hold = current.current[position];
      if (hold && hold.slotId !== slotId) {
        if (hold.status === 'requesting' || hold.status === 'held') release(hold.holdId);
        put(position, null);
      }
      const now = current.current[position];
      if (slotId === null) continue;
      // A slot newly wanted, or counted locally while the hub was away and the hub is back.
      if (now === null || (now.status === 'local' && !refusedByHub(now) && hub === 'online')) {
        request(position, slotId, hub);
      }
    }
  }, [wantedFirst, wantedFollowUp, hub, put, request]);

  // Leaving the screen gives every held seat back.
  useEffect(
    () => () => {
      for (const position of holdPositions) {
        const hold = current.current[position];
        if (hold && (hold.status === 'requesting' || hold.status === 'held')) release(hold.holdId);
      }
      current.current = none;
    },
    [],
  );

  const extend = useCallback(() => {
    const now = Date.now();
    for (const position of holdPositions) {
      const hold = current.current[position];
      if (!hold) continue;
      const ranOut = hold.status === 'ended' || (hold.status === 'held' && hold.deadline <= now);
      if (ranOut || (hold.status === 'local' && !refusedByHub(hold))) {
        request(position, hold.slotId, hub);
        continue;
      }
      if (hold.status !== 'held' || !canExtend(hold.deadline, hold.capDeadline)) continue;
      const { holdId, slotId } = hold;
      deskApi.extendPhoneHold({ holdId }).then(
        (result) => {
          const still = current.current[position];
          if (still?.status !== 'held' || still.holdId !== holdId) return;
          if (result.kind === 'not_held') put(position, { ...still, extendFailed: true });
          else apply(position, slotId, holdId, result);
        },
        () => {
          const still = current.current[position];
          if (still?.status === 'held' && still.holdId === holdId)
            put(position, { ...still, extendFailed: true });
        },
      );
    }
  }, [apply, hub, put, request]);

  const holdIdFor = useCallback((position: HoldPosition) => {
    const hold = current.current[position];
    if (hold?.status === 'requesting') return hold.holdId;
    if (hold?.status === 'held' && hold.deadline > Date.now()) return hold.holdId;
    return undefined;
  }, []);

  const takeOver = useCallback(() => {
    for (const position of holdPositions) {
      const hold = current.current[position];
      const holdId = holdIdOf(hold);
      if (holdId !== null) takenOver.current.add(holdId);
    }
    current.current = none;
    setHolds(none);
  }, []);

  return { holds, extend, holdIdFor, takeOver };
}
