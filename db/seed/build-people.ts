import type { SmsStatus } from "@/db/schema";
import type { PhonePlan } from "./plan";
import type { Random } from "./random";

/** Shared pieces of the institution plans: ids, fictional numbers, names, random phones. */

const FIRST_NAMES = [
  "Aaliyah", "Aiden", "Amara", "Andre", "Bianca", "Brandon", "Camila", "Caleb", "Daniela", "Darius",
  "Elena", "Elijah", "Fatima", "Gabriel", "Grace", "Hector", "Imani", "Isaac", "Jasmine", "Jonah",
  "Keisha", "Kevin", "Layla", "Lucas", "Mariana", "Mason", "Nadia", "Nathan", "Olivia", "Omar",
  "Paige", "Quentin", "Rosa", "Samuel", "Sofia", "Tariq", "Valeria", "Wesley", "Ximena", "Yusuf",
];
const LAST_NAMES = [
  "Adams", "Baker", "Castillo", "Daniels", "Evans", "Fischer", "Garcia", "Hughes", "Ibrahim", "Jackson",
  "Khan", "Lopez", "Mitchell", "Novak", "Okafor", "Perez", "Ramirez", "Sanders", "Thompson", "Usman",
  "Vasquez", "Williams", "Yamamoto", "Zimmerman", "Bennett", "Coleman", "Delgado", "Foster", "Gupta", "Hansen",
];

/** `NSU-S000007`-style keys, numbered in plan order. */
export function idSequence(prefix: string) {
  let n = 0;
  return () => `${prefix}${String(++n).padStart(6, "0")}`;
}

/**
 * A shuffled supply of fictional numbers: every area code × 555-0100…555-0199 (the range
 * reserved for fiction), handed out once each so no two people share a number by accident.
 */
export function numberDeck(r: Random, areaCodes: readonly string[]) {
  const all = areaCodes.flatMap((area) => Array.from({ length: 100 }, (_, i) => `+1${area}5550${100 + i}`));
  const deck = r.shuffle(all);
  return () => {
    const number = deck.pop();
    if (!number) throw new Error("the demo number deck is exhausted");
    return number;
  };
}

/** `count` distinct first/last name pairs that are not in `taken` ("First Last"). */
export function uniqueNames(r: Random, count: number, taken: ReadonlySet<string>) {
  const used = new Set(taken);
  const names: { firstName: string; lastName: string }[] = [];
  while (names.length < count) {
    const firstName = r.pick(FIRST_NAMES);
    const lastName = r.pick(LAST_NAMES);
    if (used.has(`${firstName} ${lastName}`)) continue;
    used.add(`${firstName} ${lastName}`);
    names.push({ firstName, lastName });
  }
  return names;
}

function randomStatus(r: Random): SmsStatus {
  const x = r.next();
  return x < 0.72 ? "SMS_DEFAULT" : x < 0.88 ? "SMS_ENABLED" : "SMS_DISABLED";
}

/** One to three phones, mostly a Cell, some verified, the extra ones sometimes deleted. */
export function randomPhones(r: Random, nextNumber: () => string, nextPhoneId: () => string): PhonePlan[] {
  const count = r.chance(0.8) ? 1 : r.chance(0.75) ? 2 : 3;
  return Array.from({ length: count }, (_, i) => ({
    srcSystemId: nextPhoneId(),
    number: nextNumber(),
    type: i === 0 ? (r.chance(0.85) ? "CELL" : "HOME") : r.pick(["CELL", "HOME", "HOME"] as const),
    smsStatus: randomStatus(r),
    verifiedDaysAgo: r.chance(0.4) ? r.int(1, 400) : undefined,
    deleted: i > 0 && r.chance(0.15),
  }));
}

/** `First.Last` lower-cased, for email local parts. */
export function emailName(firstName: string, lastName: string) {
  return `${firstName}.${lastName}`.toLowerCase();
}
