import { and, asc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { persons, successTeamMembers } from "@/db/schema";

/** The staff on a student's success team (current persons only), by last and first name. */
export function listSuccessTeamOfStudent(db: DbOrTx, params: { institutionId: string; studentPersonId: string }) {
  return db
    .select({
      personId: persons.id,
      firstName: persons.firstName,
      lastName: persons.lastName,
      preferredName: persons.preferredName,
      teamRole: successTeamMembers.teamRole,
    })
    .from(successTeamMembers)
    .innerJoin(persons, and(eq(persons.id, successTeamMembers.staffPersonId), eq(persons.institutionId, params.institutionId)))
    .where(
      and(
        eq(successTeamMembers.institutionId, params.institutionId),
        eq(successTeamMembers.studentPersonId, params.studentPersonId),
        eq(persons.deleted, false),
      ),
    )
    .orderBy(asc(persons.lastName), asc(persons.firstName), asc(persons.id));
}

/** The staff who have a success team (at least one student), by name: the People list's team filter. */
export function listSuccessTeamLeads(db: DbOrTx, institutionId: string) {
  return db
    .selectDistinct({ personId: persons.id, firstName: persons.firstName, lastName: persons.lastName, preferredName: persons.preferredName })
    .from(successTeamMembers)
    .innerJoin(persons, and(eq(persons.id, successTeamMembers.staffPersonId), eq(persons.institutionId, institutionId)))
    .where(and(eq(successTeamMembers.institutionId, institutionId), eq(persons.deleted, false)))
    .orderBy(asc(persons.lastName), asc(persons.firstName), asc(persons.id));
}
