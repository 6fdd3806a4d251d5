import type { DbOrTx } from "@/db";
import { findAddressesContaining, findPersonIdsByName, type ReportSearch } from "@/db/queries/message-report";
import { getInstitutionSummary } from "@/db/queries/institutions";
import type { Actor } from "@/lib/auth/capabilities";
import { validationError } from "@/lib/parse-input";
import { toE164 } from "@/lib/e164";
import { decideReportScope } from "./report-scope";
import type { MessageReportFilters } from "./message-report-schemas";

/** A person filter that matches more people than this asks for a more precise name. */
export const MAX_PERSON_MATCHES = 20;
/** Part of a number or address matching more of them than this asks for more of it. */
export const MAX_ADDRESS_MATCHES = 20;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PHONE_LIKE = /^[0-9\s()+.\-]+$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** A whole typed address: an email (lower-cased) or a phone number (E.164), else null. */
export function toAddress(text: string): string | null {
  if (text.includes("@")) return EMAIL.test(text) ? text.toLowerCase() : null;
  if (PHONE_LIKE.test(text) && text.replace(/\D/g, "").length >= 7) {
    const phone = toE164(text);
    if (phone.ok) return phone.e164;
  }
  return null;
}

/**
 * Part of an address, searched as a substring: digits of a number (at least 3, formatting
 * ignored), or part of an email (with "@" or a dot, no spaces). Else null: a name.
 */
export function toAddressFragment(text: string): { digits: string } | { text: string } | null {
  const digits = text.replace(/\D/g, "");
  if (PHONE_LIKE.test(text)) return digits.length >= 3 ? { digits } : null;
  if (!/\s/.test(text) && /[@.]/.test(text)) return { text: text.toLowerCase() };
  return null;
}

async function matchAddresses(db: DbOrTx, institutionId: string, field: string, text: string): Promise<string[] | null> {
  const whole = toAddress(text);
  if (whole) return [whole];
  const fragment = toAddressFragment(text);
  if (!fragment) return null;
  const found = await findAddressesContaining(db, institutionId, fragment, MAX_ADDRESS_MATCHES + 1);
  if (found.length > MAX_ADDRESS_MATCHES) {
    throw validationError({ [field]: `More than ${MAX_ADDRESS_MATCHES} numbers or addresses contain "${text}": type more of it.` });
  }
  return found;
}

type PersonMatch = { personIds: string[] } | { none: true };

async function matchPersons(db: DbOrTx, institutionId: string, field: string, text: string): Promise<PersonMatch> {
  if (UUID.test(text)) return { personIds: [text.toLowerCase()] };
  const words = text.toLowerCase().split(/[\s,]+/).filter(Boolean).slice(0, 8);
  const ids = await findPersonIdsByName(db, institutionId, words, MAX_PERSON_MATCHES + 1);
  if (ids.length > MAX_PERSON_MATCHES) {
    throw validationError({ [field]: `More than ${MAX_PERSON_MATCHES} people match "${text}": type more of the name.` });
  }
  return ids.length ? { personIds: ids } : { none: true };
}

export type ResolvedSearch = Omit<ReportSearch, "after" | "ascending" | "limit">;

/**
 * Turns the report's filters into an exact database search for the actor (null when a filter
 * can match nothing, e.g. a name nobody has): From is a person (part of a name, or an id) or an
 * address (a number or email, whole or in part), To a person, Destination an address (whole or
 * in part); dates are the institution's days. Parts of names, numbers and addresses are matched
 * case-insensitively against the directory (people, their phones and emails, the pool's
 * numbers), and the messages of what matched are then read through their indexes (issue 15.8).
 */
export async function resolveReportSearch(db: DbOrTx, actor: Actor, filters: MessageReportFilters): Promise<ResolvedSearch | null> {
  const scope = decideReportScope(actor);
  if (scope.kind === "participant" && !scope.personId) return null;
  const institution = await getInstitutionSummary(db, actor.institutionId);
  const search: ResolvedSearch = {
    institutionId: actor.institutionId,
    participantPersonId: scope.kind === "participant" ? scope.personId! : undefined,
    channel: filters.channel,
    status: filters.status,
    reasonCode: filters.reason,
    dateFrom: filters.dateFrom,
    dateTo: filters.dateTo,
    batchIds: filters.batch,
    templateId: filters.template,
    timeZone: institution?.timeZone ?? "UTC",
  };
  if (filters.from) {
    const addresses = await matchAddresses(db, actor.institutionId, "from", filters.from);
    if (addresses?.length === 0) return null;
    if (addresses) search.fromAddresses = addresses;
    else {
      const match = await matchPersons(db, actor.institutionId, "from", filters.from);
      if ("none" in match) return null;
      search.fromPersonIds = match.personIds;
    }
  }
  if (filters.to) {
    const match = await matchPersons(db, actor.institutionId, "to", filters.to);
    if ("none" in match) return null;
    search.toPersonIds = match.personIds;
  }
  if (filters.destination) {
    const addresses = await matchAddresses(db, actor.institutionId, "destination", filters.destination);
    if (!addresses) throw validationError({ destination: "Enter a phone number or an email address, or part of one." });
    if (addresses.length === 0) return null;
    search.toAddresses = addresses;
  }
  return search;
}
