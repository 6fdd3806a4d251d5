import "server-only";
import { loadDeliverySettings, loadRecipients } from "@/db/queries/delivery";
import { insertSendBatch, type BatchRow } from "@/db/queries/messages";
import { insertSendOutbox } from "@/db/queries/send-outbox";
import { notifyMessagesChanged } from "@/db/queries/live-events";
import { getMonthlyUsage, reserveMonthlyTexts } from "@/db/queries/sms-usage";
import { assignSystemNumber, findHeldNumber, type HeldNumber } from "@/db/queries/system-numbers";
import { ensureConversations } from "@/db/queries/conversations";
import { recordSendDecisions } from "@/db/queries/sends";
import type { DbOrTx } from "@/db";
import type { Actor } from "@/lib/auth/capabilities";
import { AppError } from "@/lib/errors";
import type { ServiceContext } from "@/lib/service-context";
import { enqueueMessageJobs, enqueueWriteSend } from "@/lib/jobs/enqueue";
import { QUEUES } from "@/lib/jobs/queues";
import { claimFirstContacts } from "@/db/queries/first-contacts";
import { getTemplate } from "@/lib/messaging/templates/manage-templates";
import { personalizeSend } from "@/lib/messaging/templates/personalize";
import { compileBody, missingFieldsError } from "@/lib/messaging/templates/refusals";
import { applyGrants, planDelivery, type DeliverableDecision, type RecipientDecision, type RefusedDecision } from "./decide-delivery";
import { monthStartInZone } from "./month";
import { sendMessagesInput, type RecipientResult, type SendMessagesResult } from "./schemas";
import { scheduleSend } from "./schedule-send";
import { countSegments } from "./segments";
import { WRITE_CHUNK, WRITE_INLINE_MAX, WRITERS_PER_SEND } from "./write-send-outbox";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Each phase of a send is a `performance.measure` entry named `sendMessages.<phase>` (validate,
 * load, render, plan, grants, conversations, insert, commit, enqueue, usage): a PerformanceObserver of
 * "measure" entries reads them (`npm run bench:send`). The entries are taken off the global
 * timeline at once, so a long-running process keeps none.
 */
function phaseTimer() {
  let mark = performance.now();
  return (name: string) => {
    const at = performance.now();
    performance.measure(`sendMessages.${name}`, { start: mark, end: at });
    performance.clearMeasures(`sendMessages.${name}`);
    mark = at;
  };
}

/**
 * One press of Send (SPEC §4): decides for every recipient, takes the sender's number and the
 * month's texts from the database atomically, stores every decision as a message row in
 * batches, and hands the texts and emails to the worker. A send to more than WRITE_INLINE_MAX
 * recipients stores its rows in its outbox instead (chunks of WRITE_CHUNK, with their message
 * ids), and the worker's writers write them to messages, with the sender's conversations, and
 * dispatch them (write-send-outbox.ts). Duplicate ids are collapsed; ids that are unknown or of
 * another institution are reported, not sent to.
 */
export async function sendMessages({ ctx, input }: { ctx: ServiceContext; input: unknown }): Promise<SendMessagesResult> {
  const parsed = sendMessagesInput.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError("VALIDATION", `${issue.path.join(".") || "input"}: ${issue.message}`, {
      [issue.path.join(".") || "input"]: issue.message,
    });
  }
  const { body, templateId } = await resolveSendBody(ctx, parsed.data);
  // SPEC §9: a send for later stores its recipients and body only; its decisions come at release.
  if (parsed.data.sendAt) return scheduleSend({ ctx, input: { ...parsed.data, body, templateId } });
  return (await deliverSend(ctx, { recipientIds: parsed.data.recipientIds, body, templateId }))!;
}

/** A scheduled send being released: its stored row, and the claim that moves it to sending in the decisions' transaction. */
export type Release = { batchId: string; claim: (tx: DbOrTx) => Promise<boolean> };

