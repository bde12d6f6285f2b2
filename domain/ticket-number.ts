/**
 * Vaccination ticket numbers (券番号) as residents and operators type or scan them.
 * A ticket number is exactly 10 digits with significant leading zeros, so it is always a string.
 * The coupon's OCR line / QR code carries 18 digits: ticket kind (1) + dose count (1) +
 * municipality code (6) + ticket number (10); a USB scanner "types" them into the focused field.
 */
import { isValidMunicipalityCode } from './municipality-code.ts';

export type TicketParseError = 'empty' | 'not_digits' | 'wrong_length' | 'bad_municipality_check_digit';

export type TicketParse =
  | { ok: true; kind: 'ticket'; ticketNumber: string }
  | {
      ok: true;
      kind: 'ocr';
      ticketKind: string;
      doseCount: number;
      municipalityCode: string;
      ticketNumber: string;
    }
  | { ok: false; error: TicketParseError };

// Whitespace (after NFKC the ideographic space is U+0020) plus zero-width characters a paste may carry.
const spaces = /[\s\u200B-\u200D\u2060]+/gu;
// Hyphens and dash-like characters people use to group digits: ASCII hyphen (also what NFKC makes of
// － and ﹣), ‐ ‑ ‒ – — ― ⁃ − ─ ━ and the katakana long vowel mark ー (also from half-width ｰ).
const separatorBetweenDigits = /(?<=[0-9])[-\u2010-\u2015\u2043\u2212\u2500\u2501\u30FC]+(?=[0-9])/gu;

/**
 * NFKC (full-width digits become ASCII), then strip all spaces and the dashes that separate digits.
 * A dash that does not sit between two digits is kept, so the result is then rejected as not digits.
 */
export function normalizeTicketInput(raw: string): string {
  return raw.normalize('NFKC').replace(spaces, '').replace(separatorBetweenDigits, '');
}

export function isValidTicketNumber(s: string): boolean {
  return /^[0-9]{10}$/.test(s);
}

/**
 * A typed ticket number (10 digits) or a scanned OCR/QR line (18 digits). For the OCR line the
 * embedded municipality code must be a valid code (check digit and prefecture 01..47); a failure of
 * either is reported as 'bad_municipality_check_digit'.
 */
export function parseTicketInput(raw: string): TicketParse {
  const s = normalizeTicketInput(raw);
  if (s === '') return { ok: false, error: 'empty' };
  if (!/^[0-9]+$/.test(s)) return { ok: false, error: 'not_digits' };
  if (s.length === 10) return { ok: true, kind: 'ticket', ticketNumber: s };
  if (s.length === 18) {
    const municipalityCode = s.slice(2, 8);
    if (!isValidMunicipalityCode(municipalityCode))
      return { ok: false, error: 'bad_municipality_check_digit' };
    return {
      ok: true,
      kind: 'ocr',
      ticketKind: s.slice(0, 1),
      doseCount: Number(s.slice(1, 2)),
      municipalityCode,
      ticketNumber: s.slice(8),
    };
  }
  return { ok: false, error: 'wrong_length' };
}
