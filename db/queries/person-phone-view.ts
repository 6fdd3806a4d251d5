import { and, asc, desc, eq, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { personPhones, persons, phoneTypes } from "@/db/schema";
import type { SmsStatus } from "@/db/schema/constants";

/** Sort orders of the view; each ends in the phone id so the keyset is total. */
export type PersonPhoneSortKey = "person" | "number";

/** Keyset position: the sort values of the last row seen plus its id (the tiebreaker). */
export type PersonPhoneKey =
  | { sort: "person"; lastName: string; firstName: string; id: string }
  | { sort: "number"; number: string; id: string };

export type PersonPhoneViewSearch = {
  institutionId: string;
  /** Lower-cased words that must all appear in the person's name or the source ids. */
  words: string[];
  /** Digits matched inside the number (an alternative to `words`). */
  digits?: string;
  deleted?: boolean;
  smsStatus?: SmsStatus;
  verified?: boolean;
  phoneTypeSrcSystemId?: string;
  sort: PersonPhoneSortKey;
  descending: boolean;
  after?: PersonPhoneKey;
  limit: number;
};

function likeText(text: string) {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function sortColumns(sort: PersonPhoneSortKey) {
  if (sort === "person") return [persons.lastName, persons.firstName, personPhones.id];
  return [personPhones.number, personPhones.id];
}

function keysetCondition(after: PersonPhoneKey, descending: boolean): SQL {
  const op = descending ? sql`<` : sql`>`;
  if (after.sort === "person") {
    return sql`(${persons.lastName}, ${persons.firstName}, ${personPhones.id}) ${op} (${after.lastName}::text, ${after.firstName}::text, ${after.id}::uuid)`;
  }
  return sql`(${personPhones.number}, ${personPhones.id}) ${op} (${after.number}::text, ${after.id}::uuid)`;
}

/**
 * One keyset page of the Person Phone data view (SPEC §6): every phone record of the
 * institution, deleted ones and system numbers included, with its person and source ids.
 */
export function listPersonPhoneViewPage(db: DbOrTx, s: PersonPhoneViewSearch) {
  const where: (SQL | undefined)[] = [eq(personPhones.institutionId, s.institutionId)];
  const matches: SQL[] = [];
  if (s.words.length) {
    const haystack = sql`lower(${persons.firstName} || ' ' || ${persons.lastName} || ' ' || coalesce(${persons.srcSystemId}, '') || ' '
      || coalesce(${personPhones.srcSystemId}, '') || ' ' || ${personPhones.phoneTypeSrcSystemId})`;
    matches.push(and(...s.words.map((w) => sql`${haystack} like ${likeText(w)}`))!);
  }
  if (s.digits) matches.push(sql`${personPhones.number} like ${likeText(s.digits)}`);
  if (matches.length) where.push(sql`(${sql.join(matches, sql` or `)})`);
  if (s.deleted !== undefined) where.push(eq(personPhones.deleted, s.deleted));
  if (s.smsStatus) where.push(eq(personPhones.smsStatus, s.smsStatus));
  if (s.verified !== undefined) where.push(eq(personPhones.verified, s.verified));
  if (s.phoneTypeSrcSystemId) where.push(eq(personPhones.phoneTypeSrcSystemId, s.phoneTypeSrcSystemId));
  if (s.after) where.push(keysetCondition(s.after, s.descending));
  const dir = s.descending ? desc : asc;
  return db
    .select({
      id: personPhones.id,
      number: personPhones.number,
      personId: personPhones.personId,
      firstName: persons.firstName,
      lastName: persons.lastName,
      personSrcSystemId: persons.srcSystemId,
      typeName: phoneTypes.name,
      phoneTypeSrcSystemId: personPhones.phoneTypeSrcSystemId,
      smsStatus: personPhones.smsStatus,
      verified: personPhones.verified,
      verifiedAt: personPhones.verifiedAt,
      srcSystemId: personPhones.srcSystemId,
      deleted: personPhones.deleted,
      createdAt: personPhones.createdAt,
    })
    .from(personPhones)
    .innerJoin(persons, and(eq(persons.id, personPhones.personId), eq(persons.institutionId, s.institutionId)))
    .innerJoin(phoneTypes, eq(phoneTypes.id, personPhones.phoneTypeId))
    .where(and(...where))
    .orderBy(...sortColumns(s.sort).map((c) => dir(c)))
    .limit(s.limit);
}

export type PersonPhoneViewRow = Awaited<ReturnType<typeof listPersonPhoneViewPage>>[number];
