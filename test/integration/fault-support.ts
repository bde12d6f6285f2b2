/**
 * Shared by the fault tests (faults-*.test.ts): phone calls taken on real desks, waiting until the
 * desks and a change-log reader have caught up with the hub, and the end of every fault test — the
 * booking invariants (test/invariants) on the hub, each desk and each reader.
 */
import { expect } from 'vitest';
import type { CreatePhoneBookingResult } from '../../domain/api/methods/phone-desk.ts';
import { addDays, todayIn } from '../../domain/calendar.ts';
import { changeLogHead } from '../../server/store/change-log.ts';
import type { HubSql } from '../../server/store/hub-sql.ts';
import {
  type Acknowledged,
  type ChangeLogReading,
  checkInvariants,
  violationLines,
} from '../invariants/booking-invariants.ts';
import { readDeskState } from '../invariants/desk-state.ts';
import { readHubState } from '../invariants/hub-state.ts';
import { createFixture, type FixtureCoupon } from './hub-support.ts';
import { type TestDesk, waitFor } from './sync-support.ts';

export interface BurstFixture {
  venueId: string;
  /** Four slots of 8 seats (2 kept for the phone), ten to thirteen days after today in Japan. */
  slots: string[];
  online: FixtureCoupon[];
  byPhone: FixtureCoupon[];
}

/**
 * What a burst against a hub process runs on: a hub process keeps the real clock, so its slots lie
 * ten days ahead (listed, and their phone reserve kept); coupons for residents online and callers.
 */
export async function burstFixture(
  sql: HubSql,
  residents: { online: number; byPhone: number },
): Promise<BurstFixture> {
  const fx = await createFixture(sql);
  const today = todayIn('Asia/Tokyo', new Date());
  const slots: string[] = [];
  for (let i = 0; i < 4; i += 1) {
    slots.push(await fx.slot({ date: addDays(today, 10 + i), capacity: 8, callCenterReserve: 2 }));
  }
  return {
    venueId: fx.venueId,
    slots,
    online: await fx.coupons(residents.online),
    byPhone: await fx.coupons(residents.byPhone),
  };
}

/** A caller booked on a desk (dose 1): the local booking's id, or null when the desk's copy refused it. */
export async function takeCall(
  desk: TestDesk,
  couponId: string,
  slotId: string,
  holdId?: string,
): Promise<string | null> {
  const mutationId = crypto.randomUUID();
  const answer = await desk.service.call('createPhoneBooking', {
    couponId,
    first: { mutationId, slotId, doseNumber: 1, ...(holdId ? { holdId } : {}) },
    followUp: null,
    contactPhone: '',
    notes: '',
  });
  if (!answer.ok) throw new Error(`createPhoneBooking failed: ${JSON.stringify(answer.error)}`);
  const value = answer.value as CreatePhoneBookingResult;
  return value.kind === 'booked' ? value.bookings[0]!.bookingId : null;
}

const deskCursor = (desk: TestDesk) =>
  desk.service.db.prepare('SELECT cursor FROM sync_state').pluck().get() as number;

/** Every desk has pushed everything and pulled up to the hub's horizon. */
export async function desksCaughtUp(
  sql: HubSql,
  desks: readonly TestDesk[],
  timeoutMs = 45_000,
): Promise<void> {
  await waitFor(
    'the desks to push everything and catch up with the hub',
    async () => {
      const { lastSeq } = await changeLogHead(sql);
      return desks.every((desk) => {
        const status = desk.service.sync.status();
        return status.outbox.pending === 0 && status.ready && deskCursor(desk) >= lastSeq;
      });
    },
    timeoutMs,
  );
}

/** The bookings a desk showed confirmed, of those it took (its 確定). */
export function confirmedOn(desk: TestDesk, bookingIds: readonly (string | null)[]): Acknowledged[] {
  const ids = bookingIds.filter((id): id is string => id !== null);
  if (ids.length === 0) return [];
  return (
    desk.service.db
      .prepare(
        `SELECT hub_id FROM bookings WHERE id IN (${ids.map(() => '?').join(', ')}) AND status = 'confirmed'`,
      )
      .pluck()
      .all(...ids) as string[]
  ).map((bookingId) => ({ bookingId, by: 'desk push ok' as const }));
}

/** Every invariant holds on the hub, on these desks and for these change-log readings. */
export async function expectInvariants(world: {
  sql: HubSql;
  acknowledged: readonly Acknowledged[];
  desks: ReadonlyArray<{ name: string; desk: TestDesk }>;
  readings: readonly ChangeLogReading[];
}): Promise<void> {
  const checked = checkInvariants({
    hub: await readHubState(world.sql),
    acknowledged: world.acknowledged,
    desks: world.desks.map(({ name, desk }) => readDeskState(name, desk.service.db)),
    readings: world.readings,
  });
  expect(violationLines(checked, 10)).toEqual([]);
}
