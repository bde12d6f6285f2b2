/**
 * Name readings (フリガナ). Callers spell the reading; operators type it in hiragana or katakana,
 * full- or half-width, with or without spaces. Searches compare readingKey() values.
 */

const hiraganaToKatakanaOffset = 0x60;

// ぁ..ゖ and the iteration marks ゝゞ have katakana twins 0x60 higher (ァ..ヶ, ヽヾ).
const hiragana = /[\u3041-\u3096\u309D\u309E]/gu;
const katakanaWithHiraganaTwin = /[\u30A1-\u30F6\u30FD\u30FE]/gu;
const halfWidthKatakana = /[\uFF61-\uFF9F]+/gu;

const shift = (offset: number) => (ch: string) => String.fromCharCode(ch.charCodeAt(0) + offset);

// Half-width katakana (ﾔﾏﾀﾞ) become full-width (ヤマダ) without touching anything else in the string.
function widenHalfWidthKatakana(s: string): string {
  return s.replace(halfWidthKatakana, (run) => run.normalize('NFKC'));
}

/** Hiragana and half-width katakana to full-width katakana; everything else unchanged. */
export function toKatakana(s: string): string {
  return widenHalfWidthKatakana(s).replace(hiragana, shift(hiraganaToKatakanaOffset));
}

/** Katakana (full- or half-width) to hiragana; ヷヸヹヺ, which have no hiragana, stay; ー stays. */
export function toHiragana(s: string): string {
  return widenHalfWidthKatakana(s).replace(katakanaWithHiraganaTwin, shift(-hiraganaToKatakanaOffset));
}

/**
 * Comparison key for readings: NFKC (half-width katakana become full-width), hiragana become
 * katakana, all whitespace (ASCII and 　) and middle dots ・ removed; the long vowel mark ー is kept.
 * 'やまだ　たろう', 'ﾔﾏﾀﾞ ﾀﾛｳ' and 'ヤマダ・タロウ' all give 'ヤマダタロウ'.
 */
export function readingKey(s: string): string {
  return s
    .normalize('NFKC')
    .replace(hiragana, shift(hiraganaToKatakanaOffset))
    .replace(/[\s・]+/gu, '');
}

/**
 * True when the text holds at least one kana and otherwise only kana (hiragana, katakana in either
 * width, small kana, ヴ, iteration marks), the long vowel mark ー, spaces and middle dots ・.
 */
export function isKanaReading(s: string): boolean {
  const n = s.normalize('NFKC');
  return (
    /^[\u3041-\u3096\u309D\u309E\u30A1-\u30FA\u30FC-\u30FE\u31F0-\u31FF・\s]*$/u.test(n) &&
    /[\u3041-\u3096\u309D\u309E\u30A1-\u30FA\u30FD\u30FE\u31F0-\u31FF]/u.test(n)
  );
}
