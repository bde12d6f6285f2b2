import { describe, expect, it } from 'vitest';
import {
  isValidMunicipalityCode,
  municipalityCheckDigit,
  prefectureOf,
} from '../../domain/municipality-code.ts';

describe('municipalityCheckDigit', () => {
  it('computes the check digit of known codes', () => {
    expect(municipalityCheckDigit('14110')).toBe(1); // Yokohama Tsurumi ward
    expect(municipalityCheckDigit('13101')).toBe(6); // Chiyoda
    expect(municipalityCheckDigit('19201')).toBe(5); // Kofu
    expect(municipalityCheckDigit('01100')).toBe(2); // Sapporo
    expect(municipalityCheckDigit('27100')).toBe(4); // Osaka
    expect(municipalityCheckDigit('47201')).toBe(8); // Naha
  });

  it('maps remainder 0 to 1 and remainder 1 to 0 ((11 - r) mod 10)', () => {
    expect(municipalityCheckDigit('00000')).toBe(1); // r = 0
    expect(municipalityCheckDigit('20000')).toBe(0); // r = 12 mod 11 = 1
    expect(municipalityCheckDigit('10000')).toBe(5); // r = 6
  });

  it('rejects anything but five ASCII digits', () => {
    for (const bad of ['', '1411', '141101', '1411a', '１４１１０', ' 14110']) {
      expect(() => municipalityCheckDigit(bad)).toThrow(RangeError);
    }
  });
});

describe('isValidMunicipalityCode', () => {
  it('accepts real codes', () => {
    for (const code of ['141101', '131016', '192015', '011002', '271004', '401307', '472018']) {
      expect(isValidMunicipalityCode(code)).toBe(true);
    }
  });

  it('rejects codes with an altered digit', () => {
    for (const code of ['141102', '141111', '131017', '131026', '192016', '193015', '141100', '241101']) {
      expect(isValidMunicipalityCode(code)).toBe(false);
    }
  });

  it('rejects every wrong check digit of a valid code', () => {
    for (const code of ['141101', '131016', '192015']) {
      for (let d = 0; d <= 9; d++) {
        const altered = code.slice(0, 5) + d;
        expect(isValidMunicipalityCode(altered)).toBe(altered === code);
      }
    }
  });

  it('rejects prefectures outside 01..47 even with a right check digit', () => {
    expect(municipalityCheckDigit('00000')).toBe(1);
    expect(isValidMunicipalityCode('000001')).toBe(false);
    expect(municipalityCheckDigit('48100')).toBe(9);
    expect(isValidMunicipalityCode('481009')).toBe(false);
    expect(municipalityCheckDigit('99999')).toBe(7);
    expect(isValidMunicipalityCode('999997')).toBe(false);
  });

  it('rejects malformed input', () => {
    for (const bad of ['', '14110', '1411011', '１４１１０１', '14110a', ' 141101', '141101 ', '14-1101']) {
      expect(isValidMunicipalityCode(bad)).toBe(false);
    }
  });

  it('has exactly one valid last digit for every prefix of prefectures 01..47', () => {
    for (let prefecture = 1; prefecture <= 47; prefecture++) {
      for (let rest = 0; rest < 1000; rest += 7) {
        const first5 = String(prefecture).padStart(2, '0') + String(rest).padStart(3, '0');
        let valid = 0;
        for (let d = 0; d <= 9; d++) if (isValidMunicipalityCode(first5 + d)) valid++;
        expect(valid).toBe(1);
      }
    }
  });
});

describe('prefectureOf', () => {
  it('returns the first two digits as a number', () => {
    expect(prefectureOf('141101')).toBe(14);
    expect(prefectureOf('011002')).toBe(1);
    expect(prefectureOf('472018')).toBe(47);
  });

  it('throws on a malformed code', () => {
    expect(() => prefectureOf('1411')).toThrow(RangeError);
    expect(() => prefectureOf('１４１１０１')).toThrow(RangeError);
  });
});
