import "server-only";
import { parsePhoneNumberFromString, type PhoneNumber } from "libphonenumber-js/max";
import { geocoder, timezones } from "libphonenumber-geo-carrier";
import type { RecipientLocation } from "./quiet-hours";
import { stateOfPlace } from "./us-states";
import { isKnownTimeZone } from "./zoned-time";

/** What is known of a recipient: the person's record (persons.time_zone, persons.state) and the number texted. */
export type RecipientFacts = { timeZone: string | null; state: string | null; phone: string | null };

/** What the area code tells: the zones Google's data gives it and the state its place is in. */
export type AreaCodeFacts = { timeZones: string[]; state: string | null };

/**
 * The zones and state of a number's area code, from Google's libphonenumber geocoding and
 * time-zone data (libphonenumber-geo-carrier). Only geographic numbers count: a number the
 * geocoder places nowhere (toll-free 800, non-geographic 5XX) maps to every NANP zone and tells
 * nothing. Null when nothing usable is known. Answers are kept per area code (the package reads
 * and decodes its data file on every call, ≈0.3 s here): NANP zones and states are set per
 * area code, the geocoder's towns are not needed.
 */
export async function lookUpAreaCode(phone: string): Promise<AreaCodeFacts | null> {
  const parsed = parsePhoneNumberFromString(phone);
  if (!parsed) return null;
  const key = parsed.countryCallingCode === "1" ? `1:${parsed.nationalNumber.slice(0, 3)}` : `${parsed.countryCallingCode}:${parsed.nationalNumber}`;
  let answer = byAreaCode.get(key);
  if (!answer) {
    answer = readAreaCode(parsed);
    byAreaCode.set(key, answer);
    answer.catch(() => byAreaCode.delete(key));
  }
  return answer;
}

const byAreaCode = new Map<string, Promise<AreaCodeFacts | null>>();

async function readAreaCode(parsed: PhoneNumber): Promise<AreaCodeFacts | null> {
  const [place, zones] = await Promise.all([geocoder(parsed), timezones(parsed)]);
  if (!place || !zones) return null;
  const timeZones = [...new Set(zones)].filter(isKnownTimeZone).sort();
  if (timeZones.length === 0) return null;
  return { timeZones, state: parsed.country === "US" ? stateOfPlace(place) : null };
}

/**
 * Where a recipient is for quiet hours (SPEC §9): the person's recorded zone and state, each
 * when known; what is missing comes from the phone number's area code; else the institution's
 * zone with the federal window. A state from the area code narrows the window even when the
 * person's zone is recorded: a stricter window than needed is lawful, a wider one is not. An
 * area code spanning several zones keeps them all (RecipientLocation: the latest start and
 * the earliest end).
 */
export async function locate(recipient: RecipientFacts, institutionTimeZone: string): Promise<RecipientLocation> {
  const ownZone = recipient.timeZone && isKnownTimeZone(recipient.timeZone) ? recipient.timeZone : null;
  const ownState = recipient.state || null;
  const area = (!ownZone || !ownState) && recipient.phone ? await lookUpAreaCode(recipient.phone) : null;
  if (ownZone) return { timeZones: [ownZone], state: ownState ?? area?.state ?? null, source: "PERSON" };
  if (area) return { timeZones: area.timeZones, state: ownState ?? area.state, source: "AREA_CODE" };
  return { timeZones: [institutionTimeZone], state: ownState, source: ownState ? "PERSON" : "INSTITUTION" };
}