/**
 * The decisions and storage of a send (SPEC §4), now: an immediate send, or a scheduled one at
 * its release (`release`), whose claim runs first in the same transaction so that a send is
 * released — decided, granted, stored — exactly once. Null when the claim fails (released,
 * cancelled or edited meanwhile by someone else).
 */
export async function deliverSend(
  ctx: ServiceContext,
  { recipientIds, body, templateId = null, release }: { recipientIds: readonly string[]; body: string; templateId?: string | null; release?: Release },
): Promise<SendMessagesResult | null> {
  const { actor, now } = ctx;
  const phase = phaseTimer();
  const ids = [...new Set(recipientIds)];
  const institutionId = actor.institutionId;
  const template = compileBody(body);

  phase("validate");
  const [settings, held] = await Promise.all([
    loadDeliverySettings(ctx.db, institutionId),
    findHeldNumber(ctx.db, { institutionId, userId: actor.userId }),
  ]);
  const footer = settings.firstContactFooter;
  const loaded = await loadRecipients(ctx.db, institutionId, ids.filter((id) => UUID.test(id)), {
    mergeFields: template.fields.length > 0,
    firstContact: footer !== null,
  });
  // In the order given, so results answer in that order and the month's last texts go to the first recipients.
  const byId = new Map(loaded.map((r) => [r.id, r]));
  const ordered = ids.flatMap((id) => byId.get(id) ?? []);
  const known = new Set(byId.keys());
  const unknownRecipientIds = ids.filter((id) => !known.has(id));
  const month = monthStartInZone(now, settings.timeZone);
  phase("load");

  // SPEC §10: each recipient's own text. An empty field without a fallback refuses the send,
  // naming those recipients, before anything is stored; at a scheduled send's release (the data
  // may have changed since it was checked) only those recipients are refused (EMPTY_MERGE_FIELD).
  const personal = personalizeSend({ template, recipients: ordered, facts: { senderName: actor.displayName, institutionName: settings.institutionName }, footer });
  if (personal.missing.length > 0 && !release) throw missingFieldsError(personal.missing);
  const emptyFor = new Set(personal.missing.map((m) => m.recipientId));
  const recipients = emptyFor.size > 0 ? ordered.filter((r) => !emptyFor.has(r.id)) : ordered;
  const indexOf = personal.bodies || footer !== null ? new Map(ordered.map((r, i) => [r.id, i])) : null;
  phase("render");

  const plan = planDelivery({
    sender: { capabilities: actor.capabilities, hasSystemNumber: held !== null },
    // The longest text any recipient gets (first-contact footer included) is what must fit smsMaxLength.
    body: ordered.length > 0 ? personal.longest : body,
    smsMaxLength: settings.smsMaxLength,
    recipients,
    settings,
  });

  phase("plan");
  const stored = await ctx.db.transaction(async (tx) => {
    if (release && !(await release.claim(tx))) return null;
    let decisions: RecipientDecision[] = plan.decisions;
    let number: HeldNumber | null = held;
    if (plan.kind === "PLANNED") {
      let granted = 0;
      if (plan.smsIntents > 0) {
        if (!number && actor.personId) {
          number = await assignSystemNumber(tx, { institutionId, userId: actor.userId, personId: actor.personId, now });
        }
        if (number) granted = await reserveMonthlyTexts(tx, { institutionId, month, requested: plan.smsIntents });
      }
      decisions = applyGrants(plan, { numberGranted: number !== null, smsGrantedCount: granted });
    }
    if (emptyFor.size > 0) decisions = [...decisions, ...[...emptyFor].map((id) => refusedFor(id, "EMPTY_MERGE_FIELD"))];
    // SPEC §10: the footer goes on the first text a person ever gets from the institution, claimed here.
    const footed =
      footer === null
        ? new Set<string>()
        : await claimFirstContacts(tx, {
            institutionId,
            personIds: decisions.filter((d) => d.outcome === "SMS" && byId.get(d.recipientId)?.contacted === false).map((d) => d.recipientId),
            now,
          });
    phase("grants");
    if (decisions.length === 0) {
      if (release) await recordSendDecisions(tx, { institutionId, batchId: release.batchId, now, done: true, recipientCount: 0, counts: countOutcomes([]) });
      return { batchId: release?.batchId ?? null, decisions, messageIds: [] as (number | null)[], number, deferred: false };
    }

    // The sender's conversation with each recipient (SPEC §4.2): created here for a small send;
    // a large send's are created by its outbox writers with its rows (write-send-outbox.ts).
    const conversationNumber = actor.personId && number ? number : null;
    const deferred = decisions.length > WRITE_INLINE_MAX;
    let conversationIds = new Map<string, string>();
    if (conversationNumber && !deferred) {
      conversationIds = await ensureConversations(tx, {
        institutionId,
        ownerPersonId: actor.personId!,
        systemNumberId: conversationNumber.systemNumberId,
        counterparts: decisions.map((d) => ({ personId: d.recipientId, number: d.outcome === "SMS" ? d.toAddress : null })),
        now,
      });
    }
    phase("conversations");
    const segments = countSegments(body).segments;
    const ownBodies = personal.bodies !== null || footed.size > 0;
    const rows = decisions.map((d) => {
      const row = toMessageRow(d, { actor, number, segments });
      row.conversationId = conversationIds.get(d.recipientId) ?? null;
      if (ownBodies) {
        const i = indexOf!.get(d.recipientId)!;
        const withFoot = footed.has(d.recipientId);
        row.body = personal.textOf(i, withFoot);
        if (d.outcome === "SMS") row.segments = personal.segmentsOf(i, withFoot);
      }
      return row;
    });
    const common = { institutionId, fromUserId: actor.userId, fromPersonId: actor.personId, body, templateId, createdAt: now, batchId: release?.batchId };
    let stored: { batchId: string; idByRecipient: Map<string, number> };
    if (deferred) {
      // The rows wait in the send's outbox for the worker's writers, which also trigger their
      // dispatch; the ids are drawn now, so the answer carries them either way.
      const facts = {
        systemNumberId: number?.systemNumberId ?? null,
        smsFromAddress: number?.number ?? null,
        emailFromAddress: actor.email,
        segments,
        conversationSystemNumberId: conversationNumber?.systemNumberId ?? null,
      };
      const outbox = await insertSendOutbox(tx, common, rows, facts, WRITE_CHUNK);
      await enqueueWriteSend({ institutionId, batchId: outbox.batchId }, tx, Math.min(outbox.chunks, WRITERS_PER_SEND));
      stored = outbox;
    } else {
      stored = await insertSendBatch(tx, common, rows);
    }
    const { batchId, idByRecipient } = stored;
    // SPEC §9: the send is sending from now, with its counts; a small one's rows are all written
    // (and triggered just after commit, or by the worker's sweep), so it is done at once.
    await recordSendDecisions(tx, { institutionId, batchId, now, done: !deferred, recipientCount: decisions.length, counts: countOutcomes(decisions) });
    const messageIds = decisions.map((d) => idByRecipient.get(d.recipientId) ?? null);
    // Issue 18: the conversations and the send show the new messages at once (a large send's writers announce theirs).
    if (!deferred) await notifyMessagesChanged(tx, { messageIds: messageIds.filter((id) => id !== null) });
    phase("insert");
    return { batchId, decisions, messageIds, number, deferred };
  });

  if (!stored) return null;
  phase("commit");
  const results: RecipientResult[] = stored.decisions.map((d, i) => toResult(d, stored.messageIds[i] ?? null));
  const texts: number[] = [];
  const emails: number[] = [];
  for (const r of results) {
    if (r.outcome === "SMS") texts.push(r.messageId!);
    else if (r.outcome === "EMAIL") emails.push(r.messageId!);
  }
  if (!stored.deferred) {
    await enqueueMessageJobs([
      { queue: QUEUES.dispatchSms, messageIds: texts },
      { queue: QUEUES.sendEmail, messageIds: emails },
    ]);
  }
  phase("enqueue");
  const monthly = await getMonthlyUsage(ctx.db, { institutionId, month });
  phase("usage");

  return {
    batchId: stored.batchId,
    refused: plan.kind === "REFUSED" ? plan.reasonCode : null,
    results,
    unknownRecipientIds,
    summary: {
      texts: texts.length,
      emails: emails.length,
      undeliverable: results.filter((r) => r.outcome === "UNDELIVERABLE").length,
      refused: results.filter((r) => r.outcome === "REFUSED").length,
    },
    monthly,
    senderNumber: stored.number?.number ?? null,
    state: stored.batchId === null ? null : stored.deferred ? "sending" : "done",
    scheduledFor: null,
  };
}

