import { describe, expect, it } from 'vitest';
import {
  bookingNumberAlphabet,
  formatBookingNumber,
  isValidBookingNumber,
  makeBookingNumber,
  normalizeBookingNumberInput,
  spellBookingNumberForPhone,
} from '../../domain/booking-number.ts';

// Small deterministic generator for tests (xorshift32), returning numbers in [0, 1).
function seeded(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 2 ** 32;
  };
}

function sample(count: number, seed = 42): string[] {
  const random = seeded(seed);
  return Array.from({ length: count }, () => makeBookingNumber(random));
}

describe('bookingNumberAlphabet', () => {
  it('has distinct upper-case letters and digits only', () => {
    expect(new Set(bookingNumberAlphabet).size).toBe(bookingNumberAlphabet.length);
    expect(bookingNumberAlphabet).toMatch(/^[0-9A-Z]+$/);
  });

  it('leaves out characters that look or sound alike', () => {
    for (const ch of '0O1IL2Z5S8BUVDQGCEN') expect(bookingNumberAlphabet).not.toContain(ch);
  });

  it('is large enough that 2,000,000 bookings rarely collide', () => {
    const space = bookingNumberAlphabet.length ** 7;
    expect(space).toBeGreaterThan(400_000_000);
    expect(2_000_000 / space).toBeLessThan(0.005);
  });
});

describe('makeBookingNumber', () => {
  it('makes 8 alphabet characters that pass the check', () => {
    for (const n of sample(2000)) {
      expect(n).toHaveLength(8);
      for (const ch of n) expect(bookingNumberAlphabet).toContain(ch);
      expect(isValidBookingNumber(n)).toBe(true);
    }
  });

  it('is deterministic for a seeded generator', () => {
    expect(sample(20, 7)).toEqual(sample(20, 7));
    expect(sample(20, 7)).not.toEqual(sample(20, 8));
  });

  it('uses every character of the alphabet in every payload position', () => {
    const numbers = sample(3000);
    for (let position = 0; position < 7; position++) {
      expect(new Set(numbers.map((n) => n[position])).size).toBe(bookingNumberAlphabet.length);
    }
  });

  it('stays inside the alphabet at the ends of the random range', () => {
    expect(makeBookingNumber(() => 0)).toBe('33333333');
    const top = makeBookingNumber(() => 0.999_999_999);
    expect(top.slice(0, 7)).toBe('YYYYYYY');
    expect(isValidBookingNumber(top)).toBe(true);
    expect(isValidBookingNumber(makeBookingNumber(() => 1))).toBe(true);
  });

  it('rarely repeats', () => {
    const numbers = sample(20_000, 12345);
    // Expected repeats: 20000² / (2 · 17^7) ≈ 0.5.
    expect(numbers.length - new Set(numbers).size).toBeLessThan(5);
  });
});

describe('the check character', () => {
  it('matches a worked example (weights 8..1, sum 0 mod 17)', () => {
    // K7XH3PR: 9·8 + 3·7 + 15·6 + 7·5 + 0·4 + 11·3 + 12·2 = 275 ≡ 3, so the check value is 14 = 'W'.
    expect(isValidBookingNumber('K7XH3PRW')).toBe(true);
    expect(isValidBookingNumber('K7XH3PRT')).toBe(false);
  });

  it('catches every single wrong character', () => {
    for (const n of sample(150, 99)) {
      for (let i = 0; i < 8; i++) {
        for (const ch of bookingNumberAlphabet) {
          if (ch === n[i]) continue;
          expect(isValidBookingNumber(n.slice(0, i) + ch + n.slice(i + 1))).toBe(false);
        }
      }
    }
  });

  it('catches every swap of two neighbouring characters', () => {
    for (const n of sample(500, 3)) {
      for (let i = 0; i < 7; i++) {
        if (n[i] === n[i + 1]) continue;
        const swapped = n.slice(0, i) + n[i + 1] + n[i] + n.slice(i + 2);
        expect(isValidBookingNumber(swapped)).toBe(false);
      }
    }
  });
});

