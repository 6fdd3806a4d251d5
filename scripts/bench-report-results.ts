import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import { createInstitution, createPerson, createUser } from "@/db/factories";
import type { Actor } from "@/lib/auth/capabilities";
import { loadActor } from "@/lib/auth/load-actor";
import { readSendOutcomeSummary } from "@/db/queries/send-outcomes";
import { followUpRecipientIds, getSendOutcomes, listSendOutcomes } from "@/lib/messaging/send/get-send-outcomes";
import { percentile } from "./bench-env";

/*
 * bench:report's second part (issue 18): the results page of a 50,000-recipient send, measured
 * on the same database as the Message Report, after its million messages. The send is loaded
 * set-based into an institution of its own (so the report's figures, its CSV count and a
 * BENCH_REUSE=1 rerun stay as they were), with what a real send leaves behind: 95 % texts
 * (85 % delivered, 8.5 % failed with 30003, 30007 or 21211, the rest sent or pending), 5 %
 * emails, each text's conversation, 20 % replies within 24 h, 3 % after 26 h, 1 % STOP (with
 * its phone_history rows), the sender's answer to half of the replies, the failures' status
 * events, and a VERIFIED history row for every phone (as a prospect upload leaves).
 *
 * A page view is what `app/(app)/sends/[sendId]/page.tsx` asks for: the figures and curve, and
 * one page of 50 recipients.
 */

const RECIPIENTS = 50_000;
const SEND_AT = new Date(Date.UTC(2025, 3, 1, 18, 0, 0));

export type ResultsBench = { p95: number; lines: string[] };

