import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import type { SmsDefaultStatus, SmsStatus } from "@/db/schema/constants";

export type RecipientPhoneFacts = {
  id: string;
  number: string;
  smsStatus: SmsStatus;
  verifiedAt: Date | null;
  phoneTypeId: string;
  phoneTypeSrcSystemId: string;
  deleted: boolean;
  createdAt: Date;
};

export type RecipientFacts = {
  id: string;
  name: string;
  audience: "STAFF" | "STUDENT";
  primaryEmail: string | null;
  phones: RecipientPhoneFacts[];
};

export type DeliverySettings = {
  timeZone: string;
  smsMaxLength: number;
  defaultPhoneTypeId: string | null;
  studentDefaultStatus: SmsDefaultStatus;
  staffDefaultStatus: SmsDefaultStatus;
};

/** The institution's settings that the delivery decision reads (SPEC §3, §4). */
export async function loadDeliverySettings(db: DbOrTx, institutionId: string): Promise<DeliverySettings> {
  const [row] = await db.execute<{
    time_zone: string;
    sms_max_length: number | null;
    default_phone_type_id: string | null;
    student_default_status: SmsDefaultStatus | null;
    staff_default_status: SmsDefaultStatus | null;
  }>(sql`
    select i.time_zone, a.sms_max_length, s.default_phone_type_id, s.student_default_status, s.staff_default_status
    from institutions i
    left join app_settings a on a.institution_id = i.id
    left join sms_settings s on s.institution_id = i.id
    where i.id = ${institutionId}`);
  if (!row) throw new Error(`Unknown institution ${institutionId}`);
  return {
    timeZone: row.time_zone,
    smsMaxLength: row.sms_max_length ?? 1000,
    defaultPhoneTypeId: row.default_phone_type_id,
    studentDefaultStatus: row.student_default_status ?? "OPTED_OUT",
    staffDefaultStatus: row.staff_default_status ?? "OPTED_OUT",
  };
}

/**
 * Everything the decision needs about many recipients, in three set-based queries whatever
 * their number (persons with audience and primary email; phones). Persons of another
 * institution, deleted persons and unknown ids are simply absent from the result.
 */
export async function loadRecipients(db: DbOrTx, institutionId: string, ids: readonly string[]): Promise<RecipientFacts[]> {
  if (ids.length === 0) return [];
  const idArray = sql`${`{${ids.join(",")}}`}::uuid[]`;
  const persons = await db.execute<{ id: string; name: string; is_staff: boolean; primary_email: string | null }>(sql`
    select p.id,
      coalesce(p.preferred_name, p.first_name) || ' ' || p.last_name as name,
      exists (
        select 1 from person_roles pr join security_roles r on r.id = pr.role_id
        where pr.person_id = p.id and r.kind = 'STAFF'
      ) as is_staff,
      e.email as primary_email
    from persons p
    left join person_emails e on e.person_id = p.id and e.is_primary
    where p.institution_id = ${institutionId} and p.id = any(${idArray}) and not p.deleted`);
  const phones = await db.execute<{
    id: string;
    person_id: string;
    number: string;
    sms_status: SmsStatus;
    verified_at: Date | null;
    phone_type_id: string;
    phone_type_src_system_id: string;
    created_at: Date;
  }>(sql`
    select id, person_id, number, sms_status, verified_at, phone_type_id, phone_type_src_system_id, created_at
    from person_phones
    where institution_id = ${institutionId} and person_id = any(${idArray}) and not deleted`);

  const byPerson = new Map<string, RecipientPhoneFacts[]>();
  for (const p of phones) {
    const list = byPerson.get(p.person_id) ?? [];
    list.push({
      id: p.id,
      number: p.number,
      smsStatus: p.sms_status,
      verifiedAt: p.verified_at ? new Date(p.verified_at) : null,
      phoneTypeId: p.phone_type_id,
      phoneTypeSrcSystemId: p.phone_type_src_system_id,
      deleted: false,
      createdAt: new Date(p.created_at),
    });
    byPerson.set(p.person_id, list);
  }
  return persons.map((p) => ({
    id: p.id,
    name: p.name,
    audience: p.is_staff ? "STAFF" : "STUDENT",
    primaryEmail: p.primary_email,
    phones: byPerson.get(p.id) ?? [],
  }));
}