/** The send's body, and the template it comes from (SPEC §10): a template the actor may use, whose body is sent when none is given. */
async function resolveSendBody(ctx: ServiceContext, input: { body?: string; templateId?: string }): Promise<{ body: string; templateId: string | null }> {
  if (input.templateId === undefined) {
    if (input.body === undefined) throw new AppError("VALIDATION", "body: write a message or choose a template", { body: "Write a message or choose a template." });
    return { body: input.body, templateId: null };
  }
  const template = await getTemplate({ ctx, input: { templateId: input.templateId } }).catch((err: unknown) => {
    if (err instanceof AppError && err.code === "NOT_FOUND") throw new AppError("VALIDATION", "templateId: no such template", { templateId: "No such template." });
    throw err;
  });
  return { body: input.body ?? template.body, templateId: template.id };
}

function refusedFor(recipientId: string, reasonCode: RefusedDecision["reasonCode"]): RefusedDecision {
  return { recipientId, outcome: "REFUSED", channel: null, reasonCode };
}

function countOutcomes(decisions: readonly RecipientDecision[]) {
  const counts = { texts: 0, emails: 0, undeliverable: 0, refused: 0 };
  for (const d of decisions) {
    if (d.outcome === "SMS") counts.texts++;
    else if (d.outcome === "EMAIL") counts.emails++;
    else if (d.outcome === "UNDELIVERABLE") counts.undeliverable++;
    else counts.refused++;
  }
  return counts;
}

