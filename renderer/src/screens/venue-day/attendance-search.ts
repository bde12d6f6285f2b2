/**
 * Finding a resident on the day's list at the reception desk: by booking number (its start, typed
 * or read out), or by reading (フリガナ, in hiragana or katakana, any width) together with the birth
 * date in era or western form ('S22.4.1', '昭和22年4月1日', '1947-04-01').
 */
import type { VenueDayRow } from '../../../../domain/api/contract.ts';
import { bookingNumberAlphabet, normalizeBookingNumberInput } from '../../../../domain/booking-number.ts';
import { parseDateInput } from '../../../../domain/era-date.ts';
import { isKanaReading, readingKey } from '../../../../domain/kana.ts';

export interface AttendanceQuery {
  text: string;
  birthDate: string;
}

const bookingNumberText = new RegExp(`^[${bookingNumberAlphabet}]{3,8}$`, 'u');

/** null when the query is empty (show everyone); 'invalid-date' when the birth date cannot be read. */
export function matchAttendance(
  rows: readonly VenueDayRow[],
  query: AttendanceQuery,
): VenueDayRow[] | 'invalid-date' | null {
  const text = query.text.trim();
  const birth = query.birthDate.trim();
  if (text === '' && birth === '') return null;
  let birthDate: string | null = null;
  if (birth !== '') {
    const parsed = parseDateInput(birth);
    if (!parsed.ok) return 'invalid-date';
    birthDate = parsed.date;
  }
  const number = normalizeBookingNumberInput(text);
  if (text !== '' && bookingNumberText.test(number) && !isKanaReading(text)) {
    return rows.filter((r) => r.bookingNumber.startsWith(number));
  }
  const reading = text === '' ? '' : readingKey(text);
  return rows.filter(
    (r) =>
      (reading === '' || readingKey(r.nameKana).startsWith(reading)) &&
      (birthDate === null || r.birthDate === birthDate),
  );
}
