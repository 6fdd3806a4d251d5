import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { MESSAGE_STATUSES, type MessageStatus } from "@/db/schema/constants";
import { outboundColumns, outboundRows, type OutboundRow, type ProviderEventSource } from "./messages";
import { ts } from "./sql-values";

/**
 * Statements of a sent message's life after hand-over (lib/messaging/lifecycle/): status
 * callbacks, the failure table, the email fallback. A callback names a sid (and, in its URL, a
 * message id), not an institution: the text is found by them, and every row written takes the
 * text's own institution.
 */

/**
 * Which text a status callback is about: by the URL's message id and claim, agreeing with the
 * callback's sid and route, or by sid alone (URLs without `m=`).
 */
export type CallbackTextRef = {
  sid: string;
  target: { messageId: number; attempt: number; to: string | null; from: string | null } | null;
};

function callbackText(ref: CallbackTextRef) {
  const outboundSms = sql`channel = 'SMS' and direction = 'OUTBOUND'`;
  if (!ref.target) return sql`${outboundSms} and provider_id = ${ref.sid}`;
  return sql`id = ${ref.target.messageId} and ${outboundSms}
    and to_address = ${ref.target.to} and from_address = ${ref.target.from}
    and (provider_id = ${ref.sid} or (provider_id is null and attempts = ${ref.target.attempt}))`;
}

export type LockedCallbackText = { id: number; institution_id: string; status: MessageStatus; provider_id: string | null };

/** Locks the callback's text (the row lock orders concurrent callbacks for one text); null when none matches. */
export async function lockCallbackText(tx: DbOrTx, ref: CallbackTextRef): Promise<LockedCallbackText | null> {
  const [text] = await tx.execute<LockedCallbackText>(sql`
    select id, institution_id, status, provider_id from messages where ${callbackText(ref)} for update`);
  return text ? { ...text, id: Number(text.id) } : null;
}

/** Whether an event with this key (`<sid>:<status>`) was recorded before. */
export async function isEventRecorded(tx: DbOrTx, eventKey: string): Promise<boolean> {
  const seen = await tx.execute(sql`select 1 from message_events where event_key = ${eventKey}`);
  return seen.length > 0;
}

/** Records the sid on a text that has none yet (a callback that overtook the dispatcher). */
export async function setMessageProviderId(tx: DbOrTx, params: { messageId: number; sid: string }) {
  await tx.execute(sql`update messages set provider_id = ${params.sid} where id = ${params.messageId}`);
}

/** A status list of our own constants as SQL literals, so each status's statement stays one prepared statement. */
function statusList(statuses: readonly MessageStatus[]) {
  for (const s of statuses) if (!MESSAGE_STATUSES.includes(s)) throw new RangeError(`not a message status: ${s}`);
  return sql.raw(statuses.length > 0 ? statuses.map((s) => `'${s}'`).join(", ") : "null");
}

/**
 * A callback that is not a failure, in one statement (one round trip, atomic on its own): lock
 * the text, record the event unless its key was recorded before, and move the status to `to`
 * only when that event is new and the text's status is one of `allowedFrom`; the sid is recorded
 * when the text has none yet. `sent` and `delivered` stamp sent_at / delivered_at, and a text
 * moved to `delivered` is counted as a result of its send (issue 18, carrier filtering; never a
 * flagged one, so it never pauses the send). Null when no text matches; else whether the event
 * was new and whether the status moved.
 */
