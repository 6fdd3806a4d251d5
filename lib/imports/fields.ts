import { z } from "zod";
import { safeText } from "@/lib/validation/text";
import { toE164 } from "@/lib/e164";
import { normalizeStateCode, normalizeTimeZone, STATE_MESSAGE, TIME_ZONE_MESSAGE } from "@/lib/people/location";
import { REQUIRED_MESSAGE } from "./row-problems";

/*
 * Field schemas shared by the SIS and prospect rows. Blank and absent required values answer
 * REQUIRED_MESSAGE, which the row report turns into MISSING_FIELD.
 */

const stringError = (issue: { input?: unknown }) =>
  issue.input === undefined || issue.input === null ? REQUIRED_MESSAGE : "Must be text.";

export const requiredText = (max: number) =>
  safeText(z.string({ error: stringError }).trim().min(1, REQUIRED_MESSAGE).max(max, `At most ${max} characters.`));

/** Optional text where blank means "none" (null). */
export const clearableText = (max: number) =>
  safeText(z.string({ error: "Must be text." }).trim().max(max, `At most ${max} characters.`))
    .nullable()
    .transform((v) => (v ? v : null));

/** An IANA zone (SPEC §9), stored as normalizeTimeZone gives it; blank clears it. */
export const clearableTimeZone = clearableText(64).transform((value, ctx) => {
  if (value === null) return null;
  const zone = normalizeTimeZone(value);
  if (zone) return zone;
  ctx.issues.push({ code: "custom", message: TIME_ZONE_MESSAGE, input: value });
  return z.NEVER;
});

/** A USPS state code (SPEC §9), upper-cased; blank clears it. */
export const clearableState = clearableText(64).transform((value, ctx) => {
  if (value === null) return null;
  const code = normalizeStateCode(value);
  if (code) return code;
  ctx.issues.push({ code: "custom", message: STATE_MESSAGE, input: value });
  return z.NEVER;
});

export const emailAddress = safeText(
  z.string({ error: stringError }).trim().toLowerCase().min(1, REQUIRED_MESSAGE).max(320, "At most 320 characters."),
).check(z.email("Not an email address."));

/** A number as typed, parsed to E.164 (SPEC §2); a number that doesn't parse is BAD_PHONE. */
export const phoneNumber = z
  .string({ error: stringError })
  .max(40, "At most 40 characters.")
  .transform((value, ctx) => {
    if (value.trim() === "") {
      ctx.issues.push({ code: "custom", message: REQUIRED_MESSAGE, input: value });
      return z.NEVER;
    }
    const result = toE164(value);
    if (result.ok) return result.e164;
    ctx.issues.push({ code: "custom", message: result.message, input: value, params: { reason: "BAD_PHONE" } });
    return z.NEVER;
  })
  .describe("As typed (e.g. \"(312) 555-0101\" or \"+44 20 7183 8750\"); stored as E.164. Numbers without a country code are read as US.");

const TRUE_WORDS = new Set(["true", "yes", "y", "1"]);
const FALSE_WORDS = new Set(["false", "no", "n", "0", ""]);

/** A CSV cell as a boolean (true/false, yes/no, 1/0; blank is false); anything else stays text for zod to refuse. */
export function csvBoolean(cell: string): boolean | string {
  const word = cell.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  return cell;
}

/** A CSV cell holding a list: items separated by `;` (a `,` is accepted too), blanks dropped. */
export function csvList(cell: string): string[] {
  return cell
    .split(/[;,]/)
    .map((s) => s.trim())
    .filter(Boolean);
}
