import { getDb } from "@/db";
import { getEnv } from "@/lib/env";
import { describeError, log } from "@/lib/log";
import { applyStatusCallback, statusCallbackForm } from "@/lib/messaging/apply-status-callback";
import { getTwilioAuthToken } from "@/lib/twilio/client";
import { emptyTwiml, parseTwilioForm, plainText, verifyTwilioWebhook } from "@/lib/twilio/webhook";

/**
 * POST /api/twilio/status — Twilio's status callbacks for our texts (SPEC §5), in STYLE rule 7's
 * order: verify the signature (403, nothing written) → parse (400) → dedupe and apply in lib
 * (one transaction, keyed `<sid>:<status>`) → empty TwiML, also for duplicates and unknown sids.
 */
export async function POST(req: Request) {
  const env = getEnv();
  const verified = await verifyTwilioWebhook(req, { authToken: getTwilioAuthToken(env), publicBaseUrl: env.PUBLIC_BASE_URL });
  if (!verified.ok) {
    log.warn("twilio status callback refused", { httpStatus: verified.response.status });
    return verified.response;
  }
  const parsed = parseTwilioForm(statusCallbackForm, verified.form);
  if (!parsed.ok) {
    log.warn("twilio status callback invalid", { fields: parsed.fields });
    return plainText(400, `Invalid parameters: ${parsed.fields.join(", ")}`);
  }
  const { MessageSid: sid, MessageStatus: status } = parsed.data;
  try {
    const result = await applyStatusCallback({ db: getDb(), now: new Date() }, parsed.data);
    log.info("twilio status callback", { sid, status, outcome: result.outcome, messageId: "messageId" in result ? result.messageId : null });
  } catch (err) {
    log.error("twilio status callback failed", { sid, status, ...describeError(err) });
    return plainText(500, "Internal error");
  }
  return emptyTwiml();
}
