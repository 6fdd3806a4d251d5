import "server-only";
import pMap from "p-map";
import type twilio from "twilio";
import { claimTextsToReconcile, recordMessageEvents, type TextToReconcile } from "@/db/queries/messages";
import { describeError, log } from "@/lib/log";
import type { ProviderActor, ServiceContext } from "@/lib/service-context";
import { applyStatusCallback, TWILIO_MESSAGE_STATUSES, type StatusCallbackResult } from "./apply-status-callback";

/** Bounds of one reconciliation run; it runs with the worker's sweep (every 10 s). */
export const RECONCILE = {
  /** Texts looked up per run at most (each run takes the oldest). */
  batchSize: 100,
  /** Look-ups in flight at once. */
  concurrency: 8,
} as const;

export type ReconcileDeps = {
  ctx: ServiceContext<ProviderActor>;
  twilio: twilio.Twilio;
  /** A text unchanged this long is looked up, then at most once per this interval (RECONCILE_AFTER_MINUTES). */
  afterMs: number;
  /** A text unchanged this long without a final status is given up on (RECONCILE_GIVE_UP_HOURS). */
  giveUpMs: number;
};

export type ReconcileOutcome = { checked: number; changed: number; expired: number; lookupsFailed: number };

/**
 * SPEC §5, status reconciliation: a text Twilio took whose final status never came — its
 * callbacks lost, or refused while the app was overloaded or down — is looked up at Twilio
 * (`messages(sid).fetch()`) and the status found goes through `applyStatusCallback`, exactly as
 * a callback would: forward only, deduplicated by `<sid>:<status>` against the callbacks, the
 * failure table and the email fallback exactly once. Its event's source is RECONCILIATION.
 *
 * Bounded: a batch per run, oldest change first, each text at most once per interval (the claim
 * stamps it). A text with no final status at Twilio `giveUpMs` after its last change is given
 * up on: its status stays the last one known, and an event (source RECONCILIATION, detail
 * `{ expired: true }`) records that no final status came; it is not looked up again.
 */
export async function reconcileStatuses(deps: ReconcileDeps): Promise<ReconcileOutcome> {
  const { db, now } = deps.ctx;
  const texts = await claimTextsToReconcile(db, {
    before: new Date(now.getTime() - deps.afterMs),
    giveUpMs: deps.giveUpMs,
    now,
    limit: RECONCILE.batchSize,
  });
  const outcome: ReconcileOutcome = { checked: texts.length, changed: 0, expired: 0, lookupsFailed: 0 };
  const reconcile = async (text: TextToReconcile) => {
    try {
      const result = await reconcileOne(deps, text);
      if (result === "changed") outcome.changed++;
      else if (result === "expired") outcome.expired++;
    } catch (err) {
      outcome.lookupsFailed++;
      log.warn("status reconciliation failed", { messageId: text.id, sid: text.sid, ...describeError(err) });
    }
  };
  await pMap(texts, reconcile, { concurrency: RECONCILE.concurrency });
  if (texts.length > 0) log.info("status reconciliation", { ...outcome });
  return outcome;
}

async function reconcileOne(deps: ReconcileDeps, text: TextToReconcile): Promise<"changed" | "unchanged" | "expired"> {
  const { db, now } = deps.ctx;
  let found: { status: string; errorCode: number | null } | null;
  try {
    found = await deps.twilio.messages(text.sid).fetch();
  } catch (err) {
    // Twilio does not know the sid (20404): nothing to apply; given up on at the usual age.
    if ((err as { code?: number }).code !== 20404) throw err;
    found = null;
  }
  let result: StatusCallbackResult | null = null;
  if (found && isTwilioStatus(found.status)) {
    result = await applyStatusCallback(
      deps.ctx,
      { MessageSid: text.sid, MessageStatus: found.status, ErrorCode: found.errorCode ? String(found.errorCode) : undefined },
      { source: "RECONCILIATION" },
    );
    if (result.outcome === "applied" || result.outcome === "failed") return "changed";
  }
  if (now.getTime() - text.updatedAt.getTime() < deps.giveUpMs) return "unchanged";
  await recordMessageEvents(db, [
    {
      institutionId: text.institutionId,
      messageId: text.id,
      status: text.status,
      source: "RECONCILIATION",
      eventKey: `${text.sid}:reconciliation-expired`,
      detail: { expired: true, twilioStatus: found?.status ?? null },
      occurredAt: now,
    },
  ]);
  log.warn("status reconciliation gave up", { messageId: text.id, sid: text.sid, status: text.status, twilioStatus: found?.status ?? null });
  return "expired";
}

function isTwilioStatus(status: string): status is (typeof TWILIO_MESSAGE_STATUSES)[number] {
  return (TWILIO_MESSAGE_STATUSES as readonly string[]).includes(status);
}
