import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { ts } from "./sql-values";

/**
 * The facts the institution's health rules read (issue 18; lib/health/health-rules.ts), each an
 * index probe or a short index range: message_events_provider_idx for Twilio's callbacks,
 * hand-overs and reconciliation, messages_report_status_idx for the last inbound text,
 * messages_reconcile_idx for texts waiting for a final status, webhook_refusals per minute.
 * (`status <> 'received'` repeats message_events_provider_idx's predicate so the planner takes it.)
 */

/** The statuses only a status callback (or reconciliation) gives a text; `queued`/`accepted` are our hand-over's. */
const CALLBACK_STATUSES = `{sending,sent,delivered,undelivered,failed,canceled}`;

export type WebhookFacts = {
  lastCallbackAt: Date | null;
  lastInboundAt: Date | null;
  /** Texts still without a final status `waitingAfter` after their last change (and not yet given up on), counted up to 10,000. */
  waiting: number;
  /** Bad-signature refusals naming the institution's numbers since `refusedSince`. */
  refusedSignatures: number;
  /** Reconciliation's events since `reconciledSince`: statuses it found, and texts it gave up on. */
  reconciled: { status: string; expired: boolean; count: number }[];
};

const date = (v: string | Date | null) => (v === null ? null : new Date(v));

export async function readWebhookFacts(
  db: DbOrTx,
  params: { institutionId: string; waitingBefore: Date; givenUpBefore: Date; refusedSince: Date; reconciledSince: Date },
): Promise<WebhookFacts> {
  const i = params.institutionId;
  const [row] = await db.execute<{ last_callback: string | null; last_inbound: string | null; waiting: number; refused: number }>(sql`
    select
      (select max(e.at) from unnest(${CALLBACK_STATUSES}::text[]) s(status)
        cross join lateral (
          select occurred_at as at from message_events
          where institution_id = ${i} and source = 'TWILIO' and status = s.status and status <> 'received'
          order by occurred_at desc limit 1) e) as last_callback,
      (select max(created_at) from messages where institution_id = ${i} and channel = 'SMS' and status = 'received') as last_inbound,
      (select count(*)::int from (
        select 1 from messages
        where channel = 'SMS' and provider_id is not null and status in ('queued', 'accepted', 'sending', 'sent')
          and updated_at < ${ts(params.waitingBefore)} and updated_at >= ${ts(params.givenUpBefore)}
          and institution_id = ${i} and direction = 'OUTBOUND'
        limit 10000) w) as waiting,
      (select coalesce(sum(count), 0)::int from webhook_refusals where institution_id = ${i} and minute >= ${ts(params.refusedSince)}) as refused`);
  const reconciled = await db.execute<{ status: string; expired: boolean; n: number }>(sql`
    select status, coalesce((detail ->> 'expired')::boolean, false) as expired, count(*)::int as n
    from message_events
    where institution_id = ${i} and source = 'RECONCILIATION' and status <> 'received' and occurred_at >= ${ts(params.reconciledSince)}
    group by 1, 2 order by 1, 2`);
  return {
    lastCallbackAt: date(row.last_callback),
    lastInboundAt: date(row.last_inbound),
    waiting: Number(row.waiting),
    refusedSignatures: Number(row.refused),
    reconciled: reconciled.map((r) => ({ status: r.status, expired: r.expired, count: Number(r.n) })),
  };
}

/**
 * Texts handed to Twilio in [from, to) that no status callback has reached since (at most 1,000
 * counted): read only when callbacks have been silent, to tell "stopped" from "nothing to report".
 */
export async function countHandedOverWithoutCallback(db: DbOrTx, params: { institutionId: string; from: Date; to: Date }): Promise<number> {
  const [row] = await db.execute<{ n: number }>(sql`
    select count(*)::int as n from (
      select 1 from message_events e
      where e.institution_id = ${params.institutionId} and e.source = 'TWILIO' and e.status in ('queued', 'accepted') and e.status <> 'received'
        and e.occurred_at >= ${ts(params.from)} and e.occurred_at < ${ts(params.to)}
        and not exists (
          select 1 from message_events c
          where c.message_id = e.message_id and c.source = 'TWILIO' and c.status = any(${CALLBACK_STATUSES}::text[]))
      limit 1000) x`);
  return Number(row.n);
}

/** Texts Twilio reported delivered since `since` (read only when no inbound text came in that time). */
export async function countDeliveredSince(db: DbOrTx, params: { institutionId: string; since: Date }): Promise<number> {
  const [row] = await db.execute<{ n: number }>(sql`
    select count(*)::int as n from message_events
    where institution_id = ${params.institutionId} and source in ('TWILIO', 'RECONCILIATION') and status = 'delivered' and status <> 'received'
      and occurred_at >= ${ts(params.since)}`);
  return Number(row.n);
}

export type PoolFacts = {
  /** ACTIVE numbers nobody holds. */
  freeNumbers: number;
  assigned: number;
  limit: number;
  /** Users in a Permitted Role (staff, not disabled, person not deleted) who hold no number yet. */
  waitingStaff: number;
};

export async function readPoolFacts(db: DbOrTx, params: { institutionId: string }): Promise<PoolFacts> {
  const i = params.institutionId;
  const [row] = await db.execute<{ free: number; assigned: number; lim: number; waiting: number }>(sql`
    select
      (select count(*)::int from system_numbers n where n.institution_id = ${i} and n.status = 'ACTIVE'
        and not exists (select 1 from system_number_assignments a where a.system_number_id = n.id and a.released_at is null)) as free,
      (select count(*)::int from system_number_assignments where institution_id = ${i} and released_at is null) as assigned,
      (select sms_phone_number_limit from institutions where id = ${i}) as lim,
      (select count(*)::int from users u join persons p on p.id = u.person_id and p.institution_id = u.institution_id
        where u.institution_id = ${i} and not u.disabled and not p.deleted
          and exists (
            select 1 from person_roles pr
            join security_roles r on r.id = pr.role_id and r.kind = 'STAFF'
            join sms_permitted_roles s on s.role_id = pr.role_id and s.institution_id = pr.institution_id
            where pr.person_id = p.id and pr.institution_id = ${i})
          and not exists (select 1 from system_number_assignments a where a.user_id = u.id and a.released_at is null)) as waiting`);
  return { freeNumbers: Number(row.free), assigned: Number(row.assigned), limit: Number(row.lim ?? 0), waitingStaff: Number(row.waiting) };
}
