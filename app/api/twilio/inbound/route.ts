import { getDb } from "@/db";
import { getEnv } from "@/lib/env";
import { describeError, log } from "@/lib/log";
import { providerContext } from "@/lib/service-context";
import { inboundTextForm, receiveInbound } from "@/lib/messaging/inbound/receive-inbound";
import { getTwilioAuthToken } from "@/lib/twilio/client";
import { recordRefusedWebhook } from "@/lib/twilio/record-refused-webhook";
import { emptyTwiml, parseTwilioForm, plainText, verifyTwilioWebhook } from "@/lib/twilio/webhook";

/**
 * POST /api/twilio/inbound — a text to one of our system numbers (SPEC §5), in STYLE rule 7's
 * order: verify the signature (403, nothing written) → parse (400) → dedupe by MessageSid and
 * apply in lib (stored, SPEC §2 status rules, one transaction) → empty TwiML: we never text back,
 * Twilio answers the keywords itself.
 */
export async function POST(req: Request) {
  const env = getEnv();
  const verified = await verifyTwilioWebhook(req, { authToken: getTwilioAuthToken(env), publicBaseUrl: env.PUBLIC_BASE_URL });
  if (!verified.ok) {
    log.warn("twilio inbound text refused", { httpStatus: verified.response.status });
    if (verified.refusedForm) await recordRefusedWebhook(providerContext(getDb(), "twilio"), { kind: "inbound", form: verified.refusedForm });
    return verified.response;
  }
  const parsed = parseTwilioForm(inboundTextForm, verified.form);
  if (!parsed.ok) {
    log.warn("twilio inbound text invalid", { fields: parsed.fields });
    return plainText(400, `Invalid parameters: ${parsed.fields.join(", ")}`);
  }
  const sid = parsed.data.MessageSid;
  try {
    const result = await receiveInbound(providerContext(getDb(), "twilio"), parsed.data);
    log.info("twilio inbound text", { sid, outcome: result.outcome, messageId: "messageId" in result ? result.messageId : null });
  } catch (err) {
    log.error("twilio inbound text failed", { sid, ...describeError(err) });
    return plainText(500, "Internal error");
  }
  return emptyTwiml();
}
