import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { createInstitution, createSystemNumbers, uniquePhoneNumber } from "@/db/factories";
import { runHealthCheck } from "@/lib/health/institution-health";
import { newSid, twilioRequest, usePublicBaseUrl } from "@/test/twilio-webhooks";
import { POST as inboundWebhook } from "./inbound/route";
import { POST as statusWebhook } from "./status/route";

/*
 * Refused signatures (SPEC §5: 403, nothing applied) are counted per institution and minute for
 * the health panel (issue 18): against the institution whose system number the form names.
 */
beforeAll(usePublicBaseUrl);

async function world() {
  const db = getDb();
  return { db, inst: await createInstitution(db) };
}

describe("refused Twilio signatures", () => {
  it("counts refused signatures against the institution whose number the form names, and no other", async () => {
    const w = await world();
    const [number] = await createSystemNumbers(w.db, w.inst, 1);
    const lake = await world();
    const bad = { signature: "not-a-signature" };
    const status = await statusWebhook(
      twilioRequest("/api/twilio/status", { MessageSid: newSid(), MessageStatus: "delivered", From: number.number, To: uniquePhoneNumber() }, bad),
    );
    const inbound = await inboundWebhook(twilioRequest("/api/twilio/inbound", { MessageSid: newSid(), From: uniquePhoneNumber(), To: number.number, Body: "hi" }, bad));
    const unknown = await inboundWebhook(twilioRequest("/api/twilio/inbound", { MessageSid: newSid(), From: uniquePhoneNumber(), To: uniquePhoneNumber(), Body: "hi" }, bad));
    expect([status.status, inbound.status, unknown.status]).toEqual([403, 403, 403]);

    const now = new Date();
    const mine = await runHealthCheck({ db: w.db, institutionId: w.inst.id, timeZone: "America/Chicago", now });
    expect(mine.webhooks.refusedSignaturesLastHour).toBe(2);
    expect(mine.alerts.map((a) => a.key)).toEqual(["webhooks:refused-signatures"]);
    const theirs = await runHealthCheck({ db: lake.db, institutionId: lake.inst.id, timeZone: "America/Chicago", now });
    expect(theirs.webhooks.refusedSignaturesLastHour).toBe(0);
    expect(theirs.alerts).toEqual([]);
  });
});
