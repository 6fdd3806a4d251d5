import type { DbOrTx } from "@/db";
import { findPersonIdsByName, type ReportSearch } from "@/db/queries/message-report";
import { getInstitutionSummary } from "@/db/queries/institutions";
import type { Actor } from "@/lib/auth/capabilities";
import { validationError } from "@/lib/parse-input";
import { toE164 } from "@/lib/e164";
import { decideReportScope } from "./report-scope";
import type { MessageReportFilters } from "./message-report-schemas";

/** A person filter that matches more people than this asks for a more precise name. */
export const MAX_PERSON_MATCHES = 20;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PHONE_LIKE = /^[0-9\s()+.\-]+$/;

/** A typed address: an email (lower-cased) or a phone number (E.164), else null. */
export function toAddress(text: string): string | null {
  if (text.includes("@")) return text.toLowerCase();
  if (PHONE_LIKE.test(text) && text.replace(/\D/g, "").length >= 7) {
    const phone = toE164(text);
    if (phone.ok) return phone.e164;
  }
  return null;
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
 * can match nothing, e.g. a name nobody has): From is a person (name or id) or an address
 * (number or email), To a person, Destination an address; dates are the institution's days.
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
    timeZone: institution?.timeZone ?? "UTC",
  };
  if (filters.from) {
    const address = toAddress(filters.from);
    if (address) search.fromAddress = address;
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
    const address = toAddress(filters.destination);
    if (!address) throw validationError({ destination: "Enter a phone number or an email address." });
    search.toAddress = address;
  }
  return search;
}
