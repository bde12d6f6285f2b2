/**
 * The limits of what a booking carries besides its slot (the contact number, the notes, the dose), one
 * rule for the desk's phone booking, the screen's field checks and the hub's `book` mutation: a
 * contact the desk takes is never refused by the hub at push time, after the caller heard a number.
 * Lengths count the text as stored: trimmed, and a contact number in NFKC ('（' becomes '(').
 */
import { z } from 'zod';
import { isPlausibleJapanesePhone } from '../phone.ts';

/** Room for a number and a short note beside it: '090-1234-5678（本人携帯・平日夜間のみ連絡可、留守電可）'. */
export const maxContactPhoneLength = 64;
export const maxNotesLength = 500;
export const minDoseNumber = 1;
export const maxDoseNumber = 10;

/** As the desk stores a contact number. */
export const storedContactPhone = (raw: string): string => raw.normalize('NFKC').trim();

export type ContactPhoneProblem = 'contact_too_long' | 'phone_implausible';

/** What is wrong with a contact number, or null; it may be left empty (some callers have none). */
export function contactPhoneProblem(raw: string): ContactPhoneProblem | null {
  const stored = storedContactPhone(raw);
  if (stored.length > maxContactPhoneLength) return 'contact_too_long';
  if (stored !== '' && !isPlausibleJapanesePhone(stored)) return 'phone_implausible';
  return null;
}

export function notesProblem(raw: string): 'notes_too_long' | null {
  return raw.trim().length > maxNotesLength ? 'notes_too_long' : null;
}

/**
 * The messages are the problem codes (the screen translates them next to the field). A refinement
 * has no JSON Schema, so the limit is stated for the OpenAPI document in the metadata.
 */
export const contactPhoneInput = z
  .string()
  .superRefine((raw, ctx) => {
    const problem = contactPhoneProblem(raw);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .meta({
    maxLength: maxContactPhoneLength,
    description: `A phone number, or empty; at most ${maxContactPhoneLength} characters after NFKC and trimming.`,
  });

export const bookingNotesInput = z
  .string()
  .superRefine((raw, ctx) => {
    const problem = notesProblem(raw);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .meta({ maxLength: maxNotesLength, description: `At most ${maxNotesLength} characters after trimming.` });

export const doseNumberInput = z.number().int().min(minDoseNumber).max(maxDoseNumber);
