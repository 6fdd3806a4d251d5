import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import twilio from "twilio";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db";
import { institutions, simTwilioMessages, systemNumbers } from "@/db/schema";
import { getEnv } from "@/lib/env";
import { createTwilioClient, simulatorCredentials } from "@/lib/twilio/client";
import type { SimulatorDeps } from "./deps";
import { createSimulatorServer } from "./node-server";
import { fetchFormPoster, postSignedForm } from "./signed-post";

/**
 * The simulated Twilio served outside Next (scripts/twilio-simulator.ts): the official SDK over
 * real HTTP to it, its callbacks through the real poster to a webhook server, and callbacks held
 * until released (bench:drain).
 */
type Received = { path: string; headers: Record<string, string | string[] | undefined>; form: URLSearchParams };
const received: Received[] = [];
let webhookStatus = 200;
let webhooks: Server;
let webhookBase: string;
let from: string;

function listen(server: Server) {
  return new Promise<string>((resolve) => server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

function uniqueNumber() {
  return `+1415${String(randomBytes(3).readUIntBE(0, 3) % 10_000_000).padStart(7, "0")}`;
}

beforeAll(async () => {
  webhooks = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      received.push({ path: req.url ?? "", headers: req.headers, form: new URLSearchParams(body) });
      res.writeHead(webhookStatus, { "Content-Type": "text/xml" }).end("<Response></Response>");
    });
  });
  webhookBase = await listen(webhooks);
  const db = getDb();
  const [inst] = await db.insert(institutions).values({ name: "Node Sim U", slug: `nsim-${randomBytes(4).toString("hex")}` }).returning();
  from = uniqueNumber();
  await db.insert(systemNumbers).values({ institutionId: inst.id, number: from });
});

afterAll(async () => {
  webhooks.closeAllConnections();
  await new Promise((resolve) => webhooks.close(resolve));
});

async function withSimulator<T>(deps: Partial<SimulatorDeps>, run: (client: twilio.Twilio, base: string) => Promise<T>) {
  const server = createSimulatorServer({ db: getDb(), callbackDelaysMs: [0, 0], postForm: fetchFormPoster, publicBaseUrl: webhookBase, ...deps });
  const base = await listen(server);
  try {
    return await run(createTwilioClient({ env: { ...getEnv(), TWILIO_SIMULATOR_URL: base } }), base);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

describe("the simulated Twilio on its own node:http server", () => {
  it("answers the official SDK over HTTP and posts signed callbacks that the app's check accepts", async () => {
    received.length = 0;
    const callbackUrl = `${webhookBase}/api/twilio/status?m=7`;
    const to = uniqueNumber();
    const sid = await withSimulator({}, async (client) => {
      const msg = await client.messages.create({ to, from, body: "Office hours moved", statusCallback: callbackUrl });
      expect(msg).toMatchObject({ status: "queued", to, from, body: "Office hours moved" });
      const fetched = await client.messages(msg.sid).fetch();
      expect(fetched.sid).toBe(msg.sid);
      await vi.waitFor(() => expect(received.map((r) => r.form.get("MessageStatus"))).toEqual(["sent", "delivered"]));
      return msg.sid;
    });
    const [row] = await getDb().select().from(simTwilioMessages).where(eq(simTwilioMessages.sid, sid));
    expect(row).toMatchObject({ status: "delivered", toNumber: to, fromNumber: from });
    for (const r of received) {
      expect(r.path).toBe("/api/twilio/status?m=7");
      expect(r.headers["content-type"]).toBe("application/x-www-form-urlencoded");
      const params = Object.fromEntries(r.form);
      expect(params).toMatchObject({ MessageSid: sid, To: to, From: from });
      expect(twilio.validateRequest(simulatorCredentials().authToken, String(r.headers["x-twilio-signature"]), callbackUrl, params)).toBe(true);
    }
  });

  it("answers the SDK's errors as Twilio does, and 404 outside the simulator's path", async () => {
    await withSimulator({}, async (client, base) => {
      const err = await client.messages.create({ to: "12345", from, body: "x" }).then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(twilio.RestException);
      expect((err as twilio.RestException).code).toBe(21211);
      expect((await fetch(`${base}/api/twilio/status`)).status).toBe(404);
      expect((await fetch(`${base}/api/dev/twilio/2010-04-01/Accounts/${simulatorCredentials().accountSid}/Messages.json`)).status).toBe(401);
    });
  });

  it("holds status callbacks until they are released", async () => {
    received.length = 0;
    let release = () => {};
    const callbacksReleased = new Promise<void>((resolve) => (release = resolve));
    await withSimulator({ callbacksReleased }, async (client) => {
      const sids = [];
      for (let i = 0; i < 3; i++) sids.push((await client.messages.create({ to: uniqueNumber(), from, body: `held ${i}`, statusCallback: `${webhookBase}/cb` })).sid);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(received).toEqual([]);
      const rows = await getDb().select({ status: simTwilioMessages.status }).from(simTwilioMessages).where(eq(simTwilioMessages.body, "held 0"));
      expect(rows).toEqual([{ status: "queued" }]);
      release();
      await vi.waitFor(() => expect(received.filter((r) => r.form.get("MessageStatus") === "delivered")).toHaveLength(3));
      expect(new Set(received.map((r) => r.form.get("MessageSid")))).toEqual(new Set(sids));
      expect(received).toHaveLength(6);
    });
  });
});

describe("the webhook poster", () => {
  it("posts the form with its headers and resolves to the answer's status; a 5xx is retried once", async () => {
    received.length = 0;
    webhookStatus = 503;
    const status = await postSignedForm(fetchFormPoster, "token", `${webhookBase}/hook`, { A: "1", B: "two words" });
    webhookStatus = 200;
    expect(status).toBe(503);
    expect(received).toHaveLength(2);
    expect(Object.fromEntries(received[0].form)).toEqual({ A: "1", B: "two words" });
    expect(received[0].headers["i-twilio-idempotency-token"]).toBe(received[1].headers["i-twilio-idempotency-token"]);
    expect(await postSignedForm(fetchFormPoster, "token", `${webhookBase}/hook`, { A: "1" })).toBe(200);
  });

  it("rejects when nothing answers, and refuses a URL that is not http(s)", async () => {
    const closed = createServer();
    const base = await listen(closed);
    await new Promise((resolve) => closed.close(resolve));
    await expect(fetchFormPoster({ url: `${base}/x`, params: {}, headers: {} })).rejects.toThrow(/ECONNREFUSED/);
    await expect(fetchFormPoster({ url: "ftp://example.edu/x", params: {}, headers: {} })).rejects.toThrow("not an http(s) URL");
  });
});
