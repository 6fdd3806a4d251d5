import { eq } from "drizzle-orm";
import { messages } from "@/db/schema";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { loadActor } from "@/lib/auth/load-actor";
import { createInstitution, createPerson, createSystemNumbers, createUser } from "@/db/factories";
import { DISPATCH } from "@/lib/messaging/dispatch/dispatch-policy";
import { sendMessages } from "@/lib/messaging/send/send-messages";
import { countJobs, setJobState } from "./pgboss-tables";
import { sweep } from "./worker";

/** Jobs of the texts queue that carry this message id, by state. */
async function jobsFor(messageId: number) {
  const rows = await countJobs(getDb(), { queue: "dispatch-sms", messageId });
  return Object.fromEntries(rows.map((r) => [r.state, r.count]));
}

describe("sweep", () => {
  it("re-triggers a pending text only once its queue has moved past it, and a stale claim at once", async () => {
    const db = getDb();
    const inst = await createInstitution(db, { smsMonthlyLimit: 1000 });
    await createSystemNumbers(db, inst, 1);
    const sender = await createPerson(db, inst, { kind: "staff", roles: ["ADVISOR"] });
    const actor = (await loadActor(db, (await createUser(db, sender)).id))!;
    const students = await Promise.all(
      [0, 1].map(() => createPerson(db, inst, { phones: [{ smsStatus: "SMS_ENABLED" }] })),
    );
    // Sent 30 s ago: older than the sweep's 20 s, and its jobs (queued just now) still wait.
    const sentAt = new Date(Date.now() - 30_000);
    const sent = await sendMessages({ ctx: { db, actor, now: sentAt }, input: { recipientIds: students.map((s) => s.id), body: "Hi" } });
    const [waiting, stale] = sent.results.map((r) => r.messageId!);
    expect(await jobsFor(waiting)).toEqual({ created: 1 });

    // The claim of a worker that died long ago is resumed even while jobs wait.
    await db
      .update(messages)
      .set({ status: "sending", attempts: 1, claimedAt: new Date(Date.now() - DISPATCH.staleClaimMs - 1000) })
      .where(eq(messages.id, stale));
    expect(await sweep(db, new Date())).toBe(1);
    expect(await jobsFor(stale)).toEqual({ created: 2 });
    expect(await jobsFor(waiting)).toEqual({ created: 1 });

    // Its job taken (and its trigger lost): the pending text is re-triggered.
    await setJobState(db, { queue: "dispatch-sms" }, "completed");
    expect(await sweep(db, new Date())).toBe(2);
    expect(await jobsFor(waiting)).toEqual({ completed: 1, created: 1 });
  });
});
