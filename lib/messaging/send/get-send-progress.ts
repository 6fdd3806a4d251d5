import "server-only";
import { z } from "zod";
import { countBatchMessages } from "@/db/queries/send-progress";
import { parseInput } from "@/lib/parse-input";
import type { ServiceContext } from "@/lib/service-context";

export const sendProgressInput = z.object({
  batchIds: z.array(z.uuid()).min(1).max(100),
});

export type SendProgress = {
  /** Messages of the sends (one per recipient), fallback emails excluded. */
  total: number;
  /** Not yet handed to Twilio or the email provider (held texts apart). */
  waiting: number;
  /** Texts held for quiet hours (SPEC §9): they go when their recipient's window opens. */
  held: number;
  /** Handed over: texts queued, sent or delivered, and emails sent. */
  sent: number;
  /** Of `sent`: texts the carrier confirmed delivered. */
  delivered: number;
  /** Failed or undelivered after hand-over, and the undeliverable ones that had nowhere to go. */
  failed: number;
  refused: number;
  /** Emails sent in place of texts that failed (SPEC §5), and how many are still waiting. */
  fallbackEmails: number;
  fallbackWaiting: number;
};

const WAITING = new Set(["pending", "sending"]);
const SENT = new Set(["queued", "accepted", "sent", "delivered"]);
const FAILED = new Set(["failed", "undelivered", "canceled"]);

/** Summarizes stored message statuses into progress buckets; pure. */
export function summarizeProgress(rows: readonly { status: string; fallback: boolean; held?: boolean; n: number }[]): SendProgress {
  const p: SendProgress = { total: 0, waiting: 0, held: 0, sent: 0, delivered: 0, failed: 0, refused: 0, fallbackEmails: 0, fallbackWaiting: 0 };
  for (const r of rows) {
    const n = Number(r.n);
    if (r.fallback) {
      p.fallbackEmails += n;
      if (WAITING.has(r.status)) p.fallbackWaiting += n;
      continue;
    }
    p.total += n;
    if (r.held) p.held += n;
    else if (WAITING.has(r.status)) p.waiting += n;
    else if (SENT.has(r.status)) p.sent += n;
    else if (FAILED.has(r.status)) p.failed += n;
    else if (r.status === "refused") p.refused += n;
    if (r.status === "delivered") p.delivered += n;
  }
  return p;
}

/**
 * How far the worker has got with the actor's own sends: the composer polls this after Send
 * to draw a progress bar from what is stored, not from a guess. Sends of others count nothing.
 */
export async function getSendProgress({ ctx, input }: { ctx: ServiceContext; input: unknown }): Promise<SendProgress> {
  const { batchIds } = parseInput(sendProgressInput, input);
  const rows = await countBatchMessages(ctx.db, { institutionId: ctx.actor.institutionId, senderUserId: ctx.actor.userId, batchIds });
  return summarizeProgress(rows);
}
