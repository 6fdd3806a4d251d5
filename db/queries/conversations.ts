import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { ts } from "@/db/queries/sql-values";

type ConversationParams = {
  institutionId: string;
  ownerPersonId: string;
  systemNumberId: string;
  counterparts: { personId: string; number: string | null }[];
  now: Date;
};

function counterpartArrays(counterparts: ConversationParams["counterparts"]) {
  return {
    persons: `{${counterparts.map((c) => c.personId).join(",")}}`,
    numbers: `{${counterparts.map((c) => (c.number ? `"${c.number}"` : "NULL")).join(",")}}`,
  };
}

/**
 * The conversation between a staff member (holder of a system number) and each counterpart
 * person, created when missing, in one statement whatever their number: counterparts that
 * already have one are skipped by an anti-join, so a repeated bulk send neither writes nor
 * locks anything, and existing rows are not rewritten (a bulk send must not update thousands of
 * rows; lists order conversations by their latest message). A concurrent writer creating the
 * same conversation wins harmlessly (ON CONFLICT DO NOTHING), at the cost of a second round
 * trip to read its row. Returns counterpart person id → conversation id.
 */
export async function ensureConversations(db: DbOrTx, params: ConversationParams): Promise<Map<string, string>> {
  if (params.counterparts.length === 0) return new Map();
  const { persons, numbers } = counterpartArrays(params.counterparts);
  const mine = sql`c.institution_id = ${params.institutionId} and c.owner_person_id = ${params.ownerPersonId}`;
  const rows = await db.execute<{ id: string; counterpart_person_id: string }>(sql`
    with existing as (
      select c.id, c.counterpart_person_id from conversations c
      where ${mine} and c.counterpart_person_id = any(${persons}::uuid[])
    ), created as (
      insert into conversations (institution_id, owner_person_id, counterpart_person_id, counterpart_number, system_number_id, last_message_at, created_at)
      select ${params.institutionId}, ${params.ownerPersonId}, x.person_id, x.number, ${params.systemNumberId}, ${ts(params.now)}, ${ts(params.now)}
      from unnest(${persons}::uuid[], ${numbers}::text[]) as x(person_id, number)
      where not exists (select 1 from existing e where e.counterpart_person_id = x.person_id)
      on conflict (institution_id, owner_person_id, counterpart_person_id) where counterpart_person_id is not null
      do nothing
      returning id, counterpart_person_id
    )
    select id, counterpart_person_id from existing
    union all
    select id, counterpart_person_id from created`);
  const found = new Map(rows.map((r) => [r.counterpart_person_id, r.id]));
  if (params.counterparts.every((c) => found.has(c.personId))) return found;
  // Created by a concurrent writer after this statement's snapshot: visible to a new statement.
  const again = await db.execute<{ id: string; counterpart_person_id: string }>(sql`
    select c.id, c.counterpart_person_id from conversations c
    where ${mine} and c.counterpart_person_id = any(${persons}::uuid[])`);
  return new Map(again.map((r) => [r.counterpart_person_id, r.id]));
}

/**
 * `ensureConversations` for a single counterpart — an inbound text's — in a statement without
 * arrays, so that it is prepared once per connection like the webhook's other statements
 * (db/index.ts prepares only array-free ones). Same rules: an existing conversation is returned
 * unchanged, a missing one created, and one a concurrent writer created after this statement's
 * snapshot is read by a second statement.
 */
export async function ensureConversation(
  db: DbOrTx,
  params: Omit<ConversationParams, "counterparts"> & { counterpart: { personId: string; number: string | null } },
): Promise<string> {
  const { counterpart } = params;
  const mine = sql`c.institution_id = ${params.institutionId} and c.owner_person_id = ${params.ownerPersonId}
    and c.counterpart_person_id = ${counterpart.personId}::uuid`;
  const rows = await db.execute<{ id: string }>(sql`
    with existing as (
      select c.id from conversations c where ${mine}
    ), created as (
      insert into conversations (institution_id, owner_person_id, counterpart_person_id, counterpart_number, system_number_id, last_message_at, created_at)
      select ${params.institutionId}, ${params.ownerPersonId}, ${counterpart.personId}::uuid, ${counterpart.number}::text, ${params.systemNumberId},
        ${ts(params.now)}, ${ts(params.now)}
      where not exists (select 1 from existing)
      on conflict (institution_id, owner_person_id, counterpart_person_id) where counterpart_person_id is not null
      do nothing
      returning id
    )
    select id from existing
    union all
    select id from created`);
  if (rows[0]) return rows[0].id;
  const [again] = await db.execute<{ id: string }>(sql`select c.id from conversations c where ${mine}`);
  return again.id;
}

