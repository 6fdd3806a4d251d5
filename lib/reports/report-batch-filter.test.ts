import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { sendBatches } from "@/db/schema";
import { isAppError } from "@/lib/errors";
import { listMessageReport } from "./list-message-report";
import { addMessage, addText, createReportFixture, type ReportFixture } from "./report-fixture";

/*
 * The Message Report filtered to one send (issue 15 item 9: the composer's results link to
 * `?batch=<ids>`): exactly that send's messages — its chunks' batches, fallback emails included.
 */

let f: ReportFixture;
const ids: Record<string, number> = {};
let sendA: string[];
let sendB: string;

async function batch(senderUserId: string): Promise<string> {
  const { ann } = f.people;
  const [row] = await getDb()
    .insert(sendBatches)
    .values({ institutionId: f.inst.id, senderUserId, senderPersonId: ann.id, body: "Hello", recipientCount: 1 })
    .returning({ id: sendBatches.id });
  return row.id;
}

beforeAll(async () => {
  f = await createReportFixture();
  const { ann, sam, tia } = f.people;
  const annUser = f.actors.ann.userId;
  sendA = [await batch(annUser), await batch(annUser)];
  sendB = await batch(annUser);
  ids.aSam = await addText(f.inst, ann, sam, { batchId: sendA[0], createdAt: new Date("2025-02-01T15:00:00Z"), status: "failed", reasonCode: "TWILIO_INVALID_NUMBER" });
  ids.aSamEmail = await addMessage(f.inst, {
    batchId: sendA[0],
    channel: "EMAIL",
    fromPersonId: ann.id,
    toPersonId: sam.id,
    toAddress: "sam@example.test",
    status: "sent",
    reasonCode: "TWILIO_INVALID_NUMBER",
    fallbackForMessageId: ids.aSam,
    createdAt: new Date("2025-02-01T15:01:00Z"),
  });
  ids.aTia = await addText(f.inst, ann, tia, { batchId: sendA[1], createdAt: new Date("2025-02-01T15:00:01Z") });
  ids.bTia = await addText(f.inst, ann, tia, { batchId: sendB, createdAt: new Date("2025-02-02T15:00:00Z") });
  ids.noBatch = await addText(f.inst, ann, sam, { createdAt: new Date("2025-02-03T15:00:00Z") });
});

const list = (input: Record<string, unknown>) =>
  listMessageReport({ ctx: { db: getDb(), actor: f.actors.admin, now: new Date() }, input }).then((p) => p.items.map((m) => m.id));

describe("Message Report: the batch filter", () => {
  it("lists exactly one send's messages, across its batches, fallback emails included, newest first", async () => {
    expect(await list({ batch: sendA.join(",") })).toEqual([ids.aSamEmail, ids.aTia, ids.aSam]);
    expect(await list({ batch: sendB })).toEqual([ids.bTia]);
  });

  it("combines with the other filters, and a staff member sees only their own part of it", async () => {
    expect(await list({ batch: sendA.join(","), channel: "EMAIL" })).toEqual([ids.aSamEmail]);
    expect(await list({ batch: sendA.join(","), status: "failed" })).toEqual([ids.aSam]);
    const bob = await listMessageReport({ ctx: { db: getDb(), actor: f.actors.bob, now: new Date() }, input: { batch: sendB } });
    expect(bob.items).toEqual([]);
  });

  it("refuses what is not a batch id, naming the filter", async () => {
    const err = await list({ batch: "not-a-send" }).catch((e: unknown) => e);
    expect(isAppError(err) && err.fieldErrors).toEqual({ batch: "Not a send of this report." });
  });
});
