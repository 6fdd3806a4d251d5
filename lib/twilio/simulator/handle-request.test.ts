import { randomBytes } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import twilio from "twilio";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db";
import { institutions, simTwilioMessages, systemNumbers } from "@/db/schema";
import { createTwilioClient, simulatorCredentials } from "@/lib/twilio/client";
import { countReceived, listSimMessages, setFault, simulateInbound } from "./control";
import type { SimulatorDeps } from "./deps";
import { handleSimulatorRequest } from "./handle-request";
import { inProcessTransport } from "./in-process-transport";
import type { FormPost } from "./signed-post";

const CALLBACK_URL = "https://app.example.edu/api/twilio/status?m=42";
const posts: FormPost[] = [];
let answerStatuses: number[] = [];

const deps: SimulatorDeps = {
  get db() {
    return getDb();
  },
  postForm: async (post) => {
    posts.push(post);
    return answerStatuses.shift() ?? 200;
  },
  callbackDelaysMs: [5, 5],
  publicBaseUrl: "https://app.example.edu",
};

function client(timeoutMs?: number) {
  return createTwilioClient({ transport: inProcessTransport((req) => handleSimulatorRequest(req, deps)), timeoutMs });
}

let institutionId: string;
let from: string;

function uniqueNumber() {
  return `+1312${String(randomBytes(3).readUIntBE(0, 3) % 10_000_000).padStart(7, "0")}`;
}

beforeAll(async () => {
  const db = getDb();
  const [inst] = await db.insert(institutions).values({ name: "Sim U", slug: `sim-${randomBytes(4).toString("hex")}` }).returning();
  institutionId = inst.id;
  from = uniqueNumber();
  await db.insert(systemNumbers).values({ institutionId, number: from });
});

afterEach(async () => {
  // Let every scheduled status change finish before the next test (and before the database closes).
  await vi.waitFor(async () => {
    const open = await getDb()
      .select({ sid: simTwilioMessages.sid })
      .from(simTwilioMessages)
      .where(and(eq(simTwilioMessages.direction, "outbound-api"), inArray(simTwilioMessages.status, ["queued", "sent"])));
    expect(open).toEqual([]);
  });
  posts.length = 0;
  answerStatuses = [];
  await setFault(getDb(), "none", 0);
});

async function restError(promise: Promise<unknown>) {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(twilio.RestException);
  return err as twilio.RestException;
}