function toMessageRow(
  d: RecipientDecision,
  c: { actor: Actor; number: HeldNumber | null; segments: number },
): BatchRow {
  const base = { toPersonId: d.recipientId };
  switch (d.outcome) {
    case "SMS":
      return {
        ...base,
        channel: "SMS",
        status: "pending",
        fromAddress: c.number!.number,
        systemNumberId: c.number!.systemNumberId,
        toAddress: d.toAddress,
        toPhoneId: d.phoneId,
        decisionDetail: d.why,
        segments: c.segments,
      };
    case "EMAIL":
      return { ...base, channel: "EMAIL", status: "pending", fromAddress: c.actor.email, toAddress: d.toAddress, reasonCode: d.reasonCode };
    case "UNDELIVERABLE":
      return { ...base, channel: "EMAIL", status: "failed", fromAddress: c.actor.email, reasonCode: "UNDELIVERABLE", decisionDetail: d.fallbackReason };
    case "REFUSED":
      return { ...base, channel: "SMS", status: "refused", reasonCode: d.reasonCode };
  }
}

/** A decision as the API and the composer report it. */
export function toResult(d: RecipientDecision, messageId: number | null): RecipientResult {
  const decided = d as DeliverableDecision & { toAddress?: string; why?: string; reasonCode?: string };
  return {
    recipientId: d.recipientId,
    messageId,
    outcome: d.outcome,
    channel: d.channel,
    toAddress: decided.toAddress ?? null,
    why: decided.why ?? (d.outcome === "UNDELIVERABLE" ? d.fallbackReason : null),
    reasonCode: decided.reasonCode ?? null,
  };
}

