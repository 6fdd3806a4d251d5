import "server-only";
import { notifyMessagesChanged } from "@/db/queries/live-events";
import type { DbOrTx } from "@/db";
import { describeError, log } from "@/lib/log";

/**
 * How long a web process gathers the messages that status callbacks changed before it announces
 * them in one statement. Twilio calls back several times per text, hundreds of times a second
 * during a large send; one NOTIFY per callback cost each its own statement and commit, and
 * PostgreSQL serializes the commits of notifying transactions (one queue for the cluster).
 */
export const NOTIFY_GATHER_MS = 100;

const pending = new Set<number>();
let timer: ReturnType<typeof setTimeout> | null = null;
let database: DbOrTx | null = null;

/**
 * Announces these changed messages within NOTIFY_GATHER_MS, together with any others changed
 * meanwhile in this process (db/queries/live-events.ts: one event per conversation or owner, and
 * per send). For changes already committed; a change in a transaction announces itself there.
 */
export function notifyMessagesChangedSoon(db: DbOrTx, messageIds: readonly number[]): void {
  if (messageIds.length === 0) return;
  for (const id of messageIds) pending.add(id);
  database = db;
  timer ??= setTimeout(() => void flush(), NOTIFY_GATHER_MS);
}

/** Announces what is gathered now (tests, and the timer). */
export async function flush(): Promise<void> {
  if (timer) clearTimeout(timer);
  timer = null;
  if (pending.size === 0 || !database) return;
  const ids = [...pending];
  pending.clear();
  try {
    await notifyMessagesChanged(database, { messageIds: ids });
  } catch (err) {
    // A live update lost is a page refreshed later (the next event, or a reconnect's resync); never a callback failed.
    log.warn("live notify failed", { messages: ids.length, ...describeError(err) });
  }
}
