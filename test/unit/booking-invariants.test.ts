/**
 * The invariants the storm and the fault tests end with find what they are meant to find, and nothing
 * else; and (fast-check) every interleaving of bookings, cancellations and holds that the booking rules
 * of domain/ admit leaves a hub they find sound, while one booking past a full slot or a booked dose is
 * always found.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type SlotOccupancy, seatsRemaining } from '../../domain/booking-rules/capacity.ts';
import { duplicateBlockingStatuses } from '../../domain/booking-rules/dose-history.ts';
import { addDays } from '../../domain/calendar.ts';
import {
  acknowledgedOnDesksViolations,
  acknowledgedOnHubViolations,
  capacityViolations,
  changeLogViolations,
  checkInvariants,
  type DeskState,
  deskViolations,
  duplicateDoseViolations,
  type HubState,
} from '../invariants/booking-invariants.ts';

const booking = (
  id: string,
  over: Partial<HubState['bookings'][number]> = {},
): HubState['bookings'][number] => ({
  id,
  couponId: `coupon-${id}`,
  slotId: 's1',
  doseNumber: 1,
  channel: 'online',
  status: 'confirmed',
  ...over,
});

function soundHub(): HubState {
  return {
    slots: [{ id: 's1', capacity: 3, bookedOnline: 1, bookedPhone: 1, bookedWalkIn: 0, held: 1 }],
    bookings: [
      booking('b1'),
      booking('b2', { channel: 'phone' }),
      booking('b3', { status: 'cancelled', couponId: 'coupon-b1' }),
    ],
    holds: [{ id: 'h1', slotId: 's1' }],
    servedSeqs: [1, 2, 4, 5],
  };
}

function syncedDesk(hub: HubState): DeskState {
  return {
    name: 'desk A',
    bookings: [
      ...hub.bookings.map((b) => ({
        localId: b.id,
        hubId: b.id,
        channel: b.channel,
        status: b.status,
        slotId: b.slotId,
      })),
      { localId: 'p1', hubId: null, channel: 'phone', status: 'rejected', slotId: 's1' },
    ],
    callbackTaskIds: ['p1'],
  };
}

describe('booking invariants', () => {
  it('find nothing in a sound world', () => {
    const hub = soundHub();
    const checked = checkInvariants({
      hub,
      acknowledged: [
        { bookingId: 'b1', by: 'online 201' },
        { bookingId: 'b2', by: 'desk push ok' },
      ],
      desks: [syncedDesk(hub)],
      readings: [{ reader: 'desk A', from: 1, to: 5, seqs: [2, 4, 5] }],
    });
    expect(Object.values(checked).flat()).toEqual([]);
    expect(Object.keys(checked)).toHaveLength(6);
  });

  it('a slot over capacity, and counters that disagree with the rows', () => {
    const hub = soundHub();
    hub.bookings.push(booking('b4'), booking('b5'));
    hub.slots[0]!.bookedOnline = 3;
    expect(capacityViolations(hub)).toEqual(['slot s1: 5 seats taken of 3']);
    hub.slots[0]!.bookedOnline = 2;
    expect(capacityViolations(hub)).toEqual([
      'slot s1: 5 seats taken of 3',
      'slot s1: counter online 2, rows 3',
    ]);
  });

  it('a no-show keeps its seat, a cancelled booking does not', () => {
    const hub = soundHub();
    hub.bookings[0]!.status = 'no_show';
    expect(capacityViolations(hub)).toEqual([]);
    hub.bookings[0]!.status = 'cancelled';
    expect(capacityViolations(hub)).toEqual(['slot s1: counter online 1, rows 0']);
  });

  it('two active bookings of one coupon and dose', () => {
    const hub = soundHub();
    expect(duplicateDoseViolations(hub)).toEqual([]);
    hub.bookings.push(booking('b6', { couponId: 'coupon-b1', status: 'checked_in' }));
    expect(duplicateDoseViolations(hub)).toEqual(['coupon coupon-b1 dose 1: 2 active bookings']);
    hub.bookings.at(-1)!.doseNumber = 2;
    expect(duplicateDoseViolations(hub)).toEqual([]);
  });

  it('an acknowledged booking missing on the hub, or acknowledged twice', () => {
    const hub = soundHub();
    expect(
      acknowledgedOnHubViolations(hub, [
        { bookingId: 'gone', by: 'online 201' },
        { bookingId: 'b1', by: 'online 201' },
        { bookingId: 'b1', by: 'desk push ok' },
      ]),
    ).toEqual(['booking gone (online 201): 0 on the hub', 'booking b1: acknowledged 2 times']);
  });

  it('a desk that lacks a booking, has it twice, in another state, or keeps one the hub lacks', () => {
    const hub = soundHub();
    const desk = syncedDesk(hub);
    desk.bookings = desk.bookings.filter((b) => b.hubId !== 'b1');
    desk.bookings.push({ localId: 'x1', hubId: 'b2', channel: 'phone', status: 'confirmed', slotId: 's1' });
    desk.bookings.find((b) => b.hubId === 'b3')!.status = 'confirmed';
    desk.bookings.push({
      localId: 'x2',
      hubId: 'nowhere',
      channel: 'phone',
      status: 'confirmed',
      slotId: 's1',
    });
    expect(deskViolations(hub, desk)).toEqual([
      'desk A: hub booking b1 0 times',
      'desk A: hub booking b2 2 times',
      'desk A: booking b3 confirmed in s1, hub cancelled in s1',
      'desk A: booking x2 not on the hub',
    ]);
    expect(acknowledgedOnDesksViolations([desk], [{ bookingId: 'b1', by: 'online 201' }])).toEqual([
      'desk A: 1 acknowledged bookings missing, e.g. b1',
    ]);
  });

  it('a provisional booking left, and a rejection without a callback task', () => {
    const hub = soundHub();
    const desk = syncedDesk(hub);
    desk.callbackTaskIds = [];
    desk.bookings.push({ localId: 'p2', hubId: null, channel: 'phone', status: 'provisional', slotId: 's1' });
    expect(deskViolations(hub, desk)).toEqual([
      'desk A: rejected p1 without a callback task',
      'desk A: booking p2 still provisional',
    ]);
  });

  it('a reader that skipped a served seq, or got one twice', () => {
    const hub = soundHub();
    expect(
      changeLogViolations(hub, [
        { reader: 'r1', from: 0, to: 5, seqs: [1, 2, 5] },
        { reader: 'r2', from: 0, to: 5, seqs: [1, 2, 2, 4, 5] },
        // A reader that stopped at 2 is not blamed for what came after.
        { reader: 'r3', from: 0, to: 2, seqs: [1, 2] },
      ]),
    ).toEqual(['r1: skipped 1 seqs, first 4', 'r2: seq 2 after 2']);
  });
});

/** A hub as the booking rules (domain/) would leave it after any interleaving of these steps. */
type Step =
  | { kind: 'book'; channel: 'online' | 'phone' | 'walk_in'; slot: number; coupon: number; dose: number }
  | { kind: 'cancel'; booking: number }
  | { kind: 'hold'; slot: number }
  | { kind: 'release'; hold: number };

