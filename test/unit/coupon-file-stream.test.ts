import { describe, expect, it } from 'vitest';
import { CsvRecordReader, CsvSyntaxError, parseCsv } from '../../server/import/csv.ts';
import { decodeChunks, detectEncoding } from '../../server/import/decode-text.ts';

async function* piecesOf(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe('a coupon list read in pieces', () => {
  const text = 'a,"b ""quoted""",c\r\n"multi\r\nline",,"x"\r\n\r\n"ends with quote"""\rlast,"",\n"trailing"';

  it('gives the same records wherever the text is cut (quotes, doubled quotes, CR LF split across pieces)', () => {
    const whole = parseCsv(text);
    expect(whole).toEqual([
      ['a', 'b "quoted"', 'c'],
      ['multi\r\nline', '', 'x'],
      ['ends with quote"'],
      ['last', '', ''],
      ['trailing'],
    ]);
    for (let cut = 0; cut <= text.length; cut++) {
      for (let second = cut; second <= text.length; second += 7) {
        const reader = new CsvRecordReader();
        const records = [
          ...reader.push(text.slice(0, cut)),
          ...reader.push(text.slice(cut, second)),
          ...reader.push(text.slice(second)),
          ...reader.end(),
        ];
        expect(records, `cut at ${cut} and ${second}`).toEqual(whole);
      }
    }
  });

  it('refuses an unterminated quote at the end, naming the record', () => {
    const reader = new CsvRecordReader();
    reader.push('a,b\r\n"open');
    expect(() => reader.end()).toThrow(CsvSyntaxError);
    expect(() => parseCsv('a\r\nb\r\n"c')).toThrow('unterminated quoted field in record 3');
  });

  it('judges the encoding on every byte: Shift_JIS after a long ASCII start is still Shift_JIS', async () => {
    const ascii = new TextEncoder().encode(`${'0000000001,131016\r\n'.repeat(5000)}`);
    // 山田 in Shift_JIS.
    const sjis = new Uint8Array([...ascii, 0x8e, 0x52, 0x93, 0x63]);
    expect(await detectEncoding(piecesOf(sjis, 65_536))).toBe('shift_jis');
    expect(await detectEncoding(piecesOf(ascii, 65_536))).toBe('utf-8');
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('券番号')]);
    expect(await detectEncoding(piecesOf(bom, 2))).toBe('utf-8');
    expect(await detectEncoding(piecesOf(bom, 64))).toBe('utf-8-bom');
    const decoded = (await collect(decodeChunks(piecesOf(sjis, 3), 'shift_jis'))).join('');
    expect(decoded.endsWith('\r\n山田')).toBe(true);
    expect((await collect(decodeChunks(piecesOf(bom, 1), 'utf-8-bom'))).join('')).toBe('券番号');
  });
});
