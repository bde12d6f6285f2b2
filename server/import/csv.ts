/**
 * CSV as spreadsheets write it (RFC 4180): comma-separated, fields optionally in double quotes,
 * "" for a quote inside quotes, line breaks (CRLF or LF) inside quotes kept, a trailing line break
 * ignored. Returns records of fields; blank lines are dropped.
 */
export class CsvSyntaxError extends Error {
  readonly record: number;

  constructor(record: number) {
    super(`unterminated quoted field in record ${record}`);
    this.name = 'CsvSyntaxError';
    this.record = record;
  }
}

export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let fieldStarted = false;
  let i = 0;
  const endRecord = () => {
    record.push(field);
    if (!(record.length === 1 && record[0] === '' && !fieldStarted)) records.push(record);
    record = [];
    field = '';
    fieldStarted = false;
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i += 1;
        continue;
      }
      field += ch;
      i += 1;
      continue;
    }
    if (ch === '"' && field === '') {
      quoted = true;
      fieldStarted = true;
      i += 1;
    } else if (ch === ',') {
      record.push(field);
      field = '';
      fieldStarted = true;
      i += 1;
    } else if (ch === '\r' || ch === '\n') {
      endRecord();
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      field += ch;
      fieldStarted = true;
      i += 1;
    }
  }
  if (quoted) throw new CsvSyntaxError(records.length + 1);
  if (field !== '' || record.length > 0 || fieldStarted) endRecord();
  return records;
}