describe("simulated Twilio, through the SDK", () => {
  it("accepts a message as Twilio does and tags it with the sender's institution", async () => {
    const to = uniqueNumber();
    const msg = await client().messages.create({ to, from, body: "Hello from advising", statusCallback: CALLBACK_URL });
    expect(msg.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(msg).toMatchObject({ status: "queued", to, from, body: "Hello from advising", numSegments: "1", errorCode: null, accountSid: simulatorCredentials().accountSid, direction: "outbound-api" });
    expect(msg.dateCreated).toBeInstanceOf(Date);
    const [row] = await getDb().select().from(simTwilioMessages).where(eq(simTwilioMessages.sid, msg.sid));
    expect(row).toMatchObject({ institutionId, statusCallback: CALLBACK_URL, numSegments: 1 });
    expect(await countReceived(getDb(), { to })).toBe(1);
  });

  it.each([
    ["+15005550001", 21211],
    ["+15005550002", 21612],
    ["+15005550003", 21408],
    ["+15005550004", 21610],
    ["+15005550009", 21614],
  ])("rejects %s synchronously with %i", async (to, code) => {
    const err = await restError(client().messages.create({ to, from, body: "hi" }));
    expect({ status: err.status, code: err.code, moreInfo: err.moreInfo }).toEqual({ status: 400, code, moreInfo: `https://www.twilio.com/docs/errors/${code}` });
    expect(await countReceived(getDb(), { to })).toBe(0);
  });

  it("rejects a From number the account does not own (21606) and a missing body (21602)", async () => {
    expect((await restError(client().messages.create({ to: uniqueNumber(), from: "+13125550000", body: "hi" }))).code).toBe(21606);
    expect((await restError(client().messages.create({ to: uniqueNumber(), from, body: "" }))).code).toBe(21602);
  });

  it("answers 401 to wrong credentials", async () => {
    const res = await handleSimulatorRequest(
      new Request(`http://localhost/api/dev/twilio/2010-04-01/Accounts/${simulatorCredentials().accountSid}/Messages.json`, {
        method: "POST",
        headers: { Authorization: `Basic ${Buffer.from(`${simulatorCredentials().accountSid}:wrong`).toString("base64")}` },
        body: new URLSearchParams({ To: uniqueNumber(), From: from, Body: "hi" }),
      }),
      deps,
    );
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: 20003, status: 401 });
  });

  it("posts signed callbacks sent → delivered, each verifiable with the simulated token", async () => {
    const to = uniqueNumber();
    const msg = await client().messages.create({ to, from, body: "Hi", statusCallback: CALLBACK_URL });
    await vi.waitFor(() => expect(posts).toHaveLength(2));
    expect(posts.map((p) => p.params.MessageStatus)).toEqual(["sent", "delivered"]);
    for (const post of posts) {
      expect(post.url).toBe(CALLBACK_URL);
      expect(twilio.validateRequest(simulatorCredentials().authToken, post.headers["X-Twilio-Signature"], CALLBACK_URL, post.params)).toBe(true);
      expect(twilio.validateRequest("another-token-000", post.headers["X-Twilio-Signature"], CALLBACK_URL, post.params)).toBe(false);
      expect(post.params).toMatchObject({ MessageSid: msg.sid, SmsSid: msg.sid, AccountSid: simulatorCredentials().accountSid, From: from, To: to, ApiVersion: "2010-04-01" });
      expect(post.params.ErrorCode).toBeUndefined();
    }
    expect(posts[0].headers["I-Twilio-Idempotency-Token"]).not.toBe(posts[1].headers["I-Twilio-Idempotency-Token"]);
    const fetched = await client().messages(msg.sid).fetch();
    expect(fetched.status).toBe("delivered");
    expect(fetched.dateSent).toBeInstanceOf(Date);
  });

  it.each([
    ["+15005550005", 30005],
    ["+15005550010", 30003],
    ["+15005550011", 30007],
    ["+15005550012", 30006],
  ])("accepts %s, then reports undelivered with ErrorCode %i", async (to, code) => {
    const msg = await client().messages.create({ to, from, body: "Hi", statusCallback: CALLBACK_URL });
    expect(msg.status).toBe("queued");
    await vi.waitFor(() => expect(posts).toHaveLength(2));
    expect(posts[1].params).toMatchObject({ MessageStatus: "undelivered", SmsStatus: "undelivered", ErrorCode: String(code) });
    expect(posts[1].params.RawDlrDoneDate).toMatch(/^\d{10}$/);
  });

  it("retries a callback once, with the same idempotency token, when the app answers 5xx", async () => {
    answerStatuses = [503];
    await client().messages.create({ to: uniqueNumber(), from, body: "Hi", statusCallback: CALLBACK_URL });
    await vi.waitFor(() => expect(posts).toHaveLength(3));
    expect(posts.map((p) => p.params.MessageStatus)).toEqual(["sent", "sent", "delivered"]);
    expect(posts[0].headers).toEqual(posts[1].headers);
  });

  it("fault 429: the next N requests are refused and never processed", async () => {
    await setFault(getDb(), "429", 2);
    const to = uniqueNumber();
    for (let i = 0; i < 2; i++) {
      const err = await restError(client().messages.create({ to, from, body: "Hi" }));
      expect({ status: err.status, code: err.code }).toEqual({ status: 429, code: 20429 });
    }
    expect(await countReceived(getDb(), { to })).toBe(0);
    expect((await client().messages.create({ to, from, body: "Hi" })).status).toBe("queued");
  });

  it("fault 500 with processing: the message exists though the answer was an error, and can be found by listing", async () => {
    await setFault(getDb(), "500", 1, { processRequest: true });
    const to = uniqueNumber();
    const before = new Date(Date.now() - 1000);
    const err = await restError(client().messages.create({ to, from, body: "Ambiguous" }));
    expect({ status: err.status, code: err.code }).toEqual({ status: 500, code: 20500 });
    expect(await countReceived(getDb(), { to })).toBe(1);
    const found = await client().messages.list({ to, from, dateSentAfter: before });
    expect(found.map((m) => m.body)).toEqual(["Ambiguous"]);
  });

  it("fault timeout: the SDK gives up, the request is carried out later", async () => {
    await setFault(getDb(), "timeout", 1, { delayMs: 400, processRequest: true });
    const to = uniqueNumber();
    const err = await client(100).messages.create({ to, from, body: "Slow" }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "ECONNABORTED" });
    expect(err).not.toBeInstanceOf(twilio.RestException);
    await vi.waitFor(async () => expect(await countReceived(getDb(), { to })).toBe(1));
  });

  it("lists page by page, newest first, and 404s an unknown sid", async () => {
    const to = uniqueNumber();
    for (const body of ["one", "two", "three"]) await client().messages.create({ to, from, body });
    const all = await client().messages.list({ to, pageSize: 2 });
    expect(all.map((m) => m.body)).toEqual(["three", "two", "one"]);
    const err = await restError(client().messages(`SM${"0".repeat(32)}`).fetch());
    expect({ status: err.status, code: err.code }).toEqual({ status: 404, code: 20404 });
  });
});

