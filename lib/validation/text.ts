import { z } from "zod";

/*
 * Control characters in user text (issue 13.3). PostgreSQL refuses NUL in text (SQLSTATE 22021),
 * which used to surface as a 500; the other C0 controls, DEL and lone UTF-16 surrogates are
 * invisible, break CSV exports and terminals, and a lone surrogate cannot be stored as UTF-8 at
 * all (Node would write U+FFFD, so what is stored differs from what was sent). So:
 * - single-line text (names, codes, search, filters): nothing below U+0020, no U+007F;
 * - multi-line text (message bodies, templates): tab, LF and CR are allowed, nothing else
 *   below U+0020, no U+007F;
 * - either way, no unpaired surrogate.
 */

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// eslint-disable-next-line no-control-regex
const SINGLE_LINE_FORBIDDEN = /[\u0000-\u001F\u007F]/;
// eslint-disable-next-line no-control-regex
const MULTILINE_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

export const CONTROL_CHARACTER_MESSAGE = "Must not contain control characters (such as NUL).";
export const LINE_BREAK_MESSAGE = "Must be a single line, without control characters (such as tabs, line breaks or NUL).";

/** Whether `text` holds a character no text field accepts (any line mode): the safety net's test. */
export function hasForbiddenCharacter(text: string): boolean {
  return MULTILINE_FORBIDDEN.test(text) || LONE_SURROGATE.test(text);
}

/** Whether `text` is acceptable as one line of text. */
export function isSafeLine(text: string): boolean {
  return !SINGLE_LINE_FORBIDDEN.test(text) && !LONE_SURROGATE.test(text);
}

/** Whether `text` is acceptable as multi-line text (tab, LF, CR allowed). */
export function isSafeMultiline(text: string): boolean {
  return !hasForbiddenCharacter(text);
}

/** `text` with every character no field accepts replaced by U+FFFD: for text we must keep (an inbound SMS). */
export function replaceForbiddenCharacters(text: string): string {
  return text.replace(new RegExp(`${MULTILINE_FORBIDDEN.source}|${LONE_SURROGATE.source}`, "g"), "\uFFFD");
}

/**
 * A single-line text field: `schema` (default `z.string()`) refusing control characters, so a
 * name, code or search with NUL is a field error (400 naming the field), never a 500.
 */
export function safeText<S extends z.ZodString>(schema?: S): S {
  return (schema ?? z.string()).refine(isSafeLine, LINE_BREAK_MESSAGE) as S;
}

/** A multi-line text field (message bodies, templates): tab, LF and CR allowed, other controls refused. */
export function safeMultilineText<S extends z.ZodString>(schema?: S): S {
  return (schema ?? z.string()).refine(isSafeMultiline, CONTROL_CHARACTER_MESSAGE) as S;
}

/**
 * The path of the first string inside `value` (plain objects and arrays, walked depth first)
 * holding a character no text field accepts, or null. parseInput runs it before any schema, so
 * a field whose schema forgot `safeText` still answers a field error rather than reaching SQL.
 */
export function findForbiddenText(value: unknown, path: (string | number)[] = []): (string | number)[] | null {
  if (typeof value === "string") return hasForbiddenCharacter(value) ? path : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findForbiddenText(value[i], [...path, i]);
      if (found) return found;
    }
    return null;
  }
  if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    for (const [key, item] of Object.entries(value)) {
      const found = findForbiddenText(item, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}
