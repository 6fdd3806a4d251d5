import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { ts, uuidArray } from "./sql-values";

/*
 * A send (SPEC §9) is its send_batches row: scheduled → sending → done, or scheduled →
 * cancelled; a released send (sending or done) may pause for carrier filtering and then
 * resume or be cancelled (issue 18: db/queries/send-pause.ts). Every state change is one
 * conditional UPDATE on the row's state, so two processes can never both release, edit, pause,
 * resume or cancel the same send.
 */

export type SendState = "scheduled" | "sending" | "done" | "paused" | "cancelled";

/** Stores a scheduled send: its recipients and body only — no decision, no grant (SPEC §9). */
export async function insertScheduledSend(
  db: DbOrTx,
  p: {
    institutionId: string;
    senderUserId: string;
    senderPersonId: string | null;
    body: string;
    templateId?: string | null;
    recipientIds: readonly string[];
    scheduledFor: Date;
    now: Date;
  },
): Promise<string> {
  const id = randomUUID();
  await db.execute(sql`
    insert into send_batches (id, institution_id, sender_user_id, sender_person_id, body, template_id, recipient_count, scheduled_for, state, recipient_ids, created_at, updated_at)
    values (${id}, ${p.institutionId}, ${p.senderUserId}, ${p.senderPersonId}, ${p.body}, ${p.templateId ?? null}::uuid, ${p.recipientIds.length}, ${ts(p.scheduledFor)},
      'scheduled', ${uuidArray(p.recipientIds)}, ${ts(p.now)}, ${ts(p.now)})`);
  return id;
}

/** What the release of a scheduled send reads: its sender, body, recipients and version. */
export type ScheduledSendRow = {
  id: string;
  institutionId: string;
  senderUserId: string;
  senderPersonId: string | null;
  body: string;
  templateId: string | null;
  recipientIds: string[];
  scheduledFor: Date;
  /** The row's version (updated_at as PostgreSQL prints it, microseconds kept): the release claims this version only. */
  version: string;
};

/** A scheduled send by id (any institution: the worker's release), or null when not (or no longer) scheduled. */
export async function findScheduledSend(db: DbOrTx, p: { batchId: string }): Promise<ScheduledSendRow | null> {
  const [row] = await db.execute<{
    id: string;
    institution_id: string;
    sender_user_id: string;
    sender_person_id: string | null;
    body: string;
    template_id: string | null;
    recipient_ids: string[] | string;
    scheduled_for: string | Date;
    version: string;
  }>(sql`
    select id, institution_id, sender_user_id, sender_person_id, body, template_id, recipient_ids, scheduled_for, updated_at::text as version
    from send_batches where id = ${p.batchId} and state = 'scheduled'`);
  if (!row) return null;
  return {
    id: row.id,
    institutionId: row.institution_id,
    senderUserId: row.sender_user_id,
    senderPersonId: row.sender_person_id,
    body: row.body,
    templateId: row.template_id,
    recipientIds: parseUuidArray(row.recipient_ids),
    scheduledFor: new Date(row.scheduled_for),
    version: row.version,
  };
}

function parseUuidArray(v: string[] | string | null): string[] {
  if (v === null) return [];
  if (Array.isArray(v)) return v;
  const inner = v.replace(/^\{|\}$/g, "");
  return inner === "" ? [] : inner.split(",");
}

/**
 * The release of a scheduled send, in the transaction that takes its decisions: scheduled →
 * sending, only if it is still scheduled, due at `now`, and unchanged since it was read
 * (`version`). A second worker's UPDATE waits for the first's transaction and then finds the
 * state changed: false. An edit or cancel after this commits finds it released (409).
 */
export async function claimScheduledSend(tx: DbOrTx, p: { batchId: string; now: Date; version: string }): Promise<boolean> {
  const rows = await tx.execute<{ id: string }>(sql`
    update send_batches set state = 'sending', released_at = ${ts(p.now)}, updated_at = ${ts(p.now)}
    where id = ${p.batchId} and state = 'scheduled' and scheduled_for <= ${ts(p.now)} and updated_at = ${p.version}::timestamptz
    returning id`);
  return rows.length > 0;
}

/**
 * A send's decisions are stored: its counts by outcome, released now (an immediate send) or
 * at its claim (a scheduled one), and done at once when every message row is written and
 * triggered in this transaction (`done`), else left sending for the outbox writers.
 */
