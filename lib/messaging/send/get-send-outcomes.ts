import "server-only";
import { z } from "zod";
import { listFollowUpRecipientIds, listSendOutcomeRows, type SendOutcomeRow } from "@/db/queries/send-outcomes";
import { csvCell, csvRecord } from "@/lib/csv";
import { AppError } from "@/lib/errors";
import { readKeysetPage } from "@/lib/keyset-page";
import { reasonLabel } from "@/lib/messaging/reason-labels";
import { parseInput, validationError } from "@/lib/parse-input";
import type { ServiceContext } from "@/lib/service-context";
import { buildDeliveryCurve, percentOf } from "./send-outcome-figures";
import { currentSendOutcomeSummary } from "./send-outcome-snapshots";
import { readableSend, sendSchema, toView } from "./sends";

/*
 * A send's results (issue 18 item 1): what the results page, its CSV and
 * `GET /api/v1/sends/{id}/results` show. Who may see them is `send.read` (the sender; an
 * administrator, any of the institution's; anyone else and another institution: NOT_FOUND).
 * Every percentage is of the send's texts (refused ones aside); emails are counted apart.
 */

const count = z.number().int();
const percent = z.number().nullable().describe("Percent of `texts.total`, one decimal; null when there are no texts.");

export const sendOutcomesSchema = z.object({
  send: sendSchema,
  figuresAsOf: z
    .string()
    .describe("When these figures were computed: a send of over 2,000 recipients is computed about once a minute (for 9 days after it went, then hourly), a smaller one on every request."),
  texts: z.object({
    total: count.describe("Texts of the send (refused ones aside)."),
    delivered: count,
    deliveredPercent: percent,
    failed: count.describe("Failed, undelivered or canceled."),
    inFlight: count.describe("Not final yet: waiting, held for quiet hours, or handed over without a final status."),
    held: count,
  }),
  failedByReason: z.array(z.object({ reasonCode: z.string().nullable(), label: z.string(), count })).describe("Failed texts by reason, most first."),
  replies: z.object({ within24h: count, percent }).describe("Recipients who texted back within 24 h of their text (opt-out, opt-in and help keywords aside)."),
  optOuts: z.object({ count, percent }).describe("Recipients who opted out (an opt-out keyword) after their text."),
  firstAnswer: z
    .object({ answered: count, medianSeconds: z.number().nullable() })
    .describe("Of the replies, those the sender answered by text, and the median time from the reply to that first answer."),
  emails: z.object({
    total: count.describe("Recipients the send emailed instead of texting (SPEC §4)."),
    sent: count,
    failed: count,
    inPlaceOfFailedTexts: count.describe("Emails sent because a text failed (SPEC §5)."),
  }),
  undeliverable: count,
  refused: count,
  followUp: z
    .object({ replied: count, notReplied: count })
    .describe("Who a follow-up would go to: the texted recipients who replied, or did not; those who opted out are in neither."),
  deliveryCurve: z.array(z.object({ at: z.string(), delivered: count, failed: count })).describe("Texts delivered and failed by each time, cumulative, from the send's start."),
});
export type SendOutcomes = z.infer<typeof sendOutcomesSchema>;

export const sendOutcomeRowSchema = z.object({
  messageId: z.number().int(),
  personId: z.string().nullable(),
  name: z.string().nullable(),
  conversationId: z.string().nullable(),
  channel: z.enum(["SMS", "EMAIL"]),
  status: z.string(),
  reasonCode: z.string().nullable(),
  reasonLabel: z.string().nullable(),
  destination: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  repliedAt: z.string().nullable().describe("The first reply within 24 h."),
  optedOutAt: z.string().nullable(),
  emailedInstead: z.boolean().describe("The text failed and an email went in its place."),
});
export type SendOutcomeRowView = z.infer<typeof sendOutcomeRowSchema>;
export const sendOutcomeRowsPageSchema = z.object({ items: z.array(sendOutcomeRowSchema), nextCursor: z.string().nullable(), prevCursor: z.string().nullable() });
export type SendOutcomeRowsPage = z.infer<typeof sendOutcomeRowsPageSchema>;

export const sendOutcomeRowsInput = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(100).optional().describe("nextCursor or prevCursor of a previous page."),
});

export const sendResultsApiSchema = sendOutcomesSchema.extend({
  recipients: sendOutcomeRowsPageSchema.describe("One page of the send's recipients, in send order; follow nextCursor / prevCursor."),
});
export type SendResultsApi = z.infer<typeof sendResultsApiSchema>;

/** The figures of a send the actor may see. */
export async function getSendOutcomes({ ctx, input }: { ctx: ServiceContext; input: { sendId: string } }): Promise<SendOutcomes> {
  const row = await readableSend(ctx, input.sendId, { progress: false });
  const current = await currentSendOutcomeSummary(
    ctx.db,
    { institutionId: ctx.actor.institutionId, batchId: row.id, recipientCount: row.recipientCount, startedAt: row.releasedAt ?? row.createdAt },
    ctx.now,
  );
  if (!current) throw new AppError("NOT_FOUND", "No such send.");
  const { summary } = current;
  const t = summary.totals;
  return {
    send: toView({ ...row, progress: summary.progress }),
    figuresAsOf: current.computedAt.toISOString(),
    texts: { total: t.texts, delivered: t.delivered, deliveredPercent: percentOf(t.delivered, t.texts), failed: t.failed, inFlight: t.inFlight, held: t.held },
    failedByReason: summary.reasons.map((r) => ({
      reasonCode: r.reasonCode,
      label: r.reasonCode ? reasonLabel(r.reasonCode) : r.status === "canceled" ? "Canceled before it went" : "No reason given",
      count: r.count,
    })),
    replies: { within24h: t.replied, percent: percentOf(t.replied, t.texts) },
    optOuts: { count: t.optedOut, percent: percentOf(t.optedOut, t.texts) },
    firstAnswer: { answered: t.answered, medianSeconds: t.medianAnswerSeconds },
    emails: { total: t.emails, sent: t.emailsSent, failed: t.emailsFailed, inPlaceOfFailedTexts: t.fallbackEmails },
    undeliverable: t.undeliverable,
    refused: t.refused,
    followUp: { replied: t.followUpReplied, notReplied: t.followUpNotReplied },
    deliveryCurve: buildDeliveryCurve(summary.minutes, summary.startedAt),
  };
}

