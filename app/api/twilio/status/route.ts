import { getDb } from "@/db";
import { getEnv } from "@/lib/env";
import { describeError, log } from "@/lib/log";
import { providerContext } from "@/lib/service-context";
import { applyStatusCallback, statusCallbackForm, statusCallbackQuery, type CallbackTarget } from "@/lib/messaging/lifecycle/apply-status-callback";
import { getTwilioAuthToken, getTwilioClient } from "@/lib/twilio/client";
import { recordRefusedWebhook } from "@/lib/twilio/record-refused-webhook";
import { emptyTwiml, parseTwilioForm, plainText, verifyTwilioWebhook } from "@/lib/twilio/webhook";

/**
 * POST /api/twilio/status — Twilio's status callbacks for our texts (SPEC §5), in STYLE rule 7's
 * order: verify the signature over the URL with its query (403, nothing written) → parse the
 * form and the URL's `m=`/`a=` (400) → dedupe and apply in lib (keyed `<sid>:<status>`) → empty
 * TwiML, also for duplicates and callbacks that match no text of ours.
 */
export async function POST(req: Request) {
  const env = getEnv();
  const verified = await verifyTwilioWebhook(req, { authToken: getTwilioAuthToken(env), publicBaseUrl: env.PUBLIC_BASE_URL });
  if (!verified.ok) {
    log.warn("twilio status callback refused", { httpStatus: verified.response.status });
    if (verified.refusedForm) await recordRefusedWebhook(providerContext(getDb(), "twilio"), { kind: "status", form: verified.refusedForm });
    return verified.response;
  }
  const parsed = parseTwilioForm(statusCallbackForm, verified.form);
  const query = new URL(req.url).searchParams;
  const target = query.has("m") || query.has("a") ? statusCallbackQuery.safeParse(Object.fromEntries(query)) : null;
  if (!parsed.ok || (target && !target.success)) {
    const fields = [...(parsed.ok ? [] : parsed.fields), ...(target && !target.success ? target.error.issues.map((i) => i.path.join(".")) : [])];
    log.warn("twilio status callback invalid", { fields });
    return plainText(400, `Invalid parameters: ${fields.join(", ")}`);
  }
  const { MessageSid: sid, MessageStatus: status } = parsed.data;
  const callbackTarget: CallbackTarget | null = target?.data
    ? { messageId: target.data.m, attempt: target.data.a, accountSid: getTwilioClient().accountSid }
    : null;
  try {
    const result = await applyStatusCallback(providerContext(getDb(), "twilio"), parsed.data, { target: callbackTarget });
    const fields = { sid, status, outcome: result.outcome, messageId: "messageId" in result ? result.messageId : (callbackTarget?.messageId ?? null) };
    if (result.outcome === "unmatched") log.warn("twilio status callback matches no text", { ...fields, attempt: callbackTarget?.attempt ?? null });
    else log.info("twilio status callback", fields);
  } catch (err) {
    log.error("twilio status callback failed", { sid, status, ...describeError(err) });
    return plainText(500, "Internal error");
  }
  return emptyTwiml();
}
