/**
 * 全国地方公共団体コード: 6 digits = prefecture (2) + municipality (3) + check digit.
 * r = (6·d1 + 5·d2 + 4·d3 + 3·d4 + 2·d5) mod 11; check = (11 − r) mod 10.
 */

const weights = [6, 5, 4, 3, 2] as const;

/** Check digit for the first five digits of a municipality code. Throws on anything but 5 ASCII digits. */
export function municipalityCheckDigit(first5: string): number {
  if (!/^[0-9]{5}$/.test(first5))
    throw new RangeError('municipalityCheckDigit expects exactly 5 ASCII digits');
  let sum = 0;
  for (let i = 0; i < 5; i++) sum += weights[i]! * (first5.charCodeAt(i) - 48);
  return (11 - (sum % 11)) % 10;
}

/** 6 ASCII digits, correct check digit, prefecture 01..47. */
export function isValidMunicipalityCode(code: string): boolean {
  if (!/^[0-9]{6}$/.test(code)) return false;
  const prefecture = Number(code.slice(0, 2));
  if (prefecture < 1 || prefecture > 47) return false;
  return municipalityCheckDigit(code.slice(0, 5)) === code.charCodeAt(5) - 48;
}

/** Prefecture number (1..47 for a valid code) from the first two digits. Throws on a malformed code. */
export function prefectureOf(code: string): number {
  if (!/^[0-9]{6}$/.test(code)) throw new RangeError('prefectureOf expects a 6-digit municipality code');
  return Number(code.slice(0, 2));
}
