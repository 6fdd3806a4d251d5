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
  /** With `mergeFields` (SPEC §10): the person's own fields. */
  firstName?: string | null;
  lastName?: string | null;
  preferredName?: string | null;
  srcSystemId?: string | null;
  state?: string | null;
  /** With `firstContact` (SPEC §10): the institution has texted this person, or they texted it. */
  contacted?: boolean;
};

export type DeliverySettings = {
  institutionName: string;
  /** SPEC §10: the footer of a person's first text from the institution, or null. */
  firstContactFooter: string | null;
  timeZone: string;
  smsMaxLength: number;
  defaultPhoneTypeId: string | null;
  studentDefaultStatus: SmsDefaultStatus;
  staffDefaultStatus: SmsDefaultStatus;
};

/** The institution's settings that the delivery decision reads (SPEC §3, §4). */
export async function loadDeliverySettings(db: DbOrTx, institutionId: string): Promise<DeliverySettings> {
  const [row] = await db.execute<{
    name: string;
    first_contact_footer: string | null;
    time_zone: string;
    sms_max_length: number | null;
    default_phone_type_id: string | null;
    student_default_status: SmsDefaultStatus | null;
    staff_default_status: SmsDefaultStatus | null;
  }>(sql`
    select i.name, s.first_contact_footer, i.time_zone, a.sms_max_length, s.default_phone_type_id, s.student_default_status, s.staff_default_status
    from institutions i
    left join app_settings a on a.institution_id = i.id
    left join sms_settings s on s.institution_id = i.id
    where i.id = ${institutionId}`);
  if (!row) throw new Error(`Unknown institution ${institutionId}`);
  return {
    institutionName: row.name,
    firstContactFooter: row.first_contact_footer,
    timeZone: row.time_zone,
    smsMaxLength: row.sms_max_length ?? 1000,
    defaultPhoneTypeId: row.default_phone_type_id,
    studentDefaultStatus: row.student_default_status ?? "OPTED_OUT",
    staffDefaultStatus: row.staff_default_status ?? "OPTED_OUT",
  };
}

/**
 * One recipient as `loadRecipients` ships it: [id, name, is staff, primary email], then with
 * `mergeFields` [first, last, preferred name, SIS id, state] and with `firstContact` [contacted].
 */
type PackedPerson = [string, string, boolean, string | null, ...unknown[]];
/** One current phone: [person id, id, number, sms status, verified at, phone type id, phone type src id, created at], times in epoch ms. */
type PackedPhone = [string, string, string, SmsStatus, number | null, string, string, number];

function unpackJson<T>(value: T[] | string | null | undefined): T[] {
  return typeof value === "string" ? (JSON.parse(value) as T[]) : (value ?? []);
}

/**
 * Everything the decision needs about many recipients, in one round trip whatever their
 * number: PostgreSQL packs the persons (audience, primary email) and their current phones into
 * two JSON arrays, which is far cheaper to ship and parse than a row per person and per phone.
 * Staff are found by a hash join on the institution's few staff roles, phones by one index scan.
 * Persons of another institution, deleted persons and unknown ids are simply absent from the
 * result. Times travel as epoch milliseconds (truncated, as a Date parsed from PostgreSQL's text is).
 */
export async function loadRecipients(
  db: DbOrTx,
  institutionId: string,
  ids: readonly string[],
  opts: { mergeFields?: boolean; firstContact?: boolean } = {},
): Promise<RecipientFacts[]> {
  if (ids.length === 0) return [];
  // SPEC §10: what merge fields read, and whether the person was ever texted by (or texted) the
  // institution — asked only when the body has fields or a footer is set, so a plain send reads
  // what it always did. "Texted" is a claimed first contact, an outbound text (messages_to_person_idx
  // covers channel and status), or an inbound text from them (messages_inbound_person_idx).
  const fields = opts.mergeFields ? sql`, p.first_name, p.last_name, p.preferred_name, p.src_system_id, p.state` : sql``;
  const contacted = opts.firstContact
    ? sql`, (exists (select 1 from first_contacts fc where fc.institution_id = ${institutionId} and fc.person_id = p.id)
        or exists (select 1 from messages m where m.institution_id = ${institutionId} and m.to_person_id = p.id
          and m.channel = 'SMS' and m.status not in ('refused', 'received'))
        or exists (select 1 from messages m where m.institution_id = ${institutionId} and m.from_person_id = p.id
          and m.direction = 'INBOUND' and m.channel = 'SMS'))`
    : sql``;
  const wanted = `{${ids.join(",")}}`;
  // Two statements, run side by side on two connections of the pool (one each when `db` is a
  // transaction): persons and phones are independent, and one statement runs on one core.
  const [[people], [phoneRows]] = await Promise.all([
    db.execute<{ persons: PackedPerson[] | string | null }>(sql`
      with wanted as (select unnest(${wanted}::uuid[]) as id),
      staff as (
        select distinct pr.person_id from person_roles pr join security_roles r on r.id = pr.role_id
        where r.institution_id = ${institutionId} and r.kind = 'STAFF'
      )
      select json_agg(json_build_array(
          p.id, coalesce(p.preferred_name, p.first_name) || ' ' || p.last_name, s.person_id is not null, e.email ${fields} ${contacted})) as persons
      from wanted w
      join persons p on p.id = w.id
      left join person_emails e on e.person_id = p.id and e.is_primary
      left join staff s on s.person_id = p.id
      where p.institution_id = ${institutionId} and not p.deleted`),
    db.execute<{ phones: PackedPhone[] | string | null }>(sql`
      select json_agg(json_build_array(
          ph.person_id, ph.id, ph.number, ph.sms_status, floor(extract(epoch from ph.verified_at) * 1000), ph.phone_type_id,
          ph.phone_type_src_system_id, floor(extract(epoch from ph.created_at) * 1000))) as phones
      from unnest(${wanted}::uuid[]) as w(id)
      join person_phones ph on ph.person_id = w.id
      where ph.institution_id = ${institutionId} and not ph.deleted`),
  ]);
  const byPerson = new Map<string, RecipientPhoneFacts[]>();
  for (const [personId, id, number, smsStatus, verifiedAt, phoneTypeId, phoneTypeSrcSystemId, createdAt] of unpackJson(phoneRows?.phones)) {
    const phone: RecipientPhoneFacts = {
      id,
      number,
      smsStatus,
      verifiedAt: verifiedAt === null ? null : new Date(verifiedAt),
      phoneTypeId,
      phoneTypeSrcSystemId,
      deleted: false,
      createdAt: new Date(createdAt),
    };
    const list = byPerson.get(personId);
    if (list) list.push(phone);
    else byPerson.set(personId, [phone]);
  }
  return unpackJson(people?.persons).map(([id, name, isStaff, primaryEmail, ...rest]) => {
    const facts: RecipientFacts = { id, name, audience: isStaff ? "STAFF" : "STUDENT", primaryEmail, phones: byPerson.get(id) ?? [] };
    if (opts.mergeFields) {
      const [firstName, lastName, preferredName, srcSystemId, state] = rest.splice(0, 5) as (string | null)[];
      Object.assign(facts, { firstName, lastName, preferredName, srcSystemId, state });
    }
    if (opts.firstContact) facts.contacted = rest[0] === true;
    return facts;
  });
}
