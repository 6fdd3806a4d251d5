import type { ActionResult } from "@/lib/action";
import type { ComposerSendInput } from "@/lib/messaging/send/audience-schema";
import type { SendProgress } from "@/lib/messaging/send/get-send-progress";
import type { ComposerActions, SendStarted } from "./types";

/*
 * Fake server actions for the composer's tests (bulk-send.test.ts, use-bulk-send.test.ts): they
 * answer what the test says and record every call. Not used by the app.
 */

export const ok = <T,>(data: T): ActionResult<T> => ({ ok: true, data });

/** The answer of a send to `n` distinct recipients, all texted unless overridden. */
export function sendStarted(n: number, overrides: Partial<SendStarted> = {}): SendStarted {
  return {
    batchId: "batch-1",
    refused: null,
    summary: { texts: n, emails: 0, undeliverable: 0, refused: 0 },
    recipients: n,
    unknown: 0,
    monthly: { used: n, limit: 100_000 },
    ...overrides,
  };
}

export function progress(total: number, waiting: number, fallback: { emails: number; waiting: number } = { emails: 0, waiting: 0 }): SendProgress {
  return { total, waiting, held: 0, sent: total - waiting, delivered: 0, failed: 0, refused: 0, fallbackEmails: fallback.emails, fallbackWaiting: fallback.waiting };
}

/**
 * Fake actions: `send` answers with `answer(input)`; `progress` answers the next of `polls` (the
 * last one again once they run out). Every call is recorded.
 */
export function fakeActions(answer: (input: ComposerSendInput) => ActionResult<SendStarted>, polls: SendProgress[]) {
  const sent: ComposerSendInput[] = [];
  const polled: string[][] = [];
  const actions: ComposerActions = {
    preview: async () => {
      throw new Error("not called by Send");
    },
    results: async () => {
      throw new Error("not called by Send");
    },
    emailFailed: async () => {
      throw new Error("not called by Send");
    },
    send: async (input) => {
      sent.push(input);
      return answer(input);
    },
    progress: async ({ batchIds }) => {
      polled.push(batchIds);
      return ok(polls[Math.min(polled.length - 1, polls.length - 1)]);
    },
  };
  return { actions, sent, polled };
}