export type ConversationRow = {
  id: string;
  ownerPersonId: string | null;
  ownerName: string | null;
  counterpartPersonId: string | null;
  counterpartName: string | null;
  counterpartNumber: string | null;
  systemNumber: string | null;
  ownerLastReadAt: Date | null;
};

/**
 * The conversation list's keyset: its latest message's time — as PostgreSQL's text, to the
 * microsecond, which a Date would round — then the conversation id.
 */
export type ConversationKey = { latestAt: string; id: string };

export type ConversationListRow = ConversationRow & {
  latestAt: Date;
  key: ConversationKey;
  latest: { direction: "INBOUND" | "OUTBOUND"; channel: "SMS" | "EMAIL"; body: string; status: string };
  /** Inbound messages after the owner last read the conversation. */
  unread: number;
};

const personName = (alias: string) =>
  sql.raw(`case when ${alias}.id is not null then coalesce(${alias}.preferred_name, ${alias}.first_name) || ' ' || ${alias}.last_name end`);

type RawConversation = {
  id: string;
  owner_person_id: string | null;
  owner_name: string | null;
  counterpart_person_id: string | null;
  counterpart_name: string | null;
  counterpart_number: string | null;
  system_number: string | null;
  owner_last_read_at: string | Date | null;
};

function toConversationRow(r: RawConversation): ConversationRow {
  return {
    id: r.id,
    ownerPersonId: r.owner_person_id,
    ownerName: r.owner_name,
    counterpartPersonId: r.counterpart_person_id,
    counterpartName: r.counterpart_name,
    counterpartNumber: r.counterpart_number,
    systemNumber: r.system_number,
    ownerLastReadAt: r.owner_last_read_at === null ? null : new Date(r.owner_last_read_at),
  };
}

/**
 * An inbox search: lower-cased words that must all appear in the counterpart's name, digits
 * found in their number (the conversation's or any of their phones), or the whole text found in
 * any message of the conversation.
 */
export type ConversationSearch = { words: string[]; text: string; digits?: string };

const likeText = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function conversationSearchCondition(s: ConversationSearch) {
  const name = sql`lower(coalesce(cp.preferred_name, '') || ' ' || cp.first_name || ' ' || cp.last_name)`;
  const parts = [
    sql`exists (select 1 from messages s where s.conversation_id = c.id and s.institution_id = c.institution_id
      and s.body ilike ${likeText(s.text)})`,
  ];
  if (s.words.length) parts.push(sql`(cp.id is not null and ${sql.join(s.words.map((w) => sql`${name} like ${likeText(w)}`), sql` and `)})`);
  if (s.digits) {
    parts.push(sql`c.counterpart_number like ${likeText(s.digits)}`);
    parts.push(sql`exists (select 1 from person_phones pp where pp.person_id = c.counterpart_person_id and pp.institution_id = c.institution_id
      and not pp.deleted and pp.number like ${likeText(s.digits)})`);
  }
  return sql`(${sql.join(parts, sql` or `)})`;
}

/** The owner has not read an inbound message of conversation `c`. */
const hasUnread = sql`exists (select 1 from messages u
  where u.conversation_id = c.id and u.institution_id = c.institution_id and u.direction = 'INBOUND'
    and u.created_at > coalesce(c.owner_last_read_at, '-infinity'::timestamptz))`;

/**
 * How many of a staff member's conversations have inbound messages they have not read: the
 * badge on the navigation's Messages link. Walks only the conversations with an inbound message
 * after their last read (messages_conversation_idx), so a bulk sender's thousands of silent
 * conversations cost an index probe each, not a scan of their messages.
 */
export async function countUnreadConversations(db: DbOrTx, params: { institutionId: string; ownerPersonId: string }): Promise<number> {
  const [r] = await db.execute<{ n: number }>(sql`
    select count(*)::int as n from conversations c
    where c.institution_id = ${params.institutionId} and c.owner_person_id = ${params.ownerPersonId} and ${hasUnread}`);
  return Number(r.n);
}

