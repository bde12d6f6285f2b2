import { describe, expect, it } from 'vitest';
import { isKanaReading, readingKey, toHiragana, toKatakana } from '../../domain/kana.ts';

describe('readingKey', () => {
  it('gives one key for hiragana, katakana, half-width, spaces and middle dots', () => {
    const forms = [
      'やまだ　たろう',
      'ﾔﾏﾀﾞ ﾀﾛｳ',
      'ヤマダタロウ',
      'ヤマダ・タロウ',
      'ﾔﾏﾀﾞ･ﾀﾛｳ',
      ' やまだ  たろう ',
      'やまだ\tたろう\n',
      'ヤマダ　タロウ',
      'やまだタロウ',
    ];
    for (const form of forms) expect(readingKey(form)).toBe('ヤマダタロウ');
  });

  it('keeps the long vowel mark and small kana', () => {
    expect(readingKey('さとー')).toBe('サトー');
    expect(readingKey('ｻﾄｰ')).toBe('サトー');
    expect(readingKey('サトー')).not.toBe(readingKey('サト'));
    expect(readingKey('きょう')).toBe('キョウ');
    expect(readingKey('きょう')).not.toBe(readingKey('きよう'));
    expect(readingKey('ｷｮｳ')).toBe('キョウ');
  });

  it('composes half-width voiced and semi-voiced marks', () => {
    expect(readingKey('ﾊﾟﾊﾟ')).toBe('パパ');
    expect(readingKey('ｳﾞｨ')).toBe('ヴィ');
    expect(readingKey('ゔぃ')).toBe('ヴィ');
    expect(readingKey('ガギグゲゴ')).toBe(readingKey('がぎぐげご'));
  });

  it('maps iteration marks and leaves other characters as NFKC gives them', () => {
    expect(readingKey('いすゞ')).toBe('イスヾ');
    expect(readingKey('ＡＢＣ')).toBe('ABC');
    expect(readingKey('山田')).toBe('山田');
  });

  it('is idempotent', () => {
    for (const s of ['やまだ　たろう', 'ﾔﾏﾀﾞ ﾀﾛｳ', 'さとー・はなこ'])
      expect(readingKey(readingKey(s))).toBe(readingKey(s));
  });

  it('maps every hiragana to the same key as its katakana', () => {
    for (let code = 0x3041; code <= 0x3096; code++) {
      const hira = String.fromCharCode(code);
      const kata = String.fromCharCode(code + 0x60);
      expect(readingKey(hira)).toBe(readingKey(kata));
    }
  });
});

describe('isKanaReading', () => {
  it('accepts kana with spaces, ・ and ー', () => {
    for (const s of [
      'やまだ たろう',
      'ヤマダ・タロウ',
      'ﾔﾏﾀﾞ ﾀﾛｳ',
      'サトー',
      'ヴィ',
      'やまだ　たろう',
      'いすゞ',
      'ヶ',
    ]) {
      expect(isKanaReading(s)).toBe(true);
    }
  });

  it('rejects empty text, marks alone, kanji, Latin letters, digits and hyphens', () => {
    for (const s of [
      '',
      '   ',
      'ー',
      '・',
      '山田',
      'yamada',
      'やまだ1',
      'ヤマダ-タロウ',
      'ヤマダ（タロウ）',
      'ｶﾀｶﾅA',
    ]) {
      expect(isKanaReading(s)).toBe(false);
    }
  });
});

describe('toKatakana / toHiragana', () => {
  it('converts between scripts and leaves other characters alone', () => {
    expect(toKatakana('やまだ たろう')).toBe('ヤマダ タロウ');
    expect(toKatakana('やま田１')).toBe('ヤマ田１');
    expect(toKatakana('ﾔﾏﾀﾞ')).toBe('ヤマダ');
    expect(toKatakana('さとー')).toBe('サトー');
    expect(toHiragana('ヤマダ・タロウ')).toBe('やまだ・たろう');
    expect(toHiragana('ﾔﾏﾀﾞ ﾀﾛｳ')).toBe('やまだ たろう');
    expect(toHiragana('サトー')).toBe('さとー');
    expect(toHiragana('ヴ')).toBe('ゔ');
    expect(toHiragana('ヶ')).toBe('ゖ');
    expect(toHiragana('ヽヾ')).toBe('ゝゞ');
  });

  it('leaves katakana without a hiragana twin as it is', () => {
    expect(toHiragana('ヷヸヹヺ')).toBe('ヷヸヹヺ');
  });

  it('does not widen other half-width or full-width characters', () => {
    expect(toKatakana('ＡＢＣ 123')).toBe('ＡＢＣ 123');
    expect(toHiragana('ＡＢＣ 123')).toBe('ＡＢＣ 123');
  });

  it('round-trips every hiragana', () => {
    for (let code = 0x3041; code <= 0x3096; code++) {
      const hira = String.fromCharCode(code);
      expect(toHiragana(toKatakana(hira))).toBe(hira);
      expect(toKatakana(hira)).not.toBe(hira);
    }
  });
});
