import "server-only";
import { finishWrittenSend } from "@/db/queries/sends";
import { writeOutboxChunk } from "@/db/queries/send-outbox";
import { cancelWaitingMessages } from "@/db/queries/send-pause";
import { notifyMessagesChanged } from "@/db/queries/live-events";
import { enqueueMessageJobs, type WriteSendJob } from "@/lib/jobs/enqueue";
import { QUEUES } from "@/lib/jobs/queues";
import type { ProviderActor, ServiceContext } from "@/lib/service-context";

/**
 * A send to more recipients than this keeps its message rows in an outbox (send_outbox) and the
 * worker writes them to `messages` after the send has answered; up to this many are written in
 * the send's own transaction. Writing a message row costs PostgreSQL its foreign-key checks and
 * the report's index entries (≈ 50 µs each): 10,000 rows took half a second or more, which a
 * person pressing Send, or an API client, would wait for. The decisions, the number and the
 * month's texts are granted in the send's transaction either way.
 */
export const WRITE_INLINE_MAX = 1000;

/** Rows per outbox chunk, and written per transaction by a writer: short transactions, a few dispatch jobs each. */
export const WRITE_CHUNK = 1000;

/**
 * Writers (jobs) per large send: each takes the next free chunk until none is left, so a
 * worker process's two write-send workers write two chunks side by side, one per core of the
 * database.
 */
export const WRITERS_PER_SEND = 2;

/**
 * Writes a large send's message rows from its outbox to `messages`, a chunk at a time, each in
 * one transaction with its progress and its dispatch jobs (texts to dispatch-sms, emails to
 * send-email), so a worker killed midway leaves whole chunks behind it and the next writer goes
 * on from there without writing or triggering anything twice. Other writers of the same send
 * take other chunks meanwhile. Returns how many rows this call wrote (0 when nothing was left
 * to take).
 */
export async function writeSendOutbox(
  { ctx, input: send }: { ctx: ServiceContext<ProviderActor>; input: WriteSendJob },
  options: { maxChunks?: number } = {},
): Promise<number> {
  let total = 0;
  for (let chunk = 0; chunk < (options.maxChunks ?? Infinity); chunk++) {
    const result = await ctx.db.transaction(async (tx) => {
      const written = await writeOutboxChunk(tx, { ...send, size: WRITE_CHUNK, now: ctx.now });
      if (!written) return null;
      const pending = written.messages.filter((m) => m.status === "pending");
      await enqueueMessageJobs(
        [
          { queue: QUEUES.dispatchSms, messageIds: pending.filter((m) => m.channel === "SMS").map((m) => m.id) },
          { queue: QUEUES.sendEmail, messageIds: pending.filter((m) => m.channel === "EMAIL").map((m) => m.id) },
        ],
        { tx },
      );
      // SPEC §9: the send is done when its last chunk is written and triggered, decided here, once.
      await finishWrittenSend(tx, { institutionId: send.institutionId, batchId: send.batchId, now: ctx.now });
      // Issue 18: rows of a send cancelled while paused are cancelled as they are written. The
      // send's row lock, taken just above, orders this with the cancel: whichever commits
      // second sees the other's rows.
      await cancelWaitingMessages(tx, { institutionId: send.institutionId, batchId: send.batchId, now: ctx.now });
      // Issue 18: one live event set per chunk (its owner's conversations, its send), at commit.
      await notifyMessagesChanged(tx, { messageIds: written.messages.map((m) => m.id) });
      return written;
    });
    if (!result) break;
    total += result.messages.length;
  }
  return total;
}
