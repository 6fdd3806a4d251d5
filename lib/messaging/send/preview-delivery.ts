import "server-only";
import { z } from "zod";
import { loadDeliverySettings, loadRecipients } from "@/db/queries/delivery";
import { listOptOutsOfPhones } from "@/db/queries/phone-history";
import { getMonthlyUsage } from "@/db/queries/sms-usage";
import { canAssignSystemNumber, findHeldNumber } from "@/db/queries/system-numbers";
import { AppError } from "@/lib/errors";
import type { ServiceContext } from "@/lib/service-context";
import { explainNoSmsNumber, type NoSmsNumberDetail } from "./choose-recipient-phone";
import { applyGrants, planDelivery, type RecipientDecision } from "./decide-delivery";
import { monthStartInZone } from "./month";
import { REVIEW_PAGE_SIZE } from "./audience-schema";
import { previewQuietHours, type QuietHoursPreview } from "./preview-quiet-hours";
import { MAX_RECIPIENTS_PER_SEND, messageBodyInput, sendMessagesInput, type RecipientResult } from "./schemas";
import { countSmsSegments, type SmsEncoding } from "./segments";
import { personalizeSend, type MissingField } from "@/lib/messaging/templates/personalize";
import { compileBody } from "@/lib/messaging/templates/refusals";
import type { MergeField } from "@/lib/messaging/templates/render";
import { toResult } from "./send-messages";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const previewInput = sendMessagesInput.extend({ body: messageBodyInput, page: z.number().int().min(0).max(MAX_RECIPIENTS_PER_SEND).default(0) });

/** How many of the send go one way for one reason: Review's summary of a large send by outcome. */
export type PreviewReason = { outcome: RecipientResult["outcome"]; reason: string | null; count: number };

export type PreviewRecipient = Omit<RecipientResult, "messageId"> & {
  name: string;
  /** Why there is no number to text, when the reason is NO_SMS_NUMBER (the composer's Review says it in words). */
  fallbackDetail: NoSmsNumberDetail | null;
  /** SPEC §10: the text this recipient gets, merge fields filled (and the first-contact footer on a first text). */
  text: string;
  /** The first-contact footer is on this recipient's text. */
  firstContact: boolean;
};

/** SPEC §10: recipients whose merge fields would be empty with no fallback (the send is refused while there are any). */
export type PreviewMissingFields = {
  count: number;
  fields: MergeField[];
  /** The first of them, named. */
  recipients: MissingField[];
};

export type DeliveryPreview = {
  /** The whole send would be refused (SPEC §4.1, §4.2): nothing would be sent to anyone. */
  refused: string | null;
  /** One page (REVIEW_PAGE_SIZE) of the decisions, one per distinct known recipient, in the order given. */
  recipients: PreviewRecipient[];
  /** Which page `recipients` is (from 0), and how many known recipients there are in all. */
  page: number;
  pageSize: number;
  total: number;
  /** Every recipient counted by outcome and reason (texts: null), most frequent first. */
  reasons: PreviewReason[];
  /** Ids that are not people of the sender's institution (or not ids at all). */
  unknownRecipientIds: string[];
  summary: { texts: number; emails: number; undeliverable: number; refused: number };
  /** The institution's texts this calendar month before this send; `left` is what may still go. */
  monthly: { used: number; limit: number; left: number };
  /** The sender's system number, or null when they hold none yet. */
  senderNumber: string | null;
  /** The sender holds no number and this send would be given one from the pool. */
  assignsNumber: boolean;
  /**
   * The longest text of the send (SPEC §10: smsMaxLength and segments apply to each recipient's
   * rendered text, the first-contact footer included): its characters, encoding and segments;
   * and the segments of all the send's texts added up.
   */
  body: { characters: number; smsMaxLength: number; encoding: SmsEncoding; segments: number; totalSegments: number };
  /** The body holds merge fields: each recipient's text differs. */
  personalized: boolean;
  missingFields: PreviewMissingFields | null;
  /** SPEC §10: the institution's first-contact footer, and how many of the send's texts would carry it. */
  firstContact: { footer: string; texts: number } | null;
  /** SPEC §9: the texts quiet hours would hold if this send went now, per recipient zone and release time. */
  quietHours: QuietHoursPreview;
};