export async function recordSendDecisions(
  tx: DbOrTx,
  p: {
    institutionId: string;
    batchId: string;
    now: Date;
    done: boolean;
    recipientCount: number;
    counts: { texts: number; emails: number; undeliverable: number; refused: number };
  },
) {
  await tx.execute(sql`
    update send_batches set
      state = ${p.done ? "done" : "sending"}, released_at = coalesce(released_at, ${ts(p.now)}),
      finished_at = ${p.done ? ts(p.now) : null}, recipient_ids = null, recipient_count = ${p.recipientCount},
      text_count = ${p.counts.texts}, email_count = ${p.counts.emails}, undeliverable_count = ${p.counts.undeliverable},
      refused_count = ${p.counts.refused}, updated_at = ${ts(p.now)}
    where institution_id = ${p.institutionId} and id = ${p.batchId}`);
}

/**
 * A large send is done when its outbox is empty: checked in each writer's transaction after
 * its chunk. The row lock (`for no key update`, which does not wait for the message rows' own
 * foreign-key locks) orders the writers finishing the last chunks: the second one's next
 * statement sees the first's deletion, so exactly one of them marks it done.
 */
export async function finishWrittenSend(tx: DbOrTx, p: { institutionId: string; batchId: string; now: Date }): Promise<boolean> {
  await tx.execute(sql`select id from send_batches where institution_id = ${p.institutionId} and id = ${p.batchId} for no key update`);
  const rows = await tx.execute<{ id: string }>(sql`
    update send_batches set state = 'done', finished_at = ${ts(p.now)}, updated_at = ${ts(p.now)}
    where institution_id = ${p.institutionId} and id = ${p.batchId} and state = 'sending'
      and not exists (select 1 from send_outbox o where o.batch_id = ${p.batchId})
    returning id`);
  return rows.length > 0;
}

/**
 * Changes a scheduled send's body and/or time, only while it is scheduled. Returns the state
 * it was found in (null: no such send of this institution) and whether it changed.
 */
export async function updateScheduledSend(
  db: DbOrTx,
  p: { institutionId: string; batchId: string; body?: string; scheduledFor?: Date; now: Date },
): Promise<{ changed: boolean; state: SendState | null }> {
  const changed = await db.execute<{ id: string }>(sql`
    update send_batches set
      body = coalesce(${p.body ?? null}::text, body),
      scheduled_for = coalesce(${p.scheduledFor ? ts(p.scheduledFor) : null}, scheduled_for),
      updated_at = greatest(${ts(p.now)}, updated_at + interval '1 microsecond')
    where institution_id = ${p.institutionId} and id = ${p.batchId} and state = 'scheduled'
    returning id`);
  if (changed.length > 0) return { changed: true, state: "scheduled" };
  return { changed: false, state: await stateOf(db, p) };
}

/** Cancels a scheduled send (it keeps no recipients: nothing will go). As `updateScheduledSend`. */
export async function cancelScheduledSend(
  db: DbOrTx,
  p: { institutionId: string; batchId: string; userId: string; now: Date },
): Promise<{ changed: boolean; state: SendState | null }> {
  const changed = await db.execute<{ id: string }>(sql`
    update send_batches set state = 'cancelled', cancelled_at = ${ts(p.now)}, cancelled_by_user_id = ${p.userId},
      updated_at = greatest(${ts(p.now)}, updated_at + interval '1 microsecond')
    where institution_id = ${p.institutionId} and id = ${p.batchId} and state = 'scheduled'
    returning id`);
  if (changed.length > 0) return { changed: true, state: "cancelled" };
  return { changed: false, state: await stateOf(db, p) };
}

async function stateOf(db: DbOrTx, p: { institutionId: string; batchId: string }): Promise<SendState | null> {
  const [row] = await db.execute<{ state: SendState }>(sql`
    select state from send_batches where institution_id = ${p.institutionId} and id = ${p.batchId}`);
  return row?.state ?? null;
}

/** Scheduled sends due at `now` of every institution, oldest first: the worker's sweep. */
export async function findDueScheduledSends(db: DbOrTx, p: { now: Date; limit: number }): Promise<{ id: string; institutionId: string }[]> {
  const rows = await db.execute<{ id: string; institution_id: string }>(sql`
    select id, institution_id from send_batches
    where state = 'scheduled' and scheduled_for <= ${ts(p.now)}
    order by scheduled_for limit ${p.limit}`);
  return rows.map((r) => ({ id: r.id, institutionId: r.institution_id }));
}

