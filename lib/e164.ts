import { parsePhoneNumberFromString, validatePhoneNumberLength, type CountryCode } from "libphonenumber-js";

export type E164Result = { ok: true; e164: string } | { ok: false; message: string };

/** What a person may type: digits, a leading plus, and the usual separators. Letters never. */
const ALLOWED_CHARACTERS = /^[0-9+\-().\s]+$/;
/** E.164 allows at most 15 digits; anything longer is a typo or pasted junk. */
const MAX_DIGITS = 15;

const LENGTH_MESSAGES: Record<string, string> = {
  TOO_SHORT: "Too few digits for a phone number.",
  TOO_LONG: "Too many digits for a phone number.",
  INVALID_LENGTH: "The number of digits does not fit a phone number of that country.",
  INVALID_COUNTRY: "Unknown country calling code: start with + and the country code (e.g. +44 for the UK).",
  NOT_A_NUMBER: "Enter a phone number.",
};

/**
 * Normalises what a person typed to E.164 (SPEC §2: numbers are stored E.164; §5: compared in
 * E.164 everywhere). Numbers without a country code are read as `defaultCountry`.
 *
 * Acceptance is libphonenumber's `isPossible()` (right length for a known country code), plus
 * the NANP rule that an area code never starts with 0 or 1. `isValid()` is deliberately not
 * used: it rejects unassigned area codes such as 555 ("(555) 123-4567"), which people and demo
 * data use, while a number that truly does not exist is caught by Twilio (21211 → the record is
 * disabled, SPEC §5). Fictional 555-01xx numbers in real area codes pass both checks.
 */
export function toE164(input: string, defaultCountry: CountryCode = "US"): E164Result {
  const text = input.trim();
  if (text === "") return { ok: false, message: "Enter a phone number." };
  if (!ALLOWED_CHARACTERS.test(text)) {
    return { ok: false, message: "A phone number may contain only digits, spaces and + ( ) - . — no letters." };
  }
  if (text.replace(/\D/g, "").length > MAX_DIGITS) {
    return { ok: false, message: `Too many digits: a phone number has at most ${MAX_DIGITS}.` };
  }
  const lengthProblem = validatePhoneNumberLength(text, defaultCountry);
  if (lengthProblem) return { ok: false, message: LENGTH_MESSAGES[lengthProblem] ?? "Not a phone number." };

  const parsed = parsePhoneNumberFromString(text, defaultCountry);
  if (!parsed || !parsed.isPossible()) return { ok: false, message: "Not a possible phone number." };
  if (parsed.countryCallingCode === "1" && /^[01]/.test(parsed.nationalNumber)) {
    return { ok: false, message: "A North American area code cannot start with 0 or 1." };
  }
  return { ok: true, e164: parsed.number };
}

/**
 * How a stored E.164 number is shown: national format for North America ("(312) 555-0101"),
 * international otherwise ("+44 20 7183 8750"). Anything unparseable is shown as stored.
 */
export function formatPhone(e164: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return e164;
  return parsed.countryCallingCode === "1" ? parsed.formatNational() : parsed.formatInternational();
}
