import "server-only";
import type { Resend } from "resend";
import { authorize } from "@/lib/auth/policy";
import { renderTemplate } from "@/lib/email/render-template";
import { sendEmail } from "@/lib/email/send-email";
import { getEnv } from "@/lib/env";
import { parseInput } from "@/lib/parse-input";
import type { ServiceContext } from "@/lib/service-context";
import { sampleReplyValues } from "./reply-email-sample";
import { smsSettingsUpdateInputSchema } from "./schemas";

/** The template as typed on the Email Notifications tab (saved or not), checked like a save. */
export const sendTestReplyEmailInputSchema = smsSettingsUpdateInputSchema
  .pick({ replyEmailSubject: true, replyEmailBody: true })
  .required();

/** The edge and the link base: the Resend client (default: the app's) and PUBLIC_BASE_URL. */
export type SendTestReplyEmailDeps = { resend?: Resend; publicBaseUrl?: string };

/**
 * Email Notifications → "Send a test to me" (SPEC §3): renders the subject and body with sample
 * reply values and emails them to the signed-in administrator's own address, through the same
 * Resend path as real reply notifications. Changes no setting. Administrators only.
 */
export async function sendTestReplyEmail(
  { ctx, input }: { ctx: ServiceContext; input: unknown },
  deps: SendTestReplyEmailDeps = {},
): Promise<{ to: string; emailId: string }> {
  const { actor } = ctx;
  authorize(actor, "testEmail.send");
  const { replyEmailSubject, replyEmailBody } = parseInput(sendTestReplyEmailInputSchema, input);
  const baseUrl = (deps.publicBaseUrl ?? getEnv().PUBLIC_BASE_URL).replace(/\/+$/, "");
  const values = sampleReplyValues(actor.displayName, `${baseUrl}/messages`);
  const { id } = await sendEmail(
    {
      institutionId: actor.institutionId,
      to: actor.email,
      subject: `[Test] ${renderTemplate(replyEmailSubject, values, "text").replace(/\s*[\r\n]+\s*/g, " ").trim()}`,
      text: renderTemplate(replyEmailBody, values, "text"),
      html: renderTemplate(replyEmailBody, values, "html"),
    },
    deps.resend,
  );
  return { to: actor.email, emailId: id };
}