/** A send as the Sends page and the API show it. */
export type SendRow = {
  id: string;
  senderUserId: string;
  senderName: string | null;
  senderTimeZone: string;
  body: string;
  state: SendState;
  recipientCount: number;
  createdAt: Date;
  /** created_at to the microsecond (ISO 8601): the list's keyset. */
  createdKey: string;
  scheduledFor: Date | null;
  releasedAt: Date | null;
  finishedAt: Date | null;
  cancelledAt: Date | null;
  /** Issue 18: when the carrier-filtering check paused it (and why), and when it was resumed. */
  pausedAt: Date | null;
  pausedReason: "CARRIER_FILTERING" | null;
  resumedAt: Date | null;
  /** Its first results as the check counted them (lib/messaging/send/carrier-filtering.ts). */
  firstResults: { counted: number; filtered: number; optedOut: number };
  counts: { texts: number; emails: number; undeliverable: number; refused: number };
  /** From the send's messages so far (fallback emails excluded). */
  progress: { waiting: number; held: number; sent: number; delivered: number; failed: number };
};

type SendSqlRow = {
  id: string;
  sender_user_id: string;
  sender_name: string | null;
  sender_time_zone: string;
  body: string;
  state: SendState;
  recipient_count: number;
  created_at: string | Date;
  created_key: string;
  scheduled_for: string | Date | null;
  released_at: string | Date | null;
  finished_at: string | Date | null;
  cancelled_at: string | Date | null;
  paused_at: string | Date | null;
  paused_reason: "CARRIER_FILTERING" | null;
  resumed_at: string | Date | null;
  first_results: number;
  first_results_filtered: number;
  first_results_opted_out: number;
  text_count: number;
  email_count: number;
  undeliverable_count: number;
  refused_count: number;
  waiting: number;
  held: number;
  sent: number;
  delivered: number;
  failed: number;
};

const date = (v: string | Date | null) => (v === null ? null : new Date(v));

function toSendRow(r: SendSqlRow): SendRow {
  return {
    id: r.id,
    senderUserId: r.sender_user_id,
    senderName: r.sender_name,
    senderTimeZone: r.sender_time_zone,
    body: r.body,
    state: r.state,
    recipientCount: Number(r.recipient_count),
    createdAt: new Date(r.created_at),
    createdKey: r.created_key,
    scheduledFor: date(r.scheduled_for),
    releasedAt: date(r.released_at),
    finishedAt: date(r.finished_at),
    cancelledAt: date(r.cancelled_at),
    pausedAt: date(r.paused_at),
    pausedReason: r.paused_reason,
    resumedAt: date(r.resumed_at),
    firstResults: { counted: Number(r.first_results), filtered: Number(r.first_results_filtered), optedOut: Number(r.first_results_opted_out) },
    counts: { texts: r.text_count, emails: r.email_count, undeliverable: r.undeliverable_count, refused: r.refused_count },
    progress: { waiting: Number(r.waiting), held: Number(r.held), sent: Number(r.sent), delivered: Number(r.delivered), failed: Number(r.failed) },
  };
}

/**
 * The sends' columns with their sender and progress; `where` picks the rows (always naming the
 * institution). Progress is an aggregate of each send's own messages (messages_batch_idx), so
 * a page of sends costs a probe per send.
 */
function selectSends(institutionId: string, where: ReturnType<typeof sql>, order: ReturnType<typeof sql>, limit: number, progress = true) {
  // Without progress (a caller that counts the send's messages itself), no pass over its rows: zeros.
  const counts = progress
    ? sql`
      select count(*) filter (where x.status in ('pending', 'sending') and x.held_until is null)::int as waiting,
        count(*) filter (where x.status in ('pending', 'sending') and x.held_until is not null)::int as held,
        count(*) filter (where x.status in ('queued', 'accepted', 'sent', 'delivered'))::int as sent,
        count(*) filter (where x.status = 'delivered')::int as delivered,
        count(*) filter (where x.status in ('failed', 'undelivered', 'canceled'))::int as failed
      from messages x
      where x.batch_id = b.id and x.institution_id = b.institution_id and x.fallback_for_message_id is null and x.status <> 'refused'`
    : sql`select 0 as waiting, 0 as held, 0 as sent, 0 as delivered, 0 as failed`;
  return sql`
    select b.id, b.sender_user_id, nullif(trim(concat_ws(' ', p.first_name, p.last_name)), '') as sender_name,
      coalesce(p.time_zone, i.time_zone) as sender_time_zone, b.body, b.state, b.recipient_count, b.created_at,
      to_char(b.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as created_key, b.scheduled_for,
      b.released_at, b.finished_at, b.cancelled_at, b.paused_at, b.paused_reason, b.resumed_at, b.first_results,
      b.first_results_filtered, b.first_results_opted_out, b.text_count, b.email_count, b.undeliverable_count, b.refused_count,
      coalesce(m.waiting, 0) as waiting, coalesce(m.held, 0) as held, coalesce(m.sent, 0) as sent,
      coalesce(m.delivered, 0) as delivered, coalesce(m.failed, 0) as failed
    from send_batches b
    join institutions i on i.id = b.institution_id
    left join persons p on p.id = b.sender_person_id and p.institution_id = b.institution_id
    left join lateral (${counts}) m on true
    where b.institution_id = ${institutionId} and ${where}
    order by ${order}
    limit ${limit}`;
}