const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('book' as const),
    channel: fc.constantFrom('online' as const, 'phone' as const, 'walk_in' as const),
    slot: fc.nat(2),
    coupon: fc.nat(5),
    dose: fc.integer({ min: 1, max: 2 }),
  }),
  fc.record({ kind: fc.constant('cancel' as const), booking: fc.nat(40) }),
  fc.record({ kind: fc.constant('hold' as const), slot: fc.nat(2) }),
  fc.record({ kind: fc.constant('release' as const), hold: fc.nat(10) }),
);

const slotDate = '2030-06-20';

function hubAfter(
  seats: ReadonlyArray<{ capacity: number; reserve: number }>,
  reserveReleased: boolean,
  steps: readonly Step[],
): HubState {
  const at = addDays(slotDate, reserveReleased ? -1 : -10);
  const occupancy: Array<SlotOccupancy & { id: string }> = seats.map((s, i) => ({
    id: `s${i}`,
    date: slotDate,
    capacity: s.capacity,
    callCenterReserve: Math.min(s.reserve, s.capacity),
    reserveReleaseDays: 3,
    bookedOnline: 0,
    bookedPhone: 0,
    bookedWalkIn: 0,
    held: 0,
  }));
  const counter = { online: 'bookedOnline', phone: 'bookedPhone', walk_in: 'bookedWalkIn' } as const;
  const bookings: HubState['bookings'] = [];
  const holds: HubState['holds'] = [];
  for (const step of steps) {
    if (step.kind === 'book') {
      const slot = occupancy[step.slot % occupancy.length]!;
      const couponId = `c${step.coupon}`;
      const booked = bookings.some(
        (b) =>
          b.couponId === couponId &&
          b.doseNumber === step.dose &&
          duplicateBlockingStatuses.includes(b.status),
      );
      if (booked || seatsRemaining(slot, step.channel, at) === 0) continue;
      slot[counter[step.channel]] += 1;
      bookings.push({
        id: `b${bookings.length}`,
        couponId,
        slotId: slot.id,
        doseNumber: step.dose,
        channel: step.channel,
        status: 'confirmed',
      });
    } else if (step.kind === 'cancel') {
      const booking = bookings[step.booking % Math.max(1, bookings.length)];
      if (!booking || booking.status === 'cancelled') continue;
      booking.status = 'cancelled';
      occupancy.find((s) => s.id === booking.slotId)![counter[booking.channel]] -= 1;
    } else if (step.kind === 'hold') {
      const slot = occupancy[step.slot % occupancy.length]!;
      if (seatsRemaining(slot, 'phone', at) === 0) continue;
      slot.held += 1;
      holds.push({ id: `h${holds.length}`, slotId: slot.id });
    } else {
      const [hold] = holds.splice(step.hold % Math.max(1, holds.length), 1);
      if (hold) occupancy.find((s) => s.id === hold.slotId)!.held -= 1;
    }
  }
  return {
    slots: occupancy.map(({ id, capacity, bookedOnline, bookedPhone, bookedWalkIn, held }) => ({
      id,
      capacity,
      bookedOnline,
      bookedPhone,
      bookedWalkIn,
      held,
    })),
    bookings,
    holds,
    servedSeqs: [],
  };
}

