import { imports, messages, sendBatches, webhookReceipts } from "@/db/schema";
import { beforeAll, describe, expect, it, vi } from "vitest";
import * as sendRoute from "@/app/api/v1/messages/route";
import * as inboundRoute from "@/app/api/twilio/inbound/route";
import * as sisRoute from "@/app/api/v1/imports/sis/route";
import { getDb } from "@/db";
import { createSystemNumbers } from "@/db/factories";
import { createApiFixture, type ApiFixture } from "@/lib/api/test-fixture";
import { usePublicBaseUrl } from "@/test/twilio-webhooks";
import { loadActor } from "@/lib/auth/load-actor";
import { BodyTooLargeError, JSON_BODY_LIMIT, readBodyBytes, readBodyText, SEND_BODY_LIMIT, UPLOAD_BODY_LIMIT, WEBHOOK_BODY_LIMIT } from "@/lib/http/read-body";

/** The Imports page's upload authenticates with the session: the signed-in actor is given here. */
const session = vi.hoisted(() => ({ actor: null as unknown }));
vi.mock("@/lib/auth/current-actor", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/auth/current-actor")>()),
  getActor: async () => session.actor,
}));
const uploadRoute = await import("@/app/api/imports/route");

/**
 * A chunked body: a ReadableStream with no Content-Length, `chunks` pieces of `chunkBytes`
 * each, the first starting with `prefix`. `pulled` counts the chunks the reader took, so a test
 * can prove the reader stopped early instead of draining (and holding) everything.
 */
function chunkedBody(prefix: string, chunkBytes: number, chunks: number) {
  const state = { pulled: 0 };
  const filler = new TextEncoder().encode("a".repeat(chunkBytes));
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (state.pulled === chunks) return controller.close();
      state.pulled++;
      controller.enqueue(state.pulled === 1 ? new TextEncoder().encode(prefix + "a".repeat(chunkBytes - prefix.length)) : filler);
    },
  });
  return { stream, state };
}

function streamingRequest(url: string, body: ReadableStream<Uint8Array>, headers: Record<string, string>) {
  return new Request(url, { method: "POST", headers, body, duplex: "half" } as RequestInit);
}

describe("readBodyBytes", () => {
  it("reads a chunked body up to the limit exactly", async () => {
    const { stream } = chunkedBody("", 1024, 4);
    const bytes = await readBodyBytes(streamingRequest("http://localhost/x", stream, {}), 4096);
    expect(bytes.byteLength).toBe(4096);
  });

  it("stops a chunked body one chunk past the limit, without reading the rest", async () => {
    const { stream, state } = chunkedBody("", 1024, 1000);
    await expect(readBodyBytes(streamingRequest("http://localhost/x", stream, {}), 4096)).rejects.toBeInstanceOf(BodyTooLargeError);
    expect(state.pulled).toBeLessThanOrEqual(6);
  });

  it("refuses a declared Content-Length over the limit before reading", async () => {
    const req = new Request("http://localhost/x", { method: "POST", body: "x".repeat(10), headers: { "content-length": "5000" } });
    const err = await readBodyText(req, 4096).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BodyTooLargeError);
    expect((err as BodyTooLargeError).status).toBe(413);
  });

  it("reads an empty body as nothing", async () => {
    expect((await readBodyBytes(new Request("http://localhost/x", { method: "POST" }), 10)).byteLength).toBe(0);
  });
});

describe("routes cap bodies while they stream (413, nothing stored)", () => {
  let f: ApiFixture;
  beforeAll(async () => {
    usePublicBaseUrl();
    f = await createApiFixture(getDb());
    await createSystemNumbers(getDb(), f.north, 1);
  });

  async function counts() {
    const db = getDb();
    return {
      messages: await db.$count(messages),
      receipts: await db.$count(webhookReceipts),
      batches: await db.$count(sendBatches),
      imports: await db.$count(imports),
    };
  }

  it("a Twilio webhook with a chunked form over 64 kB → 413, the stream abandoned, nothing written", async () => {
    const before = await counts();
    const { stream, state } = chunkedBody("From=%2B13125550101&To=%2B13125550199&Body=", 16 * 1024, 64);
    const res = await inboundRoute.POST(
      streamingRequest("http://localhost:3000/api/twilio/inbound", stream, { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": "x" }),
    );
    expect(res.status).toBe(413);
    expect(state.pulled).toBeLessThanOrEqual(WEBHOOK_BODY_LIMIT / (16 * 1024) + 2);
    expect(await counts()).toEqual(before);
  });

  it("POST /api/v1/messages with a chunked JSON body over 3 MB (50,000 ids fit) → 413 PAYLOAD_TOO_LARGE, nothing stored", async () => {
    const before = await counts();
    const prefix = JSON.stringify({ recipientIds: [f.people.student.id], body: "x" }).slice(0, -1) + ',"pad":"';
    const { stream, state } = chunkedBody(prefix, 64 * 1024, 128);
    const res = await sendRoute.POST(
      streamingRequest("http://localhost/api/v1/messages", stream, { "content-type": "application/json", authorization: `Bearer ${f.keys.advisor}` }),
      { params: Promise.resolve({}) },
    );
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe("PAYLOAD_TOO_LARGE");
    expect(state.pulled).toBeLessThanOrEqual(SEND_BODY_LIMIT / (64 * 1024) + 2);
    expect(await counts()).toEqual(before);
  });

  it("a JSON body just under 1 MB is still read (a 400 for its content, not 413)", async () => {
    const pad = "a".repeat(JSON_BODY_LIMIT - 200);
    const res = await sendRoute.POST(
      new Request("http://localhost/api/v1/messages", {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${f.keys.advisor}` },
        body: JSON.stringify({ recipientIds: "nope", body: "x", pad }),
      }),
      { params: Promise.resolve({}) },
    );
    expect(res.status).toBe(400);
  });

  it("POST /api/v1/imports/sis with a declared body over the upload limit → 413, no import recorded", async () => {
    const before = await counts();
    const res = await sisRoute.POST(
      new Request("http://localhost/api/v1/imports/sis", {
        method: "POST",
        headers: { "content-type": "text/csv", authorization: `Bearer ${f.keys.admin}`, "content-length": String(200 * 1024 * 1024) },
        body: "src_system_id\n",
      }),
      { params: Promise.resolve({}) },
    );
    expect(res.status).toBe(413);
    expect(await counts()).toEqual(before);
  });

  it("POST /api/imports (the web upload) with a chunked body over 100 MB + envelope → 413, no import recorded, the stream abandoned", async () => {
    session.actor = await loadActor(getDb(), f.userIds.admin);
    const before = await counts();
    const chunk = 1024 * 1024;
    const { stream, state } = chunkedBody("--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.csv\"\r\n\r\n", chunk, 200);
    const res = await uploadRoute.POST(streamingRequest("http://localhost/api/imports", stream, { "content-type": "multipart/form-data; boundary=x" }), {
      params: Promise.resolve({}),
    });
    expect(res.status).toBe(413);
    expect((await res.json()).error).toMatchObject({ code: "PAYLOAD_TOO_LARGE", fields: { file: "Larger than 100 MB." } });
    expect(state.pulled).toBeLessThanOrEqual(Math.ceil(UPLOAD_BODY_LIMIT / chunk) + 1);
    expect(await counts()).toEqual(before);
  });
});
