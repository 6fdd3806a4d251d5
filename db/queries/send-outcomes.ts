import { sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { recipientMessage, type RecipientMessage, type RecipientMessageColumns } from "./send-results";

/*
 * What became of a send (issue 18 item 1), computed from the rows themselves — messages and
 * phone_history — with no table of its own: a figure is never stale.
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
 * For the whole send, replies are read set-based: the inbound texts to the sender's person after
 * the send (messages_to_person_idx), grouped per conversation and joined to the send's texts —
 * not one look-up per recipient, which at 50,000 recipients cost more than the rest of the
 * statement. A page of 50 rows looks each one up on its own.
 */

type Scope = { institutionId: string; batchId: string };

/** The keywords of lib/messaging/inbound/keywords.ts as stored in decision_detail: not replies. */
const KEYWORD_DETAILS = sql.raw(`'OPT_OUT', 'OPT_IN', 'HELP'`);

/**
 * How long after a send starts its texts can still go: quiet hours hold a text until its
 * recipient's next window (at most a day and a half, SPEC §9) and Twilio queues a number's
 * backlog for at most 10 hours, so a reply after this cannot be within 24 h of any of them.
 * It bounds the replies read, so an old send's results do not read every text since.
 */
const REPLY_HORIZON = sql.raw(`interval '8 days'`);

/** The moment a row's text went: handed over (sent_at), else written (a text not yet sent). */
const WENT = sql.raw(`coalesce(m.sent_at, m.created_at)`);

/**
 * The CTEs `b` (the send) and `t`: every row of the send — its own (`own`) and the fallback
 * emails — in one pass, each text with its first reply within 24 h and whether its phone opted
 * out since. Replies are grouped per conversation first (one hash entry per conversation), and
 * opt-outs per phone from the partial index phone_history_opt_out_keyword_idx.
 */
function outcomeFacts(p: Scope): SQL {
  return sql`
    b as (
      select id, institution_id, sender_user_id, sender_person_id, coalesce(released_at, created_at) as started_at
      from send_batches where institution_id = ${p.institutionId} and id = ${p.batchId}
    ), replies as materialized (
      select r.conversation_id, array_agg(r.created_at order by r.created_at) as times
      from b join messages r on r.institution_id = b.institution_id and r.to_person_id = b.sender_person_id
      where r.direction = 'INBOUND' and r.channel = 'SMS' and r.created_at > b.started_at and r.created_at <= b.started_at + ${REPLY_HORIZON}
        and r.conversation_id is not null and (r.decision_detail is null or r.decision_detail not in (${KEYWORD_DETAILS}))
      group by r.conversation_id
    ), opt_outs as materialized (
      select h.phone_id, max(h.changed_at) as last_at
      from b join phone_history h on h.institution_id = b.institution_id
      where h.reason = 'OPT_OUT_KEYWORD' and h.changed_at > b.started_at and h.field = 'SMS_STATUS' and h.new_value = 'SMS_DISABLED'
      group by h.phone_id
    ), t as materialized (
      select m.id, m.fallback_for_message_id is null as own, m.channel, m.status, m.reason_code, m.to_person_id, m.conversation_id,
        m.held_until, m.delivered_at, m.updated_at,
        case when rp.times is not null then
          (select min(x) from unnest(rp.times) x where x > ${WENT} and x <= ${WENT} + interval '24 hours') end as replied_at,
        coalesce(o.last_at > ${WENT}, false) as opted_out
      from b join messages m on m.batch_id = b.id and m.institution_id = b.institution_id
      left join replies rp on rp.conversation_id = m.conversation_id and m.channel = 'SMS' and m.fallback_for_message_id is null
      left join opt_outs o on o.phone_id = m.to_phone_id and m.channel = 'SMS' and m.fallback_for_message_id is null
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

/** The send's messages so far, as the Sends page counts them (all channels, refused apart). */
export type SendOutcomeProgress = { waiting: number; held: number; sent: number; delivered: number; failed: number };

export type SendOutcomeSummary = {
  startedAt: Date;
  totals: SendOutcomeTotals;
  progress: SendOutcomeProgress;
  reasons: SendOutcomeReasonCount[];
  minutes: SendOutcomeMinute[];
};

/** A row a follow-up may go to: a text (not refused) to a person who has not opted out since. */
const FOLLOW_UP = sql.raw(`own and channel = 'SMS' and status <> 'refused' and to_person_id is not null and not opted_out`);
const FAILED = sql.raw(`'failed', 'undelivered', 'canceled'`);

/**
 * The whole send's figures in one statement (one pass over its rows): counts by outcome, replies
 * within 24 h, opt-outs, the median time to the sender's first answer, failed texts by reason,
 * and per minute how many texts were delivered and failed. Null for no such send of the institution.
 */
export async function readSendOutcomeSummary(db: DbOrTx, p: Scope): Promise<SendOutcomeSummary | null> {
  const [row] = await db.execute<{
    started_at: string;
    totals: Record<keyof SendOutcomeTotals, number | null>;
    progress: SendOutcomeProgress;
    reasons: { reason_code: string | null; status: string; n: number }[] | null;
    minutes: { minute: string; delivered: number; failed: number }[] | null;
  }>(sendOutcomeSummarySql(p));
  if (!row) return null;
  const t = row.totals;
  const totals = Object.fromEntries(Object.entries(t).map(([k, v]) => [k, k === "medianAnswerSeconds" ? (v === null ? null : Number(v)) : Number(v)])) as SendOutcomeTotals;
  return {
    startedAt: new Date(row.started_at),
    totals,
    progress: row.progress,
    reasons: (row.reasons ?? []).map((r) => ({ reasonCode: r.reason_code, status: r.status, count: Number(r.n) })),
    minutes: (row.minutes ?? []).map((r) => ({ minute: new Date(r.minute), delivered: r.delivered, failed: r.failed })),
  };
}

/** The statement of `readSendOutcomeSummary` (bench:report EXPLAINs exactly this). */
export function sendOutcomeSummarySql(p: Scope): SQL {
  return sql`
    with ${outcomeFacts(p)},
    answers as (
      select extract(epoch from a.answered_at - t.replied_at) as seconds
      from t cross join lateral (
        select min(x.created_at) as answered_at from messages x, b
        where x.conversation_id = t.conversation_id and x.created_at > t.replied_at
          and x.direction = 'OUTBOUND' and x.channel = 'SMS' and x.from_user_id = b.sender_user_id
      ) a
      where t.replied_at is not null and a.answered_at is not null
    )
    select (select started_at from b) as started_at,
      json_build_object(
        'texts', count(*) filter (where own and channel = 'SMS' and status <> 'refused'),
        'delivered', count(*) filter (where own and channel = 'SMS' and status = 'delivered'),
        'failed', count(*) filter (where own and channel = 'SMS' and status in (${FAILED})),
        'inFlight', count(*) filter (where own and channel = 'SMS' and status not in ('delivered', 'refused', ${FAILED})),
        'held', count(*) filter (where own and channel = 'SMS' and status = 'pending' and held_until is not null),
        'replied', count(*) filter (where own and channel = 'SMS' and status <> 'refused' and replied_at is not null),
        'optedOut', count(*) filter (where own and channel = 'SMS' and status <> 'refused' and opted_out),
        'answered', (select count(*) from answers),
        'medianAnswerSeconds', (select percentile_cont(0.5) within group (order by seconds) from answers),
        'emails', count(*) filter (where own and channel = 'EMAIL' and reason_code is distinct from 'UNDELIVERABLE'),
        'emailsSent', count(*) filter (where own and channel = 'EMAIL' and status in ('sent', 'delivered')),
        'emailsFailed', count(*) filter (where own and channel = 'EMAIL' and status = 'failed' and reason_code is distinct from 'UNDELIVERABLE'),
        'fallbackEmails', count(*) filter (where not own and status <> 'failed'),
        'fallbackEmailsFailed', count(*) filter (where not own and status = 'failed'),
        'undeliverable', count(*) filter (where own and channel = 'EMAIL' and reason_code = 'UNDELIVERABLE'),
        'refused', count(*) filter (where own and status = 'refused'),
        'followUpReplied', count(*) filter (where ${FOLLOW_UP} and replied_at is not null),
        'followUpNotReplied', count(*) filter (where ${FOLLOW_UP} and replied_at is null)
      ) as totals,
      json_build_object(
        'waiting', count(*) filter (where own and status in ('pending', 'sending') and held_until is null),
        'held', count(*) filter (where own and status in ('pending', 'sending') and held_until is not null),
        'sent', count(*) filter (where own and status in ('queued', 'accepted', 'sent', 'delivered')),
        'delivered', count(*) filter (where own and status = 'delivered'),
        'failed', count(*) filter (where own and status in (${FAILED}))
      ) as progress,
      (select json_agg(x order by x.n desc, x.reason_code nulls last) from (
        select reason_code, min(status) as status, count(*)::int as n from t
        where own and channel = 'SMS' and status in (${FAILED}) group by reason_code) x) as reasons,
      (select json_agg(y order by y.minute) from (
        select date_trunc('minute', case when status = 'delivered' then coalesce(delivered_at, updated_at) else updated_at end) as minute,
          count(*) filter (where status = 'delivered')::int as delivered, count(*) filter (where status <> 'delivered')::int as failed
        from t where own and channel = 'SMS' and status in ('delivered', ${FAILED}) group by 1) y) as minutes
    from t
    having (select count(*) from b) > 0`;
}

/** One recipient's row of a send, with when they replied and opted out. */
export type SendOutcomeRow = RecipientMessage & {
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
  const rows = await db.execute<
    RecipientMessageColumns & { delivered_at: string | null; replied_at: string | null; opted_out_at: string | null; fallback_status: string | null }
  >(sendOutcomeRowsSql(p));
  const date = (v: string | null) => (v === null ? null : new Date(v));
  return rows.map((r) => ({
    ...recipientMessage(r),
    deliveredAt: date(r.delivered_at),
    repliedAt: date(r.replied_at),
    optedOutAt: date(r.opted_out_at),
    fallbackEmailStatus: r.fallback_status,
  }));
}

/**
 * The statement of `listSendOutcomeRows`: the page's rows through messages_batch_idx
 * (batch_id, id), each one's first reply and opt-out looked up on its own (a page is 50 rows).
 */
export function sendOutcomeRowsSql(p: Scope & { afterId: number | null; backwards?: boolean; limit: number }): SQL {
  const cmp = p.afterId === null ? sql`` : p.backwards ? sql`and m.id < ${p.afterId}` : sql`and m.id > ${p.afterId}`;
  const dir = p.backwards ? sql`desc` : sql``;
  return sql`
    with b as (
      select id, institution_id from send_batches where institution_id = ${p.institutionId} and id = ${p.batchId}
    ), m as (
      select m.* from b join messages m on m.batch_id = b.id and m.institution_id = b.institution_id
      where m.fallback_for_message_id is null ${cmp}
      order by m.id ${dir} limit ${p.limit}
    )
    select m.id, m.to_person_id, coalesce(pp.preferred_name, pp.first_name) || ' ' || pp.last_name as name, m.conversation_id,
      m.channel, m.status, m.reason_code, m.to_address, m.delivered_at, f.status as fallback_status,
      case when m.channel = 'SMS' then (
        select min(r.created_at) from messages r
        where r.conversation_id = m.conversation_id and r.created_at > ${WENT} and r.created_at <= ${WENT} + interval '24 hours'
          and r.direction = 'INBOUND' and r.channel = 'SMS' and (r.decision_detail is null or r.decision_detail not in (${KEYWORD_DETAILS}))
      ) end as replied_at,
      case when m.channel = 'SMS' then (
        select min(h.changed_at) from phone_history h
        where h.phone_id = m.to_phone_id and h.changed_at > ${WENT} and h.reason = 'OPT_OUT_KEYWORD' and h.field = 'SMS_STATUS' and h.new_value = 'SMS_DISABLED'
      ) end as opted_out_at
    from m
    left join persons pp on pp.id = m.to_person_id and pp.institution_id = ${p.institutionId}
    left join messages f on f.fallback_for_message_id = m.id and f.institution_id = ${p.institutionId}
    order by m.id ${dir}`;
}

/**
 * The people of a send's texts who replied within 24 h (`replied`), or who did not; either
 * way, not those who opted out since (they asked for no more texts). Distinct, in send order.
 */
export async function listFollowUpRecipientIds(db: DbOrTx, p: Scope & { replied: boolean }): Promise<string[]> {
  const rows = await db.execute<{ to_person_id: string }>(sql`
    with ${outcomeFacts(p)}
    select to_person_id from t
    where ${FOLLOW_UP} and replied_at is ${p.replied ? sql`not null` : sql`null`}
    group by to_person_id
    order by min(id)`);
  return rows.map((r) => r.to_person_id);
}

/** A large send's figures as last computed (send_outcome_snapshots), and when. */
export type SendOutcomeSnapshot = { summary: SendOutcomeSummary; computedAt: Date };

type StoredSummary = Omit<SendOutcomeSummary, "startedAt" | "minutes"> & { startedAt: string; minutes: { minute: string; delivered: number; failed: number }[] };

export async function readSendOutcomeSnapshot(db: DbOrTx, p: Scope): Promise<SendOutcomeSnapshot | null> {
  const [row] = await db.execute<{ summary: StoredSummary; computed_at: string }>(sql`
    select summary, computed_at from send_outcome_snapshots where institution_id = ${p.institutionId} and batch_id = ${p.batchId}`);
  if (!row) return null;
  const s = row.summary;
  return {
    computedAt: new Date(row.computed_at),
    summary: { ...s, startedAt: new Date(s.startedAt), minutes: s.minutes.map((m) => ({ ...m, minute: new Date(m.minute) })) },
  };
}

/** Stores a send's figures computed at `computedAt`, unless a later computation is already stored (two workers, or a view beside the worker). */
export async function saveSendOutcomeSnapshot(db: DbOrTx, p: Scope & SendOutcomeSnapshot): Promise<void> {
  await db.execute(sql`
    insert into send_outcome_snapshots (batch_id, institution_id, summary, computed_at)
    values (${p.batchId}, ${p.institutionId}, ${JSON.stringify(p.summary)}::jsonb, ${p.computedAt.toISOString()}::timestamptz)
    on conflict (batch_id) do update set summary = excluded.summary, computed_at = excluded.computed_at
    where send_outcome_snapshots.computed_at < excluded.computed_at`);
}

/**
 * The sends whose snapshot the worker should compute again: of at least `minRecipients`, started
 * (released, else created) since `startedSince`, not waiting for its time, whose
 * snapshot is missing or computed before `staleBefore`. Oldest snapshot first, at most `limit`.
 */
export async function listSendsWithStaleSnapshots(
  db: DbOrTx,
  p: { minRecipients: number; startedSince: Date; staleBefore: Date; limit: number },
): Promise<Scope[]> {
  const rows = await db.execute<{ id: string; institution_id: string }>(sql`
    select b.id, b.institution_id from send_batches b
    left join send_outcome_snapshots s on s.batch_id = b.id
    where b.recipient_count >= ${p.minRecipients} and coalesce(b.released_at, b.created_at) >= ${p.startedSince.toISOString()}::timestamptz
      and b.state <> 'scheduled' and (s.computed_at is null or s.computed_at < ${p.staleBefore.toISOString()}::timestamptz)
    order by s.computed_at nulls first
    limit ${p.limit}`);
  return rows.map((r) => ({ institutionId: r.institution_id, batchId: r.id }));
}
