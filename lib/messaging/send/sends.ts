import "server-only";
import { z } from "zod";
import { loadDeliverySettings } from "@/db/queries/delivery";
import { notifySendChanged } from "@/db/queries/live-events";
import { cancelScheduledSend, findScheduledSend, findSend, listSends as listSendRows, updateScheduledSend, type SendRow, type SendState } from "@/db/queries/sends";
import { cancelPausedSend, cancelWaitingMessages, resumePausedSend } from "@/db/queries/send-pause";
import { authorize, can } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";
import { enqueueMessageJobs, enqueueReleaseSend } from "@/lib/jobs/enqueue";
import { QUEUES } from "@/lib/jobs/queues";
import { log } from "@/lib/log";
import { readKeysetPage } from "@/lib/keyset-page";
import { parseInput, validationError } from "@/lib/parse-input";
import type { ServiceContext } from "@/lib/service-context";
import { checkMergeFieldsNow, checkScheduledBody, checkSendAt } from "./schedule-send";
import { messageBodyInput } from "./schemas";

/*
 * Sends as the Sends page and `/api/v1/sends` show and change them (SPEC §9). Staff see their
 * own sends, administrators everyone's; another institution's send, or another's for staff, is
 * NOT_FOUND. A scheduled send's body and time can be changed, and it can be cancelled, until
 * it is released: after that, CONFLICT (409). A send paused for carrier filtering (issue 18) can
 * be resumed or cancelled by its sender or an administrator.
 */

export const sendSchema = z.object({
  id: z.string(),
  state: z.enum(["scheduled", "sending", "done", "paused", "cancelled"]),
  sender: z.object({ userId: z.string(), name: z.string().nullable(), timeZone: z.string().describe("IANA zone the sender's times are shown in.") }),
  body: z.string(),
  recipientCount: z.number().int(),
  createdAt: z.string(),
  scheduledFor: z.string().nullable().describe("ISO 8601; null for a send made at once."),
  releasedAt: z.string().nullable().describe("When its decisions, monthly count and number were taken."),
  finishedAt: z.string().nullable().describe("When every message row was written and queued for dispatch."),
  cancelledAt: z.string().nullable(),
  pausedAt: z.string().nullable().describe("When the send paused for carrier filtering (at most once per send); null if it never did."),
  pausedReason: z.enum(["CARRIER_FILTERING"]).nullable().describe("CARRIER_FILTERING: more than 2 % of its first 200 results were Twilio errors 30003, 30005, 30006, 30007 or opt-outs."),
  resumedAt: z.string().nullable().describe("When the sender or an administrator resumed it; after a resume it never pauses again."),
  firstResults: z
    .object({ counted: z.number().int(), filtered: z.number().int(), optedOut: z.number().int() })
    .describe("Its first results (up to 200) as the carrier-filtering check counted them: texts at a final status and opt-outs; of those, texts failed with 30003/30005/30006/30007, and opt-outs."),
  counts: z
    .object({ texts: z.number().int(), emails: z.number().int(), undeliverable: z.number().int(), refused: z.number().int() })
    .describe("The decisions by outcome (zero until released)."),
  progress: z
    .object({
      waiting: z.number().int(),
      held: z.number().int(),
      sent: z.number().int(),
      delivered: z.number().int(),
      failed: z.number().int(),
    })
    .describe("Its messages so far: waiting to be handed over, held for quiet hours, handed over (sent), of those delivered, and failed."),
});
export type SendView = z.infer<typeof sendSchema>;

export const sendListPageSchema = z.object({ items: z.array(sendSchema), nextCursor: z.string().nullable(), prevCursor: z.string().nullable() });
export type SendListPage = z.infer<typeof sendListPageSchema>;

export const listSendsInput = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(500).optional().describe("nextCursor or prevCursor of a previous page."),
});

export const changeSendInput = z
  .object({
    body: messageBodyInput.optional(),
    sendAt: z.iso.datetime({ offset: true }).optional().describe("The new time (at least a minute, at most a year ahead)."),
  })
  .strict()
  .refine((v) => v.body !== undefined || v.sendAt !== undefined, { message: "Send body or sendAt." });

const sendIdInput = z.object({ sendId: z.guid("No such send.") });

