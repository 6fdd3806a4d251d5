import { afterAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db";
import { createInstitution, createPerson, createSystemNumbers, createUser } from "@/db/factories";
import type { Actor } from "@/lib/auth/capabilities";
import { loadActor } from "@/lib/auth/load-actor";
import { sendConversationMessage } from "@/lib/conversations/send-conversation-message";
import { getLiveHub, liveStreamResponse } from "@/lib/live/live-stream";

/*
 * GET /api/live as the browser calls it: the session is Auth.js's business (given here), the
 * stream and its events are real.
 */

const state = vi.hoisted(() => ({ actor: null as unknown }));
vi.mock("@/lib/auth/current-actor", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/auth/current-actor")>()),
  getActorToRecheck: async () => (state.actor ? { actor: state.actor, recheck: async () => state.actor } : null),
}));
const { GET } = await import("./route");

afterAll(() => getLiveHub().close());

async function userOf(kind: "staff" | "student") {
  const inst = await createInstitution(getDb());
  await createSystemNumbers(getDb(), inst, 1);
  const person = await createPerson(getDb(), inst, kind === "staff" ? { kind, roles: ["ADVISOR"] } : { kind });
  const actor: Actor = (await loadActor(getDb(), (await createUser(getDb(), person)).id))!;
  return { inst, actor };
}

/** Reads the stream until `done` says it has what it waits for; returns the text read. */
async function readUntil(body: ReadableStream<Uint8Array>, done: (text: string) => boolean) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  while (!done(text)) {
    const { value, done: ended } = await reader.read();
    if (ended) break;
    text += decoder.decode(value);
  }
  reader.releaseLock();
  return text;
}

describe("GET /api/live", () => {
  it("signed out → 401, a student → 403, as JSON", async () => {
    state.actor = null;
    const out = await GET(new Request("http://localhost/api/live"));
    expect([out.status, await out.json()]).toEqual([401, { error: { code: "UNAUTHENTICATED", message: "Sign in first." } }]);
    state.actor = (await userOf("student")).actor;
    const student = await GET(new Request("http://localhost/api/live"));
    expect([student.status, await student.json()]).toEqual([403, { error: { code: "FORBIDDEN", message: "Only staff get live updates." } }]);
  });

  it("streams the advisor's own events as SSE, with retry and the event's time as its id, uncompressed", async () => {
    const { inst, actor: advisor } = await userOf("staff");
    state.actor = advisor;
    const abort = new AbortController();
    const res = await GET(new Request("http://localhost/api/live", { signal: abort.signal }));
    expect([res.status, res.headers.get("content-type"), res.headers.get("cache-control")]).toEqual([
      200,
      "text/event-stream; charset=utf-8",
      "no-cache, no-store, no-transform",
    ]);
    const body = res.body!;
    expect(await readUntil(body, (t) => t.includes("connected"))).toBe("retry: 2000\n: connected\n\n");
    await getLiveHub().ready();
    const student = await createPerson(getDb(), inst, { phones: [{ smsStatus: "SMS_ENABLED" }] });
    const sent = await sendConversationMessage({ ctx: { db: getDb(), actor: advisor, now: new Date() }, input: { personId: student.id, body: "Hi" } });
    const text = await readUntil(body, (t) => (t.match(/\n\n/g) ?? []).length >= 2);
    const events = text.trim().split("\n\n").map((block) => block.split("\n"));
    expect(events.map(([id, data]) => [/^id: \d{13}$/.test(id), JSON.parse(data.replace(/^data: /, ""))]).sort((a, b) => String(a[1].k).localeCompare(b[1].k))).toEqual([
      [true, { i: advisor.institutionId, k: "m", c: sent.conversationId, o: advisor.personId, p: true }],
      [true, { i: advisor.institutionId, k: "s", b: expect.any(String), u: advisor.userId }],
    ]);
    abort.abort();
  });

  it("ends the stream at the next heartbeat once the user is signed out or disabled", async () => {
    const { actor: advisor } = await userOf("staff");
    let signedIn = true;
    const res = liveStreamResponse({ actor: advisor, recheck: async () => (signedIn ? advisor : null), signal: new AbortController().signal, heartbeatMs: 100 });
    const body = res.body!;
    await readUntil(body, (t) => t.includes("event: ping"));
    const size = getLiveHub().size;
    signedIn = false;
    const rest = await readUntil(body, () => false);
    expect([rest, getLiveHub().size]).toEqual(["", size - 1]);
  });
});
