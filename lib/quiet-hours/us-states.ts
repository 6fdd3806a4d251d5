/*
 * US state names as Google's libphonenumber geocoder writes them (English), to USPS codes. Its
 * places read "City, ST" or a bare state name ("Texas", "Washington State", "Washington D.C.").
 */

const NAMES: Record<string, string> = {
  Alabama: "AL", Alaska: "AK", Arizona: "AZ", Arkansas: "AR", California: "CA", Colorado: "CO",
  Connecticut: "CT", Delaware: "DE", Florida: "FL", Georgia: "GA", Hawaii: "HI", Idaho: "ID",
  Illinois: "IL", Indiana: "IN", Iowa: "IA", Kansas: "KS", Kentucky: "KY", Louisiana: "LA",
  Maine: "ME", Maryland: "MD", Massachusetts: "MA", Michigan: "MI", Minnesota: "MN",
  Mississippi: "MS", Missouri: "MO", Montana: "MT", Nebraska: "NE", Nevada: "NV",
  "New Hampshire": "NH", "New Jersey": "NJ", "New Mexico": "NM", "New York": "NY",
  "North Carolina": "NC", "North Dakota": "ND", Ohio: "OH", Oklahoma: "OK", Oregon: "OR",
  Pennsylvania: "PA", "Rhode Island": "RI", "South Carolina": "SC", "South Dakota": "SD",
  Tennessee: "TN", Texas: "TX", Utah: "UT", Vermont: "VT", Virginia: "VA", Washington: "WA",
  "Washington State": "WA", "West Virginia": "WV", Wisconsin: "WI", Wyoming: "WY",
  "Washington D.C.": "DC", "District of Columbia": "DC",
};

const CODES = new Set(Object.values(NAMES));

/** The USPS code of the state a US geocoder place names ("Austin, TX" → TX, "Texas" → TX), or null. */
export function stateOfPlace(place: string | null): string | null {
  if (!place) return null;
  const code = /,\s*([A-Z]{2})$/.exec(place.trim())?.[1];
  if (code) return CODES.has(code) ? code : null;
  return NAMES[place.trim()] ?? null;
}
