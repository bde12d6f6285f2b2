/** A manager's change of a slot (domain/booking-rules/slot-change.ts): the rule the hub and the desktop share. */
import { describe, expect, it } from 'vitest';
import {
  capacityBelowBookedMessage,
  decideSlotChange,
  maxSeatsPerSlot,
  parseSeatCount,
  type SlotSettingsNow,
  seatsTakenOfMessage,
} from '../../domain/booking-rules/slot-change.ts';

const slot = (over: Partial<SlotSettingsNow> = {}): SlotSettingsNow => ({
  capacity: 10,
  callCenterReserve: 3,
  status: 'open',
  bookedOnline: 2,
  bookedPhone: 1,
  bookedWalkIn: 1,
  held: 1,
  ...over,
});

describe('decideSlotChange', () => {
  it('never takes the capacity below the seats booked by every channel plus held', () => {
    expect(decideSlotChange(slot(), { capacity: 4 })).toEqual({
      ok: false,
      reason: 'capacity_below_booked',
      seatsTaken: 5,
    });
    expect(decideSlotChange(slot(), { capacity: 5 })).toEqual({
      ok: true,
      next: { capacity: 5, callCenterReserve: 3, status: 'open' },
      changed: true,
    });
    // Holds count: without the hold the same cut goes through.
    expect(decideSlotChange(slot({ held: 0 }), { capacity: 4 })).toMatchObject({ ok: true });
  });

  it('refuses a cut below what is taken even on a closed slot, and even when the slot is already over', () => {
    expect(decideSlotChange(slot({ status: 'closed' }), { capacity: 0 })).toMatchObject({
      ok: false,
      reason: 'capacity_below_booked',
    });
    // An overbooked slot (capacity 3, 5 taken) may be raised, never cut further.
    const over = slot({ capacity: 3, callCenterReserve: 0 });
    expect(decideSlotChange(over, { capacity: 2 })).toMatchObject({ ok: false, seatsTaken: 5 });
    expect(decideSlotChange(over, { capacity: 6 })).toMatchObject({ ok: true, next: { capacity: 6 } });
  });

  it('keeps the reserve within the capacity: brought down with a capacity given alone, refused when given above it', () => {
    expect(decideSlotChange(slot({ callCenterReserve: 8, held: 0 }), { capacity: 6 })).toEqual({
      ok: true,
      next: { capacity: 6, callCenterReserve: 6, status: 'open' },
      changed: true,
    });
    expect(decideSlotChange(slot(), { callCenterReserve: 11 })).toEqual({
      ok: false,
      reason: 'reserve_above_capacity',
      capacity: 10,
    });
    expect(decideSlotChange(slot(), { capacity: 6, callCenterReserve: 7 })).toEqual({
      ok: false,
      reason: 'reserve_above_capacity',
      capacity: 6,
    });
    expect(decideSlotChange(slot(), { capacity: 6, callCenterReserve: 6 })).toMatchObject({ ok: true });
  });

  it('closes and reopens, and says when nothing changes', () => {
    expect(decideSlotChange(slot(), { status: 'closed' })).toEqual({
      ok: true,
      next: { capacity: 10, callCenterReserve: 3, status: 'closed' },
      changed: true,
    });
    expect(decideSlotChange(slot(), { capacity: 10, callCenterReserve: 3, status: 'open' })).toMatchObject({
      ok: true,
      changed: false,
    });
  });
});

describe('the hub’s CAPACITY_BELOW_BOOKED words', () => {
  it('carry the count, which the desktop reads back', () => {
    expect(seatsTakenOfMessage(capacityBelowBookedMessage(17))).toBe(17);
    expect(seatsTakenOfMessage('No such slot.')).toBeNull();
  });
});

describe('parseSeatCount', () => {
  it('takes whole numbers typed in ASCII or full-width, with spaces and grouping', () => {
    expect(parseSeatCount('12')).toEqual({ ok: true, value: 12 });
    expect(parseSeatCount('１２')).toEqual({ ok: true, value: 12 });
    expect(parseSeatCount(' ３０　')).toEqual({ ok: true, value: 30 });
    expect(parseSeatCount('1,000')).toEqual({ ok: true, value: 1000 });
    expect(parseSeatCount('0')).toEqual({ ok: true, value: 0 });
    expect(parseSeatCount(7)).toEqual({ ok: true, value: 7 });
  });

  it('refuses what is not a whole seat count, saying why', () => {
    expect(parseSeatCount('')).toEqual({ ok: false, error: 'empty' });
    expect(parseSeatCount('　')).toEqual({ ok: false, error: 'empty' });
    expect(parseSeatCount('2.5')).toEqual({ ok: false, error: 'not_integer' });
    expect(parseSeatCount('２．５')).toEqual({ ok: false, error: 'not_integer' });
    expect(parseSeatCount('十')).toEqual({ ok: false, error: 'not_integer' });
    expect(parseSeatCount('1e3')).toEqual({ ok: false, error: 'not_integer' });
    expect(parseSeatCount('-1')).toEqual({ ok: false, error: 'negative' });
    expect(parseSeatCount('－３')).toEqual({ ok: false, error: 'negative' });
    expect(parseSeatCount(String(maxSeatsPerSlot + 1))).toEqual({ ok: false, error: 'too_large' });
    expect(parseSeatCount(Number.NaN)).toEqual({ ok: false, error: 'not_integer' });
    expect(parseSeatCount(1.5)).toEqual({ ok: false, error: 'not_integer' });
  });
});
