import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import twilio from "twilio";
import type { DbOrTx } from "@/db";
import { resetEnvCache } from "@/lib/env";
import { countAllJobs } from "@/lib/jobs/pgboss-tables";
import { QUEUES } from "@/lib/jobs/queues";
import { getTwilioAuthToken } from "@/lib/twilio/client";

/** What Twilio is configured to call in these tests; the requests themselves reach `REQUEST_ORIGIN`. */
export const PUBLIC_BASE_URL = "https://sms.example.edu";
/** What `req.url` looks like under `next start`, whatever URL Twilio called. */
export const REQUEST_ORIGIN = "http://localhost:3000";

export function usePublicBaseUrl() {
  process.env.PUBLIC_BASE_URL = PUBLIC_BASE_URL;
  resetEnvCache();
}

export function newSid() {
  return `SM${randomBytes(16).toString("hex")}`;
}

export type SignOptions = {
  /** The URL the signature is made for (default: the public URL of `path`). */
  signedFor?: string;
  /** A literal header value instead; null sends none. */
  signature?: string | null;
};

/** A form POST as Twilio makes it to `path`, signed with the app's Twilio token. */
export function twilioRequest(path: string, params: Record<string, string>, options: SignOptions = {}): Request {
  const signature =
    options.signature !== undefined
      ? options.signature
      : twilio.getExpectedTwilioSignature(getTwilioAuthToken(), options.signedFor ?? `${PUBLIC_BASE_URL}${path}`, params);
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
  if (signature !== null) headers["x-twilio-signature"] = signature;
  return new Request(`${REQUEST_ORIGIN}${path}`, { method: "POST", headers, body: new URLSearchParams(params) });
}

const COUNTED = ["messages", "message_events", "phone_history", "webhook_receipts", "conversations", "person_phones"] as const;

/** Row counts of the tables a webhook writes to, plus a digest of every phone's SMS status. */
export async function snapshotWrites(db: DbOrTx) {
  const counts: Record<string, number> = {};
  for (const table of COUNTED) {
    const [row] = await db.execute<{ n: number }>(sql`select count(*)::int as n from ${sql.identifier(table)}`);
    counts[table] = Number(row.n);
  }
  const [statuses] = await db.execute<{ digest: string }>(sql`
    select coalesce(md5(string_agg(id::text || sms_status || updated_at::text, ',' order by id)), '') as digest from person_phones`);
  const [messageStates] = await db.execute<{ digest: string }>(sql`
    select coalesce(md5(string_agg(id::text || status || updated_at::text, ',' order by id)), '') as digest from messages`);
  return { counts, phones: statuses.digest, messages: messageStates.digest };
}

/** Notification jobs queued for an inbound text (pg-boss keeps them in pgboss.job). */
export async function queuedNotifications(db: DbOrTx, messageId: number): Promise<number> {
  return countAllJobs(db, { queue: QUEUES.notifyReply, messageId });
}
