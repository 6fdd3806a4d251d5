import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";

/*
 * Test-only statements for templates, merge fields and first contact (SPEC §10): what a send
 * stored per message, and settings a test sets directly. Never imported by the app.
 */

export type StoredText = { toPersonId: string; channel: string; status: string; body: string; segments: number | null; templateId: string | null; reasonCode: string | null };

/** The messages of a send, by recipient. */
export async function storedTexts(db: DbOrTx, batchId: string): Promise<Map<string, StoredText>> {
  const rows = await db.execute<{ to_person_id: string; channel: string; status: string; body: string; segments: number | null; template_id: string | null; reason_code: string | null }>(sql`
    select to_person_id, channel, status, body, segments, template_id, reason_code from messages where batch_id = ${batchId} order by id`);
  return new Map(
    rows.map((r) => [
      r.to_person_id,
      { toPersonId: r.to_person_id, channel: r.channel, status: r.status, body: r.body, segments: r.segments, templateId: r.template_id, reasonCode: r.reason_code },
    ]),
  );
}

/** The send's own row: its body (the template as written) and template. */
export async function sendRow(db: DbOrTx, batchId: string) {
  const [row] = await db.execute<{ body: string; template_id: string | null }>(sql`select body, template_id from send_batches where id = ${batchId}`);
  return row ?? null;
}

/** How many sends and messages the institution has: a refused send must leave both unchanged. */
export async function countStored(db: DbOrTx, institutionId: string) {
  const [row] = await db.execute<{ sends: number; messages: number; outbox: number }>(sql`
    select (select count(*)::int from send_batches where institution_id = ${institutionId}) as sends,
      (select count(*)::int from messages where institution_id = ${institutionId}) as messages,
      (select count(*)::int from send_outbox where institution_id = ${institutionId}) as outbox`);
  return { sends: Number(row.sends), messages: Number(row.messages), outbox: Number(row.outbox) };
}

export async function setFirstContactFooter(db: DbOrTx, institutionId: string, footer: string | null) {
  await db.execute(sql`update sms_settings set first_contact_footer = ${footer} where institution_id = ${institutionId}`);
}

export async function setPreferredName(db: DbOrTx, personId: string, preferredName: string | null) {
  await db.execute(sql`update persons set preferred_name = ${preferredName} where id = ${personId}`);
}

/** The template changes recorded for one template, oldest first. */
export async function templateChanges(db: DbOrTx, templateId: string) {
  return db.execute<{ change: string; field: string | null; old_value: unknown; new_value: unknown; changed_by_user_id: string | null }>(sql`
    select change, field, old_value, new_value, changed_by_user_id from message_template_changes where template_id = ${templateId} order by id`);
}

/** An inbound text from a person (they texted the institution first: SPEC §10 makes a reply no first contact). */
export async function insertInboundText(db: DbOrTx, p: { institutionId: string; fromPersonId: string; fromAddress: string; at: Date }) {
  await db.execute(sql`
    insert into messages (institution_id, channel, direction, from_person_id, from_address, body, status, created_at, updated_at)
    values (${p.institutionId}, 'SMS', 'INBOUND', ${p.fromPersonId}, ${p.fromAddress}, 'Hi, a question', 'received', ${p.at.toISOString()}::timestamptz, ${p.at.toISOString()}::timestamptz)`);
}

/** Persons of a test's large send get a preferred name each (`P<n>`), every 4th none. */
export async function setPreferredNamesByTag(db: DbOrTx, p: { institutionId: string; tag: string }) {
  await db.execute(sql`
    update persons set preferred_name = case when split_part(src_system_id, '-', 2)::int % 4 = 0 then null else 'P' || split_part(src_system_id, '-', 2) end
    where institution_id = ${p.institutionId} and src_system_id like ${`${p.tag}-%`}`);
}
