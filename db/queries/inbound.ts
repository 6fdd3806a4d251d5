import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { SYSTEM_PHONE_TYPE_SRC_ID } from "@/db/schema/constants";
import { ts, uuidArray } from "@/db/queries/sql-values";

export type SystemNumberRoute = {
  systemNumberId: string;
  institutionId: string;
  /** The current holder (active assignment), or null when the number is in the pool unassigned. */
  holderPersonId: string | null;
  holderUserId: string | null;
};

export type InboundFacts = {
  /** Who a text to `to` reaches: the institution owning that system number and its current holder. */
  route: SystemNumberRoute;
  /**
   * Every person of the institution with a current (not deleted) phone record of the From
   * number, System numbers excepted; `deleted` tells whether the person is. Ordered by id.
   */
  holders: { personId: string; deleted: boolean }[];
  /** Whether any SMS, either way, has passed between the two numbers (SPEC §2: initiation vs reply). */
  smsBetween: boolean;
};

/**
 * What an inbound text to `to` from `from` is decided on (InboundFacts), in one round trip.
 * Null when no institution owns `to`.
 */
export async function loadInboundFacts(db: DbOrTx, params: { to: string; from: string }): Promise<InboundFacts | null> {
  const rows = await db.execute<{
    id: string;
    institution_id: string;
    person_id: string | null;
    user_id: string | null;
    holders: [string, boolean][] | string;
    sms_between: boolean;
  }>(sql`
    with r as (
      select n.id, n.institution_id, a.person_id, a.user_id
      from system_numbers n
      left join system_number_assignments a
        on a.system_number_id = n.id and a.institution_id = n.institution_id and a.released_at is null
      where n.number = ${params.to}
      limit 1
    )
    select r.*,
      (select coalesce(json_agg(json_build_array(h.person_id, h.deleted) order by h.person_id), '[]'::json) from (
        select distinct p.id as person_id, p.deleted
        from person_phones pp join persons p on p.id = pp.person_id and p.institution_id = pp.institution_id
        where pp.institution_id = r.institution_id and pp.number = ${params.from}
          and not pp.deleted and pp.phone_type_src_system_id <> ${SYSTEM_PHONE_TYPE_SRC_ID}) h) as holders,
      exists (
        select 1 from messages
        where institution_id = r.institution_id and channel = 'SMS'
          and ((from_address = ${params.to} and to_address = ${params.from}) or (from_address = ${params.from} and to_address = ${params.to}))
      ) as sms_between
    from r`);
  const r = rows[0];
  if (!r) return null;
  const holders: [string, boolean][] = typeof r.holders === "string" ? JSON.parse(r.holders) : r.holders;
  return {
    route: { systemNumberId: r.id, institutionId: r.institution_id, holderPersonId: r.person_id, holderUserId: r.user_id },
    holders: holders.map(([personId, deleted]) => ({ personId, deleted })),
    smsBetween: r.sms_between,
  };
}

/**
 * Ids of the current phone records, System numbers excepted, with `number` (optionally only
 * those at `smsStatus`), locked so a concurrent change waits for this transaction.
 */
export async function lockPhonesWithNumber(
  db: DbOrTx,
  params: { institutionId: string; number: string; smsStatus?: string },
): Promise<string[]> {
  const rows = await db.execute<{ id: string }>(sql`
    select id from person_phones
    where institution_id = ${params.institutionId} and number = ${params.number}
      and not deleted and phone_type_src_system_id <> ${SYSTEM_PHONE_TYPE_SRC_ID}
      ${params.smsStatus ? sql`and sms_status = ${params.smsStatus}` : sql``}
    order by id
    for update`);
  return rows.map((r) => r.id);
}

/** Ids of every current phone record of these persons, System numbers excepted. */
export async function currentPhoneIdsOfPersons(db: DbOrTx, params: { institutionId: string; personIds: readonly string[] }) {
  if (params.personIds.length === 0) return [];
  const rows = await db.execute<{ id: string }>(sql`
    select id from person_phones
    where institution_id = ${params.institutionId} and person_id = any(${uuidArray(params.personIds)})
      and not deleted and phone_type_src_system_id <> ${SYSTEM_PHONE_TYPE_SRC_ID}
    order by id`);
  return rows.map((r) => r.id);
}

export type InboundRow = {
  institutionId: string;
  systemNumberId: string;
  sid: string;
  fromNumber: string;
  /** `fromNumber` is not a phone number (kept as Twilio sent it). */
  fromNotPhoneNumber: boolean;
  toNumber: string;
  fromPersonId: string | null;
  toPersonId: string | null;
  body: string;
  segments: number | null;
  decisionDetail: string | null;
  /** The conversation, when known before the text is stored. */
  conversationId?: string | null;
  /** Its `received` event, recorded in the same statement (skipped if its key was recorded before). */
  event?: { eventKey: string; detail: Record<string, unknown> } | null;
  now: Date;
};

/**
 * Stores an inbound text once per Twilio sid (messages' unique provider id), with its event
 * when given, in one statement; null when it was stored before (and nothing is written).
 */