/**
 * One keyset page of conversations, latest message first (nearest first when paging back): those a staff member owns
 * (`ownerPersonId`), or — for administrators — the unmatched ones of the institution (`unmatched`:
 * a text to a number nobody held, or from a number no single person holds). Each row carries
 * its latest message and the owner's unread count (inbound messages after `owner_last_read_at`).
 * Conversations are not rewritten on every send, so the order comes from the messages
 * themselves (messages_conversation_idx), never from `last_message_at`.
 */
export async function listConversationsPage(
  db: DbOrTx,
  params: {
    institutionId: string;
    scope: { ownerPersonId: string } | { unmatched: true };
    /** Only conversations matching this search (see `conversationSearchCondition`). */
    search?: ConversationSearch;
    /** Only conversations with inbound messages the owner has not read. */
    unreadOnly?: boolean;
    /** Rows strictly older than `key` (or newer, with `newer`, returned nearest first). */
    from?: { key: ConversationKey; newer: boolean };
    limit: number;
  },
): Promise<ConversationListRow[]> {
  const owned =
    "ownerPersonId" in params.scope
      ? sql`c.owner_person_id = ${params.scope.ownerPersonId}`
      : sql`(c.owner_person_id is null or c.counterpart_person_id is null)`;
  const filters = [owned];
  if (params.search) filters.push(conversationSearchCondition(params.search));
  if (params.unreadOnly) filters.push(hasUnread);
  const scope = sql.join(filters, sql` and `);
  const newer = params.from?.newer ?? false;
  const key = params.from ? sql`(${params.from.key.latestAt}::timestamptz, ${params.from.key.id}::uuid)` : null;
  const after = key ? (newer ? sql`and (lm.created_at, c.id) > ${key}` : sql`and (lm.created_at, c.id) < ${key}`) : sql``;
  const order = newer ? sql`lm.created_at asc, c.id asc` : sql`lm.created_at desc, c.id desc`;
  const rows = await db.execute<
    RawConversation & { latest_at: string | Date; latest_key: string; direction: string; channel: string; body: string; status: string; unread: number }
  >(sql`
    select c.id, c.owner_person_id, ${personName("op")} as owner_name, c.counterpart_person_id, ${personName("cp")} as counterpart_name,
      c.counterpart_number, n.number as system_number, c.owner_last_read_at,
      lm.created_at as latest_at, to_char(lm.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as latest_key, lm.direction, lm.channel, lm.body, lm.status,
      (select count(*)::int from messages u
        where u.conversation_id = c.id and u.institution_id = c.institution_id and u.direction = 'INBOUND'
          and u.created_at > coalesce(c.owner_last_read_at, '-infinity'::timestamptz)) as unread
    from conversations c
    join lateral (
      select m.created_at, m.direction, m.channel, m.body, m.status from messages m
      where m.conversation_id = c.id and m.institution_id = c.institution_id
      order by m.created_at desc, m.id desc limit 1
    ) lm on true
    left join persons cp on cp.id = c.counterpart_person_id and cp.institution_id = c.institution_id
    left join persons op on op.id = c.owner_person_id and op.institution_id = c.institution_id
    left join system_numbers n on n.id = c.system_number_id and n.institution_id = c.institution_id
    where c.institution_id = ${params.institutionId} and ${scope} ${after}
    order by ${order}
    limit ${params.limit}`);
  return rows.map((r) => ({
    ...toConversationRow(r),
    latestAt: new Date(r.latest_at),
    key: { latestAt: r.latest_key, id: r.id },
    latest: {
      direction: r.direction as "INBOUND" | "OUTBOUND",
      channel: r.channel as "SMS" | "EMAIL",
      body: r.body,
      status: r.status,
    },
    unread: Number(r.unread),
  }));
}

/** One conversation of the institution (null for another institution's id). */
export async function findConversation(db: DbOrTx, params: { institutionId: string; conversationId: string }): Promise<ConversationRow | null> {
  const [r] = await db.execute<RawConversation>(sql`
    select c.id, c.owner_person_id, ${personName("op")} as owner_name, c.counterpart_person_id, ${personName("cp")} as counterpart_name,
      c.counterpart_number, n.number as system_number, c.owner_last_read_at
    from conversations c
    left join persons cp on cp.id = c.counterpart_person_id and cp.institution_id = c.institution_id
    left join persons op on op.id = c.owner_person_id and op.institution_id = c.institution_id
    left join system_numbers n on n.id = c.system_number_id and n.institution_id = c.institution_id
    where c.institution_id = ${params.institutionId} and c.id = ${params.conversationId}`);
  return r ? toConversationRow(r) : null;
}

