/**
 * Writing a CSV export in the chosen encoding (UTF-8 with BOM, or Shift_JIS as Windows writes it)
 * with back-pressure, counting the characters Shift_JIS could not hold. Shared by every list's CSV.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { CsvEncoding } from '../../../domain/api/methods/daily-list.ts';
import { csvLine } from './csv-line.ts';
import { textEncoderFor } from './text-encoding.ts';

export interface CsvOutcome {
  rowCount: number;
  replacedCharacters: number;
}

export interface CsvWriter {
  /** Writes records (each one a line through the formula guard), waiting while the output is full. */
  writeRecords(records: ReadonlyArray<ReadonlyArray<string | number>>): Promise<void>;
  /** Ends the output and waits until it is written. */
  finish(): Promise<CsvOutcome>;
}

/** Starts the file: the byte order mark (UTF-8) and the header line. */
export async function startCsv(
  encoding: CsvEncoding,
  output: Writable,
  header: ReadonlyArray<string>,
): Promise<CsvWriter> {
  const encoder = textEncoderFor(encoding);
  let rowCount = 0;
  let replacedCharacters = 0;
  const write = async (text: string) => {
    const { bytes, replaced } = encoder.encode(text);
    replacedCharacters += replaced;
    if (!output.write(bytes)) await once(output, 'drain');
  };
  if (encoder.preamble.length > 0) output.write(encoder.preamble);
  await write(csvLine(header));
  return {
    writeRecords: async (records) => {
      if (records.length === 0) return;
      await write(records.map(csvLine).join(''));
      rowCount += records.length;
    },
    finish: async () => {
      output.end();
      await once(output, 'finish');
      return { rowCount, replacedCharacters };
    },
  };
}
