/** The invariants the storm and the fault tests end with find what they are meant to find, and nothing else. */
import { describe, expect, it } from 'vitest';
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
