import { describe, expect, it } from "vitest";
import type { ComposerSendInput } from "@/lib/messaging/send/audience-schema";
import { fakeActions, ok, progress, sendStarted } from "./fake-composer-actions";
import { sendAsStates, type BulkSendState } from "./use-bulk-send";
import type { ComposerActions } from "./types";

/**
 * useBulkSend's behaviour (use-bulk-send.ts): the states the composer renders, in order, from
 * Send to the outcome; `sendAsStates` is the hook without React, given the state setter,
 * whether the composer is still open, and the test's clock.
 */
async function statesOf(actions: ComposerActions, recipients: number, alive: (states: BulkSendState[]) => boolean = () => true) {
  const states: BulkSendState[] = [];
  let clock = 0;
  const request: ComposerSendInput = {
    audience: { type: "people", recipientIds: Array.from({ length: recipients }, (_, i) => `p${i}`) },
    body: "Registration closes Friday.",
  };
  await sendAsStates(
    {
      actions,
      setState: (s) => states.push(s),
      isAlive: () => alive(states),
      now: () => clock,
      waitForChange: async (_batchId, maxMs) => {
        clock += maxMs;
      },
    },
    request,
  );
  return states;
}

/** What the bar and the summary show of a state. */
const shown = (s: BulkSendState) =>
  s.phase === "idle"
    ? ["idle"]
    : [s.phase, s.stored, s.decisions.texts, s.progress?.waiting ?? null, s.refused, ...(s.phase === "done" ? [s.error, s.stalled] : [])];

describe("useBulkSend: the composer's Send as states", () => {
  it("shows the submit, the stored send, each poll of its hand-over, then done; each state keeps its own counts", async () => {
    const { actions, sent } = fakeActions(() => ok(sendStarted(2000)), [progress(2000, 2000), progress(2000, 800), progress(2000, 0)]);
    const states = await statesOf(actions, 2000);
    expect(sent).toHaveLength(1);
    expect(states.map(shown)).toEqual([
      ["sending", 0, 0, null, null],
      ["sending", 2000, 2000, null, null],
      ["sending", 2000, 2000, 2000, null],
      ["sending", 2000, 2000, 800, null],
      ["sending", 2000, 2000, 0, null],
      ["done", 2000, 2000, 0, null, null, false],
    ]);
  });

  it("ends at a refused send with why, and follows nothing", async () => {
    const { actions, polled } = fakeActions(
      () => ok(sendStarted(1500, { batchId: null, refused: "BODY_TOO_LONG", summary: { texts: 0, emails: 0, undeliverable: 0, refused: 1500 } })),
      [],
    );
    const states = await statesOf(actions, 1500);
    expect(polled).toHaveLength(0);
    expect(states.at(-1)).toMatchObject({
      phase: "done",
      refused: "BODY_TOO_LONG",
      stored: 0,
      decisions: { texts: 0, emails: 0, undeliverable: 0, refused: 1500 },
      error: null,
      stalled: false,
    });
  });

  it("ends with the error of a failed call, nothing stored", async () => {
    const { actions, polled } = fakeActions(() => ({ ok: false, error: "Something went wrong. Try again.", fieldErrors: {} }), []);
    const states = await statesOf(actions, 1500);
    expect(polled).toHaveLength(0);
    expect(states.map(shown)).toEqual([
      ["sending", 0, 0, null, null],
      ["done", 0, 0, null, null, "Something went wrong. Try again.", false],
    ]);
  });

  it("sets nothing once the composer is closed; the send was submitted whole before", async () => {
    const { actions, sent, polled } = fakeActions(() => ok(sendStarted(2000)), [progress(2000, 2000)]);
    // Closed after the second state (the send stored).
    const states = await statesOf(actions, 2000, (s) => s.length < 2);
    expect(states.map(shown)).toEqual([
      ["sending", 0, 0, null, null],
      ["sending", 2000, 2000, null, null],
    ]);
    expect(sent).toHaveLength(1);
    expect(polled).toHaveLength(0);
  });
});
