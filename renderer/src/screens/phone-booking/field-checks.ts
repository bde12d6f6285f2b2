/**
 * The checks behind each field's message, run as the operator types or presses Enter, with the same
 * domain rules the desk process applies again: a wrong form never reaches a search or a save.
 * Each returns a translation key (and values) for the message beside the field, or the clean value.
 */
import { isValidBookingNumber } from '../../../../domain/booking-number.ts';
import { contactPhoneProblem } from '../../../../domain/booking-rules/booking-fields.ts';
import { parseDateInput } from '../../../../domain/era-date.ts';
import { isKanaReading } from '../../../../domain/kana.ts';
import { phoneKey } from '../../../../domain/phone.ts';
import { normalizeTicketInput, parseTicketInput } from '../../../../domain/ticket-number.ts';

export interface FieldProblem {
  key: string;
  values?: Record<string, unknown>;
}

export type FieldCheck<T> = { ok: true; value: T } | { ok: false; problem: FieldProblem };

const problem = (key: string, values?: Record<string, unknown>): FieldCheck<never> => ({
  ok: false,
  problem: values ? { key, values } : { key },
});

export function checkTicket(raw: string): FieldCheck<string> {
  const parsed = parseTicketInput(raw);
  if (parsed.ok) return { ok: true, value: raw };
  return problem(`phoneDesk.input.ticket.${parsed.error}`, { count: normalizeTicketInput(raw).length });
}

/** A birth date as said (era or western); not after today. */
export function checkBirthDate(raw: string, today: string): FieldCheck<string> {
  const parsed = parseDateInput(raw);
  if (!parsed.ok) return problem(`phoneDesk.input.date.${parsed.error}`);
  if (parsed.date > today) return problem('phoneDesk.input.date.future');
  return { ok: true, value: parsed.date };
}

export function checkReading(raw: string): FieldCheck<string> {
  return isKanaReading(raw) ? { ok: true, value: raw } : problem('phoneDesk.input.reading.not_kana');
}

export function checkSearchPhone(raw: string): FieldCheck<string> {
  return phoneKey(raw).length >= 6 ? { ok: true, value: raw } : problem('phoneDesk.input.phone.too_short');
}

/** The contact number may be left empty (some callers have none). */
export function checkContactPhone(raw: string): FieldCheck<string> {
  const found = contactPhoneProblem(raw);
  return found === null ? { ok: true, value: raw.trim() } : problem(`phoneDesk.input.phone.${found}`);
}

export function checkBookingNumber(raw: string): FieldCheck<string> {
  return isValidBookingNumber(raw)
    ? { ok: true, value: raw }
    : problem('phoneDesk.input.bookingNumber.invalid_booking_number');
}
