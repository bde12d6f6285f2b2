/**
 * Text for other systems: UTF-8 with a byte order mark (so that Excel recognises it), or
 * Shift_JIS as Windows writes it (code page 932, which adds the NEC and IBM characters such as
 * 髙 and ① that plain JIS X 0208 lacks). TextEncoder only writes UTF-8; iconv-lite is the
 * maintained pure-JavaScript converter (no native build, used by body-parser and Express).
 * Characters code page 932 cannot hold (e.g. 𠮷) become '?', and are counted so the user is told.
 */
import iconv from 'iconv-lite';
import type { CsvEncoding } from '../../../domain/api/methods/daily-list.ts';

const utf8Bom = Buffer.from([0xef, 0xbb, 0xbf]);
const windowsJapanese = 'cp932';

export interface TextEncoderFor {
  /** Bytes to write before the first line. */
  preamble: Buffer;
  encode(text: string): { bytes: Buffer; replaced: number };
}

export function textEncoderFor(encoding: CsvEncoding): TextEncoderFor {
  if (encoding === 'utf-8-bom') {
    return { preamble: utf8Bom, encode: (text) => ({ bytes: Buffer.from(text, 'utf8'), replaced: 0 }) };
  }
  return {
    preamble: Buffer.alloc(0),
    encode: (text) => {
      const bytes = iconv.encode(text, windowsJapanese);
      const back = iconv.decode(bytes, windowsJapanese);
      return { bytes, replaced: back === text ? 0 : countReplaced(text, back) };
    },
  };
}

function countReplaced(original: string, roundTrip: string): number {
  const a = [...original];
  const b = [...roundTrip];
  let replaced = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) replaced++;
  return replaced;
}