describe('booking invariants against the booking rules (property)', () => {
  const hubArbitrary = fc
    .tuple(
      fc.array(fc.record({ capacity: fc.nat(6), reserve: fc.nat(3) }), { minLength: 1, maxLength: 3 }),
      fc.boolean(),
      fc.array(stepArbitrary, { maxLength: 60 }),
    )
    .map(([seats, released, steps]) => hubAfter(seats, released, steps));

  it('any interleaving the rules admit leaves a sound hub', () => {
    fc.assert(
      fc.property(hubArbitrary, (hub) => {
        const checked = checkInvariants({
          hub,
          acknowledged: hub.bookings.map((b) => ({ bookingId: b.id, by: 'online 201' as const })),
          desks: [],
          readings: [],
        });
        expect(Object.values(checked).flat()).toEqual([]);
      }),
      { seed: 13 },
    );
  });

  it('one booking more in a full slot, or a second one of a booked dose, is always found', () => {
    fc.assert(
      fc.property(hubArbitrary, (hub) => {
        const full = hub.slots.find(
          (s) => s.bookedOnline + s.bookedPhone + s.bookedWalkIn + s.held === s.capacity,
        );
        const active = hub.bookings.find((b) => b.status === 'confirmed');
        fc.pre(full !== undefined || active !== undefined);
        if (full) {
          hub.bookings.push(booking('extra', { slotId: full.id, couponId: 'c-extra' }));
          full.bookedOnline += 1;
          expect(capacityViolations(hub)).toContain(
            `slot ${full.id}: ${full.capacity + 1} seats taken of ${full.capacity}`,
          );
        } else {
          hub.bookings.push({ ...active!, id: 'twin', status: 'provisional' });
          expect(duplicateDoseViolations(hub)).toHaveLength(1);
        }
      }),
      { seed: 13 },
    );
  });
});
