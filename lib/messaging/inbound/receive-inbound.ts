import "server-only";
import { z } from "zod";
import type { Tx } from "@/db";
import { ensureConversation } from "@/db/queries/conversations";
import {
  currentPhoneIdsOfPersons,
  findMessageBySid,
  insertInboundMessage,
  loadInboundFacts,
  lockPhonesWithNumber,
  setMessageConversation,
  upsertNumberConversation,
  type InboundFacts,
} from "@/db/queries/inbound";
import { notifyMessagesChanged } from "@/db/queries/live-events";
import { recordMessageEvents } from "@/db/queries/messages";
import { setSmsStatus } from "@/db/queries/phone-status";
import { findSendLastTextedTo } from "@/db/queries/send-pause";
import { parkWebhook } from "@/db/queries/webhook-receipts";
import { enqueueMessages } from "@/lib/jobs/enqueue";
import { QUEUES } from "@/lib/jobs/queues";
import { toE164 } from "@/lib/e164";
import { recordSendResult } from "@/lib/messaging/send/carrier-filtering";
import { classifyInbound, type InboundKeyword } from "./keywords";
import type { ProviderActor, ServiceContext } from "@/lib/service-context";
import { replaceForbiddenCharacters, safeText } from "@/lib/validation/text";
import { needsReplyNotification } from "./notify-reply";

/** An inbound-message webhook's form (twilio-facts §1); other parameters are kept as they came. */
export const inboundTextForm = z.looseObject({
  MessageSid: z.string().regex(/^[A-Z]{2}[0-9a-fA-F]{32}$/, "a Twilio message sid"),
  From: safeText(z.string().trim().min(1).max(64)),
  To: safeText(z.string().trim().min(1).max(64)),
  /**
   * Empty for a picture-only text. A real text is never refused for what it says: a control
   * character PostgreSQL or a spreadsheet would choke on (NUL, …) is stored as U+FFFD.
   */
  Body: z.string().default("").transform(replaceForbiddenCharacters),
  OptOutType: z.string().optional(),
  NumSegments: z.string().regex(/^\d{1,4}$/).optional(),
});
export type InboundText = z.infer<typeof inboundTextForm>;

export type InboundResult =
  | {
      outcome: "stored";
      messageId: number;
      conversationId: string;
      institutionId: string;
      keyword: InboundKeyword | null;
      /** The number was never texted by this system number before: its SMS_DEFAULT records were enabled. */
      initiation: boolean;
      /** Phone records whose SMS status this text changed. */
      changedPhoneIds: string[];
    }
  /** Stored before (a retried delivery): nothing was changed again. */
  | { outcome: "duplicate"; messageId: number }
  /** The To number belongs to no institution: kept in webhook_receipts only. */
  | { outcome: "unrouted" };

type Ctx = ServiceContext<ProviderActor>;

/**
 * SPEC §5, inbound texts, from any number, any person, whatever their role, and SPEC §2's
 * status rules, applied at once, in one transaction with the history rows:
 * - the text is stored once per Twilio sid, on the conversation between the system number's
 *   holder and the texter: a person conversation when exactly one (not deleted) person holds
 *   the From number, else a conversation keyed by the number (unknown or shared numbers);
 * - opt-out keyword (Twilio's `OptOutType`, else our own match): every current phone record of
 *   every person holding that number → SMS_DISABLED (OPT_OUT_KEYWORD);
 * - opt-in keyword: the records with that number, of every holder → SMS_ENABLED (OPT_IN_KEYWORD);
 * - an opt-out that disabled a record is also a result of the send whose text the number last got
 *   from this system number (issue 18, carrier filtering: lib/messaging/send/carrier-filtering.ts);
 * - help keyword: recorded (decision_detail `HELP`), nothing changes. Twilio answers all three
 *   words itself, so we send no text back;
 * - initiation: a text that is not a keyword, between two numbers no SMS ever passed between,
 *   turns that number's SMS_DEFAULT records to SMS_ENABLED (INITIATION); SMS_DISABLED stays.
 *   A reply (the system number texted them before) changes nothing.
 * "Holding the number" counts deleted persons too: a STOP must hold for every record of it.
 *
 * The holder's reply notification (see notify-reply.ts) is queued in the same transaction: it
 * exists exactly when the text was stored, and a repeated delivery queues nothing; so is the
 * live event of the conversation (db/queries/live-events.ts).
 * A text to a number no institution owns cannot be scoped to one: it is kept in
 * webhook_receipts (`inbound-unrouted`, with its form) and answered like any other.
 */
export async function receiveInbound(ctx: Ctx, text: InboundText): Promise<InboundResult> {
  const to = normaliseNumber(text.To);
  const from = normaliseNumber(text.From);
  const fromNotPhoneNumber = !toE164(text.From).ok;
  const facts = await loadInboundFacts(ctx.db, { to, from });
  if (!facts) {
    await parkWebhook(ctx.db, { kind: "inbound-unrouted", idempotencyKey: text.MessageSid, systemNumber: null, payload: text });
    return { outcome: "unrouted" };
  }
  const keyword = classifyInbound(text.Body, text.OptOutType);
  return ctx.db.transaction((tx) => storeInbound(tx, { ctx, text, facts, to, from, fromNotPhoneNumber, keyword }));
}

