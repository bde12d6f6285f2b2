/**
 * CSV as spreadsheets write it (RFC 4180): comma-separated, fields optionally in double quotes,
 * "" for a quote inside quotes, line breaks (CRLF or LF) inside quotes kept, a trailing line break
 * ignored. Records of fields; blank lines are dropped. CsvRecordReader takes the text in pieces (a
 * file read as a stream), so a list of any length is read with memory for one record at a time;
 * parseCsv reads a whole text.
 */
import { fileProblems } from '../../domain/coupon-list/row-problems.ts';

export class CsvSyntaxError extends Error {
  readonly record: number;

  constructor(record: number) {
    super(fileProblems.openQuote(record));
    this.name = 'CsvSyntaxError';
    this.record = record;
  }
}

export class CsvRecordReader {
  private record: string[] = [];
  private field = '';
  private quoted = false;
  private fieldStarted = false;
  /** In quotes, a quote was the last character of the piece before: it closes the field or doubles. */
  private quoteAtEnd = false;
  /** A CR ended the piece before: an LF starting this one belongs to it. */
  private crAtEnd = false;
  private emitted = 0;

  /** The records completed by this piece of text. */
  push(text: string): string[][] {
    const out: string[][] = [];
    if (text === '') return out;
    let i = 0;
    if (this.crAtEnd) {
      this.crAtEnd = false;
      if (text[0] === '\n') i = 1;
    }
    if (this.quoteAtEnd) {
      this.quoteAtEnd = false;
      if (text[i] === '"') {
        this.field += '"';
        i += 1;
      } else {
        this.quoted = false;
      }
    }
    while (i < text.length) {
      const ch = text[i]!;
      if (this.quoted) {
        if (ch === '"') {
          if (i + 1 === text.length) {
            this.quoteAtEnd = true;
            i += 1;
            continue;
          }
          if (text[i + 1] === '"') {
            this.field += '"';
            i += 2;
            continue;
          }
          this.quoted = false;
          i += 1;
          continue;
        }
        // Copy the run up to the next quote at once.
        const next = text.indexOf('"', i);
        const end = next === -1 ? text.length : next;
        this.field += text.slice(i, end);
        i = end;
        continue;
      }
      if (ch === '"' && this.field === '') {
        this.quoted = true;
        this.fieldStarted = true;
        i += 1;
      } else if (ch === ',') {
        this.record.push(this.field);
        this.field = '';
        this.fieldStarted = true;
        i += 1;
      } else if (ch === '\r' || ch === '\n') {
        this.endRecord(out);
        if (ch === '\r') {
          if (i + 1 === text.length) this.crAtEnd = true;
          else if (text[i + 1] === '\n') i += 1;
        }
        i += 1;
      } else {
        this.field += ch;
        this.fieldStarted = true;
        i += 1;
      }
    }
    return out;
  }

  /** The last record (when the text does not end with a line break); throws on an open quote. */
  end(): string[][] {
    if (this.quoteAtEnd) {
      this.quoteAtEnd = false;
      this.quoted = false;
    }
    if (this.quoted) throw new CsvSyntaxError(this.emitted + 1);
    const out: string[][] = [];
    if (this.field !== '' || this.record.length > 0 || this.fieldStarted) this.endRecord(out);
    return out;
  }

  private endRecord(out: string[][]): void {
    this.record.push(this.field);
    if (!(this.record.length === 1 && this.record[0] === '' && !this.fieldStarted)) {
      out.push(this.record);
      this.emitted += 1;
    }
    this.record = [];
    this.field = '';
    this.fieldStarted = false;
  }
}

export function parseCsv(text: string): string[][] {
  const reader = new CsvRecordReader();
  return [...reader.push(text), ...reader.end()];
}
