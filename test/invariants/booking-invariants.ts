/**
 * What must hold after any storm, fault or random interleaving, whatever the timing: the checks the
 * storm bench (bench/storm.bench.ts), the fault tests and the property tests end with. Pure functions
 * over what was observed (hub-state.ts reads the hub, desk-state.ts a desk); each answers the
 * violations it found, by record id only (never a resident's data), an empty list when all holds.
 *
 * - no slot over capacity, and its seat counters equal to the bookings and holds that take its seats;
 * - no coupon with two bookings of one dose that block each other;
 * - every acknowledged booking (a 201, or a desk's `ok` push) exists exactly once on the hub and, once
 *   synced, on every desk, as the hub has it;
 * - every provisional phone booking ends confirmed (the hub has it) or as a callback task;
 * - no change-log number skipped by a reader that followed its cursor.
 */

import { duplicateBlockingStatuses } from '../../domain/booking-rules/dose-history.ts';
import { type BookingStatus, isSeatOccupying } from '../../domain/booking-status.ts';

export interface HubSlotState {
  id: string;
  capacity: number;
  bookedOnline: number;
  bookedPhone: number;
  bookedWalkIn: number;
  held: number;
}

export interface HubBookingState {
  id: string;
  couponId: string;
  slotId: string;
  doseNumber: number;
  channel: 'online' | 'phone' | 'walk_in';
  status: BookingStatus;
}

export interface HubState {
  slots: HubSlotState[];
  bookings: HubBookingState[];
  /** Hold rows not yet swept (expired or not: the counter follows the rows). */
  holds: Array<{ id: string; slotId: string }>;
  /** Seqs of the change-log rows a reader is served (not gaps), up to the horizon, ascending. */
  servedSeqs: number[];
}

/** A booking someone was told is made. */
export interface Acknowledged {
  bookingId: string;
  by: 'online 201' | 'desk push ok';
}

export interface DeskBookingState {
  localId: string;
  /** The hub's id, once the hub has the booking (null for one it never accepted). */
  hubId: string | null;
  channel: string;
  status: BookingStatus;
  slotId: string;
}

export interface DeskState {
  name: string;
  bookings: DeskBookingState[];
  /** Local ids of the bookings the desk lists (or listed, outcome recorded) as callback tasks. */
  callbackTaskIds: string[];
}

/** What one reader received by following the change log from `from` (exclusive) to `to` (its last cursor). */
export interface ChangeLogReading {
  reader: string;
  from: number;
  to: number;
  seqs: number[];
}

const countBy = <T>(items: readonly T[], key: (item: T) => string): Map<string, number> => {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
};

/** Counters within capacity, and equal to the seat-taking bookings per channel and the hold rows. */
export function capacityViolations(hub: HubState): string[] {
  const taking = countBy(
    hub.bookings.filter((b) => isSeatOccupying(b.status)),
    (b) => `${b.slotId} ${b.channel}`,
  );
  const holds = countBy(hub.holds, (h) => h.slotId);
  const slotIds = new Set(hub.slots.map((s) => s.id));
  const problems: string[] = [];
  for (const slot of hub.slots) {
    const counted = {
      online: taking.get(`${slot.id} online`) ?? 0,
      phone: taking.get(`${slot.id} phone`) ?? 0,
      walk_in: taking.get(`${slot.id} walk_in`) ?? 0,
      held: holds.get(slot.id) ?? 0,
    };
    const occupied = counted.online + counted.phone + counted.walk_in + counted.held;
    if (occupied > slot.capacity) {
      problems.push(`slot ${slot.id}: ${occupied} seats taken of ${slot.capacity}`);
    }
    const counters = {
      online: slot.bookedOnline,
      phone: slot.bookedPhone,
      walk_in: slot.bookedWalkIn,
      held: slot.held,
    };
    for (const [what, n] of Object.entries(counters)) {
      const actual = counted[what as keyof typeof counted];
      if (n !== actual) problems.push(`slot ${slot.id}: counter ${what} ${n}, rows ${actual}`);
    }
  }
  for (const booking of hub.bookings) {
    if (!slotIds.has(booking.slotId))
      problems.push(`booking ${booking.id}: in unknown slot ${booking.slotId}`);
  }
  return problems;
}

/** No coupon with two bookings of one dose that block a duplicate (domain/booking-rules/dose-history.ts). */
export function duplicateDoseViolations(hub: HubState): string[] {
  const blocking = hub.bookings.filter((b) => duplicateBlockingStatuses.includes(b.status));
  return [...countBy(blocking, (b) => `${b.couponId} dose ${b.doseNumber}`)]
    .filter(([, n]) => n > 1)
    .map(([key, n]) => `coupon ${key}: ${n} active bookings`);
}

/** Every acknowledged booking is on the hub exactly once (and acknowledged to one request only). */
export function acknowledgedOnHubViolations(hub: HubState, acknowledged: readonly Acknowledged[]): string[] {
  const onHub = countBy(hub.bookings, (b) => b.id);
  const told = countBy(acknowledged, (a) => a.bookingId);
  const problems: string[] = [];
  for (const ack of acknowledged) {
    const n = onHub.get(ack.bookingId) ?? 0;
    if (n !== 1) problems.push(`booking ${ack.bookingId} (${ack.by}): ${n} on the hub`);
  }
  for (const [id, n] of told) if (n > 1) problems.push(`booking ${id}: acknowledged ${n} times`);
  return problems;
}

