/**
 * A coupon list file as rows, read as a stream whatever its size: CSV (UTF-8 with or without BOM, or
 * Shift_JIS, judged on the whole file first) or .xlsx (the first sheet), the format as the file name
 * says (domain/coupon-list/coupon-file-format.ts).
 */
import { createReadStream } from 'node:fs';
import type { CouponFileFormat } from '../../domain/coupon-list/coupon-file-format.ts';
import { CsvRecordReader } from './csv.ts';
import { type DetectedEncoding, decodeChunks, detectEncoding } from './decode-text.ts';
import { firstSheetRows, type SheetRow } from './xlsx.ts';

async function* csvRows(path: string, encoding: DetectedEncoding): AsyncGenerator<SheetRow> {
  const reader = new CsvRecordReader();
  let rowNumber = 0;
  const rowOf = (cells: string[]): SheetRow => {
    rowNumber += 1;
    return { rowNumber, cells, numeric: [] };
  };
  for await (const text of decodeChunks(createReadStream(path), encoding)) {
    for (const cells of reader.push(text)) yield rowOf(cells);
  }
  for (const cells of reader.end()) yield rowOf(cells);
}

export async function openCouponFile(
  path: string,
  format: CouponFileFormat,
): Promise<{ encoding: DetectedEncoding | null; rows: AsyncIterable<SheetRow> }> {
  if (format === 'xlsx') return { encoding: null, rows: firstSheetRows(path) };
  const encoding = await detectEncoding(createReadStream(path));
  return { encoding, rows: csvRows(path, encoding) };
}
