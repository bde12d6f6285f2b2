import { describe, expect, it } from 'vitest';
import { createPhoneBookingInput } from '../../domain/api/contract.ts';
import { mutationSchema } from '../../domain/hub-api/sync-api.ts';
import { checkContactPhone } from '../../renderer/src/screens/phone-booking/field-checks.ts';

const couponId = 'coupon-1';
const slotId = 'slot-1';
const mutationId = '6f9c1f4e-8a57-4c1b-9d55-1f1d1b0c2a10';

/** What the desk's contract answers for a phone booking with these fields. */
function deskAccepts(fields: { contactPhone?: string; notes?: string; doseNumber?: number }): boolean {
  return createPhoneBookingInput.safeParse({
    couponId,
    first: { mutationId, slotId, doseNumber: fields.doseNumber ?? 1 },
    followUp: null,
    contactPhone: fields.contactPhone ?? '',
    notes: fields.notes ?? '',
  }).success;
}

/** What the hub answers for the `book` mutation the desk pushes for it (the contact as the desk stores it). */
function hubAccepts(fields: { contactPhone?: string; notes?: string; doseNumber?: number }): boolean {
  const contactPhone = fields.contactPhone?.normalize('NFKC').trim();
  return mutationSchema.safeParse({
    mutationId,
    kind: 'book',
    payload: {
      couponId,
      slotId,
      doseNumber: fields.doseNumber ?? 1,
      channel: 'phone',
      ...(contactPhone ? { contactPhone } : {}),
      ...(fields.notes ? { notes: fields.notes.trim() } : {}),
    },
  }).success;
}

function bothAnswer(fields: {
  contactPhone?: string;
  notes?: string;
  doseNumber?: number;
}): [boolean, boolean] {
  return [deskAccepts(fields), hubAccepts(fields)];
}

describe('one rule for a booking’s fields on the desk and the hub', () => {
  it('takes a contact number with a note beside it on both sides', () => {
    const contactPhone = '090-1234-5678（本人携帯・平日夜間のみ連絡可、留守電可）';
    expect(bothAnswer({ contactPhone })).toEqual([true, true]);
    expect(checkContactPhone(contactPhone).ok).toBe(true);
  });

  it('refuses a contact over 64 characters on both sides, and the screen says why', () => {
    const contactPhone = `090-1234-5678 ${'平日夜間のみ'.repeat(9)}`;
    expect(contactPhone.length).toBe(68);
    expect(bothAnswer({ contactPhone })).toEqual([false, false]);
    expect(bothAnswer({ contactPhone: contactPhone.slice(0, 64) })).toEqual([true, true]);
    expect(checkContactPhone(contactPhone)).toEqual({
      ok: false,
      problem: expect.objectContaining({ key: 'phoneDesk.input.phone.contact_too_long' }),
    });
  });

  it('refuses a contact that is no phone number on both sides', () => {
    expect(bothAnswer({ contactPhone: '本人携帯' })).toEqual([false, false]);
  });

  it('takes notes of 500 characters and refuses 501 on both sides', () => {
    expect(bothAnswer({ notes: 'あ'.repeat(500) })).toEqual([true, true]);
    expect(bothAnswer({ notes: 'あ'.repeat(501) })).toEqual([false, false]);
  });

  it('takes doses 1 to 10 on both sides', () => {
    expect(bothAnswer({ doseNumber: 1 })).toEqual([true, true]);
    expect(bothAnswer({ doseNumber: 10 })).toEqual([true, true]);
    expect(bothAnswer({ doseNumber: 0 })).toEqual([false, false]);
    expect(bothAnswer({ doseNumber: 11 })).toEqual([false, false]);
  });
});
