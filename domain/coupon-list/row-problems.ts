/**
 * Why a row of a coupon list is rejected, or the whole file: a closed set of reasons, stored and sent as short English
 * text (the command line prints it as it is) and read back here into a key, so that a desk says it in
 * the user's language. Never a value from the row (personal data): a reason names a row number or a
 * municipality code at most.
 */

/** The reasons that carry nothing but themselves. */
export const rowReasons = {
  ticketDigits: 'not 10 digits',
  municipalityCode: 'not a valid 6-digit municipality code',
  empty: 'empty',
  nameTooLong: 'longer than 100 characters',
  notKana: 'not a kana reading',
  notDate: 'not a date (western or era form)',
  outsideEra: 'not a date of that era',
  noSuchDay: 'no such day in the calendar',
  afterToday: 'after today',
  sex: 'not one of M, F, U, 男, 女',
  addressTooLong: 'longer than 200 characters',
  phone: 'not a Japanese phone number',
} as const;
export type PlainRowReason = keyof typeof rowReasons;

/** The same ticket (municipality and number) as an earlier row of the file: the later row goes. */
export const sameTicketReason = (firstRow: number): string => `same ticket as row ${firstRow}`;

/** A session of one municipality imports that municipality's coupons only. */
export const otherMunicipalityReason = (sessionMunicipality: string): string =>
  `another municipality than this desk's (${sessionMunicipality})`;

export type RowReason =
  | { key: PlainRowReason }
  | { key: 'sameTicket'; firstRow: number }
  | { key: 'otherMunicipality'; municipalityCode: string }
  /** A reason this code does not know (a newer hub): shown as the hub wrote it. */
  | { key: 'unknown'; text: string };

const plainByText = new Map<string, PlainRowReason>(
  Object.entries(rowReasons).map(([key, text]) => [text, key as PlainRowReason]),
);

export function readRowReason(text: string): RowReason {
  const plain = plainByText.get(text);
  if (plain) return { key: plain };
  const same = /^same ticket as row (\d+)$/u.exec(text);
  if (same) return { key: 'sameTicket', firstRow: Number(same[1]) };
  const other = /^another municipality than this desk's \((\d{6})\)$/u.exec(text);
  if (other) return { key: 'otherMunicipality', municipalityCode: other[1]! };
  return { key: 'unknown', text };
}

/**
 * Why a file cannot be read as a coupon list at all (nothing of it is imported), in the same way:
 * the header's problems name columns, the CSV's a record number.
 */
export const fileProblems = {
  empty: 'the file is empty',
  missingColumns: (columns: readonly string[]) => `the header lacks the column(s): ${columns.join(', ')}`,
  doubledColumn: (column: string) => `the column ${column} appears twice in the header`,
  openQuote: (record: number) => `unterminated quoted field in record ${record}`,
};

export type FileProblem =
  | { key: 'empty' }
  | { key: 'missingColumns'; columns: string[] }
  | { key: 'doubledColumn'; column: string }
  | { key: 'openQuote'; record: number }
  | { key: 'unknown'; text: string };

export function readFileProblem(text: string): FileProblem {
  if (text === fileProblems.empty) return { key: 'empty' };
  const missing = /^the header lacks the column\(s\): ([a-z_, ]+)$/u.exec(text);
  if (missing) return { key: 'missingColumns', columns: missing[1]!.split(', ') };
  const doubled = /^the column ([a-z_]+) appears twice in the header$/u.exec(text);
  if (doubled) return { key: 'doubledColumn', column: doubled[1]! };
  const quote = /^unterminated quoted field in record (\d+)$/u.exec(text);
  if (quote) return { key: 'openQuote', record: Number(quote[1]) };
  return { key: 'unknown', text };
}
