/**
 * Municipal CSV exports come as UTF-8 (with or without BOM) or Shift_JIS. A BOM decides; otherwise
 * strict UTF-8 is tried and Shift_JIS taken when the bytes are not valid UTF-8 (Shift_JIS text with
 * kana or kanji practically never is). Node's TextDecoder knows 'shift_jis' (full ICU).
 */
export type DetectedEncoding = 'utf-8-bom' | 'utf-8' | 'shift_jis';

export function decodeText(bytes: Uint8Array): { text: string; encoding: DetectedEncoding } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8-bom' };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('shift_jis').decode(bytes), encoding: 'shift_jis' };
  }
}