export async function insertInboundMessage(db: DbOrTx, row: InboundRow): Promise<number | null> {
  const event = row.event
    ? sql`, e as (
        insert into message_events (institution_id, message_id, status, source, event_key, detail, occurred_at)
        select institution_id, id, 'received', 'TWILIO', ${row.event.eventKey}, ${JSON.stringify(row.event.detail)}::jsonb, ${ts(row.now)} from m
        on conflict (event_key) where event_key is not null do nothing
      )`
    : sql``;
  const rows = await db.execute<{ id: number }>(sql`
    with m as (
      insert into messages (institution_id, channel, direction, status, from_person_id, to_person_id, from_address, to_address,
        system_number_id, body, provider_id, segments, decision_detail, conversation_id, from_not_phone_number, created_at, updated_at)
      values (${row.institutionId}, 'SMS', 'INBOUND', 'received', ${row.fromPersonId}, ${row.toPersonId}, ${row.fromNumber},
        ${row.toNumber}, ${row.systemNumberId}, ${row.body}, ${row.sid}, ${row.segments}, ${row.decisionDetail},
        ${row.conversationId ?? null}::uuid, ${row.fromNotPhoneNumber}, ${ts(row.now)}, ${ts(row.now)})
      on conflict (channel, provider_id) where provider_id is not null do nothing
      returning id, institution_id
    )${event}
    select id from m`);
  return rows[0] ? Number(rows[0].id) : null;
}

/** The SMS stored under a Twilio sid (which is unique among texts). */
export async function findMessageBySid(db: DbOrTx, sid: string) {
  const [r] = await db.execute<{ id: number; direction: string; to_person_id: string | null; decision_detail: string | null }>(sql`
    select id, direction, to_person_id, decision_detail from messages where channel = 'SMS' and provider_id = ${sid}`);
  return { id: Number(r.id), direction: r.direction, toPersonId: r.to_person_id, decisionDetail: r.decision_detail };
}

export async function setMessageConversation(db: DbOrTx, params: { institutionId: string; messageId: number; conversationId: string }) {
  await db.execute(sql`
    update messages set conversation_id = ${params.conversationId}
    where institution_id = ${params.institutionId} and id = ${params.messageId}`);
}

/**
 * The conversation on a system number with a number no single person holds (unknown, or
 * shared), created when missing. The schema keeps one such conversation per system number and
 * counterpart number; when the system number has changed hands since, the old holder's
 * conversation is detached from it (it keeps its messages and owner) and the new holder gets a
 * fresh one, so nobody reads texts that were sent to someone else.
 */
export async function upsertNumberConversation(
  db: DbOrTx,
  params: { institutionId: string; ownerPersonId: string | null; systemNumberId: string; counterpartNumber: string; now: Date },
): Promise<string> {
  await db.execute(sql`
    update conversations set system_number_id = null
    where institution_id = ${params.institutionId} and system_number_id = ${params.systemNumberId}
      and counterpart_number = ${params.counterpartNumber} and counterpart_person_id is null
      and owner_person_id is distinct from ${params.ownerPersonId}::uuid`);
  const rows = await db.execute<{ id: string }>(sql`
    insert into conversations (institution_id, owner_person_id, counterpart_number, system_number_id, last_message_at, created_at)
    values (${params.institutionId}, ${params.ownerPersonId}, ${params.counterpartNumber}, ${params.systemNumberId}, ${ts(params.now)}, ${ts(params.now)})
    on conflict (institution_id, system_number_id, counterpart_number) where counterpart_person_id is null
    do update set last_message_at = greatest(conversations.last_message_at, excluded.last_message_at)
    returning id`);
  return rows[0].id;
}

/** An inbound text with what its reply notification needs (lib/messaging/inbound/notify-reply.ts). */
export type ReplyToNotify = {
  id: number;
  institution_id: string;
  body: string;
  from_address: string;
  conversation_id: string | null;
  decision_detail: string | null;
  to_person_id: string | null;
  replier_name: string | null;
  user_email: string | null;
  user_name: string | null;
  user_disabled: boolean | null;
  subject: string | null;
  template: string | null;
};

/**
 * An inbound text by id, with the replier's name, the holder's user (the notification's
 * addressee) and the institution's reply template. The worker's job names only the message:
 * each join stays within the message's own institution.
 */
export async function findReplyToNotify(db: DbOrTx, messageId: number): Promise<ReplyToNotify | null> {
  const [row] = await db.execute<ReplyToNotify>(sql`
    select m.id, m.institution_id, m.body, m.from_address, m.conversation_id, m.decision_detail, m.to_person_id,
      case when fp.id is not null then coalesce(fp.preferred_name, fp.first_name) || ' ' || fp.last_name end as replier_name,
      u.email as user_email, u.display_name as user_name, u.disabled as user_disabled,
      s.reply_email_subject as subject, s.reply_email_body as template
    from messages m
    left join persons fp on fp.id = m.from_person_id and fp.institution_id = m.institution_id
    left join users u on u.person_id = m.to_person_id and u.institution_id = m.institution_id
    left join sms_settings s on s.institution_id = m.institution_id
    where m.id = ${messageId} and m.channel = 'SMS' and m.direction = 'INBOUND'`);
  return row ?? null;
}
