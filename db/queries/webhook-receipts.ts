import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";

/** Why a Twilio delivery was kept in webhook_receipts instead of being applied. */
export type ParkedKind = "status-unknown" | "inbound-unrouted";

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
 * Status callbacks parked for these sids, oldest first, with their sid. Looked up by their
 * exact keys (`<sid>:<status>` for each possible status), so the unique index answers.
 */
export async function findParkedCallbacks(
  db: DbOrTx,
  params: { sids: readonly string[]; statuses: readonly string[] },
): Promise<{ id: number; sid: string; payload: unknown }[]> {
  if (params.sids.length === 0) return [];
  const keys = `{${params.sids.flatMap((sid) => params.statuses.map((s) => `${sid}:${s}`)).join(",")}}`;
  const rows = await db.execute<{ id: number; sid: string; payload: unknown }>(sql`
    select id, split_part(idempotency_key, ':', 1) as sid, payload from webhook_receipts
    where provider = 'twilio' and idempotency_key = any(${keys}::text[]) and kind = 'status-unknown'
    order by id`);
  return rows.map((r) => ({ id: Number(r.id), sid: r.sid, payload: r.payload }));
}

/** Marks parked callbacks as applied; the receipt stays as the record that the callback came early. */
export async function markCallbacksReplayed(db: DbOrTx, ids: readonly number[]) {
  if (ids.length === 0) return;
  await db.execute(sql`
    update webhook_receipts set kind = 'status-replayed'
    where id = any(${`{${ids.join(",")}}`}::bigint[]) and kind = 'status-unknown'`);
}
