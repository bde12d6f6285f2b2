/** Finding a resident on the venue-day list: booking number start, or reading + birth date. */
import { describe, expect, test } from 'vitest';
import type { VenueDayRow } from '../../domain/api/contract.ts';
import { matchAttendance } from '../../renderer/src/screens/venue-day/attendance-search.ts';

function row(bookingNumber: string, nameKana: string, birthDate: string): VenueDayRow {
  return {
    bookingId: bookingNumber,
    slotId: 's',
    date: '2025-06-02',
    startTime: '09:00',
    endTime: '09:30',
    bookingNumber,
    ticketNumber: '0000000001',
    name: '名前',
    nameKana,
    birthDate,
    age: 78,
    sex: 'F',
    phone: '',
    doseNumber: 1,
    productName: 'p',
    channel: 'phone',
    status: 'confirmed',
    notes: '',
    slotClosure: null,
    vaccineLot: null,
    canUndo: false,
    hubRefusal: null,
  };
}

const rows = [
  row('K7XH3PRW', 'ヤマダ　ハナコ', '1947-04-01'),
  row('K7AF9TTY', 'ヤマダ　タロウ', '1945-01-10'),
  row('M94JRWAX', 'スズキ　イチロウ', '1947-04-01'),
];

describe('matchAttendance', () => {
  test('an empty query shows everyone', () => {
    expect(matchAttendance(rows, { text: ' ', birthDate: '' })).toBeNull();
  });

  test('by the start of the booking number, typed in lower case with a hyphen', () => {
    expect(matchAttendance(rows, { text: 'k7x', birthDate: '' })).toEqual([rows[0]]);
    expect(matchAttendance(rows, { text: 'k7-af', birthDate: '' })).toEqual([rows[1]]);
  });

  test('by reading in hiragana with the birth date in era form', () => {
    expect(matchAttendance(rows, { text: 'やまだ', birthDate: '' })).toEqual([rows[0], rows[1]]);
    expect(matchAttendance(rows, { text: 'やまだ', birthDate: 'S22.4.1' })).toEqual([rows[0]]);
    expect(matchAttendance(rows, { text: '', birthDate: '昭和22年4月1日' })).toEqual([rows[0], rows[2]]);
    expect(matchAttendance(rows, { text: 'ﾔﾏﾀﾞ ﾀ', birthDate: '1945-01-10' })).toEqual([rows[1]]);
  });

  test('a birth date that cannot be read is reported, not ignored', () => {
    expect(matchAttendance(rows, { text: 'やまだ', birthDate: 'S99.99.99' })).toBe('invalid-date');
  });
});
