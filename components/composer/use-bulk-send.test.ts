import { describe, expect, it } from "vitest";
import { COMPOSER_SEND_CHUNK } from "@/lib/messaging/send/schemas";
import { chunkResult, fakeActions, ok, progress } from "./fake-composer-actions";
import { sendAsStates, type BulkSendState } from "./use-bulk-send";
import type { ComposerActions } from "./types";

/**
 * useBulkSend's behaviour (use-bulk-send.ts): the states the composer renders, in order, from
 * the first chunk to the outcome; `sendAsStates` is the hook without React, given the state
 * setter, whether the composer is still open, and the test's clock.
 */
async function statesOf(actions: ComposerActions, recipients: number, alive: (states: BulkSendState[]) => boolean = () => true) {
  const states: BulkSendState[] = [];
  let clock = 0;
  await sendAsStates(
    {
      actions,
      setState: (s) => states.push(s),
      isAlive: () => alive(states),
      now: () => clock,
      sleep: async (ms) => {
        clock += ms;
      },
    },
    Array.from({ length: recipients }, (_, i) => `p${i}`),
    "Registration closes Friday.",
  );
  return states;
}

/** What the bar and the summary show of a state. */
const shown = (s: BulkSendState) =>
  s.phase === "idle"
    ? ["idle"]
    : [s.phase, s.stored, s.decisions.texts, s.progress?.waiting ?? null, s.refused, ...(s.phase === "done" ? [s.error, s.stalled] : [])];

describe("useBulkSend: the composer's Send as states", () => {
  it("shows every chunk as it is stored, then the hand-over, then done; each state keeps its own counts", async () => {
    const { actions, sent } = fakeActions((r) => ok(chunkResult(r.length)), [progress(1201, 1201), progress(1201, 201), progress(1201, 0)]);
    const states = await statesOf(actions, 1201);
    expect(sent.map((c) => c.length)).toEqual([COMPOSER_SEND_CHUNK, COMPOSER_SEND_CHUNK, 201]);
    expect(states.map(shown)).toEqual([
      ["sending", 0, 0, null, null],
      ["sending", 500, 500, 1201, null],
      ["sending", 1000, 1000, 201, null],
      ["sending", 1201, 1201, 0, null],
      ["sending", 1201, 1201, 0, null],
      ["done", 1201, 1201, 0, null, null, false],
    ]);
  });

  it("stops at a refused chunk and shows why, with nothing sent after it", async () => {
    let calls = 0;
    const { actions, sent } = fakeActions(
      (r) =>
        ++calls === 2
          ? ok(chunkResult(r.length, { batchId: null, refused: "SMS_MONTHLY_LIMIT_REACHED", summary: { texts: 0, emails: 0, undeliverable: 0, refused: r.length } }))
          : ok(chunkResult(r.length)),
      [progress(500, 0)],
    );
    const states = await statesOf(actions, 1500);
    expect(sent).toHaveLength(2);
    expect(states.at(-1)).toMatchObject({
      phase: "done",
      refused: "SMS_MONTHLY_LIMIT_REACHED",
      stored: 1000,
      decisions: { texts: 500, emails: 0, undeliverable: 0, refused: 500 },
      error: null,
      stalled: false,
    });
  });

  it("ends with the error of a failed chunk, keeping what earlier chunks stored", async () => {
    let calls = 0;
    const { actions, sent } = fakeActions(
      (r) => (++calls === 2 ? { ok: false, error: "Something went wrong. Try again.", fieldErrors: {} } : ok(chunkResult(r.length))),
      [progress(500, 0)],
    );
    const states = await statesOf(actions, 1500);
    expect(sent).toHaveLength(2);
    expect(states.map(shown)).toEqual([
      ["sending", 0, 0, null, null],
      ["sending", 500, 500, 0, null],
      ["done", 500, 500, 0, null, "Something went wrong. Try again.", false],
    ]);
  });

  it("sets nothing once the composer is closed, but still stores every chunk", async () => {
    const { actions, sent, polled } = fakeActions((r) => ok(chunkResult(r.length)), [progress(1201, 1201)]);
    // Closed after the second state (the first chunk stored).
    const states = await statesOf(actions, 1201, (s) => s.length < 2);
    expect(states.map(shown)).toEqual([
      ["sending", 0, 0, null, null],
      ["sending", 500, 500, 1201, null],
    ]);
    expect(sent.map((c) => c.length)).toEqual([500, 500, 201]);
    // No following of the hand-over for a closed composer: only the polls after each chunk.
    expect(polled).toHaveLength(3);
  });
});
