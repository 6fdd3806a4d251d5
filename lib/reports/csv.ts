/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break. Free text that a
 * spreadsheet would run as a formula (=, +, -, @, tab, CR first) gets a leading apostrophe
 * (OWASP "CSV injection"); pass `formulaSafe: false` only for values the app wrote itself
 * (E.164 numbers start with "+").
 */
export function csvField(value: string | number | null | undefined, { formulaSafe = true } = {}): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (formulaSafe && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV record, CRLF-terminated. */
export function csvRecord(fields: readonly string[]): string {
  return `${fields.join(",")}\r\n`;
}
