import { describe, expect, it } from "vitest";
import { COMPOSER_SEND_CHUNK as SEND_CHUNK } from "@/lib/messaging/send/schemas";
import { POLL_MS, runBulkSend, STALL_MS, type SendTotals } from "./bulk-send";
import { chunkResult, fakeActions, ok, progress } from "./fake-composer-actions";
import type { ComposerActions } from "./types";

/**
 * The composer's Send without React or a server: the server actions are fakes that record their
 * calls, and the clock is the test's own, moved only by the waits between polls.
 */

/** Runs a send with the test's clock; returns its outcome, every totals shown, and the waits. */
async function run(actions: ComposerActions, ids: string[], options: { alive?: () => boolean } = {}) {
  let clock = 0;
  const waits: number[] = [];
  const shown: SendTotals[] = [];
  const outcome = await runBulkSend(
    {
      actions,
      onProgress: (totals) => shown.push(structuredClone(totals)),
      isAlive: options.alive ?? (() => true),
      now: () => clock,
      sleep: async (ms) => {
        waits.push(ms);
        clock += ms;
      },
    },
    ids,
    "Registration closes Friday.",
  );
  return { outcome, shown, waits };
}

const ids = (n: number, prefix = "p") => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

describe("runBulkSend: the composer's Send", () => {
  it("sends the distinct recipients in chunks of SEND_CHUNK, in order, and adds up what each chunk decided", async () => {
    const recipients = [...ids(1201), ...ids(300)]; // 300 repeated
    const { actions, sent } = fakeActions((r) => ok(chunkResult(r.length, { unknown: 1 })), [progress(1201, 0)]);
    const { outcome } = await run(actions, recipients);

    expect(sent.map((c) => c.length)).toEqual([SEND_CHUNK, SEND_CHUNK, 201]);
    expect(sent.flat()).toEqual(ids(1201));
    expect(outcome.totals).toMatchObject({
      requested: 1201,
      stored: 1201 - 3,
      unknown: 3,
      decisions: { texts: 1201, emails: 0, undeliverable: 0, refused: 0 },
      monthly: { used: 201, limit: 1000 },
      refused: null,
    });
    expect(outcome).toMatchObject({ stalled: false, error: null });
  });

  it("shows the totals before the first chunk and after each one", async () => {
    const { actions } = fakeActions((r) => ok(chunkResult(r.length)), [progress(1000, 0)]);
    const { shown } = await run(actions, ids(1000));
    expect(shown.map((t) => t.stored).slice(0, 3)).toEqual([0, 500, 1000]);
  });

  it("stops at a refused send: no further chunk, the reason kept", async () => {
    const { actions, sent, polled } = fakeActions(
      (r) => ok(chunkResult(r.length, { batchId: null, refused: "SENDER_NOT_PERMITTED", summary: { texts: 0, emails: 0, undeliverable: 0, refused: r.length } })),
      [],
    );
    const { outcome } = await run(actions, ids(1200));
    expect(sent).toHaveLength(1);
    expect(polled).toHaveLength(0);
    expect(outcome.totals.refused).toBe("SENDER_NOT_PERMITTED");
    expect(outcome.totals.decisions.refused).toBe(SEND_CHUNK);
    expect(outcome).toMatchObject({ stalled: false, error: null });
  });

  it("ends with the action's message when a chunk fails, the body's own message first", async () => {
    const failing = (fieldErrors: Record<string, string>) =>
      fakeActions(() => ({ ok: false, error: "Could not send.", fieldErrors }), []).actions;
    expect((await run(failing({ body: "Write a message." }), ids(3))).outcome.error).toBe("Write a message.");
    expect((await run(failing({}), ids(3))).outcome.error).toBe("Could not send.");
  });

  it("polls the stored statuses every POLL_MS until every message and fallback email is handed over", async () => {
    const polls = [progress(10, 10), progress(10, 4), progress(10, 0, { emails: 2, waiting: 2 }), progress(10, 0, { emails: 2, waiting: 0 })];
    const { actions, polled } = fakeActions((r) => ok(chunkResult(r.length, { batchId: "b1" })), polls);
    const { outcome, waits } = await run(actions, ids(10));
    // One poll after the chunk, then one per wait until nothing is left waiting.
    expect(polled).toEqual([["b1"], ["b1"], ["b1"], ["b1"]]);
    expect(waits).toEqual([POLL_MS, POLL_MS]);
    expect(outcome.totals.progress).toEqual(polls[3]);
    expect(outcome).toMatchObject({ stalled: false, error: null });
  });

  it("asks for the last 100 batches only", async () => {
    let n = 0;
    const { actions, polled } = fakeActions((r) => ok(chunkResult(r.length, { batchId: `b${n++}` })), [progress(1, 0)]);
    await run(actions, ids(101 * SEND_CHUNK));
    const last = polled.at(-1)!;
    expect(last).toHaveLength(100);
    expect([last[0], last[99]]).toEqual(["b1", "b100"]);
  });

  it("gives up as stalled once the hand-over count has not moved for more than STALL_MS", async () => {
    const { actions, polled } = fakeActions((r) => ok(chunkResult(r.length)), [progress(10, 5)]);
    const { outcome, waits } = await run(actions, ids(10));
    expect(outcome).toMatchObject({ stalled: true, error: null });
    // The count last moved at the first poll of the loop; it is stalled at the first poll past STALL_MS.
    expect(waits.length * POLL_MS).toBe(STALL_MS + POLL_MS);
    expect(polled).toHaveLength(1 + waits.length + 1);
  });

  it("stops following the send once nobody is watching", async () => {
    let alive = true;
    const { actions, polled } = fakeActions((r) => ok(chunkResult(r.length)), [progress(10, 5)]);
    const { outcome } = await run(actions, ids(10), {
      alive: () => {
        const was = alive;
        alive = false; // the composer closes after the first poll of the loop
        return was;
      },
    });
    expect(polled).toHaveLength(2);
    expect(outcome).toMatchObject({ stalled: false, error: null });
  });
});
