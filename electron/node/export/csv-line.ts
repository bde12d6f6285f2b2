/**
 * One CSV record (RFC 4180, CRLF line ends as Windows programs expect): fields with a comma, quote,
 * CR or LF are quoted with quotes doubled; text fields pass the formula guard first.
 */
import { guardCsvText } from './formula-guard.ts';

export function csvField(value: string | number): string {
  if (typeof value === 'number') return String(value);
  const text = guardCsvText(value);
  return /[",\r\n]/u.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(values: ReadonlyArray<string | number>): string {
  return `${values.map(csvField).join(',')}\r\n`;
}
