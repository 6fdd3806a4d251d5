import "server-only";
import type { DbOrTx } from "@/db";
import { findSystemNumberOwner, insertSimMessage, setSimOptOut } from "@/db/queries/sim-twilio";
import { AppError } from "@/lib/errors";
import { countSegments } from "@/lib/messaging/send/segments";
import { simulatorCredentials } from "@/lib/twilio/client";
import { defaultWebhookDeps, type WebhookDeps } from "./deps";
import { postSignedForm } from "./signed-post";
import { API_VERSION, newMessageSid } from "./twilio-resource";

export type OptOutType = "STOP" | "START" | "HELP";

export type InboundText = {
  /** The handset's number, E.164. */
  from: string;
  /** The system number texted, E.164. */
  to: string;
  body: string;
  /** Sent as Twilio's `OptOutType` parameter (Advanced Opt-Out); omitted when not given. */
  optOutType?: OptOutType;
};

export type InboundResult = {
  sid: string;
  /** HTTP status of the app's /api/twilio/inbound answer; null when it did not answer. */
  webhookStatus: number | null;
  /** What Twilio itself texted back for an opt-out, opt-in or help keyword. */
  autoReply: string | null;
};

const E164 = /^\+[1-9][0-9]{6,14}$/;

/** Twilio's default keyword lists for a long code; the whole body must be the keyword. */
const TWILIO_KEYWORDS: Record<OptOutType, readonly string[]> = {
  STOP: ["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"],
  START: ["START", "UNSTOP", "YES"],
  HELP: ["HELP", "INFO"],
};
const AUTO_REPLIES: Record<OptOutType, string> = {
  STOP: "You have successfully been unsubscribed. You will not receive any more messages from this number. Reply START to resubscribe.",
  START: "You have successfully been re-subscribed to messages from this number. Reply HELP for help. Reply STOP to unsubscribe. Msg&Data Rates May Apply.",
  HELP: "Reply STOP to unsubscribe. Msg&Data Rates May Apply.",
};

/**
 * A handset texts a system number, as through Twilio (SPEC §5, the handset simulator): the text
 * is recorded, Twilio's own keyword handling is applied (STOP blocks later sends from that
 * number with 21610 until START; both get Twilio's standard auto-reply), and a signed form is
 * posted to the app's `/api/twilio/inbound`, exactly as Twilio posts it.
 */
export async function simulateInbound(
  db: DbOrTx,
  text: InboundText,
  overrides: Partial<WebhookDeps> = {},
): Promise<InboundResult> {
  const deps = { ...defaultWebhookDeps(), ...overrides };
  if (!E164.test(text.from) || !E164.test(text.to)) throw new AppError("VALIDATION", "Both numbers must be in E.164 form, e.g. +13125550101.");
  if (!text.body || text.body.length > 1600) throw new AppError("VALIDATION", "A text has 1 to 1,600 characters.");

  const owner = await findSystemNumberOwner(db, text.to);
  if (!owner) throw new AppError("VALIDATION", `${text.to} is not a system number.`);

  const sid = newMessageSid();
  const segments = countSegments(text.body).segments;
  await insertSimMessage(db, {
    sid,
    accountSid: simulatorCredentials().accountSid,
    institutionId: owner.institutionId,
    direction: "inbound",
    fromNumber: text.from,
    toNumber: text.to,
    body: text.body,
    numSegments: segments,
    status: "received",
  });
  const autoReply = await applyTwilioKeyword(db, text, owner.institutionId);

  const params: Record<string, string> = {
    AccountSid: simulatorCredentials().accountSid,
    ApiVersion: API_VERSION,
    Body: text.body,
    From: text.from,
    MessageSid: sid,
    NumMedia: "0",
    NumSegments: String(segments),
    SmsMessageSid: sid,
    SmsSid: sid,
    SmsStatus: "received",
    To: text.to,
  };
  if (text.optOutType) params.OptOutType = text.optOutType;
  const webhookStatus = await postSignedForm(deps.postForm, simulatorCredentials().authToken, `${deps.publicBaseUrl}/api/twilio/inbound`, params);
  return { sid, webhookStatus, autoReply };
}

/** Twilio's blocklist and auto-reply for a keyword body; returns the reply text, if any. */
async function applyTwilioKeyword(db: DbOrTx, text: InboundText, institutionId: string): Promise<string | null> {
  const word = text.body.trim().toUpperCase();
  const kind = (Object.keys(TWILIO_KEYWORDS) as OptOutType[]).find((k) => TWILIO_KEYWORDS[k].includes(word));
  if (!kind) return null;
  const pair = { senderNumber: text.to, handsetNumber: text.from };
  if (kind === "STOP" || kind === "START") await setSimOptOut(db, pair, kind === "STOP");
  const reply = AUTO_REPLIES[kind];
  const now = new Date();
  await insertSimMessage(db, {
    sid: newMessageSid(),
    accountSid: simulatorCredentials().accountSid,
    institutionId,
    direction: "outbound-reply",
    fromNumber: text.to,
    toNumber: text.from,
    body: reply,
    numSegments: countSegments(reply).segments,
    status: "delivered",
    dateSent: now,
  });
  return reply;
}