/**
 * One send of the institution (null: none such here). `progress: false` skips counting its
 * messages (a send's results count them in their own pass; at 50,000 rows that pass is the cost).
 */
export async function findSend(db: DbOrTx, p: { institutionId: string; batchId: string; progress?: boolean }): Promise<SendRow | null> {
  const [row] = await db.execute<SendSqlRow>(selectSends(p.institutionId, sql`b.id = ${p.batchId}`, sql`b.created_at`, 1, p.progress ?? true));
  return row ? toSendRow(row) : null;
}

/**
 * A keyset page of the institution's sends, newest first (created_at, id), of one sender or of
 * everyone (`senderUserId` null); `after` continues past a row, `backwards` reads toward newer.
 */
export async function listSends(
  db: DbOrTx,
  p: { institutionId: string; senderUserId: string | null; after: { createdKey: string; id: string } | null; backwards: boolean; limit: number },
): Promise<SendRow[]> {
  const who = p.senderUserId ? sql`b.sender_user_id = ${p.senderUserId}` : sql`true`;
  const from = p.after
    ? p.backwards
      ? sql`(b.created_at, b.id) > (${p.after.createdKey}::timestamptz, ${p.after.id}::uuid)`
      : sql`(b.created_at, b.id) < (${p.after.createdKey}::timestamptz, ${p.after.id}::uuid)`
    : sql`true`;
  const order = p.backwards ? sql`b.created_at asc, b.id asc` : sql`b.created_at desc, b.id desc`;
  const rows = await db.execute<SendSqlRow>(selectSends(p.institutionId, sql`${who} and ${from}`, order, p.limit));
  return rows.map(toSendRow);
}

/** Which of these ids are persons of the institution (not deleted), in the order given. */
export async function findKnownPersonIds(db: DbOrTx, p: { institutionId: string; ids: readonly string[] }): Promise<string[]> {
  if (p.ids.length === 0) return [];
  const rows = await db.execute<{ id: string }>(sql`
    select id from persons where institution_id = ${p.institutionId} and id = any(${uuidArray(p.ids)}) and not deleted`);
  const known = new Set(rows.map((r) => r.id));
  return p.ids.filter((id) => known.has(id));
}

/**
 * The recipients' recorded time zones (with how many recipients each), for the composer's
 * "Send later", and the sender's own zone (their person's, else the institution's).
 */
export async function findSendZones(
  db: DbOrTx,
  p: { institutionId: string; senderPersonId: string | null; recipientIds: readonly string[] },
): Promise<{ senderTimeZone: string; recipientZones: { timeZone: string; count: number }[]; unknownZone: number }> {
  const [sender] = await db.execute<{ time_zone: string }>(sql`
    select coalesce((select p.time_zone from persons p where p.institution_id = ${p.institutionId} and p.id = ${p.senderPersonId}), i.time_zone) as time_zone
    from institutions i where i.id = ${p.institutionId}`);
  const zones = p.recipientIds.length
    ? await db.execute<{ time_zone: string | null; n: number }>(sql`
        select time_zone, count(*)::int as n from persons
        where institution_id = ${p.institutionId} and id = any(${uuidArray(p.recipientIds)}) and not deleted
        group by 1 order by 2 desc`)
    : [];
  return {
    senderTimeZone: sender?.time_zone ?? "America/New_York",
    recipientZones: zones.filter((z) => z.time_zone !== null).map((z) => ({ timeZone: z.time_zone!, count: Number(z.n) })),
    unknownZone: zones.filter((z) => z.time_zone === null).reduce((a, z) => a + Number(z.n), 0),
  };
}
