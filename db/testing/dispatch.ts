import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { bigintArray } from "@/db/queries/sql-values";

/*
 * Test-only read-outs of the dispatch tests (STYLE: SQL lives in db/): what the messages say
 * against what the providers' stand-ins received (mail_outbox for Resend, sim_twilio_messages
 * for Twilio). Exactly-once is proven by these counts. Never imported by the app.
 */

/** An institution's emails: sent with an id and a time, still holding a request key, and their `sent` events from Resend. */
export async function emailSendState(db: DbOrTx, institutionId: string) {
  const [row] = await db.execute<{ sent: number; keyed: number; events: number }>(sql`
    select count(*) filter (where status = 'sent' and provider_id is not null and sent_at is not null)::int as sent,
      count(request_key)::int as keyed,
      (select count(*)::int from message_events e where e.message_id = any(array_agg(m.id)) and e.status = 'sent' and e.source = 'RESEND') as events
    from messages m where institution_id = ${institutionId}`);
  return row;
}

/** The mail the Resend stand-in holds for each of an institution's messages (by provider id), with how many. */
export async function mailOfMessages(db: DbOrTx, institutionId: string) {
  return db.execute<{ to_address: string; from_address: string; reply_to: string[]; subject: string; n: number }>(sql`
    select o.to_addresses[1] as to_address, o.from_address, o.reply_to, o.subject, count(*)::int as n
    from messages m join mail_outbox o on o.provider_id::text = m.provider_id
    where m.institution_id = ${institutionId} group by 1, 2, 3, 4`);
}

/** How many emails the Resend stand-in took for this address (its first recipient). */
export async function mailCountTo(db: DbOrTx, address: string) {
  const [row] = await db.execute<{ n: number }>(sql`select count(*)::int as n from mail_outbox where to_addresses[1] = ${address}`);
  return row.n;
}

/** Emails the Resend stand-in took for an institution, and to how many distinct addresses. */
export async function mailCounts(db: DbOrTx, institutionId: string) {
  const [row] = await db.execute<{ n: number; addresses: number }>(sql`
    select count(*)::int as n, count(distinct to_addresses[1])::int as addresses from mail_outbox where institution_id = ${institutionId}`);
  return row;
}

/** These emails: sent, not sent, still keyed, tried more than once. */
export async function emailOutcomes(db: DbOrTx, institutionId: string, messageIds: readonly number[]) {
  const [row] = await db.execute<{ sent: number; other: number; keyed: number; retried: number }>(sql`
    select count(*) filter (where status = 'sent')::int as sent, count(*) filter (where status <> 'sent')::int as other,
      count(request_key)::int as keyed, count(*) filter (where attempts > 1)::int as retried
    from messages where institution_id = ${institutionId} and id = any(${bigintArray(messageIds)})`);
  return row;
}

/**
 * The Resend stand-in's own record for an institution: emails, distinct addresses, and messages
 * whose provider id names no email to their own address.
 */
export async function mailAgainstMessages(db: DbOrTx, institutionId: string) {
  const [row] = await db.execute<{ total: number; addresses: number; mismatched: number }>(sql`
    select count(*)::int as total, count(distinct o.to_addresses[1])::int as addresses,
      (select count(*)::int from messages m where m.institution_id = ${institutionId}
        and not exists (select 1 from mail_outbox x where x.provider_id::text = m.provider_id and x.to_addresses[1] = m.to_address)) as mismatched
    from mail_outbox o where o.institution_id = ${institutionId}`);
  return row;
}

/** An institution's texts: handed to Twilio (with a sid), failed, and the fallback emails of the institution. */
export async function textOutcomes(db: DbOrTx, institutionId: string) {
  const [row] = await db.execute<{ handed: number; failed: number; fallbacks: number }>(sql`
    select count(*) filter (where status in ('queued', 'accepted', 'sent', 'delivered') and provider_id is not null)::int as handed,
      count(*) filter (where status = 'failed')::int as failed,
      (select count(*)::int from messages e where e.institution_id = ${institutionId} and e.fallback_for_message_id is not null) as fallbacks
    from messages where institution_id = ${institutionId} and channel = 'SMS'`);
  return row;
}

/** The simulated Twilio's own record of texts sent through its API: total, distinct numbers, numbers that got more than one. */
export async function simulatorOutboundCounts(db: DbOrTx) {
  const [row] = await db.execute<{ total: number; numbers: number; duplicated: number }>(sql`
    select count(*)::int as total, count(distinct to_number)::int as numbers,
      (select count(*)::int from (select to_number from sim_twilio_messages where direction = 'outbound-api' group by 1 having count(*) > 1) d) as duplicated
    from sim_twilio_messages where direction = 'outbound-api'`);
  return row;
}

/** An institution's texts handed over whose sid names no text the simulator received for their own number. */
export async function textsNotAtSimulator(db: DbOrTx, institutionId: string) {
  const [row] = await db.execute<{ n: number }>(sql`
    select count(*)::int as n from messages m
    where m.institution_id = ${institutionId} and m.channel = 'SMS' and m.provider_id is not null
      and not exists (select 1 from sim_twilio_messages s where s.sid = m.provider_id and s.to_number = m.to_address)`);
  return row.n;
}

/** Texts the simulated Twilio received through its API for an institution, and to how many numbers. */
export async function simulatorReceivedFor(db: DbOrTx, institutionId: string) {
  const [row] = await db.execute<{ n: number; numbers: number }>(sql`
    select count(*)::int as n, count(distinct to_number)::int as numbers from sim_twilio_messages
    where institution_id = ${institutionId} and direction = 'outbound-api'`);
  return row;
}
