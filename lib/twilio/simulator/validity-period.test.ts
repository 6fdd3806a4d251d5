import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db";
import { institutions, simTwilioMessages, systemNumbers } from "@/db/schema";
import { createTwilioClient } from "@/lib/twilio/client";
import type { SimulatorDeps } from "./deps";
import { handleSimulatorRequest } from "./handle-request";
import { inProcessTransport } from "./in-process-transport";
import { createSenderQueue } from "./sender-queue";
import type { FormPost } from "./signed-post";

/*
 * The simulated Twilio honours ValidityPeriod and a per-number rate (issue 16 item 5): texts
 * queue behind their number's earlier ones, and one that would leave after its validity fails
 * with 30036 (and a status callback saying so) instead of arriving late.
 */

const posts: FormPost[] = [];
const deps: SimulatorDeps = {
  get db() {
    return getDb();
  },
  postForm: async (post) => {
    posts.push(post);
    return 200;
  },
  callbackDelaysMs: [0, 0],
  publicBaseUrl: "https://app.example.edu",
  // A pinned clock: the seven requests are taken at one instant, however long each takes here.
  senderQueue: createSenderQueue(4, () => 1_000_000),
};
const twilio = createTwilioClient({ transport: inProcessTransport((req) => handleSimulatorRequest(req, deps)) });
const number = () => `+1312${String(randomBytes(3).readUIntBE(0, 3) % 10_000_000).padStart(7, "0")}`;
let from: string;

beforeAll(async () => {
  const db = getDb();
  const [inst] = await db.insert(institutions).values({ name: "Validity U", slug: `val-${randomBytes(4).toString("hex")}` }).returning();
  from = number();
  await db.insert(systemNumbers).values({ institutionId: inst.id, number: from });
});

describe("simulated Twilio: ValidityPeriod and the per-number rate", () => {
  it("at 4 segments/s with a 1 s validity, four one-segment texts go and the next three expire with 30036", async () => {
    const sent = [];
    for (let i = 0; i < 7; i++) {
      sent.push(await twilio.messages.create({ from, to: number(), body: `Text ${i}`, validityPeriod: 1, statusCallback: "https://app.example.edu/api/twilio/status" }));
    }
    expect(sent.map((m) => m.status)).toEqual(Array(7).fill("queued"));
    const final = await vi.waitFor(
      async () => {
        const rows = await getDb().select().from(simTwilioMessages).where(eq(simTwilioMessages.fromNumber, from));
        expect(rows.filter((r) => r.status === "queued" || r.status === "sent")).toEqual([]);
        return rows;
      },
      { timeout: 10_000, interval: 100 },
    );
    const bySid = new Map(final.map((r) => [r.sid, r]));
    expect(sent.map((m) => [bySid.get(m.sid)!.status, bySid.get(m.sid)!.errorCode])).toEqual([
      ["delivered", null],
      ["delivered", null],
      ["delivered", null],
      ["delivered", null],
      ["failed", 30036],
      ["failed", 30036],
      ["failed", 30036],
    ]);
    const expired = posts.filter((p) => p.params.ErrorCode === "30036");
    expect(expired.map((p) => p.params.MessageStatus)).toEqual(["failed", "failed", "failed"]);
  });

  it("refuses a ValidityPeriod outside 1–36,000 s (21624)", async () => {
    await expect(twilio.messages.create({ from, to: number(), body: "x", validityPeriod: 36_001 })).rejects.toMatchObject({ status: 400, code: 21624 });
    await expect(twilio.messages.create({ from, to: number(), body: "x", validityPeriod: 0 })).rejects.toMatchObject({ status: 400, code: 21624 });
  });
});
