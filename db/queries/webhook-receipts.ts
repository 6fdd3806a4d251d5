import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";

/** Why a Twilio delivery was kept in webhook_receipts instead of being applied. */
export type ParkedKind = "inbound-unrouted";

/**
 * Keeps a Twilio delivery that cannot be applied now, once per key (a retry stores nothing
 * new). The institution is the one owning `systemNumber`, when any does. Returns whether a new
 * receipt was stored.
 */
export async function parkWebhook(
  db: DbOrTx,
  params: { kind: ParkedKind; idempotencyKey: string; systemNumber: string | null; payload: Record<string, unknown> },
): Promise<boolean> {
  const rows = await db.execute(sql`
    insert into webhook_receipts (institution_id, provider, kind, idempotency_key, payload)
    values ((select institution_id from system_numbers where number = ${params.systemNumber}), 'twilio', ${params.kind},
      ${params.idempotencyKey}, ${JSON.stringify(params.payload)}::jsonb)
    on conflict (provider, idempotency_key) do nothing
    returning id`);
  return rows.length > 0;
}

/**
 * Counts a Twilio webhook refused for a bad signature against the institution owning
 * `systemNumber` (issue 18, the health panel), one row per institution, kind and minute. A
 * number no institution owns records nothing. Returns whether it was counted.
 */
export async function recordWebhookRefusal(db: DbOrTx, params: { kind: "status" | "inbound"; systemNumber: string; now: Date }): Promise<boolean> {
  const rows = await db.execute(sql`
    insert into webhook_refusals (institution_id, kind, minute, count)
    select institution_id, ${params.kind}, date_trunc('minute', ${params.now.toISOString()}::timestamptz), 1
    from system_numbers where number = ${params.systemNumber}
    on conflict (institution_id, kind, minute) do update set count = webhook_refusals.count + 1
    returning 1`);
  return rows.length > 0;
}
