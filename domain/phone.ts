/**
 * Phone numbers as callers give them: full-width digits, hyphens, brackets, spaces, +81.
 * phoneKey() is what is stored for search and compared.
 */

/** Digits only, after NFKC; an international +81 prefix becomes the domestic leading 0. */
export function phoneKey(raw: string): string {
  const n = raw.normalize('NFKC').trim();
  const digits = n.replace(/[^0-9]/gu, '');
  if (/^\+\s*81/u.test(n)) return `0${digits.slice(2).replace(/^0/u, '')}`;
  return digits;
}

/** 10 digits (landline, 050) or 11 digits (mobile 070/080/090), starting with 0. */
export function isPlausibleJapanesePhone(raw: string): boolean {
  return /^0[0-9]{9,10}$/u.test(phoneKey(raw));
}
