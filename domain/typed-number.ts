/**
 * A whole number as staff type it: NFKC first (full-width digits and signs become ASCII), spaces and
 * digit-grouping commas ignored, a long dash or katakana ー read as a minus sign; then within a range.
 * Numbers are checked the same way.
 */
export type WholeNumberError = 'empty' | 'not_integer' | 'too_small' | 'too_large';
export type WholeNumberParse = { ok: true; value: number } | { ok: false; error: WholeNumberError };

export function parseWholeNumber(raw: string | number, min: number, max: number): WholeNumberParse {
  let value: number;
  if (typeof raw === 'number') {
    value = raw;
  } else {
    const s = raw
      .normalize('NFKC')
      .replace(/[\s\u200B-\u200D\u2060]+/gu, '')
      .replace(/(?<=\d),(?=\d{3}\b)/gu, '')
      .replace(/^[\u2212\u2010-\u2015\u30FC]/u, '-');
    if (s === '') return { ok: false, error: 'empty' };
    if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(s)) return { ok: false, error: 'not_integer' };
    value = Number(s);
  }
  if (!Number.isFinite(value) || !Number.isInteger(value)) return { ok: false, error: 'not_integer' };
  if (value < min) return { ok: false, error: 'too_small' };
  if (value > max) return { ok: false, error: 'too_large' };
  // -0 and "+3" become plain numbers.
  return { ok: true, value: value === 0 ? 0 : value };
}
