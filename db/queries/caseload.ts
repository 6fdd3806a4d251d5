import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";

/** The current (not deleted) students whose success team includes `staffPersonId`: their caseload. */
export async function listCaseloadIds(db: DbOrTx, params: { institutionId: string; staffPersonId: string }): Promise<string[]> {
  const rows = await db.execute<{ id: string }>(sql`
    select distinct p.id, p.last_name, p.first_name
    from success_team_members t
    join persons p on p.id = t.student_person_id and p.institution_id = t.institution_id
    where t.institution_id = ${params.institutionId} and t.staff_person_id = ${params.staffPersonId} and not p.deleted
    order by p.last_name, p.first_name, p.id`);
  return rows.map((r) => r.id);
}
