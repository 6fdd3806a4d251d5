import { z } from "zod";
import { listSendResultRows, type SendResultRow } from "@/db/queries/send-results";
import { authorize } from "@/lib/auth/policy";
import { parseInput } from "@/lib/parse-input";
import type { ServiceContext } from "@/lib/service-context";

export const sendResultsInput = z.object({
  batchIds: z.array(z.uuid()).min(1).max(100),
});

/** Who got what: a text, an email (decided so, or in place of a failed text), or nothing. */
export type SendOutcome = "TEXT" | "EMAIL" | "NOTHING";

export type SendResult = {
  messageId: number;
  personId: string | null;
  name: string | null;
  conversationId: string | null;
  outcome: SendOutcome;
  /** The status of what went: the text's, else the email's. */
  status: string;
  /** The number texted or the address emailed (null when nothing went anywhere). */
  destination: string | null;
  /** Why not a text (EMAIL: the §4 fallback reason) or why nothing: a SPEC reason code. */
  reasonCode: string | null;
  /** The reason behind UNDELIVERABLE: why no text could go (e.g. NO_SMS_NUMBER). */
  decisionDetail: string | null;
  /** The text failed after it was handed to Twilio: its status (failed, undelivered, canceled) and reason. */
  textFailure: { status: string; reasonCode: string | null } | null;
  /** A failed text never resent by email: "Email those whose text failed" sends it. */
  emailable: boolean;
  /** A text held for quiet hours (SPEC §9): until when (ISO), in the recipient's zone. */
  held: { until: string; timeZone: string | null } | null;
};

export type SendResults = {
  counts: Record<SendOutcome, number>;
  /** Failed texts not yet emailed. */
  emailable: number;
  /** Texts or emails still on their way (not final): the view asks again. */
  unsettled: number;
  /** At most RESULTS_PER_OUTCOME of each outcome, by name. */
  results: SendResult[];
};

/** Rows listed per outcome; the Message Report filtered to the send has them all. */
export const RESULTS_PER_OUTCOME = 200;

const TEXT_FAILED = new Set(["failed", "undelivered", "canceled"]);
const FINAL = new Set(["delivered", "failed", "undelivered", "canceled", "refused"]);

/**
 * What one recipient got (pure; SPEC §4–5): a text unless it failed; an email when the
 * decision chose email or a failed text was resent by email; nothing when the send was
 * refused, the recipient had no email either (UNDELIVERABLE), or a failed text has no email.
 */
export function classifySendResult(row: SendResultRow): SendResult {
  const held = row.channel === "SMS" && row.status === "pending" && row.heldUntil ? { until: row.heldUntil.toISOString(), timeZone: row.heldTimeZone } : null;
  const base = { messageId: row.messageId, personId: row.personId, name: row.name, conversationId: row.conversationId, decisionDetail: row.decisionDetail, held };
  if (row.channel === "SMS") {
    if (!TEXT_FAILED.has(row.status)) {
      return { ...base, outcome: "TEXT", status: row.status, destination: row.toAddress, reasonCode: null, textFailure: null, emailable: false };
    }
    const textFailure = { status: row.status, reasonCode: row.reasonCode };
    const email = row.fallback;
    if (email && email.status !== "failed") {
      return { ...base, outcome: "EMAIL", status: email.status, destination: email.toAddress, reasonCode: email.reasonCode, textFailure, emailable: false };
    }
    return {
      ...base,
      outcome: "NOTHING",
      status: row.status,
      destination: null,
      reasonCode: email?.reasonCode ?? row.reasonCode,
      textFailure,
      emailable: email === null,
    };
  }
  if (row.status === "failed" || row.status === "refused") {
    return { ...base, outcome: "NOTHING", status: row.status, destination: null, reasonCode: row.reasonCode, textFailure: null, emailable: false };
  }
  return { ...base, outcome: "EMAIL", status: row.status, destination: row.toAddress, reasonCode: row.reasonCode, textFailure: null, emailable: false };
}

function isUnsettled(row: SendResultRow): boolean {
  if (row.channel === "SMS" && TEXT_FAILED.has(row.status)) return row.fallback !== null && ["pending", "sending"].includes(row.fallback.status);
  if (row.channel === "SMS") return !FINAL.has(row.status);
  return ["pending", "sending"].includes(row.status);
}

/**
 * The results of the actor's own send (its batches), per recipient: who got a text, who an
 * email and who nothing, and why — what the composer shows after Send. Those whose text failed
 * come with their email, if it was resent (SPEC §5). Sends of others yield nothing.
 */
export async function getSendResults({ ctx, input }: { ctx: ServiceContext; input: unknown }): Promise<SendResults> {
  authorize(ctx.actor, "messages.compose");
  const { batchIds } = parseInput(sendResultsInput, input);
  const rows = await listSendResultRows(ctx.db, { institutionId: ctx.actor.institutionId, senderUserId: ctx.actor.userId, batchIds });
  const all = rows.map(classifySendResult);
  const counts: Record<SendOutcome, number> = { TEXT: 0, EMAIL: 0, NOTHING: 0 };
  const results: SendResult[] = [];
  for (const r of all) {
    if (counts[r.outcome]++ < RESULTS_PER_OUTCOME) results.push(r);
  }
  return { counts, emailable: all.filter((r) => r.emailable).length, unsettled: rows.filter(isUnsettled).length, results };
}
