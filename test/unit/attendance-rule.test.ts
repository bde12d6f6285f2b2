import { describe, expect, it } from 'vitest';
import {
  attendanceChangeAllowed,
  attendanceMarks,
  type BookingStatus,
  bookingStatuses,
} from '../../domain/booking-status.ts';
import { markStatuses, mutationSchema } from '../../domain/hub-api/sync-api.ts';

describe('the venue’s marks (one rule for the venue day and the hub)', () => {
  it('allows each mark from where it may be set, and its undoing back there; nothing else', () => {
    const allowed = (from: BookingStatus) =>
      bookingStatuses.filter((to) => to !== from && attendanceChangeAllowed(from, to));
    expect(allowed('vaccinated')).toEqual(['provisional', 'confirmed', 'checked_in']);
    expect(allowed('checked_in')).toEqual(['provisional', 'confirmed', 'vaccinated', 'no_show']);
    expect(allowed('no_show')).toEqual(['provisional', 'confirmed', 'checked_in']);
    expect(allowed('confirmed')).toEqual(['checked_in', 'vaccinated', 'no_show']);
    expect(allowed('cancelled')).toEqual([]);
    expect(allowed('rejected')).toEqual([]);
    expect(attendanceChangeAllowed('no_show', 'vaccinated')).toBe(false);
  });

  it('takes on the hub only the statuses the venue sets, and a lot only with vaccinated', () => {
    expect(markStatuses.every((s) => s === 'confirmed' || attendanceMarks.includes(s))).toBe(true);
    const mark = (payload: Record<string, unknown>) =>
      mutationSchema.safeParse({ mutationId: '0b7f6b52-5f0e-4c43-9a4e-2d5c8a7e1f00', kind: 'mark', payload })
        .success;
    const bookingId = '0b7f6b52-5f0e-4c43-9a4e-2d5c8a7e1f01';
    expect(mark({ bookingId, status: 'vaccinated', vaccineLot: 'AB-12' })).toBe(true);
    expect(mark({ bookingId, status: 'vaccinated' })).toBe(true);
    expect(mark({ bookingId, status: 'checked_in', vaccineLot: 'AB-12' })).toBe(false);
    expect(mark({ bookingId, status: 'cancelled' })).toBe(false);
    expect(mark({ bookingId, status: 'vaccinated', vaccineLot: 'AB 12' })).toBe(false);
  });
});
