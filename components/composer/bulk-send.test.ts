import { describe, expect, it } from "vitest";
import type { ComposerSendInput } from "@/lib/messaging/send/audience-schema";
import { runBulkSend, STALL_MS, type SendTotals } from "./bulk-send";
import { fakeActions, ok, progress, sendStarted } from "./fake-composer-actions";
import type { ComposerActions } from "./types";

/**
 * The composer's Send without React or a server: the server actions are fakes that record their
 * calls, and the clock is the test's own, moved only by the waits for the send's live events:
 * an event EVENT_MS after each wait begins, or none (`silent`: each wait runs its whole maxMs).
 */
const EVENT_MS = 400;

/** Runs a send with the test's clock; returns its outcome, every totals shown, and the waits. */
async function run(actions: ComposerActions, request: ComposerSendInput, options: { alive?: () => boolean; silent?: boolean } = {}) {
  let clock = 0;
  const waits: number[] = [];
  const shown: SendTotals[] = [];
  let batchOf: string | null = null;
  const outcome = await runBulkSend(
    {
      actions,
      onProgress: (totals) => {
        batchOf = totals.batchId;
        shown.push(structuredClone(totals));
      },
      isAlive: options.alive ?? (() => true),
      now: () => clock,
      waitForChange: async (batchId, maxMs) => {
        expect(batchId).toBe(batchOf);
        const ms = options.silent ? maxMs : EVENT_MS;
        waits.push(ms);
        clock += ms;
      },
    },
    request,
  );
  return { outcome, shown, waits };
}

const ids = (n: number, prefix = "p") => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
const toPeople = (n: number): ComposerSendInput => ({ audience: { type: "people", recipientIds: ids(n) }, body: "Registration closes Friday." });

describe("runBulkSend: the composer's Send", () => {
  it("submits the whole audience in ONE call, whatever its size, and keeps what the server decided", async () => {
    const { actions, sent } = fakeActions(
      () => ok(sendStarted(50_000, { batchId: "b1", unknown: 3, summary: { texts: 49_000, emails: 990, undeliverable: 7, refused: 0 } })),
      [progress(49_997, 0)],
    );
    const request = toPeople(50_000);
    const { outcome } = await run(actions, request);

    expect(sent).toEqual([request]);
    expect(outcome.totals).toMatchObject({
      requested: 50_000,
      stored: 49_997,
      unknown: 3,
      decisions: { texts: 49_000, emails: 990, undeliverable: 7, refused: 0 },
      monthly: { used: 50_000, limit: 100_000 },
      refused: null,
      batchId: "b1",
    });
    expect(outcome).toMatchObject({ stalled: false, error: null });
  });

  it("carries every field of the request to the server as given (a scheduled sendAt included)", async () => {
    const { actions, sent } = fakeActions(() => ok(sendStarted(2)), [progress(2, 0)]);
    const request = { audience: { type: "people" as const, recipientIds: ["a", "b"] }, body: "Later", sendAt: "2026-12-08T15:00:00.000Z" };
    await run(actions, request);
    expect(sent).toEqual([request]);
  });

  it("shows empty totals before the call, then the send as stored, then each poll", async () => {
    const { actions } = fakeActions(() => ok(sendStarted(1000, { batchId: "b1" })), [progress(1000, 400), progress(1000, 0)]);
    const { shown } = await run(actions, toPeople(1000));
    expect(shown.map((t) => [t.requested, t.stored, t.batchId, t.progress?.waiting ?? null])).toEqual([
      [0, 0, null, null],
      [1000, 1000, "b1", null],
      [1000, 1000, "b1", 400],
      [1000, 1000, "b1", 0],
    ]);
  });

  it("stops at a refused send: nothing stored, nothing polled, the reason kept", async () => {
    const { actions, sent, polled } = fakeActions(
      () => ok(sendStarted(1200, { batchId: null, refused: "SENDER_NOT_PERMITTED", summary: { texts: 0, emails: 0, undeliverable: 0, refused: 1200 } })),
      [],
    );
    const { outcome } = await run(actions, toPeople(1200));
    expect(sent).toHaveLength(1);
    expect(polled).toHaveLength(0);
    expect(outcome.totals).toMatchObject({ refused: "SENDER_NOT_PERMITTED", stored: 0, decisions: { refused: 1200 } });
    expect(outcome).toMatchObject({ stalled: false, error: null });
  });

  it("ends with the action's message when the call fails: the body's, then the audience's, then the general one", async () => {
    const failing = (fieldErrors: Record<string, string>) => fakeActions(() => ({ ok: false, error: "Could not send.", fieldErrors }), []).actions;
    expect((await run(failing({ body: "Write a message." }), toPeople(3))).outcome.error).toBe("Write a message.");
    expect((await run(failing({ "audience.recipientIds": "At most 50,000 recipients per send" }), toPeople(3))).outcome.error).toBe(
      "At most 50,000 recipients per send",
    );
    expect((await run(failing({}), toPeople(3))).outcome.error).toBe("Could not send.");
  });

  it("follows the one send by its id at each of its live events until every message and fallback email is handed over", async () => {
    const polls = [progress(10, 10), progress(10, 4), progress(10, 0, { emails: 2, waiting: 2 }), progress(10, 0, { emails: 2, waiting: 0 })];
    const { actions, polled } = fakeActions(() => ok(sendStarted(10, { batchId: "b1" })), polls);
    const { outcome, waits } = await run(actions, toPeople(10));
    expect(polled).toEqual([["b1"], ["b1"], ["b1"], ["b1"]]);
    expect(waits).toEqual([EVENT_MS, EVENT_MS, EVENT_MS]);
    expect(outcome.totals.progress).toEqual(polls[3]);
    expect(outcome).toMatchObject({ stalled: false, error: null });
  });

  it("gives up as stalled once the hand-over count has not moved for STALL_MS, with or without events", async () => {
    const { actions, polled } = fakeActions(() => ok(sendStarted(10)), [progress(10, 5)]);
    const { outcome, waits } = await run(actions, toPeople(10), { silent: true });
    expect(outcome).toMatchObject({ stalled: true, error: null });
    // No event came: the count is read once more after STALL_MS, unmoved, and the send is stalled.
    expect([waits, polled.length]).toEqual([[STALL_MS], 2]);
    const chatty = await run(fakeActions(() => ok(sendStarted(10)), [progress(10, 5)]).actions, toPeople(10));
    expect([chatty.outcome.stalled, chatty.waits.length]).toEqual([true, STALL_MS / EVENT_MS]);
  });

  it("stops following once nobody is watching; the send was already submitted whole", async () => {
    let alive = true;
    const { actions, sent, polled } = fakeActions(() => ok(sendStarted(2000)), [progress(2000, 2000)]);
    const { outcome } = await run(actions, toPeople(2000), {
      alive: () => {
        const was = alive;
        alive = false; // the composer closes after the first poll
        return was;
      },
    });
    expect(sent.map((s) => (s.audience.type === "people" ? s.audience.recipientIds.length : 0))).toEqual([2000]);
    expect(polled).toHaveLength(1);
    expect(outcome).toMatchObject({ stalled: false, error: null });
  });
});