export function toView(r: SendRow): SendView {
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    id: r.id,
    state: r.state,
    sender: { userId: r.senderUserId, name: r.senderName, timeZone: r.senderTimeZone },
    body: r.body,
    recipientCount: r.recipientCount,
    createdAt: r.createdAt.toISOString(),
    scheduledFor: iso(r.scheduledFor),
    releasedAt: iso(r.releasedAt),
    finishedAt: iso(r.finishedAt),
    cancelledAt: iso(r.cancelledAt),
    pausedAt: iso(r.pausedAt),
    pausedReason: r.pausedReason,
    resumedAt: iso(r.resumedAt),
    firstResults: r.firstResults,
    counts: r.counts,
    progress: r.progress,
  };
}

/**
 * The send, if the actor may see it (SPEC §9: the sender's own; administrators, any of the
 * institution's); `progress: false` leaves its message counts at zero (see findSend).
 */
export async function readableSend(ctx: ServiceContext, sendId: unknown, { progress = true }: { progress?: boolean } = {}): Promise<SendRow> {
  const parsed = sendIdInput.safeParse({ sendId });
  if (!parsed.success) throw new AppError("NOT_FOUND", "No such send.");
  const row = await findSend(ctx.db, { institutionId: ctx.actor.institutionId, batchId: parsed.data.sendId, progress });
  if (!row) throw new AppError("NOT_FOUND", "No such send.");
  authorize(ctx.actor, "send.read", { institutionId: ctx.actor.institutionId, fromUserId: row.senderUserId });
  return row;
}

export async function getSend({ ctx, input }: { ctx: ServiceContext; input: { sendId: string } }): Promise<SendView> {
  return toView(await readableSend(ctx, input.sendId));
}

type Cursor = { direction: "next" | "prev"; createdKey: string; id: string };
const cursorSchema = z.tuple([z.enum(["next", "prev"]), z.string().max(40), z.guid()]);
const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify([c.direction, c.createdKey, c.id])).toString("base64url");
function decodeCursor(value: string): Cursor | null {
  try {
    const parsed = cursorSchema.safeParse(JSON.parse(Buffer.from(value, "base64url").toString("utf8")));
    if (!parsed.success || Number.isNaN(Date.parse(parsed.data[1]))) return null;
    return { direction: parsed.data[0], createdKey: parsed.data[1], id: parsed.data[2] };
  } catch {
    return null;
  }
}

/** A page of sends, newest first: the actor's own, or (administrators) everyone's in the institution. */
export async function listSends({ ctx, input }: { ctx: ServiceContext; input: unknown }): Promise<SendListPage> {
  const { actor, db } = ctx;
  authorize(actor, "sends.list");
  const params = parseInput(listSendsInput, input);
  const cursor = params.cursor ? decodeCursor(params.cursor) : null;
  if (params.cursor && !cursor) throw validationError({ cursor: "Not a cursor from this list; start from the first page." });
  const page = await readKeysetPage({
    limit: params.limit,
    direction: cursor?.direction,
    fetch: ({ backwards, limit }) =>
      listSendRows(db, {
        institutionId: actor.institutionId,
        senderUserId: can(actor, "sends.listAll") ? null : actor.userId,
        after: cursor ? { createdKey: cursor.createdKey, id: cursor.id } : null,
        backwards,
        limit,
      }),
    encode: (row, direction) => encodeCursor({ direction, createdKey: row.createdKey, id: row.id }),
  });
  return { items: page.rows.map(toView), nextCursor: page.nextCursor, prevCursor: page.prevCursor };
}

function conflict(state: SendState | null): never {
  if (state === null) throw new AppError("NOT_FOUND", "No such send.");
  const what = state === "cancelled" ? "was cancelled" : "has been released (it is sending or sent)";
  throw new AppError("CONFLICT", `This send ${what}: it can no longer be changed or cancelled.`);
}

/**
 * Changes a scheduled send's body and/or time (its sender only), until it is released. A new
 * body is checked as a new send's is (length, known fields, no empty field without a fallback
 * for any of its recipients). A new time gets its own release job; the job for the old time
 * finds the send not due, or gone.
 */
