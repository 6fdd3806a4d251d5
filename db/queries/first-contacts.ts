import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { ts } from "./sql-values";

/**
 * SPEC §10 first contact: records these persons as texted by the institution and returns those
 * who were not recorded before — the ones whose text gets the first-contact footer. One
 * statement (`on conflict do nothing returning`), so of two sends at once only one adds the
 * footer for a person. Persons of another institution are never inserted.
 */
export async function claimFirstContacts(db: DbOrTx, p: { institutionId: string; personIds: readonly string[]; now: Date }): Promise<Set<string>> {
  if (p.personIds.length === 0) return new Set();
  const rows = await db.execute<{ person_id: string }>(sql`
    insert into first_contacts (institution_id, person_id, contacted_at)
    select ${p.institutionId}, pe.id, ${ts(p.now)}
    from persons pe
    where pe.institution_id = ${p.institutionId} and pe.id = any(${`{${p.personIds.join(",")}}`}::uuid[])
    on conflict (institution_id, person_id) do nothing
    returning person_id`);
  return new Set(rows.map((r) => r.person_id));
}
