import { sql } from "drizzle-orm";
import type postgres from "postgres";
import { getSql, type DbOrTx } from "@/db";
import { pgArray } from "./sql-values";

/*
 * Live updates (issue 18 item 4): the statements that change what a page shows announce it on
 * one NOTIFY channel, delivered when their transaction commits; each web process LISTENs once
 * (lib/live/live-hub.ts) and forwards to its Server-Sent Events clients what each may see.
 * Payloads are ids only, never bodies, numbers or addresses: `i` institution, `k` kind
 * (`m` messages of a conversation, `r` a conversation read, `s` a send), `c` conversation,
 * `o` its owner (the system number's holder; null when nobody), `p` whether its counterpart is
 * a person, `b` a send (batch), `u` its sender's user id. PostgreSQL delivers a payload once
 * per transaction however often it is notified, so a transaction's repeats cost nothing.
 */

export const LIVE_CHANNEL = "aviso_live";

/**
 * A statement touching more conversations than this (a send's chunk, a dispatch job) says so
 * once per owner (no `c`: "several of this owner's conversations") rather than once per
 * conversation, so a 1,000-row chunk is two notifications, not a thousand.
 */
export const LIVE_CONVERSATIONS_PER_STATEMENT = 20;

/**
 * Announces that these messages were written or changed: one event per conversation they are
 * on (or per owner past LIVE_CONVERSATIONS_PER_STATEMENT) and one per send they belong to, in
 * one statement. Any institution's messages (a worker's job names ids only): each event takes
 * its rows' institution. Returns how many notifications were sent.
 */
export async function notifyMessagesChanged(db: DbOrTx, params: { messageIds: readonly number[] }): Promise<number> {
  if (params.messageIds.length === 0) return 0;
  const [row] = await db.execute<{ sent: number }>(sql`
    with m as (
      select distinct institution_id, conversation_id, batch_id from messages where id = any(${pgArray(params.messageIds)}::bigint[])
    ), conv as (
      select c.institution_id, c.id, c.owner_person_id, c.counterpart_person_id is not null as person
      from conversations c
      where (c.institution_id, c.id) in (select institution_id, conversation_id from m where conversation_id is not null)
    ), many as (
      select count(*) > ${LIVE_CONVERSATIONS_PER_STATEMENT} as yes from conv
    ), events as (
      select json_build_object('i', institution_id, 'k', 'm', 'c', id, 'o', owner_person_id, 'p', person)::text as payload
      from conv where not (select yes from many)
      union all
      select json_build_object('i', institution_id, 'k', 'm', 'o', owner_person_id, 'p', bool_and(person))::text
      from conv where (select yes from many) group by institution_id, owner_person_id
      union all
      select json_build_object('i', b.institution_id, 'k', 's', 'b', b.id, 'u', b.sender_user_id)::text
      from send_batches b
      where (b.institution_id, b.id) in (select institution_id, batch_id from m where batch_id is not null)
    )
    select count(pg_notify(${LIVE_CHANNEL}, payload))::int as sent from events`);
  return Number(row.sent);
}

/** Announces that a send itself changed (paused, resumed, cancelled): its sender's and administrators' views of it. */
export async function notifySendChanged(db: DbOrTx, params: { institutionId: string; batchId: string }): Promise<void> {
  await db.execute(sql`
    select pg_notify(${LIVE_CHANNEL}, json_build_object('i', b.institution_id, 'k', 's', 'b', b.id, 'u', b.sender_user_id)::text)
    from send_batches b where b.institution_id = ${params.institutionId} and b.id = ${params.batchId}`);
}

/** Announces that the owner read a conversation (their unread counts change). */
export async function notifyConversationRead(db: DbOrTx, params: { institutionId: string; conversationId: string }): Promise<void> {
  await db.execute(sql`
    select pg_notify(${LIVE_CHANNEL}, json_build_object('i', c.institution_id, 'k', 'r', 'c', c.id, 'o', c.owner_person_id,
      'p', c.counterpart_person_id is not null)::text)
    from conversations c where c.institution_id = ${params.institutionId} and c.id = ${params.conversationId}`);
}

/**
 * Calls `onEvent` with each payload on LIVE_CHANNEL, on a connection of its own (postgres.js
 * reconnects it and listens again, then calls `onListen`: events of the gap are lost, and the
 * listener says so to its clients). `client` is the process's own unless given (tests run two
 * "processes" side by side). Returns the way to stop listening.
 */
export async function listenForLiveEvents(
  onEvent: (payload: string) => void,
  onListen: () => void,
  client: postgres.Sql = getSql(),
): Promise<() => Promise<void>> {
  const { unlisten } = await client.listen(LIVE_CHANNEL, onEvent, onListen);
  return unlisten;
}
