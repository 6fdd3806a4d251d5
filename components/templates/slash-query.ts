/**
 * The "/" shortcut of the composer and the reply box (issue 17): a "/" at the start of the text
 * or after a space, followed by letters, digits, "-" or "_" up to the caret, names a template.
 * Pure, so it is tested without a browser.
 */
export type SlashQuery = { start: number; end: number; query: string };

export function slashQueryAt(value: string, caret: number): SlashQuery | null {
  const before = value.slice(0, caret);
  const match = /(^|\s)\/([\p{L}\p{N}_-]*)$/u.exec(before);
  if (!match) return null;
  const start = caret - match[2].length - 1;
  return { start, end: caret, query: match[2] };
}

/** Names compared without case, spaces, hyphens or underscores: "/regrem" and "/registration-rem" find "Registration reminder". */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[\s_-]+/g, "");
}

/** The templates whose name starts with the query (first), then those that contain it; at most `limit`. */
export function matchTemplates<T extends { name: string }>(templates: readonly T[], query: string, limit = 8): T[] {
  const q = normalizeName(query);
  const starts = templates.filter((t) => normalizeName(t.name).startsWith(q));
  const contains = templates.filter((t) => !normalizeName(t.name).startsWith(q) && normalizeName(t.name).includes(q));
  return [...starts, ...contains].slice(0, limit);
}

/** The value with `[start, end)` replaced by `text`, and where the caret goes after it. */
export function replaceRange(value: string, start: number, end: number, text: string): { value: string; caret: number } {
  return { value: value.slice(0, start) + text + value.slice(end), caret: start + text.length };
}
