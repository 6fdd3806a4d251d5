/** A value that looks like a phone number or a signed number: safe to leave as it is. */
const NUMBER_LIKE = /^[+-][0-9 ().-]*$/;

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break, quotes doubled.
 * A text that a spreadsheet would run as a formula (starting with =, @, a tab or a carriage
 * return, or + / - followed by anything but a number) is prefixed with `'`, so an exported name
 * like `=HYPERLINK(…)` stays text; E.164 numbers such as +13125550101 are left intact.
 */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (/^[=@\t\r]/.test(text) || (/^[+-]/.test(text) && !NUMBER_LIKE.test(text))) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV record, CRLF-terminated (RFC 4180). */
export function csvLine(values: readonly (string | number | boolean | null | undefined)[]): string {
  return `${values.map(csvCell).join(",")}\r\n`;
}
