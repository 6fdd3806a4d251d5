import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { SYSTEM_PHONE_TYPE_SRC_ID } from "@/db/schema/constants";

function likeText(text: string) {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export type HandsetPhone = { personId: string; name: string; number: string; typeName: string; smsStatus: string };

/**
 * The institution's current phone records (System numbers excepted) whose person's name has
 * every word, or whose number has the digits — the handset simulator's "choose a phone".
 */
export async function searchHandsetPhones(
  db: DbOrTx,
  params: { institutionId: string; words: string[]; digits?: string; limit: number },
): Promise<HandsetPhone[]> {
  const haystack = sql`lower(p.first_name || ' ' || coalesce(p.preferred_name, '') || ' ' || p.last_name)`;
  const byName = params.words.length ? sql.join(params.words.map((w) => sql`${haystack} like ${likeText(w)}`), sql` and `) : null;
  const byDigits = params.digits ? sql`pp.number like ${likeText(params.digits)}` : null;
  const match = byName && byDigits ? sql`((${byName}) or ${byDigits})` : (byName ?? byDigits ?? sql`true`);
  const rows = await db.execute<{ person_id: string; name: string; number: string; type_name: string; sms_status: string }>(sql`
    select p.id as person_id, coalesce(p.preferred_name, p.first_name) || ' ' || p.last_name as name, pp.number, t.name as type_name, pp.sms_status
    from person_phones pp
    join persons p on p.id = pp.person_id and p.institution_id = pp.institution_id
    join phone_types t on t.id = pp.phone_type_id
    where pp.institution_id = ${params.institutionId} and not pp.deleted and not p.deleted
      and pp.phone_type_src_system_id <> ${SYSTEM_PHONE_TYPE_SRC_ID} and ${match}
    order by p.last_name, p.first_name, p.id, pp.number
    limit ${params.limit}`);
  return rows.map((r) => ({ personId: r.person_id, name: r.name, number: r.number, typeName: r.type_name, smsStatus: r.sms_status }));
}

export type InstitutionSystemNumber = { number: string; holderName: string | null };

/** The institution's active system numbers and who holds each now. */
export async function listSystemNumbersWithHolders(db: DbOrTx, institutionId: string): Promise<InstitutionSystemNumber[]> {
  const rows = await db.execute<{ number: string; holder_name: string | null }>(sql`
    select n.number, case when p.id is not null then coalesce(p.preferred_name, p.first_name) || ' ' || p.last_name end as holder_name
    from system_numbers n
    left join system_number_assignments a on a.system_number_id = n.id and a.institution_id = n.institution_id and a.released_at is null
    left join persons p on p.id = a.person_id and p.institution_id = n.institution_id
    where n.institution_id = ${institutionId} and n.status = 'ACTIVE'
    order by (p.id is null), n.number`);
  return rows.map((r) => ({ number: r.number, holderName: r.holder_name }));
}