async function loadResultsSend(db: Db): Promise<{ batchId: string; senderUserId: string }> {
  const [found] = await db.execute<{ id: string; sender_user_id: string }>(sql`
    select b.id, b.sender_user_id from send_batches b join institutions i on i.id = b.institution_id where i.slug = 'bench-results'`);
  if (found) return { batchId: found.id, senderUserId: found.sender_user_id };

  const inst = await createInstitution(db, { timeZone: "America/Chicago", slug: "bench-results", name: "Bench Results College" });
  const sender = await createPerson(db, inst, { kind: "staff", roles: ["ADVISOR"], firstName: "Sally", lastName: "Sender", phones: [] });
  const senderUser = await createUser(db, sender);
  const i = inst.id;
  const number = "+13125559000";
  await db.execute(sql`create table bench_results_recipients (n int primary key, person_id uuid, phone_id uuid, number text, email text)`);
  await db.execute(sql`
    with p as (
      insert into persons (institution_id, first_name, last_name, src_system_id)
      select ${i}, 'Student', 'Recipient' || lpad(g::text, 5, '0'), 'BENCH-RES-' || g from generate_series(1, ${RECIPIENTS}) g
      returning id, src_system_id)
    insert into bench_results_recipients (n, person_id, number, email)
    select substring(src_system_id from 11)::int, id, '+1872' || lpad((1000000 + substring(src_system_id from 11)::int)::text, 7, '0'),
      'r' || substring(src_system_id from 11) || '@bench.example.edu'
    from p`);
  await db.execute(sql`
    with ph as (
      insert into person_phones (institution_id, person_id, phone_type_id, phone_type_src_system_id, number, sms_status, verified, verified_at)
      select ${i}, person_id, ${inst.phoneTypes.CELL.id}, 'CELL', number, 'SMS_ENABLED', true, ${SEND_AT.toISOString()}::timestamptz - interval '30 days'
      from bench_results_recipients returning id, person_id)
    update bench_results_recipients r set phone_id = ph.id from ph where ph.person_id = r.person_id`);
  await db.execute(sql`
    insert into phone_history (institution_id, phone_id, field, old_value, new_value, actor_type, reason, changed_at)
    select ${i}, phone_id, 'VERIFIED', 'false', 'true', 'SYSTEM', 'PROSPECT_UPLOAD', ${SEND_AT.toISOString()}::timestamptz - interval '30 days'
    from bench_results_recipients`);
  const [batch] = await db.execute<{ id: string }>(sql`
    insert into send_batches (institution_id, sender_user_id, sender_person_id, body, recipient_count, state, released_at, finished_at, created_at, updated_at)
    values (${i}, ${senderUser.id}, ${sender.id}, 'Registration closes Friday: reply if you need help.', ${RECIPIENTS}, 'done',
      ${SEND_AT.toISOString()}::timestamptz, ${SEND_AT.toISOString()}::timestamptz, ${SEND_AT.toISOString()}::timestamptz, ${SEND_AT.toISOString()}::timestamptz)
    returning id`);
  await db.execute(sql`
    insert into conversations (institution_id, owner_person_id, counterpart_person_id, counterpart_number, last_message_at, created_at)
    select ${i}, ${sender.id}, person_id, number, ${SEND_AT.toISOString()}::timestamptz, ${SEND_AT.toISOString()}::timestamptz
    from bench_results_recipients where ((n::bigint * 2654435761) % 1000) < 950`);

  // u: text (< 950) or email; v: the text's fate; w: the recipient's answer.
  await db.execute(sql`
    insert into messages (institution_id, batch_id, conversation_id, channel, direction, from_user_id, from_person_id, to_person_id, to_phone_id,
      from_address, to_address, body, status, reason_code, error_code, segments, created_at, updated_at, sent_at, delivered_at)
    select ${i}, ${batch.id}, c.id, k.channel, 'OUTBOUND', ${senderUser.id}, ${sender.id}, r.person_id, case when k.channel = 'SMS' then r.phone_id end,
      case when k.channel = 'SMS' then ${number} else 'sally@bench.example.edu' end,
      case when k.channel = 'SMS' then r.number else r.email end,
      'Registration closes Friday: reply if you need help.', k.status, k.reason, k.err, case when k.channel = 'SMS' then 1 end,
      ${SEND_AT.toISOString()}::timestamptz, k.sent + interval '5 seconds', case when k.status <> 'pending' then k.sent end,
      case when k.status = 'delivered' then k.sent + interval '4 seconds' end
    from bench_results_recipients r
    left join conversations c on c.institution_id = ${i} and c.counterpart_person_id = r.person_id
    cross join lateral (select ((r.n::bigint * 2654435761) % 1000)::int as u, ((r.n::bigint * 40503) % 1000)::int as v) h
    cross join lateral (
      select case when h.u < 950 then 'SMS' else 'EMAIL' end as channel,
        case when h.u >= 950 then 'sent' when h.v < 850 then 'delivered' when h.v < 935 then 'undelivered' when h.v < 960 then 'sent' else 'pending' end as status,
        case when h.u >= 950 then 'NO_SMS_NUMBER' when h.v between 850 and 899 then 'TWILIO_ERROR_30003' when h.v between 900 and 919 then 'TWILIO_ERROR_30007'
          when h.v between 920 and 934 then 'TWILIO_INVALID_NUMBER' end as reason,
        case when h.u < 950 and h.v between 850 and 899 then 30003 when h.u < 950 and h.v between 900 and 919 then 30007
          when h.u < 950 and h.v between 920 and 934 then 21211 end as err,
        ${SEND_AT.toISOString()}::timestamptz + r.n * interval '70 milliseconds' as sent
    ) k
    order by r.n`);
  await db.execute(sql`
    insert into message_events (institution_id, message_id, status, source, error_code, reason_code, occurred_at)
    select institution_id, id, status, 'TWILIO', error_code, reason_code, updated_at from messages where batch_id = ${batch.id} and status = 'undelivered'`);

  // Replies (w < 200 within 24 h, 200–229 after 26 h), STOPs (230–239) and the sender's answers (w < 100).
  const facts = sql`
    select m.id, m.institution_id, m.conversation_id, m.to_person_id, m.to_phone_id, m.to_address, m.sent_at, ((m.id * 7919) % 1000)::int as w
    from messages m where m.batch_id = ${batch.id} and m.status = 'delivered'`;
  await db.execute(sql`
    insert into messages (institution_id, conversation_id, channel, direction, from_person_id, to_person_id, from_address, to_address, body, status, decision_detail, created_at, updated_at)
    select f.institution_id, f.conversation_id, 'SMS', 'INBOUND', f.to_person_id, ${sender.id}, f.to_address, ${number},
      case when f.w between 230 and 239 then 'STOP' else 'Thanks, I will register today' end, 'received',
      case when f.w between 230 and 239 then 'OPT_OUT' end, t.at, t.at
    from (${facts}) f
    cross join lateral (select f.sent_at + case when f.w < 200 then f.w * interval '7 minutes' when f.w < 230 then interval '26 hours' else interval '2 hours' end as at) t
    where f.w < 240`);
  await db.execute(sql`
    insert into phone_history (institution_id, phone_id, field, old_value, new_value, actor_type, reason, changed_at)
    select f.institution_id, f.to_phone_id, 'SMS_STATUS', 'SMS_ENABLED', 'SMS_DISABLED', 'SYSTEM', 'OPT_OUT_KEYWORD', f.sent_at + interval '2 hours'
    from (${facts}) f where f.w between 230 and 239`);
  await db.execute(sql`
    insert into messages (institution_id, conversation_id, channel, direction, from_user_id, from_person_id, to_person_id, from_address, to_address, body, status, created_at, updated_at)
    select f.institution_id, f.conversation_id, 'SMS', 'OUTBOUND', ${senderUser.id}, ${sender.id}, f.to_person_id, ${number}, f.to_address, 'Great, see you then.', 'delivered', t.at, t.at
    from (${facts}) f cross join lateral (select f.sent_at + f.w * interval '7 minutes' + (1 + f.w % 90) * interval '1 minute' as at) t
    where f.w < 100`);
  await db.execute(sql`vacuum analyze messages`);
  await db.execute(sql`analyze`);
  return { batchId: batch.id, senderUserId: senderUser.id };
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t = performance.now();
  const value = await fn();
  return { ms: performance.now() - t, value };
}

