import { describe, expect, it } from 'vitest';
import { isPlausibleJapanesePhone, phoneKey } from '../../domain/phone.ts';

describe('phoneKey', () => {
  it('keeps only digits, after turning full-width into ASCII', () => {
    expect(phoneKey('090-1234-5678')).toBe('09012345678');
    expect(phoneKey('０９０－１２３４－５６７８')).toBe('09012345678');
    expect(phoneKey('(03) 1234-5678')).toBe('0312345678');
    expect(phoneKey('０３（１２３４）５６７８')).toBe('0312345678');
    expect(phoneKey(' 0120 123 456 ')).toBe('0120123456');
    expect(phoneKey('')).toBe('');
  });

  it('turns an international +81 prefix into the domestic 0', () => {
    expect(phoneKey('+81 90-1234-5678')).toBe('09012345678');
    expect(phoneKey('+81 (0)3-1234-5678')).toBe('0312345678');
    expect(phoneKey('＋８１９０１２３４５６７８')).toBe('09012345678');
  });

  it('gives the same key for the same number written differently', () => {
    const forms = [
      '090-1234-5678',
      '09012345678',
      '０９０ １２３４ ５６７８',
      '+81 90 1234 5678',
      '090(1234)5678',
    ];
    expect(new Set(forms.map(phoneKey)).size).toBe(1);
  });
});

describe('isPlausibleJapanesePhone', () => {
  it('accepts 10- and 11-digit numbers starting with 0', () => {
    for (const ok of [
      '090-1234-5678',
      '03-1234-5678',
      '0120-123-456',
      '050-1234-5678',
      '0551-23-4567',
      '+81 90 1234 5678',
    ]) {
      expect(isPlausibleJapanesePhone(ok)).toBe(true);
    }
  });

  it('rejects short, long, empty and numbers not starting with 0', () => {
    for (const bad of ['', '1234-5678', '90-1234-5678', '9012345678', '0901234567890', '012345678', 'abc']) {
      expect(isPlausibleJapanesePhone(bad)).toBe(false);
    }
  });
});
