import "server-only";
import pMap from "p-map";
import type { Resend } from "resend";
import { findReplyToNotify } from "@/db/queries/inbound";
import { renderTemplate, type TemplateValues } from "@/lib/email/render-template";
import { EmailProviderError, sendEmail } from "@/lib/email/send-email";
import { DISPATCH } from "@/lib/messaging/dispatch/dispatch-policy";
import { describeError, log } from "@/lib/log";
import { formatPhone } from "@/lib/e164";
import type { ProviderActor, ServiceContext } from "@/lib/service-context";
import type { InboundKeyword } from "./keywords";

/** How receive-inbound marks keyword texts in messages.decision_detail. */
const KEYWORD_DETAILS: ReadonlySet<string> = new Set<InboundKeyword>(["OPT_OUT", "OPT_IN", "HELP"]);

/**
 * Whether an inbound text earns its holder a reply notification (SPEC §3 Email Notifications,
 * §5 keywords). Keywords (decision_detail set by receive-inbound) are left out because Twilio has
 * already answered them and their effect is in the phone history: nobody has to answer them.
 */
export function needsReplyNotification(p: { holderPersonId: string | null; decisionDetail: string | null }): boolean {
  return p.holderPersonId !== null && !(p.decisionDetail !== null && KEYWORD_DETAILS.has(p.decisionDetail));
}

export type NotifyReplyDeps = {
  ctx: ServiceContext<ProviderActor>;
  /** The app's public URL; the email links to `<publicBaseUrl>/messages/<conversationId>`. */
  publicBaseUrl: string;
  /** The Resend client (default: the app's, real or the local stand-in). */
  resend?: Resend;
};

export type NotifyReplyResult =
  | { outcome: "sent"; emailId: string }
  | { outcome: "skipped"; reason: "NOT_FOUND" | "NOT_A_REPLY" | "NO_USER" | "USER_DISABLED" | "NO_TEMPLATE" };

/** Longer subjects are cut (a template may put the whole reply, up to 1,600 characters, in it). */
const MAX_SUBJECT = 200;

/**
 * The reply notification of one inbound text (SPEC §3 Email Notifications). Runs in the worker,
 * after the webhook has answered Twilio, so a slow Resend never delays a webhook; the
 * idempotency key `reply-<messageId>` makes a repeated job send one email. Throws
 * EmailProviderError when Resend did not take it.
 */
export async function notifyReply(deps: NotifyReplyDeps & { messageId: number }): Promise<NotifyReplyResult> {
  const row = await findReplyToNotify(deps.ctx.db, deps.messageId);
  if (!row || !row.conversation_id) return { outcome: "skipped", reason: "NOT_FOUND" };
  if (!needsReplyNotification({ holderPersonId: row.to_person_id, decisionDetail: row.decision_detail })) {
    return { outcome: "skipped", reason: "NOT_A_REPLY" };
  }
  if (!row.user_email) return { outcome: "skipped", reason: "NO_USER" };
  if (row.user_disabled) return { outcome: "skipped", reason: "USER_DISABLED" };
  if (!row.subject || !row.template) return { outcome: "skipped", reason: "NO_TEMPLATE" };

  const number = formatPhone(row.from_address);
  const values: TemplateValues = {
    replierName: row.replier_name ?? number,
    replierNumber: number,
    replyText: row.body,
    staffName: row.user_name ?? "",
    conversationLink: `${deps.publicBaseUrl.replace(/\/+$/, "")}/messages/${row.conversation_id}`,
  };
  // A reply's line breaks must not reach a mail header.
  const subject = renderTemplate(row.subject, values, "text").replace(/\s*[\r\n]+\s*/g, " ").trim();
  const { id } = await sendEmail(
    {
      institutionId: row.institution_id,
      to: row.user_email,
      subject: subject.length > MAX_SUBJECT ? `${subject.slice(0, MAX_SUBJECT - 1)}…` : subject,
      text: renderTemplate(row.template, values, "text"),
      html: renderTemplate(row.template, values, "html"),
      idempotencyKey: `reply-${row.id}`,
    },
    deps.resend,
  );
  return { outcome: "sent", emailId: id };
}

/**
 * The notify-reply job's handler: sends the reply notifications of these inbound texts. A
 * notification Resend may take later fails the job, so pg-boss retries it with backoff (the
 * idempotency key keeps the ones already sent from going twice); one it refused for good is
 * only logged.
 */
export async function notifyReplies(deps: NotifyReplyDeps & { messageIds: readonly number[] }) {
  let retry = 0;
  const notifyOne = async (messageId: number) => {
    try {
      const result = await notifyReply({ ...deps, messageId });
      if (result.outcome === "skipped") log.info("reply notification skipped", { messageId, reason: result.reason });
    } catch (err) {
      const retryable = !(err instanceof EmailProviderError) || err.retryable;
      log.warn("reply notification failed", { messageId, retryable, ...describeError(err) });
      if (retryable) retry++;
    }
  };
  await pMap(deps.messageIds, notifyOne, { concurrency: DISPATCH.concurrency });
  if (retry > 0) throw new Error(`${retry} reply notification(s) to retry`);
}
