/*
 * Where a person is, as their record states it (SPEC §9: quiet hours follow the recipient's
 * local time and state). Pure, so the API, the SIS import and the profile form check the same
 * way; the quiet-hours engine reads the stored values.
 */

/** USPS codes of the 50 states, DC and the inhabited territories, with their names. */
export const US_STATES: readonly { code: string; name: string }[] = [
  { code: "AL", name: "Alabama" },
  { code: "AK", name: "Alaska" },
  { code: "AZ", name: "Arizona" },
  { code: "AR", name: "Arkansas" },
  { code: "CA", name: "California" },
  { code: "CO", name: "Colorado" },
  { code: "CT", name: "Connecticut" },
  { code: "DE", name: "Delaware" },
  { code: "DC", name: "District of Columbia" },
  { code: "FL", name: "Florida" },
  { code: "GA", name: "Georgia" },
  { code: "HI", name: "Hawaii" },
  { code: "ID", name: "Idaho" },
  { code: "IL", name: "Illinois" },
  { code: "IN", name: "Indiana" },
  { code: "IA", name: "Iowa" },
  { code: "KS", name: "Kansas" },
  { code: "KY", name: "Kentucky" },
  { code: "LA", name: "Louisiana" },
  { code: "ME", name: "Maine" },
  { code: "MD", name: "Maryland" },
  { code: "MA", name: "Massachusetts" },
  { code: "MI", name: "Michigan" },
  { code: "MN", name: "Minnesota" },
  { code: "MS", name: "Mississippi" },
  { code: "MO", name: "Missouri" },
  { code: "MT", name: "Montana" },
  { code: "NE", name: "Nebraska" },
  { code: "NV", name: "Nevada" },
  { code: "NH", name: "New Hampshire" },
  { code: "NJ", name: "New Jersey" },
  { code: "NM", name: "New Mexico" },
  { code: "NY", name: "New York" },
  { code: "NC", name: "North Carolina" },
  { code: "ND", name: "North Dakota" },
  { code: "OH", name: "Ohio" },
  { code: "OK", name: "Oklahoma" },
  { code: "OR", name: "Oregon" },
  { code: "PA", name: "Pennsylvania" },
  { code: "RI", name: "Rhode Island" },
  { code: "SC", name: "South Carolina" },
  { code: "SD", name: "South Dakota" },
  { code: "TN", name: "Tennessee" },
  { code: "TX", name: "Texas" },
  { code: "UT", name: "Utah" },
  { code: "VT", name: "Vermont" },
  { code: "VA", name: "Virginia" },
  { code: "WA", name: "Washington" },
  { code: "WV", name: "West Virginia" },
  { code: "WI", name: "Wisconsin" },
  { code: "WY", name: "Wyoming" },
  { code: "AS", name: "American Samoa" },
  { code: "GU", name: "Guam" },
  { code: "MP", name: "Northern Mariana Islands" },
  { code: "PR", name: "Puerto Rico" },
  { code: "VI", name: "U.S. Virgin Islands" },
];

const STATE_CODES = new Set(US_STATES.map((s) => s.code));

export const STATE_MESSAGE = "Not a US state code: use the two-letter USPS code (e.g. TX, DC or PR).";
export const TIME_ZONE_MESSAGE = "Not an IANA time zone (e.g. America/Chicago).";

/** The stored form of a state code as typed (trimmed, upper-cased), or null when it is none of US_STATES. */
export function normalizeStateCode(value: string): string | null {
  const code = value.trim().toUpperCase();
  return STATE_CODES.has(code) ? code : null;
}

/** A state's name for display, or the code itself when unknown. */
export function stateName(code: string): string {
  return US_STATES.find((s) => s.code === code)?.name ?? code;
}

/** US zones first in the profile's choice, with the names people use for them. */
export const US_TIME_ZONES: readonly { zone: string; label: string }[] = [
  { zone: "America/New_York", label: "Eastern" },
  { zone: "America/Chicago", label: "Central" },
  { zone: "America/Denver", label: "Mountain" },
  { zone: "America/Phoenix", label: "Mountain, no DST (Arizona)" },
  { zone: "America/Los_Angeles", label: "Pacific" },
  { zone: "America/Anchorage", label: "Alaska" },
  { zone: "America/Adak", label: "Hawaii–Aleutian (Aleutian Islands)" },
  { zone: "Pacific/Honolulu", label: "Hawaii" },
  { zone: "America/Puerto_Rico", label: "Atlantic (Puerto Rico, Virgin Islands)" },
  { zone: "Pacific/Guam", label: "Chamorro (Guam, Northern Mariana Islands)" },
  { zone: "Pacific/Pago_Pago", label: "Samoa (American Samoa)" },
];

let supported: ReadonlySet<string> | undefined;
/** The runtime's canonical IANA zones (ICU); UTC is added because some ICU builds leave it out. */
function supportedZones(): ReadonlySet<string> {
  supported ??= new Set([...Intl.supportedValuesOf("timeZone"), "UTC"]);
  return supported;
}

/** Area/Location, the form of every IANA name (aliases such as US/Eastern included). */
const IANA_FORM = /^[A-Za-z]+(?:\/[A-Za-z0-9_+-]+)+$/;

/**
 * The stored form of an IANA zone as typed, or null when it is none. Canonical names are kept;
 * a name differing only in case is corrected (america/chicago → America/Chicago); IANA aliases
 * the runtime knows (US/Eastern, Asia/Kolkata) are kept as typed. Abbreviations (EST, CST) and
 * offsets (+05:00) are refused: they are not places, and EST would silently mean Panama.
 */
export function normalizeTimeZone(value: string): string | null {
  const name = value.trim();
  if (supportedZones().has(name)) return name;
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat("en-US", { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
  if (resolved.toLowerCase() === name.toLowerCase()) return resolved;
  return IANA_FORM.test(name) && /^[A-Z]/.test(name) ? name : null;
}

/**
 * The profile's zone choice: the US zones first (labelled), then every zone of the runtime, and
 * `current` when it is an alias in neither list, so a stored value is never lost by saving.
 */
export function timeZoneOptions(current?: string | null): { value: string; label: string; us: boolean }[] {
  const us = US_TIME_ZONES.map((z) => ({ value: z.zone, label: `${z.label} — ${z.zone}`, us: true }));
  const listed = new Set(us.map((o) => o.value));
  const rest = [...supportedZones()]
    .filter((z) => !listed.has(z))
    .sort()
    .map((z) => ({ value: z, label: z.replaceAll("_", " "), us: false }));
  const extra = current && !listed.has(current) && !supportedZones().has(current) ? [{ value: current, label: current, us: false }] : [];
  return [...us, ...extra, ...rest];
}