/** The owner's conversation with a person, if they have one. */
export async function findPersonConversationId(
  db: DbOrTx,
  params: { institutionId: string; ownerPersonId: string; counterpartPersonId: string },
): Promise<string | null> {
  const [r] = await db.execute<{ id: string }>(sql`
    select id from conversations
    where institution_id = ${params.institutionId} and owner_person_id = ${params.ownerPersonId}
      and counterpart_person_id = ${params.counterpartPersonId}`);
  return r?.id ?? null;
}

export type ThreadMessage = {
  id: number;
  direction: "INBOUND" | "OUTBOUND";
  channel: "SMS" | "EMAIL";
  status: string;
  body: string;
  fromAddress: string | null;
  toAddress: string | null;
  reasonCode: string | null;
  errorCode: number | null;
  decisionDetail: string | null;
  fallbackForMessageId: number | null;
  /** Held for quiet hours until then, in the recipient's zone (SPEC §9). */
  heldUntil: Date | null;
  heldTimeZone: string | null;
  createdAt: Date;
};

/** The latest `limit` messages of a conversation (ids below `beforeId` when given), oldest first. */
export async function listThreadMessages(
  db: DbOrTx,
  params: { institutionId: string; conversationId: string; beforeId?: number; limit: number },
): Promise<ThreadMessage[]> {
  const before = params.beforeId ? sql`and id < ${params.beforeId}` : sql``;
  const rows = await db.execute<{
    id: number;
    direction: string;
    channel: string;
    status: string;
    body: string;
    from_address: string | null;
    to_address: string | null;
    reason_code: string | null;
    error_code: number | null;
    decision_detail: string | null;
    fallback_for_message_id: number | null;
    held_until: string | Date | null;
    held_time_zone: string | null;
    created_at: string | Date;
  }>(sql`
    select id, direction, channel, status, body, from_address, to_address, reason_code, error_code, decision_detail,
      fallback_for_message_id, held_until, held_time_zone, created_at
    from messages
    where institution_id = ${params.institutionId} and conversation_id = ${params.conversationId} ${before}
    order by created_at desc, id desc
    limit ${params.limit}`);
  return rows
    .map((r) => ({
      id: Number(r.id),
      direction: r.direction as "INBOUND" | "OUTBOUND",
      channel: r.channel as "SMS" | "EMAIL",
      status: r.status,
      body: r.body,
      fromAddress: r.from_address,
      toAddress: r.to_address,
      reasonCode: r.reason_code,
      errorCode: r.error_code === null ? null : Number(r.error_code),
      decisionDetail: r.decision_detail,
      fallbackForMessageId: r.fallback_for_message_id === null ? null : Number(r.fallback_for_message_id),
      heldUntil: r.held_until === null ? null : new Date(r.held_until),
      heldTimeZone: r.held_time_zone,
      createdAt: new Date(r.created_at),
    }))
    .reverse();
}

/**
 * The owner has read the conversation up to message `throughMessageId` (the latest they were
 * shown): `owner_last_read_at` becomes that message's time, exactly as stored. Only moves
 * forward, so a slow tab never marks read messages unread again. False when the message is not
 * of this conversation or the conversation not the owner's.
 */
export async function markConversationRead(
  db: DbOrTx,
  params: { institutionId: string; conversationId: string; ownerPersonId: string; throughMessageId: number },
): Promise<boolean> {
  const rows = await db.execute<{ id: string }>(sql`
    update conversations c set owner_last_read_at = greatest(coalesce(c.owner_last_read_at, '-infinity'::timestamptz), m.created_at)
    from messages m
    where c.institution_id = ${params.institutionId} and c.id = ${params.conversationId} and c.owner_person_id = ${params.ownerPersonId}
      and m.id = ${params.throughMessageId} and m.conversation_id = c.id and m.institution_id = c.institution_id
    returning c.id`);
  return rows.length > 0;
}
