/**
 * Handlers of the phone booking desk (domain/api/methods/phone-desk.ts). Reads are audited as views
 * of personal data (which records, never the search terms); writes go through db/queries' phone
 * booking transactions and then tell every window that bookings changed. Seat holds go to the hub
 * through the sync engine's session and answer within seconds whatever the hub does (no hub, no
 * answer: no hold, and the booking is counted locally as before).
 */

import { appendAudit } from '../../../db/queries/audit.ts';
import { openCallbackTasks, recordCallbackOutcome } from '../../../db/queries/callback-tasks.ts';
import { bookingById } from '../../../db/queries/caller-bookings.ts';
import { loadCallerFile } from '../../../db/queries/caller-file.ts';
import {
  type CandidateList,
  couponBirthDateMatches,
  couponByBookingNumber,
  couponForRules,
  couponsByPhone,
  couponsByReading,
  couponsByTicket,
} from '../../../db/queries/caller-lookup.ts';
import { couponDoseHistory } from '../../../db/queries/coupon-dose-history.ts';
import { getLocalStoreInfo } from '../../../db/queries/meta.ts';
import { cancelPhoneBooking } from '../../../db/queries/phone-booking-cancel.ts';
import type { PhoneWriteContext } from '../../../db/queries/phone-booking-context.ts';
import { createPhoneBookings } from '../../../db/queries/phone-booking-create.ts';
import { movePhoneBooking } from '../../../db/queries/phone-booking-move.ts';
import {
  phoneSeatsLeft,
  productSlotsBetween,
  slotAvailability,
  slotsBetween,
} from '../../../db/queries/phone-slot-availability.ts';
import { productsById, type VaccineProduct } from '../../../db/queries/vaccine-products.ts';
import { activeVenues } from '../../../db/queries/venue-directory.ts';
import type {
  FindCallerInput,
  FindCallerResult,
  FollowUpOffer,
  PhoneHoldResult,
  PhoneSlot,
  PhoneSlotGrid,
  SlotGridTarget,
} from '../../../domain/api/contract.ts';
import { ApiError } from '../../../domain/api/errors.ts';
import type { phoneDeskMethods } from '../../../domain/api/methods/phone-desk.ts';
import {
  birthDateCheckRule,
  birthDateWarningDue,
  createBirthDateChecks,
} from '../../../domain/birth-date-checks.ts';
import { normalizeBookingNumberInput } from '../../../domain/booking-number.ts';
import { dayOfAge, earliestBookableDay } from '../../../domain/booking-rules/caller-eligibility.ts';
import { nextBookedDoseDate, previousDoseDate } from '../../../domain/booking-rules/dose-history.ts';
import { doseWindow } from '../../../domain/booking-rules/eligibility.ts';
import { type FollowUpCandidate, proposeFollowUp } from '../../../domain/booking-rules/follow-up-proposal.ts';
import { slotMisfits } from '../../../domain/booking-rules/slot-fit.ts';
import { japanTimeAt, slotHasStarted } from '../../../domain/booking-rules/slot-start.ts';
import { addDays, type IsoDate, todayIn } from '../../../domain/calendar.ts';
import { readingKey } from '../../../domain/kana.ts';
import { phoneKey } from '../../../domain/phone.ts';
import { parseTicketInput } from '../../../domain/ticket-number.ts';
import { japanTimeZone } from '../../../domain/vocabulary/terms.ts';
import type { CallContext } from '../dispatch.ts';
import type { HoldAnswer } from '../sync/sync-engine.ts';
import type { ApiHandlerDeps, HandlersOf } from './handler-types.ts';

/** A search's answer before the desk adds its own count of wrong birth dates to each candidate. */
type LookupResult = Exclude<FindCallerResult, { kind: 'found' }> | ({ kind: 'found' } & CandidateList);

