/**
 * The coupon list's columns (Japanese or English headers) and the check of one row. A rejected row
 * is described by its row number, the field and a reason: never by the values, which are personal
 * data.
 */

import { isBirthDateAfterToday } from '../birth-date.ts';
import { type DateParseError, parseDateInput } from '../era-date.ts';
import { isKanaReading, readingKey, toKatakana } from '../kana.ts';
import { isValidMunicipalityCode } from '../municipality-code.ts';
import { isPlausibleJapanesePhone, phoneKey } from '../phone.ts';
import { isValidTicketNumber, normalizeTicketInput } from '../ticket-number.ts';
import type { CouponRecord, Sex } from '../vocabulary/index.ts';
import { fileProblems, rowReasons } from './row-problems.ts';

export const couponColumns = [
  'ticket_number',
  'municipality_code',
  'name',
  'name_kana',
  'birth_date',
  'sex',
  'address',
  'phone',
] as const;
export type CouponColumn = (typeof couponColumns)[number];

const requiredColumns: readonly CouponColumn[] = [
  'ticket_number',
  'municipality_code',
  'name',
  'name_kana',
  'birth_date',
];

const headerAliases: Readonly<Record<string, CouponColumn>> = {
  券番号: 'ticket_number',
  接種券番号: 'ticket_number',
  自治体コード: 'municipality_code',
  市区町村コード: 'municipality_code',
  氏名: 'name',
  フリガナ: 'name_kana',
  ふりがな: 'name_kana',
  生年月日: 'birth_date',
  性別: 'sex',
  住所: 'address',
  電話番号: 'phone',
};

function normalizeHeader(raw: string): string {
  return raw
    .normalize('NFKC')
    .trim()
    .replace(/^\uFEFF/, '')
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

export type HeaderMap = Map<CouponColumn, number>;

/** Column positions by header; throws with a plain message when a required column is missing or doubled. */
export function mapHeader(cells: readonly string[]): HeaderMap {
  const map: HeaderMap = new Map();
  cells.forEach((cell, index) => {
    const key = normalizeHeader(cell);
    const column = headerAliases[key] ?? (couponColumns as readonly string[]).find((c) => c === key);
    if (!column) return;
    if (map.has(column as CouponColumn)) throw new Error(fileProblems.doubledColumn(column));
    map.set(column as CouponColumn, index);
  });
  const missing = requiredColumns.filter((c) => !map.has(c));
  if (missing.length > 0) throw new Error(fileProblems.missingColumns(missing));
  return map;
}

/** A coupon's fields as a list row gives them: the record without what the hub assigns. */
export type CouponRowValues = Omit<CouponRecord, 'id' | 'status' | 'updatedAt'>;

export interface RowProblem {
  field: CouponColumn;
  reason: string;
}

const sexValues: Readonly<Record<string, Sex>> = {
  m: 'M',
  male: 'M',
  男: 'M',
  男性: 'M',
  '1': 'M',
  f: 'F',
  female: 'F',
  女: 'F',
  女性: 'F',
  '2': 'F',
  u: 'U',
  '': 'U',
  不明: 'U',
  '0': 'U',
  '9': 'U',
};

/** An unreadable birth date: an era date that era never had (昭和64年2月1日) or a day no month has is said so. */
const dateReasons: Readonly<Record<DateParseError, string>> = {
  empty: rowReasons.empty,
  unrecognized: rowReasons.notDate,
  unknown_era: rowReasons.notDate,
  outside_era: rowReasons.outsideEra,
  impossible_date: rowReasons.noSuchDay,
};

/** Digits stored as a spreadsheet number lose their leading zeros; fixed-width codes get them back. */
function padNumeric(value: string, width: number, numeric: boolean): string {
  return numeric && /^[0-9]+$/.test(value) && value.length < width ? value.padStart(width, '0') : value;
}

/** One row's values, or its problems. `now` dates the check of the birth date (not after today in Japan). */
export function checkCouponRow(
  cells: readonly string[],
  header: HeaderMap,
  now: Date,
  numeric: readonly boolean[] = [],
): { ok: true; values: CouponRowValues } | { ok: false; problems: RowProblem[] } {
  const at = (column: CouponColumn) => {
    const index = header.get(column);
    return index === undefined ? '' : (cells[index] ?? '').trim();
  };
  const isNumeric = (column: CouponColumn) => {
    const index = header.get(column);
    return index !== undefined && numeric[index] === true;
  };
  const problems: RowProblem[] = [];

  const ticketNumber = padNumeric(normalizeTicketInput(at('ticket_number')), 10, isNumeric('ticket_number'));
  if (!isValidTicketNumber(ticketNumber))
    problems.push({ field: 'ticket_number', reason: rowReasons.ticketDigits });

  const municipalityCode = padNumeric(
    at('municipality_code').normalize('NFKC'),
    6,
    isNumeric('municipality_code'),
  );
  if (!isValidMunicipalityCode(municipalityCode)) {
    problems.push({ field: 'municipality_code', reason: rowReasons.municipalityCode });
  }

  const name = at('name').normalize('NFKC').replace(/\s+/g, ' ');
  if (name === '') problems.push({ field: 'name', reason: rowReasons.empty });
  else if (name.length > 100) problems.push({ field: 'name', reason: rowReasons.nameTooLong });

  const kanaRaw = at('name_kana');
  if (!isKanaReading(kanaRaw)) problems.push({ field: 'name_kana', reason: rowReasons.notKana });
  const nameKana = toKatakana(kanaRaw.normalize('NFKC')).replace(/\s+/g, ' ');

  const birth = parseDateInput(at('birth_date'));
  if (!birth.ok) problems.push({ field: 'birth_date', reason: dateReasons[birth.error] });
  else if (isBirthDateAfterToday(birth.date, now)) {
    problems.push({ field: 'birth_date', reason: rowReasons.afterToday });
  }

  const sexKey = at('sex').normalize('NFKC').toLowerCase();
  const sex = sexValues[sexKey];
  if (!sex) problems.push({ field: 'sex', reason: rowReasons.sex });

  const address = at('address').normalize('NFKC');
  if (address.length > 200) problems.push({ field: 'address', reason: rowReasons.addressTooLong });

  const phone = at('phone');
  if (phone !== '' && !isPlausibleJapanesePhone(phone)) {
    problems.push({ field: 'phone', reason: rowReasons.phone });
  }

  if (problems.length > 0 || !birth.ok || !sex) return { ok: false, problems };
  return {
    ok: true,
    values: {
      municipalityCode,
      ticketNumber,
      name,
      nameKana,
      nameKanaKey: readingKey(nameKana),
      birthDate: birth.date,
      sex,
      address,
      phone: phone.normalize('NFKC'),
      phoneKey: phone === '' ? '' : phoneKey(phone),
    },
  };
}
