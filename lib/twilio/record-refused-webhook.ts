import "server-only";
import { recordWebhookRefusal } from "@/db/queries/webhook-receipts";
import { describeError, log } from "@/lib/log";
import type { ProviderActor, ServiceContext } from "@/lib/service-context";
import type { TwilioForm } from "./webhook";

/**
 * Counts a webhook refused for a bad signature (SPEC §5: 403) for the health panel's "refused
 * signatures in the last hour" (issue 18), against the institution whose system number the
 * form names: `To` of an inbound text, `From` of a status callback. The form is unverified, so
 * it only says whose numbers the request claimed; nothing else of it is used. One upsert of a
 * per-minute counter; a failure is logged and the 403 stands.
 */
export async function recordRefusedWebhook(ctx: ServiceContext<ProviderActor>, p: { kind: "status" | "inbound"; form: TwilioForm }): Promise<void> {
  const systemNumber = (p.kind === "inbound" ? p.form.To : p.form.From)?.trim();
  if (!systemNumber) return;
  try {
    await recordWebhookRefusal(ctx.db, { kind: p.kind, systemNumber, now: ctx.now });
  } catch (err) {
    log.warn("refused webhook not counted", { kind: p.kind, ...describeError(err) });
  }
}