async function storeInbound(
  tx: Tx,
  p: { ctx: Ctx; text: InboundText; facts: InboundFacts; to: string; from: string; fromNotPhoneNumber: boolean; keyword: InboundKeyword | null },
): Promise<Extract<InboundResult, { messageId: number }>> {
  const { facts, to, from, keyword } = p;
  const { route, holders } = facts;
  const { now } = p.ctx;
  const institutionId = route.institutionId;
  const living = holders.filter((h) => !h.deleted);
  const fromPersonId = living.length === 1 ? living[0].personId : null;
  const initiation = keyword === null && !facts.smsBetween;
  const decisionDetail = keyword ?? (initiation ? "INITIATION" : null);
  // A reply (no keyword, not an initiation) changes no status: its event is known before it is stored.
  const quiet = keyword === null && !initiation;
  const receivedEvent = (changedPhoneIds: string[]) => ({
    eventKey: `${p.text.MessageSid}:received`,
    detail: { keyword, optOutType: p.text.OptOutType ?? null, initiation, changedPhoneIds },
  });

  // The person conversation first (creating it writes nothing twice), so the text is stored in it at once.
  const personConversationId =
    route.holderPersonId && fromPersonId
      ? await ensureConversation(tx, {
          institutionId,
          ownerPersonId: route.holderPersonId,
          systemNumberId: route.systemNumberId,
          counterpart: { personId: fromPersonId, number: from },
          now,
        })
      : null;
  const messageId = await insertInboundMessage(tx, {
    institutionId,
    systemNumberId: route.systemNumberId,
    sid: p.text.MessageSid,
    fromNumber: from,
    fromNotPhoneNumber: p.fromNotPhoneNumber,
    toNumber: to,
    fromPersonId,
    toPersonId: route.holderPersonId,
    body: p.text.Body,
    segments: p.text.NumSegments ? Number(p.text.NumSegments) : null,
    decisionDetail,
    conversationId: personConversationId,
    event: quiet ? receivedEvent([]) : null,
    now,
  });
  if (messageId === null) {
    const stored = await findMessageBySid(tx, p.text.MessageSid);
    return { outcome: "duplicate", messageId: stored.id };
  }

  let conversationId = personConversationId;
  if (conversationId === null) {
    // A number conversation is touched (last_message_at) only for a text stored now, never for a repeat.
    conversationId = await upsertNumberConversation(tx, {
      institutionId,
      ownerPersonId: route.holderPersonId,
      systemNumberId: route.systemNumberId,
      counterpartNumber: from,
      now,
    });
    await setMessageConversation(tx, { institutionId, messageId, conversationId });
  }

  const change = quiet ? [] : await applyStatusRules(tx, { institutionId, from, keyword, initiation, holders, messageId, now });
  if (keyword === "OPT_OUT" && change.length > 0) {
    // Issue 18: an opt-out is a result of the send whose text this number last got from this system number.
    const batchId = await findSendLastTextedTo(tx, { institutionId, systemNumber: to, number: from });
    if (batchId) await recordSendResult(tx, { institutionId, batchId, result: { kind: "opted-out" }, now });
  }
  if (!quiet) {
    const event = receivedEvent(change);
    await recordMessageEvents(tx, [{ institutionId, messageId, status: "received", source: "TWILIO", ...event, occurredAt: now }]);
  }
  if (needsReplyNotification({ holderPersonId: route.holderPersonId, decisionDetail })) {
    await enqueueMessages(QUEUES.notifyReply, [messageId], { tx });
  }
  // Issue 18: the conversation and the inbox showing it update at once (delivered at commit).
  await notifyMessagesChanged(tx, { messageIds: [messageId] });
  return { outcome: "stored", messageId, conversationId, institutionId, keyword, initiation, changedPhoneIds: change };
}

/** SPEC §2's automatic SMS status changes for one inbound text; returns the records changed. */
async function applyStatusRules(
  tx: Tx,
  p: {
    institutionId: string;
    from: string;
    keyword: InboundKeyword | null;
    initiation: boolean;
    holders: { personId: string }[];
    messageId: number;
    now: Date;
  },
): Promise<string[]> {
  const { institutionId, from, now } = p;
  const system = (reason: string) => ({ type: "SYSTEM" as const, reason, messageId: p.messageId });
  if (p.keyword === "OPT_OUT") {
    const phoneIds = await currentPhoneIdsOfPersons(tx, { institutionId, personIds: p.holders.map((h) => h.personId) });
    return setSmsStatus(tx, { institutionId, phoneIds, status: "SMS_DISABLED", actor: system("OPT_OUT_KEYWORD"), now });
  }
  if (p.keyword === "OPT_IN") {
    const phoneIds = await lockPhonesWithNumber(tx, { institutionId, number: from });
    return setSmsStatus(tx, { institutionId, phoneIds, status: "SMS_ENABLED", actor: system("OPT_IN_KEYWORD"), now });
  }
  if (p.initiation) {
    const phoneIds = await lockPhonesWithNumber(tx, { institutionId, number: from, smsStatus: "SMS_DEFAULT" });
    return setSmsStatus(tx, { institutionId, phoneIds, status: "SMS_ENABLED", actor: system("INITIATION"), now });
  }
  return [];
}

/** E.164 when the number is one (Twilio sends E.164; SPEC §5: compared in E.164 everywhere), else as sent (a short code). */
function normaliseNumber(raw: string): string {
  const parsed = toE164(raw);
  return parsed.ok ? parsed.e164 : raw.trim();
}