/** `clock` is the time the desk believes it is (tests fix it). */
export function createPhoneDeskHandlers(
  deps: ApiHandlerDeps,
  clock: () => Date = () => new Date(),
): HandlersOf<typeof phoneDeskMethods> {
  const { db } = deps;
  const today = () => todayIn(japanTimeZone, clock());
  const writeContext = (ctx: CallContext): PhoneWriteContext => {
    const now = clock();
    return {
      staffId: ctx.session.staffId,
      role: ctx.session.role,
      now,
      today: todayIn(japanTimeZone, now),
    };
  };
  const audit = (
    ctx: CallContext,
    action: string,
    entityIds: readonly string[],
    detail?: Record<string, unknown>,
  ) =>
    appendAudit(db, { staffId: ctx.session.staffId, action, entity: 'coupon', entityIds, detail }, clock());
  /** Wrong birth dates per coupon, kept by this process (a reload of the screen keeps them). */
  const birthDateChecks = createBirthDateChecks();
  const bookingsChanged = () => deps.events?.emit({ type: 'data-changed', scopes: ['bookings', 'slots'] });

  const callerFileOrThrow = (couponId: string) => {
    const file = loadCallerFile(db, couponId, today());
    if (!file) throw new ApiError('NOT_FOUND', 'no such coupon');
    return file;
  };

  return {
    findCaller: (input, ctx) => {
      const found = findCaller(input);
      const now = clock();
      const result: FindCallerResult =
        found.kind === 'found'
          ? {
              ...found,
              candidates: found.candidates.map((c) => ({
                ...c,
                failedBirthDates: birthDateChecks.failures(c.couponId, now),
              })),
            }
          : found;
      const ids = result.kind === 'found' ? result.candidates.map((c) => c.couponId) : [];
      audit(ctx, 'coupon.search', ids, { by: input.by, found: ids.length });
      return result;
    },

    verifyCaller: ({ couponId, birthDate }, ctx) => {
      const matches = couponBirthDateMatches(db, couponId, birthDate);
      if (matches === null) throw new ApiError('NOT_FOUND', 'no such coupon');
      const failedAttempts = birthDateChecks.record(couponId, matches, clock());
      audit(ctx, 'coupon.verify', [couponId], { match: matches });
      if (!matches && birthDateWarningDue(failedAttempts)) {
        // Ids and the count only: never the date said.
        audit(ctx, 'coupon.verify.repeated_mismatch', [couponId], {
          failures: failedAttempts,
          windowMinutes: birthDateCheckRule.windowMinutes,
        });
      }
      return matches
        ? { match: true, caller: callerFileOrThrow(couponId), failedAttempts }
        : { match: false, failedAttempts };
    },

    getCallerFile: ({ couponId }, ctx) => {
      const file = callerFileOrThrow(couponId);
      audit(ctx, 'coupon.view', [couponId]);
      return file;
    },

    getPhoneSlotGrid: ({ target, from, days }) => slotGrid(target, from, days),

    proposeFollowUp: ({ couponId, previousSlotId }) => followUpOffer(couponId, previousSlotId),

    holdPhoneSeat: async ({ holdId, slotId }) => {
      if (!deps.sync) return { kind: 'not_held', why: 'unconfigured' };
      const answer = await deps.sync.holdSeat(holdId, slotId);
      // The local counts did not know the slot was full: pull now so that the grid shows it.
      if (answer.kind === 'refused' && answer.code === 'SLOT_FULL') void deps.sync.syncNow(0);
      return holdResult(answer);
    },

    extendPhoneHold: async ({ holdId }) => {
      if (!deps.sync) return { kind: 'not_held', why: 'unconfigured' };
      return holdResult(await deps.sync.extendHold(holdId));
    },

    releasePhoneHold: async ({ holdId }) => ({
      released: deps.sync ? await deps.sync.releaseHold(holdId) : false,
    }),

    createPhoneBooking: (input, ctx) => {
      const result = createPhoneBookings(db, input, writeContext(ctx));
      if (result.kind === 'booked' && !result.replayed) bookingsChanged();
      return result;
    },

    movePhoneBooking: (input, ctx) => {
      const result = movePhoneBooking(db, input, writeContext(ctx));
      if (result.kind === 'moved' && !result.replayed) bookingsChanged();
      return result;
    },

    cancelPhoneBooking: (input, ctx) => {
      const result = cancelPhoneBooking(db, input, writeContext(ctx));
      if (result.kind === 'cancelled' && !result.replayed) bookingsChanged();
      return result;
    },

    listCallbackTasks: (_input, ctx) => {
      const tasks = openCallbackTasks(db);
      audit(
        ctx,
        'callback.list',
        tasks.map((t) => t.couponId),
      );
      return { tasks };
    },

    recordCallbackOutcome: (input, ctx) => {
      const recorded = recordCallbackOutcome(db, input, ctx.session.staffId, clock());
      if (recorded) bookingsChanged();
      return { recorded };
    },
  };

  function findCaller(input: FindCallerInput): LookupResult {
    let list: CandidateList;
    switch (input.by) {
      case 'ticket': {
        const parsed = parseTicketInput(input.ticket);
        if (!parsed.ok)
          throw new ApiError('VALIDATION', 'bad ticket number', [{ path: 'ticket', message: parsed.error }]);
        if (parsed.kind === 'ocr') {
          const local = getLocalStoreInfo(db).municipality?.code ?? null;
          if (local !== null && local !== parsed.municipalityCode) return { kind: 'other_municipality' };
        }
        list = couponsByTicket(
          db,
          parsed.ticketNumber,
          parsed.kind === 'ocr' ? parsed.municipalityCode : null,
        );
        break;
      }
      case 'reading':
        list = couponsByReading(db, readingKey(input.reading), input.birthDate);
        break;
      case 'phone':
        list = couponsByPhone(db, phoneKey(input.phone));
        break;
      case 'booking_number':
        list = couponByBookingNumber(db, normalizeBookingNumberInput(input.bookingNumber));
        break;
    }
    return list.candidates.length === 0 ? { kind: 'not_found' } : { kind: 'found', ...list };
  }

  /** Dose, window and product of the booking a grid is for. */
  function gridSubject(target: SlotGridTarget, products: Map<string, VaccineProduct>) {
    if (target.purpose === 'move') {
      const booking = bookingOrThrow(target.bookingId);
      const { history, seriesProductId } = couponDoseHistory(db, booking.couponId, booking.bookingId);
      return {
        couponId: booking.couponId,
        doseNumber: booking.doseNumber,
        seriesProductId,
        history,
        previousDate: previousDoseDate(history, booking.doseNumber),
        nextDate: nextBookedDoseDate(history, booking.doseNumber),
        currentSlotId: booking.slotId,
      };
    }
    const file = callerFileOrThrow(target.couponId);
    const { history, seriesProductId } = couponDoseHistory(db, target.couponId);
    const nextDose = file.eligibility.nextDose;
    if (nextDose === null) {
      throw new ApiError('VALIDATION', 'nothing to book for this coupon', [
        { path: 'target', message: file.eligibility.status },
      ]);
    }
    if (target.purpose === 'book') {
      return {
        couponId: target.couponId,
        doseNumber: nextDose,
        seriesProductId,
        history,
        previousDate: file.eligibility.previousDoseDate,
        nextDate: nextBookedDoseDate(history, nextDose),
        currentSlotId: null,
      };
    }
    const previousSlot = slotAvailability(db, target.previousSlotId);
    if (!previousSlot) throw new ApiError('NOT_FOUND', 'no such slot');
    if (!products.has(previousSlot.productId)) throw new ApiError('INTERNAL', 'slot without a known product');
    return {
      couponId: target.couponId,
      doseNumber: nextDose + 1,
      seriesProductId: previousSlot.productId,
      history,
      previousDate: previousSlot.date,
      nextDate: null,
      currentSlotId: null,
    };
  }

  function bookingOrThrow(bookingId: string) {
    const booking = bookingById(db, bookingId);
    if (!booking) throw new ApiError('NOT_FOUND', 'no such booking');
    return booking;
  }

  function slotGrid(target: SlotGridTarget, from: IsoDate, days: number): PhoneSlotGrid {
    const at = japanTimeAt(clock());
    const now = at.date;
    const products = productsById(db);
    const subject = gridSubject(target, products);
    const coupon = couponForRules(db, subject.couponId)!;
    const seriesProduct = subject.seriesProductId ? (products.get(subject.seriesProductId) ?? null) : null;
    const window =
      subject.previousDate && seriesProduct ? doseWindow(subject.previousDate, seriesProduct) : null;
    const minAge =
      seriesProduct?.minAgeYears ?? Math.min(...[...products.values()].map((p) => p.minAgeYears));
    const oldEnoughDay = dayOfAge(coupon.birthDate, minAge);
    const oldEnoughFrom = oldEnoughDay > now ? oldEnoughDay : null;
    const to = addDays(from, days - 1);

    const slots: PhoneSlot[] = slotsBetween(db, from, to).map((slot) => {
      const product = products.get(slot.productId);
      const remaining = phoneSeatsLeft(slot, now);
      const reasons = product
        ? slotMisfits({
            coupon: { status: coupon.status, birthDate: coupon.birthDate },
            doseNumber: subject.doseNumber,
            slot: { date: slot.date, productId: slot.productId },
            product,
            seriesProductId: subject.seriesProductId,
            doseAlreadyGiven: subject.history.given.some((d) => d.doseNumber === subject.doseNumber),
            previousDoseDate: subject.previousDate,
            nextDoseDate: subject.nextDate,
          })
        : (['PRODUCT_MISMATCH'] as const);
      const state: PhoneSlot['state'] =
        !slot.open || slotHasStarted(slot, at) || slot.slotId === subject.currentSlotId
          ? 'closed'
          : reasons.length > 0
            ? 'ineligible'
            : remaining === 0
              ? 'full'
              : 'bookable';
      return {
        slotId: slot.slotId,
        venueId: slot.venueId,
        productId: slot.productId,
        date: slot.date,
        startTime: slot.startTime,
        endTime: slot.endTime,
        capacity: slot.capacity,
        remaining,
        state,
        reasons: [...reasons],
      };
    });
    const earliest = earliestBookableDay({ window, oldEnoughFrom }, now);
    return {
      from,
      to,
      today: now,
      doseNumber: subject.doseNumber,
      window,
      earliest,
      productId: subject.seriesProductId,
      products: [...products.values()]
        .filter((p) => p.active)
        .map((p) => ({ productId: p.id, name: p.name })),
      venues: activeVenues(db),
      slots,
    };
  }

  function followUpOffer(couponId: string, previousSlotId: string): FollowUpOffer {
    const file = callerFileOrThrow(couponId);
    const coupon = couponForRules(db, couponId)!;
    const previousSlot = slotAvailability(db, previousSlotId);
    if (!previousSlot) throw new ApiError('NOT_FOUND', 'no such slot');
    const product = productsById(db).get(previousSlot.productId);
    if (!product) throw new ApiError('INTERNAL', 'slot without a known product');
    const doseNumber = file.eligibility.nextDose;
    if (doseNumber === null) return { kind: 'not_needed' };
    const at = japanTimeAt(clock());
    const now = at.date;
    const window = doseWindow(previousSlot.date, product);
    const windowSlots = productSlotsBetween(db, product.id, window.from, window.to);
    const candidates: FollowUpCandidate[] = windowSlots
      .filter((slot) => !slotHasStarted(slot, at))
      .map((slot) => ({
        slotId: slot.slotId,
        venueId: slot.venueId,
        date: slot.date,
        startTime: slot.startTime,
        remaining: phoneSeatsLeft(slot, now),
        open: slot.open,
      }));
    const proposal = proposeFollowUp({
      previous: {
        doseNumber,
        venueId: previousSlot.venueId,
        date: previousSlot.date,
        startTime: previousSlot.startTime,
      },
      product,
      coupon: { status: coupon.status, birthDate: coupon.birthDate },
      candidates,
    });
    if (proposal.kind === 'not_needed') return proposal;
    if (proposal.kind === 'no_slot_in_window') {
      return { kind: 'no_slot_in_window', doseNumber: doseNumber + 1, window: proposal.window };
    }
    const venueNames = new Map(activeVenues(db).map((v) => [v.venueId, v.name]));
    const endTimes = new Map(windowSlots.map((slot) => [slot.slotId, slot.endTime]));
    const choice = (c: FollowUpCandidate) => ({
      slotId: c.slotId,
      venueId: c.venueId,
      venueName: venueNames.get(c.venueId) ?? '',
      date: c.date,
      startTime: c.startTime,
      endTime: endTimes.get(c.slotId) ?? c.startTime,
      remaining: c.remaining,
    });
    return {
      kind: 'proposed',
      doseNumber: doseNumber + 1,
      window: proposal.window,
      best: choice(proposal.best),
      alternatives: proposal.alternatives.map(choice),
    };
  }
}

function holdResult(answer: HoldAnswer): PhoneHoldResult {
  switch (answer.kind) {
    case 'held':
      return {
        kind: 'held',
        holdId: answer.hold.id,
        slotId: answer.hold.slotId,
        expiresInMs: answer.expiresInMs,
        capInMs: answer.capInMs,
      };
    case 'unavailable':
      return { kind: 'not_held', why: answer.why };
    case 'refused':
      if (answer.code === 'SLOT_FULL') return { kind: 'full' };
      if (answer.code === 'HOLD_EXPIRED') return { kind: 'ended' };
      if (answer.code === 'FORBIDDEN') return { kind: 'not_held', why: 'forbidden' };
      return { kind: 'not_held', why: 'refused' };
  }
}
