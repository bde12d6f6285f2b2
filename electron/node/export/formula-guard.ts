/**
 * Formula injection (CSV injection): a cell whose text begins with = + - @ (or a tab or carriage
 * return, which some programs skip before looking) is taken as a formula by spreadsheet programs.
 * In .xlsx every value is written as a typed string cell, which Excel and LibreOffice never evaluate;
 * CSV has no types, so such a field gets a leading apostrophe (the OWASP recommendation), which
 * spreadsheet programs read as "this is text".
 */
const formulaStart = /^[=+\-@\t\r]/u;

export function startsLikeFormula(value: string): boolean {
  return formulaStart.test(value);
}

export function guardCsvText(value: string): string {
  return startsLikeFormula(value) ? `'${value}` : value;
}