/**
 * A synced desk mirrors the hub's bookings (those `inScope` for it): each exactly once with the hub's
 * status and slot, none the hub does not have; its own bookings the hub never accepted are rejected,
 * each a callback task, and none is left provisional.
 */
export function deskViolations(
  hub: HubState,
  desk: DeskState,
  inScope: (booking: HubBookingState) => boolean = () => true,
): string[] {
  const problems: string[] = [];
  const twins = new Map<string, DeskBookingState[]>();
  for (const local of desk.bookings) {
    if (local.hubId === null) continue;
    twins.set(local.hubId, [...(twins.get(local.hubId) ?? []), local]);
  }
  const hubIds = new Set<string>();
  for (const booking of hub.bookings.filter(inScope)) {
    hubIds.add(booking.id);
    const copies = twins.get(booking.id) ?? [];
    if (copies.length !== 1) {
      problems.push(`${desk.name}: hub booking ${booking.id} ${copies.length} times`);
      continue;
    }
    const copy = copies[0]!;
    if (copy.status !== booking.status || copy.slotId !== booking.slotId) {
      problems.push(
        `${desk.name}: booking ${booking.id} ${copy.status} in ${copy.slotId}, hub ${booking.status} in ${booking.slotId}`,
      );
    }
  }
  const tasks = new Set(desk.callbackTaskIds);
  for (const local of desk.bookings) {
    if (local.hubId !== null) {
      if (!hubIds.has(local.hubId)) problems.push(`${desk.name}: booking ${local.localId} not on the hub`);
    } else if (local.status === 'provisional' || local.status === 'held') {
      problems.push(`${desk.name}: booking ${local.localId} still ${local.status}`);
    } else if (local.status === 'rejected') {
      if (!tasks.has(local.localId))
        problems.push(`${desk.name}: rejected ${local.localId} without a callback task`);
    } else {
      problems.push(`${desk.name}: booking ${local.localId} ${local.status} without a hub twin`);
    }
  }
  return problems;
}

/** Every acknowledged booking reached every desk (exactly once: deskViolations). */
export function acknowledgedOnDesksViolations(
  desks: readonly DeskState[],
  acknowledged: readonly Acknowledged[],
): string[] {
  const problems: string[] = [];
  for (const desk of desks) {
    const mirrored = new Set(desk.bookings.map((b) => b.hubId));
    const missing = acknowledged.filter((a) => !mirrored.has(a.bookingId));
    if (missing.length > 0) {
      problems.push(
        `${desk.name}: ${missing.length} acknowledged bookings missing, e.g. ${missing[0]!.bookingId}`,
      );
    }
  }
  return problems;
}

/** Each reader got every served seq in its range once, in order. */
export function changeLogViolations(hub: HubState, readings: readonly ChangeLogReading[]): string[] {
  const problems: string[] = [];
  for (const reading of readings) {
    for (let i = 1; i < reading.seqs.length; i += 1) {
      if (reading.seqs[i]! <= reading.seqs[i - 1]!) {
        problems.push(`${reading.reader}: seq ${reading.seqs[i]} after ${reading.seqs[i - 1]}`);
        break;
      }
    }
    const got = new Set(reading.seqs);
    const skipped = hub.servedSeqs.filter((s) => s > reading.from && s <= reading.to && !got.has(s));
    if (skipped.length > 0) {
      problems.push(`${reading.reader}: skipped ${skipped.length} seqs, first ${skipped[0]}`);
    }
  }
  return problems;
}

export interface World {
  hub: HubState;
  acknowledged: readonly Acknowledged[];
  desks: readonly DeskState[];
  readings: readonly ChangeLogReading[];
}

/** Every invariant, by name: the violations of each (all empty when the world is sound). */
export function checkInvariants(world: World): Record<string, string[]> {
  return {
    'no slot over capacity': capacityViolations(world.hub),
    'one active booking per coupon and dose': duplicateDoseViolations(world.hub),
    'acknowledged bookings on the hub once': acknowledgedOnHubViolations(world.hub, world.acknowledged),
    'acknowledged bookings on every desk': acknowledgedOnDesksViolations(world.desks, world.acknowledged),
    'desks mirror the hub, provisional bookings resolved': world.desks.flatMap((d) =>
      deskViolations(world.hub, d),
    ),
    'no change-log number skipped': changeLogViolations(world.hub, world.readings),
  };
}

/** The violations of checkInvariants as lines, `invariant: problem` (at most `limit` per invariant). */
export function violationLines(checked: Record<string, string[]>, limit = 5): string[] {
  return Object.entries(checked).flatMap(([name, problems]) => [
    ...problems.slice(0, limit).map((p) => `${name}: ${p}`),
    ...(problems.length > limit ? [`${name}: … and ${problems.length - limit} more`] : []),
  ]);
}
