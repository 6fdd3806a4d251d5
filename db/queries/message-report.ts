import { sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { CHANNELS } from "@/db/schema/constants";
import { bigintArray } from "./sql-values";

/**
 * The Message Report's reads (SPEC §7). Every page is a keyset page in (created_at, id)
 * descending order, cut from one or more *branches*: disjoint conditions that each follow one
 * index in order and stop after `limit` rows, merged and cut again. A person filter that
 * matched several people, or a staff member's own messages (sent ∪ received), thus never sorts
 * more than `branches × limit` rows, however many messages there are.
 */

/** A position in the report: the exact created_at (as PostgreSQL prints it, microseconds kept) and id. */
export type ReportKey = { createdAt: string; id: number };

export type ReportSearch = {
  institutionId: string;
  /** Staff scope: only messages this person sent or received. Absent = every message. */
  participantPersonId?: string;
  fromPersonIds?: string[];
  /** The sender's number (E.164) or email address: one of these, exactly. */
  fromAddresses?: string[];
  toPersonIds?: string[];
  /** Destination number (E.164) or email address: one of these, exactly. */
  toAddresses?: string[];
  channel?: string;
  status?: string;
  reasonCode?: string;
  /** Calendar days (YYYY-MM-DD), inclusive, in `timeZone`. */
  dateFrom?: string;
  dateTo?: string;
  /** Only the messages of these sends (send_batches ids), fallback emails included. */
  batchIds?: string[];
  /** Only the messages sent from this template (SPEC §10; messages_report_template_idx). */
  templateId?: string;
  timeZone: string;
  /** Rows strictly after this key in the scan direction. */
  after?: ReportKey;
  /** Oldest first (used to page backwards); the report itself is newest first. */
  ascending: boolean;
  limit: number;
};

export type ReportRow = {
  id: number;
  createdKey: string;
  createdMs: number;
  channel: string;
  direction: string;
  status: string;
  reasonCode: string | null;
  errorCode: number | null;
  fromPersonId: string | null;
  fromName: string | null;
  fromAddress: string | null;
  /** An inbound text's From that is not a phone number (messages.from_not_phone_number). */
  fromNotPhoneNumber: boolean;
  toPersonId: string | null;
  toName: string | null;
  toAddress: string | null;
  body: string;
  heldUntil: string | Date | null;
  heldTimeZone: string | null;
  templateName: string | null;
};

function inUuids(column: SQL, ids: readonly string[]) {
  return ids.length === 1 ? sql`${column} = ${ids[0]}::uuid` : sql`${column} = any(${`{${ids.join(",")}}`}::uuid[])`;
}

function inTexts(column: SQL, values: readonly string[]) {
  return values.length === 1 ? sql`${column} = ${values[0]}` : sql`${column} = any(${sql.join(values.map((v) => sql`${v}`), sql`, `)})`;
}

/** The address list the branches split on (one branch per address), when no person filter splits them. */
function splitAddresses(s: ReportSearch): "from" | "to" | null {
  if (s.participantPersonId || s.fromPersonIds?.length || s.toPersonIds?.length) return null;
  if ((s.fromAddresses?.length ?? 0) > 1) return "from";
  if ((s.toAddresses?.length ?? 0) > 1) return "to";
  return null;
}

/** Conditions every branch shares: the institution, the exact-value filters, the dates and the keyset. */
function sharedConditions(s: ReportSearch): SQL[] {
  const where: SQL[] = [sql`m.institution_id = ${s.institutionId}::uuid`];
  const split = splitAddresses(s);
  if (s.fromAddresses?.length && split !== "from") where.push(inTexts(sql`m.from_address`, s.fromAddresses));
  if (s.toAddresses?.length && split !== "to") where.push(inTexts(sql`m.to_address`, s.toAddresses));
  if (s.channel) where.push(sql`m.channel = ${s.channel}`);
  if (s.status) where.push(sql`m.status = ${s.status}`);
  if (s.reasonCode) where.push(sql`m.reason_code = ${s.reasonCode}`);
  if (s.batchIds?.length) where.push(inUuids(sql`m.batch_id`, s.batchIds));
  if (s.templateId) where.push(sql`m.template_id = ${s.templateId}::uuid`);
  if (s.dateFrom) where.push(sql`m.created_at >= (${s.dateFrom}::date)::timestamp at time zone ${s.timeZone}`);
  if (s.dateTo) where.push(sql`m.created_at < (${s.dateTo}::date + 1)::timestamp at time zone ${s.timeZone}`);
  if (s.after) {
    const cursor = sql`(${s.after.createdAt}::timestamptz, ${s.after.id}::bigint)`;
    where.push(s.ascending ? sql`(m.created_at, m.id) > ${cursor}` : sql`(m.created_at, m.id) < ${cursor}`);
  }
  return where;
}

/**
 * The disjoint branches: the staff scope splits into "sent by me" and "sent to me (not by me)";
 * otherwise one branch per From person, else per To person, else per From address, else per To
 * address (a search by part of a number matched several, each walking its address index in
 * order), else a single branch. Filters on
 * the dimension that is not split stay plain conditions. A status or reason filter without a
 * channel is split per channel too, so each branch walks messages_report_status_idx or
 * messages_report_reason_idx (channel first) in order — PostgreSQL 15 has no skip scan, and a
 * combination that matches little (EMAIL + received) must not walk every text.
 */
function branchConditions(s: ReportSearch): SQL[] {
  const people = personBranches(s);
  if (s.channel || (!s.status && !s.reasonCode)) return people;
  return people.flatMap((branch) => CHANNELS.map((channel) => sql`${branch} and m.channel = ${channel}`));
}

function personBranches(s: ReportSearch): SQL[] {
  const me = s.participantPersonId;
  const fromIn = s.fromPersonIds?.length ? inUuids(sql`m.from_person_id`, s.fromPersonIds) : undefined;
  const toIn = s.toPersonIds?.length ? inUuids(sql`m.to_person_id`, s.toPersonIds) : undefined;
  const both = (...parts: (SQL | undefined)[]) => sql.join(parts.filter((p): p is SQL => p !== undefined), sql` and `);
  if (me) {
    return [
      both(sql`m.from_person_id = ${me}::uuid`, fromIn, toIn),
      both(sql`m.to_person_id = ${me}::uuid`, sql`m.from_person_id is distinct from ${me}::uuid`, fromIn, toIn),
    ];
  }
  if (s.fromPersonIds?.length) return s.fromPersonIds.map((id) => both(sql`m.from_person_id = ${id}::uuid`, toIn));
  if (s.toPersonIds?.length) return s.toPersonIds.map((id) => sql`m.to_person_id = ${id}::uuid`);
  const split = splitAddresses(s);
  if (split === "from") return s.fromAddresses!.map((a) => sql`m.from_address = ${a}`);
  if (split === "to") return s.toAddresses!.map((a) => sql`m.to_address = ${a}`);
  return [sql`true`];
}

/** The SQL of one report page (exposed so the benchmark can EXPLAIN exactly what the app runs). */
export function messageReportPageSql(s: ReportSearch): SQL {
  const dir = s.ascending ? sql.raw("asc") : sql.raw("desc");
  const shared = sql.join(sharedConditions(s), sql` and `);
  const branches = branchConditions(s).map(
    (branch) => sql`(select m.id, m.created_at from messages m where ${shared} and ${branch}
      order by m.created_at ${dir}, m.id ${dir} limit ${s.limit})`,
  );
  const keys = branches.length === 1 ? branches[0] : sql.join(branches, sql` union all `);
  return sql`
    select m.id, m.created_at::text as "createdKey", (extract(epoch from m.created_at) * 1000)::float8 as "createdMs",
      m.channel, m.direction, m.status, m.reason_code as "reasonCode", m.error_code as "errorCode",
      m.from_person_id as "fromPersonId", m.from_address as "fromAddress", m.from_not_phone_number as "fromNotPhoneNumber", m.to_person_id as "toPersonId", m.to_address as "toAddress",
      coalesce(fp.preferred_name, fp.first_name) || ' ' || fp.last_name as "fromName",
      coalesce(tp.preferred_name, tp.first_name) || ' ' || tp.last_name as "toName",
      m.body, m.held_until as "heldUntil", m.held_time_zone as "heldTimeZone", t.name as "templateName"
    from (select k.id, k.created_at from (${keys}) k order by k.created_at ${dir}, k.id ${dir} limit ${s.limit}) k
    join messages m on m.id = k.id
    left join message_templates t on t.id = m.template_id and t.institution_id = m.institution_id
    left join persons fp on fp.id = m.from_person_id
    left join persons tp on tp.id = m.to_person_id
    order by k.created_at ${dir}, k.id ${dir}`;
}

/** One keyset page of the report (in the scan direction), scoped to the institution. */
export async function listMessageReportRows(db: DbOrTx, s: ReportSearch): Promise<ReportRow[]> {
  const rows = await db.execute<ReportRow>(messageReportPageSql(s));
  return rows.map((r) => ({ ...r, id: Number(r.id), createdMs: Number(r.createdMs) }));
}

export type ReportEvent = {
  messageId: number;
  status: string;
  errorCode: number | null;
  reasonCode: string | null;
  source: string;
  occurredMs: number;
};

/** The status history of the given messages of the institution, oldest first per message. */
export async function listReportEvents(db: DbOrTx, institutionId: string, messageIds: readonly number[]): Promise<ReportEvent[]> {
  if (messageIds.length === 0) return [];
  const rows = await db.execute<ReportEvent>(sql`
    select e.message_id as "messageId", e.status, e.error_code as "errorCode", e.reason_code as "reasonCode", e.source,
      (extract(epoch from e.occurred_at) * 1000)::float8 as "occurredMs"
    from message_events e
    where e.message_id = any(${bigintArray(messageIds)}) and e.institution_id = ${institutionId}::uuid
    order by e.message_id, e.id`);
  return rows.map((r) => ({ ...r, messageId: Number(r.messageId), occurredMs: Number(r.occurredMs) }));
}

/**
 * People of the institution whose name contains every word (case-insensitive), or whose
 * src_system_id is the text: how the report's From and To filters find a person by name.
 * At most `limit` ids.
 */
export async function findPersonIdsByName(db: DbOrTx, institutionId: string, words: readonly string[], limit: number): Promise<string[]> {
  if (words.length === 0) return [];
  const name = sql`lower(coalesce(p.preferred_name, '') || ' ' || p.first_name || ' ' || p.last_name)`;
  const like = (w: string) => `%${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = await db.execute<{ id: string }>(sql`
    select p.id from persons p
    where p.institution_id = ${institutionId}::uuid
      and ((${sql.join(words.map((w) => sql`${name} like ${like(w)}`), sql` and `)}) or lower(p.src_system_id) = ${words.join(" ")})
    order by p.last_name, p.first_name, p.id
    limit ${limit}`);
  return rows.map((r) => r.id);
}

/**
 * The numbers and email addresses of the institution's directory (people's phones and emails,
 * the pool's numbers) containing `fragment` (digits for a number, lower-case text for an
 * address): how the report's From and Destination find "part of a number or address". The
 * directory is small and trigram-indexed (person_phones_number_trgm_idx,
 * person_emails_email_trgm_idx); messages then follow their address indexes. At most `limit`.
 */
export async function findAddressesContaining(db: DbOrTx, institutionId: string, fragment: { digits: string } | { text: string }, limit: number): Promise<string[]> {
  const escape = (v: string) => `%${v.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const query =
    "digits" in fragment
      ? sql`select number as address from person_phones where institution_id = ${institutionId}::uuid and not deleted and number like ${escape(fragment.digits)}
          union select number from system_numbers where institution_id = ${institutionId}::uuid and number like ${escape(fragment.digits)}`
      : sql`select email as address from person_emails where institution_id = ${institutionId}::uuid and email like ${escape(fragment.text)}`;
  const rows = await db.execute<{ address: string }>(sql`select address from (${query}) a order by address limit ${limit}`);
  return rows.map((r) => r.address);
}
