/** A value that looks like a phone number or a signed number: safe to leave as it is. */
const NUMBER_LIKE = /^[+-][0-9 ().-]*$/;

export type CsvValue = string | number | boolean | null | undefined;

/**
 * What becomes of a cell that a spreadsheet would run as a formula (OWASP "CSV injection"):
 * - `all`: any text starting with =, +, -, @, a tab or a carriage return gets a leading `'`;
 * - `except-numbers`: the same, but a number such as +13125550101, +1 (312) 555-0101 or -5
 *   stays as it is (`+` / `-` followed only by digits, spaces and `( ) . -`);
 *
 * There is no "off": an address the app did not write itself reaches every export (a Twilio
 * webhook's `From` is stored as given, issue 13.3), so no column is trusted to be harmless.
 */
export type FormulaGuard = "all" | "except-numbers";

function looksLikeFormula(text: string, guard: FormulaGuard): boolean {
  if (/^[=@\t\r]/.test(text)) return true;
  return /^[+-]/.test(text) && (guard === "all" || !NUMBER_LIKE.test(text));
}

/**
 * One CSV field (RFC 4180): empty for null or undefined; a formula-looking text prefixed with
 * `'` as `formulaGuard` says (default `all`), so an exported `=HYPERLINK(…)` stays text; then
 * quoted when it holds a comma, quote or line break, quotes doubled.
 */
export function csvCell(value: CsvValue, { formulaGuard = "all" }: { formulaGuard?: FormulaGuard } = {}): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (looksLikeFormula(text, formulaGuard)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV record from cells already written by `csvCell` (or safe as they are), CRLF-terminated. */
export function csvRecord(cells: readonly string[]): string {
  return `${cells.join(",")}\r\n`;
}
