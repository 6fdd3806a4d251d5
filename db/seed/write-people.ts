import { and, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import {
  credentials,
  personEmails,
  personPhones,
  personRoles,
  persons,
  phoneHistory,
  successTeamMembers,
  users,
} from "@/db/schema";
import type { EnsuredInstitution } from "./institution";
import type { InstitutionPlan } from "./plan";

const DAY_MS = 86_400_000;

export type SeededPeople = {
  /** Person id by src_system_id. */
  personIds: Map<string, string>;
  /** User id by sign-in email. */
  userIds: Map<string, string>;
};

/**
 * Writes the plan's persons with their emails, roles, sign-ins, phones and success teams.
 * Rows that exist (same natural key) are left alone; phone history is written only for
 * phones inserted now, so a second run adds nothing.
 */
export async function writePeople(
  db: DbOrTx,
  inst: EnsuredInstitution,
  plan: InstitutionPlan,
  opts: { now: Date; passwordHash: string },
): Promise<SeededPeople> {
  const institutionId = inst.id;
  await db
    .insert(persons)
    .values(
      plan.persons.map((p) => ({
        institutionId,
        firstName: p.firstName,
        lastName: p.lastName,
        preferredName: p.preferredName ?? null,
        srcSystemId: p.srcSystemId,
        source: "SIS",
        timeZone: p.timeZone ?? null,
        state: p.state ?? null,
      })),
    )
    .onConflictDoNothing();
  const personRows = await db
    .select({ id: persons.id, srcSystemId: persons.srcSystemId })
    .from(persons)
    .where(and(eq(persons.institutionId, institutionId), inArray(persons.srcSystemId, plan.persons.map((p) => p.srcSystemId))));
  const personIds = new Map(personRows.map((p) => [p.srcSystemId!, p.id]));
  const planned = plan.persons.map((p) => ({ ...p, id: personIds.get(p.srcSystemId)! }));

  const emails = planned.flatMap((p) => p.emails.map((email, i) => ({ institutionId, personId: p.id, email, isPrimary: i === 0 })));
  if (emails.length > 0) await db.insert(personEmails).values(emails).onConflictDoNothing();
  await db
    .insert(personRoles)
    .values(planned.flatMap((p) => p.roles.map((code) => ({ institutionId, personId: p.id, roleId: inst.roles[code].id }))))
    .onConflictDoNothing();

  const signIns = [
    ...planned.filter((p) => p.userEmail).map((p) => ({ email: p.userEmail!, displayName: `${p.firstName} ${p.lastName}`, personId: p.id, isOperator: false })),
    ...plan.operators.map((o) => ({ ...o, personId: null, isOperator: true })),
  ];
  await db.insert(users).values(signIns.map((u) => ({ ...u, institutionId }))).onConflictDoNothing();
  const userRows = await db
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(and(eq(users.institutionId, institutionId), inArray(users.email, signIns.map((u) => u.email))));
  const userIds = new Map(userRows.map((u) => [u.email, u.id]));
  await db
    .insert(credentials)
    .values(userRows.map((u) => ({ userId: u.id, institutionId, passwordHash: opts.passwordHash })))
    .onConflictDoNothing();

  const administratorId = userIds.get(plan.administratorEmail)!;
  const daysAgo = (days: number) => new Date(opts.now.getTime() - days * DAY_MS);
  const phones = planned.flatMap((p) =>
    p.phones.map((ph) => ({
      institutionId,
      personId: p.id,
      phoneTypeId: inst.phoneTypes[ph.type].id,
      phoneTypeSrcSystemId: inst.phoneTypes[ph.type].srcSystemId,
      number: ph.number,
      smsStatus: ph.smsStatus,
      verified: ph.verifiedDaysAgo !== undefined,
      verifiedAt: ph.verifiedDaysAgo === undefined ? null : daysAgo(ph.verifiedDaysAgo),
      verifiedByUserId: ph.verifiedDaysAgo === undefined ? null : administratorId,
      srcSystemId: ph.srcSystemId,
      deleted: ph.deleted ?? false,
    })),
  );
  const inserted = await db
    .insert(personPhones)
    .values(phones)
    .onConflictDoNothing()
    .returning({ id: personPhones.id, smsStatus: personPhones.smsStatus, verifiedAt: personPhones.verifiedAt });
  await writePhoneHistory(db, institutionId, administratorId, inserted, daysAgo(1));

  const team = planned.flatMap((p) =>
    (p.team ?? []).map((m) => ({ institutionId, studentPersonId: p.id, staffPersonId: personIds.get(m.staffSrcSystemId)!, teamRole: m.teamRole })),
  );
  if (team.length > 0) await db.insert(successTeamMembers).values(team).onConflictDoNothing();
  return { personIds, userIds };
}

/**
 * SPEC §2 keeps every change of SMS status and verified as history: the demo's verified
 * phones and non-default statuses are recorded as the administrator's manual edits.
 */
async function writePhoneHistory(
  db: DbOrTx,
  institutionId: string,
  administratorId: string,
  phones: { id: string; smsStatus: string; verifiedAt: Date | null }[],
  statusChangedAt: Date,
) {
  const rows = phones.flatMap((ph) => [
    ...(ph.verifiedAt
      ? [{ field: "VERIFIED", oldValue: "false", newValue: "true", phoneId: ph.id, changedAt: ph.verifiedAt }]
      : []),
    ...(ph.smsStatus !== "SMS_DEFAULT"
      ? [{ field: "SMS_STATUS", oldValue: "SMS_DEFAULT", newValue: ph.smsStatus, phoneId: ph.id, changedAt: statusChangedAt }]
      : []),
  ]);
  if (rows.length === 0) return;
  await db
    .insert(phoneHistory)
    .values(rows.map((h) => ({ ...h, institutionId, actorType: "USER", actorUserId: administratorId })));
}