describe('normalizeBookingNumberInput', () => {
  it('upper-cases, widens and strips spaces and dashes', () => {
    expect(normalizeBookingNumberInput('k7xh-3prw')).toBe('K7XH3PRW');
    expect(normalizeBookingNumberInput(' K7XH 3PRW ')).toBe('K7XH3PRW');
    expect(normalizeBookingNumberInput('Ｋ７ＸＨ－３ＰＲＷ')).toBe('K7XH3PRW');
    expect(normalizeBookingNumberInput('ｋ７ｘｈ　３ｐｒｗ')).toBe('K7XH3PRW');
    expect(normalizeBookingNumberInput('K7XHー3PRW')).toBe('K7XH3PRW');
    expect(normalizeBookingNumberInput('K7XH–3PRW')).toBe('K7XH3PRW');
  });
});

describe('isValidBookingNumber', () => {
  it('accepts the compact and the displayed form, whatever the width or case', () => {
    for (const s of ['K7XH3PRW', 'K7XH-3PRW', 'k7xh-3prw', 'Ｋ７ＸＨ－３ＰＲＷ', ' k7xh 3prw ']) {
      expect(isValidBookingNumber(s)).toBe(true);
    }
  });

  it('rejects wrong lengths and characters outside the alphabet', () => {
    for (const s of ['', 'K7XH3PR', 'K7XH3PRWW', 'K7XH-3PR', 'K7XH30RW', 'K7XH3PR?', 'K7XH3PRW/']) {
      expect(isValidBookingNumber(s)).toBe(false);
    }
  });
});

describe('formatBookingNumber', () => {
  it('groups 4-4 with a hyphen and is idempotent', () => {
    expect(formatBookingNumber('K7XH3PRW')).toBe('K7XH-3PRW');
    expect(formatBookingNumber('k7xh 3prw')).toBe('K7XH-3PRW');
    expect(formatBookingNumber(formatBookingNumber('K7XH3PRW'))).toBe('K7XH-3PRW');
  });

  it('returns other lengths normalized and unhyphenated', () => {
    expect(formatBookingNumber('k7x')).toBe('K7X');
    expect(formatBookingNumber('k7xh-3pr')).toBe('K7XH3PR');
  });

  it('round-trips through normalization', () => {
    for (const n of sample(200, 5)) {
      expect(normalizeBookingNumberInput(formatBookingNumber(n))).toBe(n);
      expect(isValidBookingNumber(formatBookingNumber(n))).toBe(true);
    }
  });
});

describe('spellBookingNumberForPhone', () => {
  it('spells letters by their Japanese names and digits in unambiguous readings', () => {
    expect(spellBookingNumberForPhone('K7XH-3PRW')).toBe(
      'ケー・なな・エックス・エイチ、さん・ピー・アール・ダブリュー',
    );
    expect(spellBookingNumberForPhone('33333333')).toBe('さん・さん・さん・さん、さん・さん・さん・さん');
  });

  it('has a reading for every character, all different', () => {
    const readings = [...bookingNumberAlphabet].map((ch) => {
      const n = makeBookingNumber(() => bookingNumberAlphabet.indexOf(ch) / bookingNumberAlphabet.length);
      return spellBookingNumberForPhone(n).split('、')[0]!.split('・')[0]!;
    });
    expect(readings.every((r) => r.length > 0 && r !== 'undefined')).toBe(true);
    expect(new Set(readings).size).toBe(bookingNumberAlphabet.length);
  });

  it('throws on an invalid number', () => {
    expect(() => spellBookingNumberForPhone('K7XH-3PRT')).toThrow(RangeError);
    expect(() => spellBookingNumberForPhone('')).toThrow(RangeError);
  });
});
