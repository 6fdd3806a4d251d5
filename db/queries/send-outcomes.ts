import { sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db";

/*
 * What became of a send (issue 18 item 1), computed from the rows themselves — messages,
 * message_events, phone_history — with no table of its own: a figure is never stale.
 *
 * Per text of the send (its own rows, fallback emails apart), measured from the moment it
 * went (`sent_at`, else `created_at`):
 * - replied: the first text from the recipient on that conversation within 24 h, opt-out,
 *   opt-in and help keywords aside (a STOP is not an answer);
 * - opted out: the texted phone was disabled by an opt-out keyword afterwards (SPEC §2: a STOP
 *   to any of the institution's numbers disables every phone of the person, and each change is
 *   in phone_history);
 * - first answer: the sender's next text on that conversation after the reply.
 *
 * Replies are read set-based: the inbound texts to the sender's person after the send
 * (messages_to_person_idx), joined to the send's texts by conversation — not one look-up per
 * recipient, which at 50,000 recipients cost more than the rest of the statement.
 */

type Scope = { institutionId: string; batchId: string };

/** The keywords of lib/messaging/inbound/keywords.ts as stored in decision_detail: not replies. */
const KEYWORD_DETAILS = sql.raw(`'OPT_OUT', 'OPT_IN', 'HELP'`);

/**
 * The CTEs `b` (the send), `m` (its rows, or the page of them `rows` selects), `replies`,
 * `first_reply` (message id → replied_at), `opted` (message id → opted_out_at).
 */
function outcomeCtes(p: Scope, rows: SQL = sql``): SQL {
  return sql`
    b as (
      select id, institution_id, sender_user_id, sender_person_id, coalesce(released_at, created_at) as started_at
      from send_batches where institution_id = ${p.institutionId} and id = ${p.batchId}
    ), m as materialized (
      select m.id, m.channel, m.status, m.reason_code, m.to_person_id, m.to_phone_id, m.to_address, m.conversation_id,
        coalesce(m.sent_at, m.created_at) as at, m.delivered_at, m.updated_at, m.held_until
      from b join messages m on m.batch_id = b.id and m.institution_id = b.institution_id
      where m.fallback_for_message_id is null ${rows}
    ), replies as materialized (
      select r.conversation_id, r.created_at from b
      join messages r on r.institution_id = b.institution_id and r.to_person_id = b.sender_person_id
      where r.direction = 'INBOUND' and r.channel = 'SMS' and r.created_at > b.started_at
        and r.created_at <= (select max(at) from m) + interval '24 hours'
        and r.conversation_id is not null
        and (r.decision_detail is null or r.decision_detail not in (${KEYWORD_DETAILS}))
    ), first_reply as (
      select m.id, min(r.created_at) as replied_at
      from m join replies r on r.conversation_id = m.conversation_id and r.created_at > m.at and r.created_at <= m.at + interval '24 hours'
      where m.channel = 'SMS'
      group by m.id
    ), opted as (
      select m.id, min(h.changed_at) as opted_out_at
      from m join phone_history h on h.phone_id = m.to_phone_id
      where m.channel = 'SMS' and h.institution_id = ${p.institutionId} and h.field = 'SMS_STATUS' and h.new_value = 'SMS_DISABLED'
        and h.reason = 'OPT_OUT_KEYWORD' and h.changed_at > m.at
      group by m.id
    )`;
}

export type SendOutcomeTotals = {
  texts: number;
  delivered: number;
  failed: number;
  /** Texts not yet final: waiting, held, or handed over without a final status. */
  inFlight: number;
  held: number;
  replied: number;
  optedOut: number;
  /** Replies the sender answered, and the median seconds to that first answer (null: none). */
  answered: number;
  medianAnswerSeconds: number | null;
  emails: number;
  emailsSent: number;
  emailsFailed: number;
  /** Emails sent in place of failed texts (SPEC §5), and how many of those failed. */
  fallbackEmails: number;
  fallbackEmailsFailed: number;
  undeliverable: number;
  refused: number;
  /** Texted recipients who replied / did not, neither of them opted out since: a follow-up's audiences. */
  followUpReplied: number;
  followUpNotReplied: number;
};

export type SendOutcomeReasonCount = { reasonCode: string | null; status: string; count: number };
/** Texts that reached a final status in one minute since the send started. */
export type SendOutcomeMinute = { minute: Date; delivered: number; failed: number };

export type SendOutcomeSummary = { startedAt: Date; totals: SendOutcomeTotals; reasons: SendOutcomeReasonCount[]; minutes: SendOutcomeMinute[] };

/** A row a follow-up may go to: a text (not refused) to a person who has not opted out since. */
const FOLLOW_UP = sql.raw(`m.channel = 'SMS' and m.status <> 'refused' and m.to_person_id is not null and o.id is null`);

/**
 * The whole send's figures in one statement (one pass over its rows): counts by outcome, replies
 * within 24 h, opt-outs, the median time to the sender's first answer, failed texts by reason,
 * and per minute how many texts were delivered and failed. Null for no such send of the institution.
 */
export async function readSendOutcomeSummary(db: DbOrTx, p: Scope): Promise<SendOutcomeSummary | null> {
  const [row] = await db.execute<{
    started_at: string;
    totals: Record<keyof SendOutcomeTotals, number | null>;
    reasons: { reason_code: string | null; status: string; n: number }[] | null;
    minutes: { minute: string; delivered: number; failed: number }[] | null;
  }>(sql`
    with ${outcomeCtes(p)},
    answers as (
      select extract(epoch from a.answered_at - fr.replied_at) as seconds
      from first_reply fr join m on m.id = fr.id
      cross join lateral (
        select min(x.created_at) as answered_at from messages x, b
        where x.conversation_id = m.conversation_id and x.created_at > fr.replied_at
          and x.direction = 'OUTBOUND' and x.channel = 'SMS' and x.from_user_id = b.sender_user_id
      ) a
      where a.answered_at is not null
    ), fallbacks as (
      select f.status from m join messages f on f.fallback_for_message_id = m.id
      where m.channel = 'SMS' and m.status in ('failed', 'undelivered', 'canceled') and f.institution_id = ${p.institutionId}
    ), finals as (
      select date_trunc('minute', coalesce(m.delivered_at, m.updated_at)) as minute, 1 as delivered, 0 as failed
      from m where m.channel = 'SMS' and m.status = 'delivered'
      union all
      select date_trunc('minute', coalesce(
        (select min(e.occurred_at) from message_events e where e.message_id = m.id and e.status in ('failed', 'undelivered', 'canceled')),
        m.updated_at)), 0, 1
      from m where m.channel = 'SMS' and m.status in ('failed', 'undelivered', 'canceled')
    )
    select (select started_at from b) as started_at,
      json_build_object(
        'texts', count(*) filter (where channel = 'SMS' and status <> 'refused'),
        'delivered', count(*) filter (where channel = 'SMS' and status = 'delivered'),
        'failed', count(*) filter (where channel = 'SMS' and status in ('failed', 'undelivered', 'canceled')),
        'inFlight', count(*) filter (where channel = 'SMS' and status not in ('delivered', 'failed', 'undelivered', 'canceled', 'refused')),
        'held', count(*) filter (where channel = 'SMS' and status = 'pending' and held_until is not null),
        'replied', (select count(*) from first_reply),
        'optedOut', (select count(*) from opted),
        'answered', (select count(*) from answers),
        'medianAnswerSeconds', (select percentile_cont(0.5) within group (order by seconds) from answers),
        'emails', count(*) filter (where channel = 'EMAIL' and reason_code is distinct from 'UNDELIVERABLE'),
        'emailsSent', count(*) filter (where channel = 'EMAIL' and status in ('sent', 'delivered')),
        'emailsFailed', count(*) filter (where channel = 'EMAIL' and status = 'failed' and reason_code is distinct from 'UNDELIVERABLE'),
        'fallbackEmails', (select count(*) from fallbacks where status <> 'failed'),
        'fallbackEmailsFailed', (select count(*) from fallbacks where status = 'failed'),
        'undeliverable', count(*) filter (where channel = 'EMAIL' and reason_code = 'UNDELIVERABLE'),
        'refused', count(*) filter (where status = 'refused'),
        'followUpReplied', count(*) filter (where ${FOLLOW_UP} and fr.id is not null),
        'followUpNotReplied', count(*) filter (where ${FOLLOW_UP} and fr.id is null)
      ) as totals,
      (select json_agg(x order by x.n desc, x.reason_code nulls last) from (
        select reason_code, min(status) as status, count(*)::int as n from m
        where channel = 'SMS' and status in ('failed', 'undelivered', 'canceled') group by reason_code) x) as reasons,
      (select json_agg(y order by y.minute) from (
        select minute, sum(delivered)::int as delivered, sum(failed)::int as failed from finals group by minute) y) as minutes
    from m left join first_reply fr on fr.id = m.id left join opted o on o.id = m.id
    having (select count(*) from b) > 0`);
  if (!row) return null;
  const t = row.totals;
  const totals = Object.fromEntries(Object.entries(t).map(([k, v]) => [k, k === "medianAnswerSeconds" ? (v === null ? null : Number(v)) : Number(v)])) as SendOutcomeTotals;
  return {
    startedAt: new Date(row.started_at),
    totals,
    reasons: (row.reasons ?? []).map((r) => ({ reasonCode: r.reason_code, status: r.status, count: Number(r.n) })),
    minutes: (row.minutes ?? []).map((r) => ({ minute: new Date(r.minute), delivered: r.delivered, failed: r.failed })),
  };
}

/** One recipient's row of a send, with when they replied and opted out. */
export type SendOutcomeRow = {
  messageId: number;
  personId: string | null;
  name: string | null;
  conversationId: string | null;
  channel: "SMS" | "EMAIL";
  status: string;
  reasonCode: string | null;
  destination: string | null;
  deliveredAt: Date | null;
  repliedAt: Date | null;
  optedOutAt: Date | null;
  /** The email that replaced a failed text (SPEC §5): its status. */
  fallbackEmailStatus: string | null;
};

/**
 * The send's rows in message-id order (the order of its recipients), `limit` of them after
 * (or, `backwards`, before) `afterId`: a page of the results page, or a batch of its CSV.
 */
export async function listSendOutcomeRows(
  db: DbOrTx,
  p: Scope & { afterId: number | null; backwards?: boolean; limit: number },
): Promise<SendOutcomeRow[]> {
  const cmp = p.afterId === null ? sql`` : p.backwards ? sql`and m.id < ${p.afterId}` : sql`and m.id > ${p.afterId}`;
  const rows = await db.execute<{
    id: number;
    to_person_id: string | null;
    name: string | null;
    conversation_id: string | null;
    channel: "SMS" | "EMAIL";
    status: string;
    reason_code: string | null;
    to_address: string | null;
    delivered_at: string | null;
    replied_at: string | null;
    opted_out_at: string | null;
    fallback_status: string | null;
  }>(sql`
    with ${outcomeCtes(p, sql`${cmp} order by m.id ${p.backwards ? sql`desc` : sql``} limit ${p.limit}`)}
    select m.id, m.to_person_id, coalesce(pp.preferred_name, pp.first_name) || ' ' || pp.last_name as name, m.conversation_id,
      m.channel, m.status, m.reason_code, m.to_address, m.delivered_at, fr.replied_at, o.opted_out_at, f.status as fallback_status
    from m
    left join persons pp on pp.id = m.to_person_id and pp.institution_id = ${p.institutionId}
    left join first_reply fr on fr.id = m.id
    left join opted o on o.id = m.id
    left join messages f on f.fallback_for_message_id = m.id and f.institution_id = ${p.institutionId}
    order by m.id ${p.backwards ? sql`desc` : sql``}`);
  const date = (v: string | null) => (v === null ? null : new Date(v));
  return rows.map((r) => ({
    messageId: Number(r.id),
    personId: r.to_person_id,
    name: r.name,
    conversationId: r.conversation_id,
    channel: r.channel,
    status: r.status,
    reasonCode: r.reason_code,
    destination: r.to_address,
    deliveredAt: date(r.delivered_at),
    repliedAt: date(r.replied_at),
    optedOutAt: date(r.opted_out_at),
    fallbackEmailStatus: r.fallback_status,
  }));
}

/**
 * The people of a send's texts who replied within 24 h (`replied`), or who did not; either
 * way, not those who opted out since (they asked for no more texts). Distinct, in send order.
 */
export async function listFollowUpRecipientIds(db: DbOrTx, p: Scope & { replied: boolean }): Promise<string[]> {
  const rows = await db.execute<{ to_person_id: string }>(sql`
    with ${outcomeCtes(p)}
    select m.to_person_id from m
    where m.channel = 'SMS' and m.status <> 'refused' and m.to_person_id is not null
      and ${p.replied ? sql`` : sql`not`} exists (select 1 from first_reply fr where fr.id = m.id)
      and not exists (select 1 from opted o where o.id = m.id)
    group by m.to_person_id
    order by min(m.id)`);
  return rows.map((r) => r.to_person_id);
}