export async function changeScheduledSend({ ctx, input }: { ctx: ServiceContext; input: { sendId: string; change: unknown } }): Promise<SendView> {
  const row = await readableSend(ctx, input.sendId);
  authorize(ctx.actor, "send.change", { institutionId: ctx.actor.institutionId, fromUserId: row.senderUserId });
  const change = parseInput(changeSendInput, input.change);
  const sendAt = change.sendAt ? checkSendAt(change.sendAt, ctx.now) : undefined;
  if (change.body !== undefined) {
    const settings = await loadDeliverySettings(ctx.db, ctx.actor.institutionId);
    checkScheduledBody(change.body, settings.smsMaxLength);
    // SPEC §10, as when it was scheduled: a new body may not leave any of its recipients an empty field without a fallback.
    const scheduled = await findScheduledSend(ctx.db, { batchId: row.id });
    if (scheduled && scheduled.institutionId === ctx.actor.institutionId) {
      await checkMergeFieldsNow(ctx, change.body, scheduled.recipientIds, settings.institutionName);
    }
  }
  const result = await ctx.db.transaction(async (tx) => {
    const updated = await updateScheduledSend(tx, { institutionId: ctx.actor.institutionId, batchId: row.id, body: change.body, scheduledFor: sendAt, now: ctx.now });
    if (updated.changed && sendAt) await enqueueReleaseSend({ institutionId: ctx.actor.institutionId, batchId: row.id }, sendAt, tx);
    return updated;
  });
  if (!result.changed) conflict(result.state);
  return getSend({ ctx, input: { sendId: row.id } });
}

/**
 * Cancels a send (its sender, or an administrator): a scheduled one sends nothing; a paused one
 * (issue 18) sends nothing more — its texts and own emails not yet handed over become
 * `canceled` (SEND_CANCELLED), in the transaction that cancels it. Any other state: CONFLICT.
 */
export async function cancelSend({ ctx, input }: { ctx: ServiceContext; input: { sendId: string } }): Promise<SendView> {
  const row = await readableSend(ctx, input.sendId);
  authorize(ctx.actor, "send.cancel", { institutionId: ctx.actor.institutionId, fromUserId: row.senderUserId });
  const where = { institutionId: ctx.actor.institutionId, batchId: row.id, userId: ctx.actor.userId, now: ctx.now };
  const result = await cancelScheduledSend(ctx.db, where);
  if (result.changed) {
    await notifySendChanged(ctx.db, where);
    return getSend({ ctx, input: { sendId: row.id } });
  }
  if (result.state === "paused") {
    const cancelled = await ctx.db.transaction(async (tx) => {
      // The state first: the send's row lock orders this with its outbox writers (write-send-outbox.ts).
      if (!(await cancelPausedSend(tx, where))) return null;
      await notifySendChanged(tx, where);
      return cancelWaitingMessages(tx, where);
    });
    if (cancelled !== null) {
      log.info("paused send cancelled", { batchId: row.id, institutionId: ctx.actor.institutionId, messages: cancelled });
      return getSend({ ctx, input: { sendId: row.id } });
    }
  }
  conflict((await readableSend(ctx, row.id)).state);
}

/**
 * Resumes a send paused for carrier filtering (its sender, or an administrator; issue 18): it
 * goes on as before the pause, and every message that waited is queued again in the resume's
 * transaction — each is still claimed once, so a text is handed over exactly once. After a
 * resume the check never pauses that send again. Not paused: CONFLICT.
 */
export async function resumeSend({ ctx, input }: { ctx: ServiceContext; input: { sendId: string } }): Promise<SendView> {
  const row = await readableSend(ctx, input.sendId);
  authorize(ctx.actor, "send.resume", { institutionId: ctx.actor.institutionId, fromUserId: row.senderUserId });
  const where = { institutionId: ctx.actor.institutionId, batchId: row.id, userId: ctx.actor.userId, now: ctx.now };
  const waiting = await ctx.db.transaction(async (tx) => {
    const rows = await resumePausedSend(tx, where);
    if (rows === null) return null;
    await notifySendChanged(tx, where);
    await enqueueMessageJobs(
      [
        { queue: QUEUES.dispatchSms, messageIds: rows.filter((r) => r.channel === "SMS").map((r) => r.id) },
        { queue: QUEUES.sendEmail, messageIds: rows.filter((r) => r.channel === "EMAIL").map((r) => r.id) },
      ],
      { tx },
    );
    return rows;
  });
  if (waiting === null) {
    const state = (await readableSend(ctx, row.id)).state;
    throw new AppError("CONFLICT", state === "cancelled" ? "This send was cancelled: it can no longer be resumed." : "This send is not paused: there is nothing to resume.");
  }
  log.info("paused send resumed", { batchId: row.id, institutionId: ctx.actor.institutionId, messages: waiting.length });
  return getSend({ ctx, input: { sendId: row.id } });
}