/**
 * What Send would do, with nothing stored, reserved or assigned (SPEC §4: "the composer shows,
 * before sending, what will happen for each recipient"). The same loaders and the same pure
 * decision as `sendMessages`; the two database grants are read instead of taken — a number is
 * granted when the sender holds one or the pool could give one, and the month's remaining texts
 * go to the first SMS intents in recipient order. Between this preview and Send others may send,
 * so Send can still turn a text into an email for a limit; it never turns an email into a text.
 */
export async function previewDelivery({ ctx, input }: { ctx: ServiceContext; input: unknown }): Promise<DeliveryPreview> {
  const parsed = previewInput.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue.path.join(".") || "input";
    throw new AppError("VALIDATION", `${field}: ${issue.message}`, { [field]: issue.message });
  }
  const { actor, now, db } = ctx;
  const institutionId = actor.institutionId;
  const ids = [...new Set(parsed.data.recipientIds)];
  const body = parsed.data.body;
  const template = compileBody(body);

  const settings = await loadDeliverySettings(db, institutionId);
  const footer = settings.firstContactFooter;
  const month = monthStartInZone(now, settings.timeZone);
  const [recipients, held, monthly] = await Promise.all([
    loadRecipients(db, institutionId, ids.filter((id) => UUID.test(id)), { mergeFields: template.fields.length > 0, firstContact: footer !== null }),
    findHeldNumber(db, { institutionId, userId: actor.userId }),
    getMonthlyUsage(db, { institutionId, month }),
  ]);
  const byId = new Map(recipients.map((r) => [r.id, r]));
  const ordered = ids.flatMap((id) => byId.get(id) ?? []);
  // SPEC §10: each recipient's own text, rendered as Send would.
  const personal = personalizeSend({ template, recipients: ordered, facts: { senderName: actor.displayName, institutionName: settings.institutionName }, footer });
  const indexOf = new Map(ordered.map((r, i) => [r.id, i]));
  const footed = (d: RecipientDecision) => footer !== null && d.outcome === "SMS" && byId.get(d.recipientId)?.contacted === false;
  const textOf = (d: RecipientDecision) => personal.textOf(indexOf.get(d.recipientId)!, footed(d));

  const plan = planDelivery({
    sender: { capabilities: actor.capabilities, hasSystemNumber: held !== null },
    body: ordered.length > 0 ? personal.longest : body,
    smsMaxLength: settings.smsMaxLength,
    recipients: ordered,
    settings,
  });

  const left = Math.max(monthly.limit - monthly.used, 0);
  let decisions: RecipientDecision[] = plan.decisions;
  let assignsNumber = false;
  if (plan.kind === "PLANNED") {
    const wantsNumber = plan.smsIntents > 0 && held === null;
    assignsNumber = wantsNumber && actor.personId !== null && (await canAssignSystemNumber(db, { institutionId }));
    const numberGranted = held !== null || assignsNumber;
    decisions = applyGrants(plan, { numberGranted, smsGrantedCount: numberGranted ? Math.min(plan.smsIntents, left) : 0 });
  }

  // Only the page asked for is listed (and explained), so a send of 50,000 answers in a few kB.
  const start = parsed.data.page * REVIEW_PAGE_SIZE;
  const pageDecisions = decisions.slice(start, start + REVIEW_PAGE_SIZE);

  // Issue 15.5: the real cause behind each NO_SMS_NUMBER, opt-outs read from the phones' history.
  const noNumber = (d: RecipientDecision) =>
    (d.outcome === "EMAIL" && d.reasonCode === "NO_SMS_NUMBER") || (d.outcome === "UNDELIVERABLE" && d.fallbackReason === "NO_SMS_NUMBER");
  const disabledPhoneIds = pageDecisions
    .filter(noNumber)
    .flatMap((d) => byId.get(d.recipientId)!.phones.filter((p) => p.smsStatus === "SMS_DISABLED").map((p) => p.id));
  const optedOutPhoneIds = new Set(
    (await listOptOutsOfPhones(db, { institutionId, phoneIds: disabledPhoneIds })).map((o) => o.phoneId),
  );
  const results = pageDecisions.map((d): PreviewRecipient => {
    const { messageId: _none, ...rest } = toResult(d, null);
    const recipient = byId.get(d.recipientId)!;
    const fallbackDetail = noNumber(d)
      ? explainNoSmsNumber({ phones: recipient.phones, audience: recipient.audience, settings, optedOutPhoneIds })
      : null;
    return { ...rest, name: recipient.name, fallbackDetail, text: textOf(d), firstContact: footed(d) };
  });
  const longest = countSmsSegments(personal.longest || body);
  let totalSegments = 0;
  let footedTexts = 0;
  for (const d of decisions) {
    if (d.outcome !== "SMS") continue;
    if (footed(d)) footedTexts++;
    totalSegments += personal.segmentsOf(indexOf.get(d.recipientId)!, footed(d));
  }
  const all = decisions.map((d) => toResult(d, null));
  // Every text of the send, not only the listed page: Review says how many would be held, per zone.
  const quietHours = await previewQuietHours(
    ctx,
    all.filter((r) => r.outcome === "SMS").map((r) => ({ recipientId: r.recipientId, toAddress: r.toAddress })),
  );
  return {
    refused: plan.kind === "REFUSED" ? plan.reasonCode : personal.missing.length > 0 ? "EMPTY_MERGE_FIELD" : null,
    recipients: results,
    page: parsed.data.page,
    pageSize: REVIEW_PAGE_SIZE,
    total: all.length,
    reasons: countReasons(all),
    unknownRecipientIds: ids.filter((id) => !byId.has(id)),
    summary: {
      texts: all.filter((r) => r.outcome === "SMS").length,
      emails: all.filter((r) => r.outcome === "EMAIL").length,
      undeliverable: all.filter((r) => r.outcome === "UNDELIVERABLE").length,
      refused: all.filter((r) => r.outcome === "REFUSED").length,
    },
    monthly: { used: monthly.used, limit: monthly.limit, left },
    senderNumber: held?.number ?? null,
    assignsNumber,
    body: { characters: longest.characters, smsMaxLength: settings.smsMaxLength, encoding: longest.encoding, segments: longest.segments, totalSegments },
    personalized: template.fields.length > 0,
    missingFields:
      personal.missing.length === 0
        ? null
        : { count: personal.missing.length, fields: [...new Set(personal.missing.flatMap((m) => m.fields))], recipients: personal.missing.slice(0, 20) },
    firstContact: footer === null ? null : { footer, texts: footedTexts },
    quietHours,
  };
}

/** Decisions counted by outcome and reason, most frequent first (ties by outcome, then reason); pure. */
export function countReasons(results: readonly Pick<RecipientResult, "outcome" | "reasonCode" | "why">[]): PreviewReason[] {
  const counts = new Map<string, PreviewReason>();
  for (const r of results) {
    const reason = r.outcome === "SMS" ? null : r.outcome === "UNDELIVERABLE" ? r.why : r.reasonCode;
    const key = `${r.outcome}|${reason ?? ""}`;
    const entry = counts.get(key) ?? { outcome: r.outcome, reason, count: 0 };
    entry.count++;
    counts.set(key, entry);
  }
  const order = ["SMS", "EMAIL", "UNDELIVERABLE", "REFUSED"];
  return [...counts.values()].sort(
    (a, b) => b.count - a.count || order.indexOf(a.outcome) - order.indexOf(b.outcome) || (a.reason ?? "").localeCompare(b.reason ?? ""),
  );
}