/**
 * Loads (or, on a rerun, finds) the 50,000-recipient send and times its results page `runs`
 * times after 3 warm-ups: the whole page (figures + first page of recipients), each part, a
 * recipients page deep in the send, and resolving "Text those who didn't reply" (at Review).
 * The page shows the send's kept figures (lib/messaging/send/send-outcome-snapshots.ts: the
 * first view stores them); computing them again, as the worker's round does each minute for a
 * recent large send and a view finding them too old does, is timed on its own ("computed").
 */
export async function benchSendResults(db: Db, runs: number): Promise<ResultsBench> {
  const started = performance.now();
  const { batchId, senderUserId } = await loadResultsSend(db);
  const loadSeconds = (performance.now() - started) / 1000;
  const sender: Actor = (await loadActor(db, senderUserId))!;
  const ctx = () => ({ db, actor: sender, now: new Date() });
  const first = await listSendOutcomes({ ctx: ctx(), input: { sendId: batchId, page: { limit: 50 } } });
  // A cursor at the send's middle row: the page a reader reaches by following Next.
  let deep = first;
  let skipped = first.items.length;
  while (skipped < RECIPIENTS / 2 && deep.nextCursor) {
    deep = await listSendOutcomes({ ctx: ctx(), input: { sendId: batchId, page: { limit: 100, cursor: deep.nextCursor } } });
    skipped += deep.items.length;
  }
  const deepCursor = deep.nextCursor!;

  const whole: number[] = [];
  const figures: number[] = [];
  const rows: number[] = [];
  const deepRows: number[] = [];
  const followUp: number[] = [];
  const computed: number[] = [];
  let sample = await getSendOutcomes({ ctx: ctx(), input: { sendId: batchId } });
  let followUpCount = 0;
  for (let run = -3; run < runs; run++) {
    const page = await timed(() => Promise.all([getSendOutcomes({ ctx: ctx(), input: { sendId: batchId } }), listSendOutcomes({ ctx: ctx(), input: { sendId: batchId, page: { limit: 50 } } })]));
    const f = await timed(() => getSendOutcomes({ ctx: ctx(), input: { sendId: batchId } }));
    const r = await timed(() => listSendOutcomes({ ctx: ctx(), input: { sendId: batchId, page: { limit: 50 } } }));
    const d = await timed(() => listSendOutcomes({ ctx: ctx(), input: { sendId: batchId, page: { limit: 50, cursor: deepCursor } } }));
    const u = await timed(() => followUpRecipientIds({ ctx: ctx(), input: { sendId: batchId, replied: false } }));
    const c = await timed(() => readSendOutcomeSummary(db, { institutionId: sender.institutionId, batchId }));
    if (run < 0) continue;
    computed.push(c.ms);
    whole.push(page.ms);
    figures.push(f.ms);
    rows.push(r.ms);
    deepRows.push(d.ms);
    followUp.push(u.ms);
    sample = f.value;
    followUpCount = u.value.length;
  }
  const p = (v: number[]) => percentile(v, 95).toFixed(2);
  const t = sample.texts;
  return {
    p95: percentile(whole, 95),
    lines: [
      `results of a ${RECIPIENTS.toLocaleString("en-US")}-recipient send (loaded in ${loadSeconds.toFixed(1)} s): ${t.total.toLocaleString("en-US")} texts, ${t.deliveredPercent} % delivered, ` +
        `${sample.replies.percent} % replied within 24 h, ${sample.optOuts.percent} % opted out, median first answer ${sample.firstAnswer.medianSeconds?.toFixed(0)} s, ${sample.deliveryCurve.length} curve points`,
      `results page p95 ${p(whole)} ms (figures ${p(figures)} ms as kept, computed ${p(computed)} ms; recipients page 1 ${p(rows)} ms, recipients from row ${(skipped + 1).toLocaleString("en-US")} ${p(deepRows)} ms); ` +
        `"didn't reply" audience (${followUpCount.toLocaleString("en-US")} people) p95 ${p(followUp)} ms; ${runs} runs`,
    ],
  };
}