describe("simulateInbound", () => {
  it("posts a signed inbound text to the app, with OptOutType when given", async () => {
    const handset = uniqueNumber();
    const result = await simulateInbound(getDb(), { from: handset, to: from, body: "Thanks!" }, deps);
    expect(result).toMatchObject({ webhookStatus: 200, autoReply: null });
    const [post] = posts;
    expect(post.url).toBe("https://app.example.edu/api/twilio/inbound");
    expect(twilio.validateRequest(simulatorCredentials().authToken, post.headers["X-Twilio-Signature"], post.url, post.params)).toBe(true);
    expect(post.params).toMatchObject({ MessageSid: result.sid, From: handset, To: from, Body: "Thanks!", SmsStatus: "received", NumMedia: "0" });
    expect(post.params.OptOutType).toBeUndefined();

    await simulateInbound(getDb(), { from: handset, to: from, body: "stop", optOutType: "STOP" }, deps);
    expect(posts[1].params.OptOutType).toBe("STOP");
  });

  it("applies Twilio's own blocklist: after STOP sends answer 21610, after START they go again", async () => {
    const handset = uniqueNumber();
    const stop = await simulateInbound(getDb(), { from: handset, to: from, body: " Stop " }, deps);
    expect(stop.autoReply).toMatch(/^You have successfully been unsubscribed/);
    expect((await restError(client().messages.create({ to: handset, from, body: "Hi" }))).code).toBe(21610);

    await simulateInbound(getDb(), { from: handset, to: from, body: "START" }, deps);
    expect((await client().messages.create({ to: handset, from, body: "Hi" })).status).toBe("queued");

    const thread = await listSimMessages(getDb(), { involving: handset });
    expect(thread.map((m) => [m.direction, m.body.slice(0, 12)])).toEqual([
      ["outbound-api", "Hi"],
      ["outbound-reply", "You have suc"],
      ["inbound", "START"],
      ["outbound-reply", "You have suc"],
      ["inbound", " Stop "],
    ]);
    expect(thread.every((m) => m.institutionId === institutionId)).toBe(true);
  });
});
