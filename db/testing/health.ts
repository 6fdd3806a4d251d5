import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { ts } from "@/db/queries/sql-values";

/*
 * Test-only rows for the dashboard and health tests (issue 18): messages, events, opt-outs and
 * sends at chosen times, as the clock and Twilio would have left them. Never imported by the app.
 */

export type TestMessage = {
  channel?: "SMS" | "EMAIL";
  direction?: "OUTBOUND" | "INBOUND";
  status: string;
  reasonCode?: string | null;
  fromPersonId?: string | null;
  toPersonId?: string | null;
  providerId?: string | null;
  at: Date;
  /** updated_at (default: `at`). */
  updatedAt?: Date;
};

/** One message row; returns its id. */
export async function insertMessageAt(db: DbOrTx, institutionId: string, m: TestMessage): Promise<number> {
  const [row] = await db.execute<{ id: string }>(sql`
    insert into messages (institution_id, channel, direction, status, reason_code, from_person_id, to_person_id, provider_id, body, created_at, updated_at)
    values (${institutionId}, ${m.channel ?? "SMS"}, ${m.direction ?? "OUTBOUND"}, ${m.status}, ${m.reasonCode ?? null}, ${m.fromPersonId ?? null},
      ${m.toPersonId ?? null}, ${m.providerId ?? null}, 'test', ${ts(m.at)}, ${ts(m.updatedAt ?? m.at)})
    returning id`);
  return Number(row.id);
}

/** A message event (a hand-over `queued`, a callback, a reconciliation finding) at `at`. */
export async function insertEventAt(
  db: DbOrTx,
  institutionId: string,
  e: { messageId: number; status: string; source: "TWILIO" | "RECONCILIATION" | "APP"; at: Date; expired?: boolean },
) {
  await db.execute(sql`
    insert into message_events (institution_id, message_id, status, source, detail, occurred_at)
    values (${institutionId}, ${e.messageId}, ${e.status}, ${e.source}, ${e.expired ? sql`'{"expired":true}'::jsonb` : sql`null`}, ${ts(e.at)})`);
}

/** An opt-out of a phone record at `at`, as a STOP keyword records it. */
export async function insertOptOutAt(db: DbOrTx, institutionId: string, p: { phoneId: string; at: Date; reason?: string }) {
  await db.execute(sql`
    insert into phone_history (institution_id, phone_id, field, old_value, new_value, actor_type, reason, changed_at)
    values (${institutionId}, ${p.phoneId}, 'SMS_STATUS', 'SMS_ENABLED', 'SMS_DISABLED', 'SYSTEM', ${p.reason ?? "OPT_OUT_KEYWORD"}, ${ts(p.at)})`);
}

/** A released send of `senderUserId` at `at`. */
export async function insertSendAt(db: DbOrTx, institutionId: string, p: { senderUserId: string; senderPersonId: string; at: Date; state?: string }) {
  await db.execute(sql`
    insert into send_batches (institution_id, sender_user_id, sender_person_id, body, recipient_count, state, released_at, created_at)
    values (${institutionId}, ${p.senderUserId}, ${p.senderPersonId}, 'test', 1, ${p.state ?? "done"}, ${ts(p.at)}, ${ts(p.at)})`);
}

/** Sets the texts counted against the SMS Message Limit for `month` (YYYY-MM-01). */
export async function setMonthlyUsage(db: DbOrTx, institutionId: string, month: string, count: number) {
  await db.execute(sql`
    insert into sms_usage_monthly (institution_id, month, sent_count) values (${institutionId}, ${month}, ${count})
    on conflict (institution_id, month) do update set sent_count = excluded.sent_count`);
}