export async function applyCallbackProgress(
  db: DbOrTx,
  params: {
    text: CallbackTextRef;
    source: ProviderEventSource;
    to: MessageStatus;
    allowedFrom: readonly MessageStatus[];
    eventKey: string;
    errorCode: number | null;
    /** A send's first results counted for carrier filtering (lib/messaging/send/carrier-filtering.ts FILTER_WINDOW). */
    resultWindow: number;
    now: Date;
  },
): Promise<{ messageId: number; recorded: boolean; moved: boolean } | null> {
  const { to, now } = params;
  const allowed = statusList(params.allowedFrom);
  const [row] = await db.execute<{ id: number; recorded: number; moved: number }>(sql`
    with t as (
      select id, institution_id, status from messages where ${callbackText(params.text)}
      for update
    ), ev as (
      insert into message_events (institution_id, message_id, status, source, error_code, reason_code, event_key, detail, occurred_at)
      select t.institution_id, t.id, ${to}, ${params.source}, ${params.errorCode}::int, null, ${params.eventKey},
        case when t.status in (${allowed}) then null
          else jsonb_build_object('applied', false, 'messageStatus', t.status) end,
        ${ts(now)}
      from t
      on conflict (event_key) where event_key is not null do nothing
      returning message_id
    ), moved as (
      update messages m set status = case when t.status in (${allowed}) then ${to} else m.status end,
        provider_id = coalesce(m.provider_id, ${params.text.sid}),
        updated_at = case when t.status in (${allowed}) then ${ts(now)} else m.updated_at end,
        sent_at = case when t.status in (${allowed}) and ${to} in ('sent', 'delivered') then coalesce(m.sent_at, ${ts(now)}) else m.sent_at end,
        delivered_at = case when t.status in (${allowed}) and ${to} = 'delivered' then ${ts(now)} else m.delivered_at end
      from t join ev on ev.message_id = t.id
      where m.id = t.id and (t.status in (${allowed}) or m.provider_id is null)
      returning m.id, m.batch_id, m.institution_id, t.status in (${allowed}) as advanced
    ), counted as (
      -- Issue 18: a text delivered is one of its send's first results while fewer than resultWindow are counted.
      update send_batches b set first_results = b.first_results + 1
      from moved
      where ${to} = 'delivered' and moved.advanced and b.id = moved.batch_id and b.institution_id = moved.institution_id
        and b.state in ('sending', 'done', 'paused') and b.first_results < ${params.resultWindow}::int
      returning b.id
    )
    select t.id, (select count(*) from ev)::int as recorded, (select count(*) from moved where advanced)::int as moved from t`);
  if (!row) return null;
  return { messageId: Number(row.id), recorded: Number(row.recorded) > 0, moved: Number(row.moved) > 0 };
}

/** Locks an outbound text by id for its failure; null when there is no such text. */
export async function lockTextForFailure(tx: DbOrTx, messageId: number): Promise<OutboundRow | null> {
  const [text] = outboundRows(await tx.execute<OutboundRow>(sql`
    select ${outboundColumns()} from messages where id = ${messageId} and channel = 'SMS' for update`));
  return text ?? null;
}

/** Marks a text failed (or undelivered) with Twilio's error code and our reason; its claim ends. */
export async function markTextFailed(
  tx: DbOrTx,
  params: { messageId: number; status: "failed" | "undelivered"; errorCode: number; reasonCode: string; now: Date },
) {
  await tx.execute(sql`
    update messages set status = ${params.status}, error_code = ${params.errorCode}, reason_code = ${params.reasonCode},
      claimed_at = null, next_attempt_at = null, updated_at = ${ts(params.now)}
    where id = ${params.messageId}`);
}

/**
 * SPEC §4.6 and §5: the email that resends a failed text to the recipient's primary email,
 * written once (messages.fallback_for_message_id is unique): pending with `reasonCode`, or
 * failed as UNDELIVERABLE without an email. Returns the new email's id and status, or null
 * when the text was resent before.
 */
export async function insertEmailFallback(
  tx: DbOrTx,
  params: { text: OutboundRow; reasonCode: string; now: Date },
): Promise<{ id: number; status: string } | null> {
  const t = params.text;
  const rows = await tx.execute<{ id: number; status: string }>(sql`
    insert into messages (institution_id, batch_id, conversation_id, channel, direction, from_user_id, from_person_id,
      to_person_id, from_address, to_address, body, status, reason_code, fallback_for_message_id, created_at, updated_at)
    select ${t.institution_id}, ${t.batch_id}, ${t.conversation_id}, 'EMAIL', 'OUTBOUND', ${t.from_user_id}, ${t.from_person_id},
      ${t.to_person_id}, u.email, e.email, ${t.body},
      case when e.email is null then 'failed' else 'pending' end,
      case when e.email is null then 'UNDELIVERABLE' else ${params.reasonCode} end,
      ${t.id}, ${ts(params.now)}, ${ts(params.now)}
    from (select 1) one
    left join person_emails e on e.person_id = ${t.to_person_id} and e.is_primary
    left join users u on u.id = ${t.from_user_id}
    on conflict (fallback_for_message_id) where fallback_for_message_id is not null do nothing
    returning id, status`);
  const row = rows[0];
  return row ? { id: Number(row.id), status: row.status } : null;
}
