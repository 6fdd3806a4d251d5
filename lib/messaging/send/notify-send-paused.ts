import "server-only";
import pMap from "p-map";
import type { Resend } from "resend";
import { findPausedSendFacts, findPauseNoticeRecipients, type PausedSendFacts } from "@/db/queries/send-pause";
import { EmailProviderError, sendEmail } from "@/lib/email/send-email";
import { describeError, log } from "@/lib/log";
import type { ProviderActor, ServiceContext } from "@/lib/service-context";
import { FILTER_WINDOW } from "./carrier-filtering";

export type SendPausedNoticeDeps = {
  ctx: ServiceContext<ProviderActor>;
  /** The app's public URL; the email links to `<publicBaseUrl>/sends`. */
  publicBaseUrl: string;
  resend?: Resend;
};

const plural = (n: number, one: string, many: string) => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;
const EXCERPT = 80;

/** The notice's subject and text for one reader (pure: every input is an argument). */
export function pauseNoticeText(facts: PausedSendFacts, reader: { isSender: boolean }, sendsUrl: string): { subject: string; text: string } {
  const whose = reader.isSender ? "Your send" : `${facts.senderName ?? "A staff member"}'s send`;
  const excerpt = facts.body.length > EXCERPT ? `${facts.body.slice(0, EXCERPT - 1)}…` : facts.body;
  const flagged = [
    facts.filtered > 0 ? plural(facts.filtered, "text was filtered or unreachable", "texts were filtered or unreachable") : null,
    facts.optedOut > 0 ? plural(facts.optedOut, "recipient opted out", "recipients opted out") : null,
  ].filter(Boolean);
  const subject = `${whose} to ${plural(facts.recipientCount, "recipient", "recipients")} is paused: carrier filtering`;
  const text = [
    `${whose} to ${plural(facts.recipientCount, "recipient", "recipients")} has been paused.`,
    "",
    `Message: "${excerpt}"`,
    "",
    `Of its first ${plural(facts.firstResults, "result", "results")}, ${flagged.join(" and ")}: more than 2 % of the first ${FILTER_WINDOW}.`,
    "Carriers filter texts that look like spam, and texting on to numbers that fail or opt out harms the sending number's standing.",
    "Texts already with the carrier go on; the rest of the send waits.",
    "",
    `The sender or an administrator can resume or cancel it on the Sends page: ${sendsUrl}`,
  ].join("\n");
  return { subject, text };
}

/**
 * The notice of a send paused for carrier filtering (issue 18): one email to the sender and to
 * each administrator of the institution, under the idempotency key `send-paused-<send>-<user>`,
 * so a repeated job sends each reader one email (a send pauses at most once). Throws when an
 * email Resend may take later was not sent, so pg-boss retries the job.
 */
export async function notifySendPaused(deps: SendPausedNoticeDeps & { institutionId: string; batchId: string }): Promise<number> {
  const { db } = deps.ctx;
  const facts = await findPausedSendFacts(db, { institutionId: deps.institutionId, batchId: deps.batchId });
  if (!facts || facts.pausedAt === null) return 0;
  const readers = await findPauseNoticeRecipients(db, { institutionId: deps.institutionId, batchId: deps.batchId });
  const sendsUrl = `${deps.publicBaseUrl.replace(/\/+$/, "")}/sends`;
  let sent = 0;
  let retry = 0;
  await pMap(
    readers,
    async (reader) => {
      const { subject, text } = pauseNoticeText(facts, reader, sendsUrl);
      try {
        await sendEmail({ institutionId: deps.institutionId, to: reader.email, subject, text, idempotencyKey: `send-paused-${deps.batchId}-${reader.userId}` }, deps.resend);
        sent++;
      } catch (err) {
        const retryable = !(err instanceof EmailProviderError) || err.retryable;
        log.warn("send paused notice failed", { batchId: deps.batchId, userId: reader.userId, retryable, ...describeError(err) });
        if (retryable) retry++;
      }
    },
    { concurrency: 4 },
  );
  if (retry > 0) throw new Error(`${retry} send-paused notice(s) to retry`);
  return sent;
}
