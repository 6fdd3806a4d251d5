import { and, asc, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import {
  personEmails,
  personPhones,
  personRoles,
  persons,
  phoneHistory,
  phoneTypes,
  securityRoles,
  smsSettings,
  successTeamMembers,
  SYSTEM_PHONE_SRC_SUFFIX,
  SYSTEM_PHONE_TYPE_SRC_ID,
  users,
  type SmsStatus,
} from "@/db/schema";

/** The keyset of the people list: (last_name, first_name, id), as persons_name_idx orders it. */
export type PersonKey = { lastName: string; firstName: string; id: string };

export type PersonSearch = {
  institutionId: string;
  /** Lower-cased words that must all appear in "first last src_system_id". */
  words: string[];
  /** Lower-cased text matched inside any email of the person. */
  emailText?: string;
  /** Digits matched inside any phone number of the person. */
  phoneDigits?: string;
  roleCode?: string;
  kind?: "staff" | "student";
  /** Only persons with a phone disabled by their own STOP (see listOptOutsOfPhones). */
  optedOut?: boolean;
  /** Only persons with a phone (not deleted, not a system number) of this SMS status. */
  smsStatus?: SmsStatus;
  /** Only persons with (true) or without (false) a number a text would go to (SPEC §4.5 a–b). */
  textable?: boolean;
  /** Only the students on this staff person's success team. */
  teamStaffPersonId?: string;
  deleted: boolean;
  /** Rows strictly after `after` in the scan direction. */
  after?: PersonKey;
  descending: boolean;
  limit: number;
};

function likeText(text: string) {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

const hasStaffRole = sql`exists (select 1 from ${personRoles} pr join ${securityRoles} sr on sr.id = pr.role_id
  where pr.person_id = ${persons.id} and sr.kind = 'STAFF')`;

/** The search's conditions (institution, words, email, phone digits, role, kind, deleted), without the keyset. */
function personSearchConditions(s: Omit<PersonSearch, "after" | "descending" | "limit">): (SQL | undefined)[] {
  const where: (SQL | undefined)[] = [eq(persons.institutionId, s.institutionId), eq(persons.deleted, s.deleted)];
  const matches: SQL[] = [];
  if (s.words.length) {
    const haystack = sql`lower(${persons.firstName} || ' ' || ${persons.lastName} || ' ' || coalesce(${persons.srcSystemId}, ''))`;
    matches.push(and(...s.words.map((w) => sql`${haystack} like ${likeText(w)}`))!);
  }
  if (s.emailText) {
    matches.push(sql`exists (select 1 from ${personEmails} pe where pe.person_id = ${persons.id}
      and pe.institution_id = ${s.institutionId} and pe.email like ${likeText(s.emailText)})`);
  }
  if (s.phoneDigits) {
    matches.push(sql`exists (select 1 from ${personPhones} pp where pp.person_id = ${persons.id}
      and pp.institution_id = ${s.institutionId} and not pp.deleted and pp.number like ${likeText(s.phoneDigits)})`);
  }
  if (matches.length) where.push(sql`(${sql.join(matches, sql` or `)})`);
  if (s.roleCode) {
    where.push(sql`exists (select 1 from ${personRoles} pr join ${securityRoles} sr on sr.id = pr.role_id
      where pr.person_id = ${persons.id} and sr.institution_id = ${s.institutionId} and sr.code = ${s.roleCode})`);
  }
  if (s.kind) where.push(s.kind === "staff" ? hasStaffRole : sql`not ${hasStaffRole}`);
  if (s.optedOut) {
    where.push(sql`exists (select 1 from ${personPhones} pp where pp.person_id = ${persons.id}
      and pp.institution_id = ${s.institutionId} and not pp.deleted and pp.sms_status = 'SMS_DISABLED'
      and (select ph.reason from ${phoneHistory} ph where ph.phone_id = pp.id and ph.field = 'SMS_STATUS'
           order by ph.changed_at desc, ph.id desc limit 1) = 'OPT_OUT_KEYWORD')`);
  }
  if (s.smsStatus) {
    where.push(sql`exists (select 1 from ${personPhones} pp where pp.person_id = ${persons.id}
      and pp.institution_id = ${s.institutionId} and not pp.deleted and pp.sms_status = ${s.smsStatus}
      and ${notSystemPhone})`);
  }
  if (s.textable !== undefined) {
    // SPEC §4.5 a–b, as choose-recipient-phone.ts decides it: an SMS Enabled number, or an SMS
    // Default one of the Default SMS Phone Type when the person's audience default is Opted in.
    const textable = sql`exists (select 1 from ${personPhones} pp
      join ${smsSettings} ss on ss.institution_id = pp.institution_id
      where pp.person_id = ${persons.id} and pp.institution_id = ${s.institutionId} and not pp.deleted and ${notSystemPhone}
        and (pp.sms_status = 'SMS_ENABLED'
          or (pp.sms_status = 'SMS_DEFAULT' and pp.phone_type_id = ss.default_phone_type_id
              and (case when ${hasStaffRole} then ss.staff_default_status else ss.student_default_status end) = 'OPTED_IN')))`;
    where.push(s.textable ? textable : sql`not ${textable}`);
  }
  if (s.teamStaffPersonId) {
    where.push(sql`exists (select 1 from ${successTeamMembers} st where st.student_person_id = ${persons.id}
      and st.institution_id = ${s.institutionId} and st.staff_person_id = ${s.teamStaffPersonId})`);
  }
  return where;
}

const notSystemPhone = sql`pp.phone_type_src_system_id <> ${SYSTEM_PHONE_TYPE_SRC_ID} and coalesce(pp.src_system_id, '') not like ${`%${SYSTEM_PHONE_SRC_SUFFIX}`}`;

/** One keyset page of persons, scoped to the institution, in the order of persons_name_idx. */
export async function listPersonsPage(db: DbOrTx, s: PersonSearch) {
  const where = personSearchConditions(s);
  if (s.after) {
    const key = sql`(${persons.lastName}, ${persons.firstName}, ${persons.id})`;
    const cursor = sql`(${s.after.lastName}::text, ${s.after.firstName}::text, ${s.after.id}::uuid)`;
    where.push(s.descending ? sql`${key} < ${cursor}` : sql`${key} > ${cursor}`);
  }
  const dir = s.descending ? desc : asc;
  return db
    .select({
      id: persons.id,
      firstName: persons.firstName,
      lastName: persons.lastName,
      preferredName: persons.preferredName,
      srcSystemId: persons.srcSystemId,
      deleted: persons.deleted,
    })
    .from(persons)
    .where(and(...where))
    .orderBy(dir(persons.lastName), dir(persons.firstName), dir(persons.id))
    .limit(s.limit);
}

/** How many persons the search matches, counting no further than `cap`. */
export async function countMatchingPersons(db: DbOrTx, s: Omit<PersonSearch, "after" | "descending" | "limit">, cap: number): Promise<number> {
  const matches = db.select({ id: persons.id }).from(persons).where(and(...personSearchConditions(s))).limit(cap).as("matches");
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(matches);
  return Number(row.n);
}

/** Roles of the given persons (code order), for lists and profiles. */
export function listRolesOfPersons(db: DbOrTx, institutionId: string, personIds: string[]) {
  if (!personIds.length) return Promise.resolve([]);
  return db
    .select({ personId: personRoles.personId, code: securityRoles.code, name: securityRoles.name, kind: securityRoles.kind })
    .from(personRoles)
    .innerJoin(securityRoles, eq(securityRoles.id, personRoles.roleId))
    .where(and(eq(personRoles.institutionId, institutionId), inArray(personRoles.personId, personIds)))
    .orderBy(securityRoles.code);
}

/** Emails of the given persons, primary first. */
export function listEmailsOfPersons(db: DbOrTx, institutionId: string, personIds: string[]) {
  if (!personIds.length) return Promise.resolve([]);
  return db
    .select({ personId: personEmails.personId, email: personEmails.email, isPrimary: personEmails.isPrimary })
    .from(personEmails)
    .where(and(eq(personEmails.institutionId, institutionId), inArray(personEmails.personId, personIds)))
    .orderBy(desc(personEmails.isPrimary), personEmails.email);
}

/**
 * Phone records of the given persons with their type and verifier, deleted ones included.
 * Order: not deleted first, latest verified first, then oldest record — the first non-system
 * row is the "main phone" lists show (display only; choosing the number to text is SPEC §4.5).
 */
export function listPhonesOfPersons(db: DbOrTx, institutionId: string, personIds: string[]) {
  if (!personIds.length) return Promise.resolve([]);
  return db
    .select({
      id: personPhones.id,
      personId: personPhones.personId,
      typeName: phoneTypes.name,
      phoneTypeSrcSystemId: personPhones.phoneTypeSrcSystemId,
      number: personPhones.number,
      smsStatus: personPhones.smsStatus,
      verified: personPhones.verified,
      verifiedAt: personPhones.verifiedAt,
      verifiedByUserId: personPhones.verifiedByUserId,
      verifiedByName: users.displayName,
      srcSystemId: personPhones.srcSystemId,
      deleted: personPhones.deleted,
    })
    .from(personPhones)
    .innerJoin(phoneTypes, eq(phoneTypes.id, personPhones.phoneTypeId))
    .leftJoin(users, eq(users.id, personPhones.verifiedByUserId))
    .where(and(eq(personPhones.institutionId, institutionId), inArray(personPhones.personId, personIds)))
    .orderBy(
      asc(personPhones.deleted),
      sql`${personPhones.verifiedAt} desc nulls last`,
      asc(personPhones.createdAt),
      asc(personPhones.id),
    );
}

/** A person of the institution, or undefined (another institution's id reads as missing). */
export async function findPerson(db: DbOrTx, institutionId: string, personId: string, opts: { forUpdate?: boolean } = {}) {
  const query = db
    .select({
      id: persons.id,
      firstName: persons.firstName,
      lastName: persons.lastName,
      preferredName: persons.preferredName,
      srcSystemId: persons.srcSystemId,
      source: persons.source,
      timeZone: persons.timeZone,
      state: persons.state,
      deleted: persons.deleted,
      createdAt: persons.createdAt,
      updatedAt: persons.updatedAt,
    })
    .from(persons)
    .where(and(eq(persons.institutionId, institutionId), eq(persons.id, personId)));
  const [row] = opts.forUpdate ? await query.for("update") : await query;
  return row;
}

export type PersonValues = {
  firstName: string;
  lastName: string;
  preferredName: string | null;
  srcSystemId: string | null;
  timeZone: string | null;
  state: string | null;
  deleted: boolean;
};

export async function insertPerson(db: DbOrTx, institutionId: string, values: PersonValues & { source: "MANUAL" | "API"; now: Date }) {
  const { now, ...rest } = values;
  const [row] = await db
    .insert(persons)
    .values({ institutionId, ...rest, createdAt: now, updatedAt: now })
    .returning({ id: persons.id });
  return row.id;
}

export async function updatePersonFields(db: DbOrTx, institutionId: string, personId: string, values: Partial<PersonValues>, now: Date) {
  await db
    .update(persons)
    .set({ ...values, updatedAt: now })
    .where(and(eq(persons.institutionId, institutionId), eq(persons.id, personId)));
}

/** Replaces the person's emails; `emails` holds at most one primary (SPEC §4.6 mails the primary). */
export async function replacePersonEmails(db: DbOrTx, institutionId: string, personId: string, emails: { email: string; isPrimary: boolean }[]) {
  await db.delete(personEmails).where(and(eq(personEmails.institutionId, institutionId), eq(personEmails.personId, personId)));
  if (emails.length) await db.insert(personEmails).values(emails.map((e) => ({ institutionId, personId, ...e })));
}

export async function replacePersonRoles(db: DbOrTx, institutionId: string, personId: string, roleIds: string[]) {
  await db.delete(personRoles).where(and(eq(personRoles.institutionId, institutionId), eq(personRoles.personId, personId)));
  if (roleIds.length) await db.insert(personRoles).values(roleIds.map((roleId) => ({ institutionId, personId, roleId })));
}

/** Security roles of the institution with the given codes. */
export function findRolesByCodes(db: DbOrTx, institutionId: string, codes: string[]) {
  if (!codes.length) return Promise.resolve([]);
  return db
    .select({ id: securityRoles.id, code: securityRoles.code, kind: securityRoles.kind })
    .from(securityRoles)
    .where(and(eq(securityRoles.institutionId, institutionId), inArray(securityRoles.code, codes)));
}

/** Phone types of the institution with the given src_system_ids. */
export function findPhoneTypesBySrcIds(db: DbOrTx, institutionId: string, srcIds: string[]) {
  if (!srcIds.length) return Promise.resolve([]);
  return db
    .select({ id: phoneTypes.id, name: phoneTypes.name, srcSystemId: phoneTypes.srcSystemId })
    .from(phoneTypes)
    .where(and(eq(phoneTypes.institutionId, institutionId), inArray(phoneTypes.srcSystemId, srcIds)));
}

/** Phones of the institution already using the given src_system_ids (for conflict messages). */
export function findPhonesBySrcIds(db: DbOrTx, institutionId: string, srcIds: string[]) {
  if (!srcIds.length) return Promise.resolve([]);
  return db
    .select({ id: personPhones.id, srcSystemId: personPhones.srcSystemId })
    .from(personPhones)
    .where(and(eq(personPhones.institutionId, institutionId), inArray(personPhones.srcSystemId, srcIds)));
}

/** The person of the institution holding `srcSystemId`, if any. */
export async function findPersonIdBySrcSystemId(db: DbOrTx, institutionId: string, srcSystemId: string) {
  const [row] = await db
    .select({ id: persons.id })
    .from(persons)
    .where(and(eq(persons.institutionId, institutionId), eq(persons.srcSystemId, srcSystemId)));
  return row?.id;
}

export type NewPhoneValues = { phoneTypeId: string; phoneTypeSrcSystemId: string; number: string; srcSystemId: string | null };

/** New phone records start as SMS_DEFAULT, not verified (SPEC §2); the column defaults say so. */
export async function insertPersonPhones(db: DbOrTx, institutionId: string, personId: string, phones: NewPhoneValues[], now: Date) {
  if (!phones.length) return;
  await db
    .insert(personPhones)
    .values(phones.map((p) => ({ institutionId, personId, ...p, createdAt: now, updatedAt: now })));
}

export async function updatePersonPhone(
  db: DbOrTx,
  institutionId: string,
  phoneId: string,
  values: Partial<Pick<NewPhoneValues, "phoneTypeId" | "phoneTypeSrcSystemId" | "srcSystemId"> & { deleted: boolean }>,
  now: Date,
) {
  await db
    .update(personPhones)
    .set({ ...values, updatedAt: now })
    .where(and(eq(personPhones.institutionId, institutionId), eq(personPhones.id, phoneId)));
}

/**
 * The ids of every person the search matches (not deleted), up to `limit`, in the list's order:
 * a composer audience "everyone matching" resolved at send time (lib/messaging/send/resolve-audience.ts).
 */
export async function listMatchingPersonIds(db: DbOrTx, s: Omit<PersonSearch, "after" | "descending" | "limit" | "deleted">, limit: number): Promise<string[]> {
  const rows = await db
    .select({ id: persons.id })
    .from(persons)
    .where(and(...personSearchConditions({ ...s, deleted: false })))
    .orderBy(asc(persons.lastName), asc(persons.firstName), asc(persons.id))
    .limit(limit);
  return rows.map((r) => r.id);
}
