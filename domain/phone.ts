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

/**
 * A phone number to read and dial, hyphenated the Japanese way. The grouping it was given with is
 * kept when it has three groups (only that knows where a 4- or 5-digit area code ends); bare digits
 * are grouped as mobile / IP (090-1234-5678), 0800 (0800-123-4567), free dial and navi dial
 * (0120-123-456), Tokyo and Osaka (03-1234-5678), else with a 3-digit area code (048-123-4567).
 * Anything that is not a Japanese number is shown as given.
 */
export function formatPhoneNumber(raw: string): string {
  const given = raw.normalize('NFKC').trim();
  const key = phoneKey(given);
  if (!/^0[0-9]{9,10}$/u.test(key)) return given;
  if (!given.startsWith('+')) {
    const groups = given.split(/[^0-9]+/u).filter((g) => g !== '');
    if (groups.length === 3 && groups.join('') === key) return groups.join('-');
  }
  const group = (...sizes: number[]) => {
    let at = 0;
    return sizes
      .map((size) => {
        at += size;
        return key.slice(at - size, at);
      })
      .join('-');
  };
  if (key.length === 11) return key.startsWith('0800') ? group(4, 3, 4) : group(3, 4, 4);
  if (/^0(120|570)/u.test(key)) return group(4, 3, 3);
  if (/^0[36]/u.test(key)) return group(2, 4, 4);
  return group(3, 3, 4);
}
