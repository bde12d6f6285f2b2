/**
 * Short booking numbers read aloud over the phone and typed back by residents and venue staff:
 * 8 characters shown as 4-4 ('K7XH-3PRW'), the last one a check character.
 *
 * Alphabet: 17 characters. Left out because they look alike (0/O/D/Q, 1/I/L/J-ish, 2/Z, 5/S, 8/B,
 * 6/G, U/V) or sound alike when spelled in Japanese (B ビー, D ディー, E イー, G ジー, C シー against
 * P ピー / T ティー; N エヌ against M エム). 17 is prime, which makes the check below catch every
 * single wrong character and every swap of two neighbours.
 *
 * Check: with weights 8, 7, …, 1 over the eight character values, the sum is 0 mod 17.
 *
 * Capacity: 7 random characters give 17^7 = 410,338,673 numbers. With n numbers already issued a new
 * one collides with probability n / 17^7: 0.49 % at n = 2,000,000 (callers retry on the UNIQUE
 * violation; three collisions in a row ≈ 1e-7). Issuing all 2,000,000 costs about
 * n² / (2 · 17^7) ≈ 4,900 retries in total.
 */

export const bookingNumberAlphabet = '34679AFHJKMPRTWXY';

const base = bookingNumberAlphabet.length;
const payloadLength = 7;
const groupLength = 4;

const spokenNames: Readonly<Record<string, string>> = {
  '3': 'さん',
  '4': 'よん',
  '6': 'ろく',
  '7': 'なな',
  '9': 'きゅう',
  A: 'エー',
  F: 'エフ',
  H: 'エイチ',
  J: 'ジェー',
  K: 'ケー',
  M: 'エム',
  P: 'ピー',
  R: 'アール',
  T: 'ティー',
  W: 'ダブリュー',
  X: 'エックス',
  Y: 'ワイ',
};

function checkCharFor(payload: string): string {
  let sum = 0;
  for (let i = 0; i < payload.length; i++) {
    sum += (payloadLength + 1 - i) * bookingNumberAlphabet.indexOf(payload.charAt(i));
  }
  return bookingNumberAlphabet.charAt((base - (sum % base)) % base);
}

/**
 * A new booking number in compact form ('K7XH3PRW'), which is what is stored; show it with
 * formatBookingNumber(). `random` returns numbers in [0, 1) (Math.random or a seeded generator).
 */
export function makeBookingNumber(random: () => number): string {
  let payload = '';
  for (let i = 0; i < payloadLength; i++) {
    const index = Math.min(base - 1, Math.max(0, Math.floor(random() * base)));
    payload += bookingNumberAlphabet.charAt(index);
  }
  return payload + checkCharFor(payload);
}

/** NFKC (full-width to ASCII), upper case, spaces, hyphens and dashes (ー too) removed. */
export function normalizeBookingNumberInput(raw: string): string {
  return raw
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s\-\u2010-\u2015\u2212\u30FC]+/gu, '');
}

/** True when the input, once normalized, is 8 alphabet characters with the right check character. */
export function isValidBookingNumber(s: string): boolean {
  const n = normalizeBookingNumberInput(s);
  if (n.length !== payloadLength + 1) return false;
  for (const ch of n) if (!bookingNumberAlphabet.includes(ch)) return false;
  return checkCharFor(n.slice(0, payloadLength)) === n.charAt(payloadLength);
}

/** 'K7XH-3PRW' for an 8-character number; any other input is returned normalized, without a hyphen. */
export function formatBookingNumber(s: string): string {
  const n = normalizeBookingNumberInput(s);
  if (n.length !== payloadLength + 1) return n;
  return `${n.slice(0, groupLength)}-${n.slice(groupLength)}`;
}

/**
 * How to read a booking number aloud: letters by their Japanese names, digits in the readings that
 * cannot be misheard (4 よん, 7 なな, 9 きゅう), '・' between characters and '、' between the groups:
 * 'K7XH3PRW' → 'ケー・なな・エックス・エイチ、さん・ピー・アール・ダブリュー'. Throws on an invalid number.
 */
export function spellBookingNumberForPhone(s: string): string {
  if (!isValidBookingNumber(s))
    throw new RangeError('spellBookingNumberForPhone: not a valid booking number');
  const n = normalizeBookingNumberInput(s);
  const spell = (group: string) => [...group].map((ch) => spokenNames[ch]).join('・');
  return `${spell(n.slice(0, groupLength))}、${spell(n.slice(groupLength))}`;
}