function toRowView(r: SendOutcomeRow): SendOutcomeRowView {
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    messageId: r.messageId,
    personId: r.personId,
    name: r.name,
    conversationId: r.conversationId,
    channel: r.channel,
    status: r.status,
    reasonCode: r.reasonCode,
    reasonLabel: r.reasonCode ? reasonLabel(r.reasonCode) : null,
    destination: r.toAddress,
    deliveredAt: iso(r.deliveredAt),
    repliedAt: iso(r.repliedAt),
    optedOutAt: iso(r.optedOutAt),
    emailedInstead: r.fallbackEmailStatus !== null && r.fallbackEmailStatus !== "failed",
  };
}

const cursorSchema = z.tuple([z.enum(["next", "prev"]), z.number().int().positive()]);
function decodeCursor(value: string) {
  try {
    const parsed = cursorSchema.safeParse(JSON.parse(Buffer.from(value, "base64url").toString("utf8")));
    return parsed.success ? { direction: parsed.data[0], id: parsed.data[1] } : null;
  } catch {
    return null;
  }
}

/** A page of the send's recipients with what became of each, in send order. */
export async function listSendOutcomes({ ctx, input }: { ctx: ServiceContext; input: { sendId: string; page: unknown } }): Promise<SendOutcomeRowsPage> {
  const send = await readableSend(ctx, input.sendId, { progress: false });
  const params = parseInput(sendOutcomeRowsInput, input.page);
  const cursor = params.cursor ? decodeCursor(params.cursor) : null;
  if (params.cursor && !cursor) throw validationError({ cursor: "Not a cursor from this list; start from the first page." });
  const page = await readKeysetPage({
    limit: params.limit,
    direction: cursor?.direction,
    fetch: ({ backwards, limit }) =>
      listSendOutcomeRows(ctx.db, { institutionId: ctx.actor.institutionId, batchId: send.id, afterId: cursor?.id ?? null, backwards, limit }),
    encode: (row, direction) => Buffer.from(JSON.stringify([direction, row.messageId])).toString("base64url"),
  });
  return { items: page.rows.map(toRowView), nextCursor: page.nextCursor, prevCursor: page.prevCursor };
}

/** `GET /api/v1/sends/{id}/results`: the figures and one page of recipients (`limit`, `cursor`). */
export async function getSendResultsForApi({ ctx, input }: { ctx: ServiceContext; input: { sendId: string; page: unknown } }): Promise<SendResultsApi> {
  const recipients = await listSendOutcomes({ ctx, input });
  return { ...(await getSendOutcomes({ ctx, input })), recipients };
}

/** Rows per database round trip of the CSV; memory holds one batch at a time. */
export const OUTCOMES_EXPORT_BATCH = 1000;
export const OUTCOMES_CSV_HEADER = ["Recipient", "Channel", "Destination", "Status", "Reason", "Reason code", "Delivered at (UTC)", "Replied at (UTC)", "Opted out"] as const;

function toCsv(r: SendOutcomeRowView): string {
  return csvRecord([
    csvCell(r.name ?? "(not a person)"),
    r.channel,
    csvCell(r.destination, { formulaGuard: "except-numbers" }),
    r.status,
    csvCell(r.reasonLabel),
    csvCell(r.reasonCode),
    csvCell(r.deliveredAt),
    csvCell(r.repliedAt),
    r.optedOutAt ? "yes" : "no",
  ]);
}

/**
 * The send's per-recipient results as CSV, read in keyset batches: the actor's right to the
 * send is checked before the first byte, so the route can still answer 404.
 */
export async function prepareSendOutcomesExport({ ctx, input }: { ctx: ServiceContext; input: { sendId: string } }) {
  const send = await readableSend(ctx, input.sendId, { progress: false });
  const scope = { institutionId: ctx.actor.institutionId, batchId: send.id };
  async function* chunks(): AsyncGenerator<string> {
    yield csvRecord([...OUTCOMES_CSV_HEADER]);
    let afterId: number | null = null;
    for (;;) {
      const rows = await listSendOutcomeRows(ctx.db, { ...scope, afterId, limit: OUTCOMES_EXPORT_BATCH });
      if (rows.length === 0) return;
      yield rows.map((r) => toCsv(toRowView(r))).join("");
      if (rows.length < OUTCOMES_EXPORT_BATCH) return;
      afterId = rows[rows.length - 1].messageId;
    }
  }
  return { filename: `send-results-${send.createdAt.toISOString().slice(0, 10)}-${send.id.slice(0, 8)}.csv`, chunks: chunks() };
}

/**
 * The recipients of a follow-up to a send the actor may see (issue 18 item 1): its texted
 * recipients who replied within 24 h, or who did not — never those who opted out since. Read
 * now, at Review and again at Send, like a People search.
 */
export async function followUpRecipientIds({ ctx, input }: { ctx: ServiceContext; input: { sendId: string; replied: boolean } }): Promise<string[]> {
  const send = await readableSend(ctx, input.sendId, { progress: false });
  return listFollowUpRecipientIds(ctx.db, { institutionId: ctx.actor.institutionId, batchId: send.id, replied: input.replied });
}
