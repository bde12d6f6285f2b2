/**
 * Municipal CSV exports come as UTF-8 (with or without BOM) or Shift_JIS. A BOM decides; otherwise
 * strict UTF-8 is tried and Shift_JIS taken when the bytes are not valid UTF-8 (Shift_JIS text with
 * kana or kanji practically never is). Node's TextDecoder knows 'shift_jis' (full ICU). A file is
 * judged on all its bytes (detectEncoding reads it through once, keeping nothing), then decoded piece
 * by piece (decodeChunks).
 */
export type DetectedEncoding = 'utf-8-bom' | 'utf-8' | 'shift_jis';

const hasBom = (bytes: Uint8Array): boolean => bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;

export function decodeText(bytes: Uint8Array): { text: string; encoding: DetectedEncoding } {
  if (hasBom(bytes)) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8-bom' };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('shift_jis').decode(bytes), encoding: 'shift_jis' };
  }
}

/** The encoding of a byte stream, by the rule above; reads it to the end (or to its first non-UTF-8 byte). */
export async function detectEncoding(chunks: AsyncIterable<Uint8Array>): Promise<DetectedEncoding> {
  const strict = new TextDecoder('utf-8', { fatal: true });
  let first = true;
  try {
    for await (const chunk of chunks) {
      if (first && chunk.length > 0) {
        if (hasBom(chunk)) return 'utf-8-bom';
        first = false;
      }
      strict.decode(chunk, { stream: true });
    }
    strict.decode();
    return 'utf-8';
  } catch {
    return 'shift_jis';
  }
}

/** The text of a byte stream in a known encoding, piece by piece (a BOM left out). */
export async function* decodeChunks(
  chunks: AsyncIterable<Uint8Array>,
  encoding: DetectedEncoding,
): AsyncGenerator<string> {
  // The UTF-8 decoder drops a leading BOM itself (ignoreBOM is false).
  const decoder = new TextDecoder(encoding === 'shift_jis' ? 'shift_jis' : 'utf-8');
  for await (const chunk of chunks) {
    const text = decoder.decode(chunk, { stream: true });
    if (text !== '') yield text;
  }
  const rest = decoder.decode();
  if (rest !== '') yield rest;
}
