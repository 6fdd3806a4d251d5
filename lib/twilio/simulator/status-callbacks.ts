import "server-only";
import { advanceSimMessage } from "@/db/queries/sim-twilio";
import type { SimTwilioMessage } from "@/db/schema";
import { log, describeError } from "@/lib/log";
import { simulatorCredentials } from "@/lib/twilio/client";
import type { SimulatorDeps } from "./deps";
import type { SimOutcome } from "./magic-numbers";
import type { QueueFate } from "./sender-queue";
import { postSignedForm } from "./signed-post";
import { API_VERSION } from "./twilio-resource";

type FinalStatus = { status: "delivered" | "undelivered"; errorCode: number | null };

/**
 * After a message is accepted (status `queued`, for which Twilio sends no callback) the
 * simulated Twilio moves it to `sent` when it leaves its number's queue (`fate`), then to
 * `delivered` or `undelivered` — or to `failed` with 30036 when its ValidityPeriod ends first —
 * and posts a signed status callback for each step, after the API answer has gone. Never throws.
 */
export function scheduleStatusCallbacks(
  deps: SimulatorDeps,
  sid: string,
  outcome: Exclude<SimOutcome, { kind: "reject" }>,
  fate: QueueFate = { kind: "leaves", leavesInMs: 0 },
) {
  const final: FinalStatus =
    outcome.kind === "undelivered" ? { status: "undelivered", errorCode: outcome.code } : { status: "delivered", errorCode: null };
  const [toSent, toFinal] = deps.callbackDelaysMs;
  const start = () => {
    if (fate.kind === "expires") {
      // Twilio drops a text still queued when its ValidityPeriod ends: failed, 30036.
      setTimeout(() => void advance(deps, sid, "queued", { status: "failed", errorCode: 30036 }), fate.expiresInMs);
      return;
    }
    setTimeout(() => {
      void advance(deps, sid, "queued", { status: "sent", errorCode: null }).then((moved) => {
        if (moved) setTimeout(() => void advance(deps, sid, "sent", final), toFinal);
      });
    }, fate.leavesInMs + toSent);
  };
  if (deps.callbacksReleased) void deps.callbacksReleased.then(start);
  else start();
}

/** Moves the message from `from` to the next status and posts its callback; false when it did not move. */
async function advance(deps: SimulatorDeps, sid: string, from: string, next: { status: string; errorCode: number | null }) {
  try {
    const row = await advanceSimMessage(deps.db, { sid, from, next, now: new Date() });
    if (!row) return false;
    if (row.statusCallback) {
      const status = await postSignedForm(deps.postForm, simulatorCredentials().authToken, row.statusCallback, callbackParams(row));
      if (status === null || status >= 300) log.warn("twilio simulator: status callback not accepted", { sid, messageStatus: row.status, httpStatus: status });
    }
    return true;
  } catch (err) {
    log.error("twilio simulator: status change failed", { sid, ...describeError(err) });
    return false;
  }
}

/** The parameters of a status callback, as Twilio posts them for SMS. */
export function callbackParams(row: SimTwilioMessage): Record<string, string> {
  const params: Record<string, string> = {
    AccountSid: row.accountSid,
    ApiVersion: API_VERSION,
    From: row.fromNumber,
    MessageSid: row.sid,
    MessageStatus: row.status,
    SmsSid: row.sid,
    SmsStatus: row.status,
    To: row.toNumber,
  };
  if (row.errorCode !== null) params.ErrorCode = String(row.errorCode);
  if (row.status === "delivered" || row.status === "undelivered") params.RawDlrDoneDate = rawDlrDoneDate(row.updatedAt);
  return params;
}

/** The carrier's "done date", YYMMDDhhmm in UTC. */
function rawDlrDoneDate(date: Date): string {
  return date.toISOString().replace(/[-T:]/g, "").slice(2, 12);
}
