import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { and, asc, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { messages } from "@/db/schema";
import { emailOutcomes, emailSendState, mailAgainstMessages, mailCounts, mailCountTo, mailOfMessages } from "@/db/testing/dispatch";
import { insertPendingEmails } from "@/db/testing/messages";
import { createInstitution, createPerson, createUser, type FactoryInstitution } from "@/db/factories";
import { createResendClient } from "@/lib/email/client";
import { sendEmail } from "@/lib/email/send-email";
import { handleFakeResendRequest } from "@/lib/email/fake-resend";
import { getEnv } from "@/lib/env";
import { providerContext } from "@/lib/service-context";
import { dispatchEmail, type ResendEdge } from "./dispatch-email";
import { DISPATCH } from "./dispatch-policy";

/**
 * A fault the Resend side shows for one request: refused before anything is sent (429), sent
 * and then answered 500, sent and then never answered (the worker times out), or sent and then
 * the worker dies (the answer never reaches it).
 */
type Fault = "none" | "429" | "500-after" | "hang-after" | "die-after";

/**
 * The local stand-in behind real HTTP, with a count of requests. Each worker of the fault test
 * calls it under its own path (`/w/<name>/...`), and its requests meet the faults queued for it.
 */
let server: Server;
let origin: string;
const faultsFor = new Map<string, Fault[]>();
const applied: Fault[] = [];
/** Workers (by name) whose first request reached the stand-in. */
const seen = new Set<string>();
const requests = { single: 0, batch: 0 };
const hanging = new Set<ServerResponse>();

async function handle(req: IncomingMessage, res: ServerResponse) {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
  const request = new Request(`http://localhost${req.url}`, { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined });
  if (req.url?.endsWith("/emails/batch")) requests.batch++;
  else requests.single++;
  const worker = /^\/w\/([^/]+)\//.exec(req.url ?? "")?.[1] ?? "";
  seen.add(worker);
  const fault = faultsFor.get(worker)?.shift();
  if (fault && fault !== "none") applied.push(fault);
  if (fault === "429") {
    res.writeHead(429, { "content-type": "application/json" });
    res.end(JSON.stringify({ statusCode: 429, name: "rate_limit_exceeded", message: "Too many requests." }));
    return;
  }
  const response = await handleFakeResendRequest(request, getDb());
  if (fault === "500-after") {
    res.writeHead(500, { "content-type": "application/json" });
    res.end(JSON.stringify({ statusCode: 500, name: "internal_server_error", message: "Unexpected error." }));
    return;
  }
  if (fault === "hang-after" || fault === "die-after") {
    hanging.add(res);
    return;
  }
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(Buffer.from(await response.arrayBuffer()));
}

beforeAll(async () => {
  server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const resend = (worker = "main") => createResendClient({ ...getEnv(), RESEND_BASE_URL: `${origin}/w/${worker}/api/dev/resend` });

/** `n` pending fallback emails from one advisor to students of `inst`; returns their ids in order. */
async function pendingEmails(inst: FactoryInstitution, n: number, toAddress: (i: number) => string = (i) => `student${i}@${inst.slug}.example.edu`) {
  const db = getDb();
  const sender = await createPerson(db, inst, { kind: "staff", firstName: "Ana", lastName: "Advisor", roles: ["ADVISOR"] });
  const user = await createUser(db, sender);
  return insertPendingEmails(db, {
    institutionId: inst.id,
    fromUserId: user.id,
    fromPersonId: sender.id,
    fromAddress: "ana@northfield.edu",
    body: "Registration closes Friday.",
    toAddresses: Array.from({ length: n }, (_, i) => toAddress(i)),
  });
}

describe("dispatchEmail: fallback emails through Resend in batches", () => {
  it("sends 250 emails in 3 requests of at most 100, each email once, with the sender's name and reply-to", async () => {
    const db = getDb();
    const inst = await createInstitution(db);
    const ids = await pendingEmails(inst, 250);
    const before = { ...requests };

    const outcome = await dispatchEmail({ ctx: providerContext(db, "worker"), messageIds: ids, resend: resend() });
    expect({ sent: outcome.sent, failed: outcome.failed, retries: outcome.retryAt.size }).toEqual({ sent: 250, failed: 0, retries: 0 });
    expect({ batch: requests.batch - before.batch, single: requests.single - before.single }).toEqual({ batch: 3, single: 0 });

    const state = await emailSendState(db, inst.id);
    expect(state).toEqual({ sent: 250, keyed: 0, events: 250 });
    const mail = await mailOfMessages(db, inst.id);
    expect(mail).toHaveLength(250);
    expect(mail.every((r) => r.n === 1 && r.from_address === "Ana Advisor <messages@sms.example.edu>" && r.reply_to[0] === "ana@northfield.edu" && r.subject === "Message from Ana Advisor")).toBe(true);

    // Run again: nothing is due, nothing is sent.
    const again = await dispatchEmail({ ctx: providerContext(db, "worker"), messageIds: ids, resend: resend() });
    expect({ sent: again.sent, batch: requests.batch - before.batch }).toEqual({ sent: 0, batch: 3 });
  });

  it("splits a batch Resend refuses as invalid: the invalid email fails alone, the rest are sent", async () => {
    const db = getDb();
    const inst = await createInstitution(db);
    const ids = await pendingEmails(inst, 5, (i) => (i === 2 ? "not-an-address" : `s${i}@${inst.slug}.example.edu`));
    const before = { ...requests };
    const outcome = await dispatchEmail({ ctx: providerContext(db, "worker"), messageIds: ids, resend: resend() });
    expect({ sent: outcome.sent, failed: outcome.failed }).toEqual({ sent: 4, failed: 1 });
    expect({ batch: requests.batch - before.batch, single: requests.single - before.single }).toEqual({ batch: 1, single: 5 });
    const rows = await db
      .select({ to_address: messages.toAddress, status: messages.status, request_key: messages.requestKey })
      .from(messages)
      .where(eq(messages.institutionId, inst.id))
      .orderBy(asc(messages.id));
    expect(rows.map((r) => [r.to_address!.split("@")[0], r.status, r.request_key])).toEqual([
      ["s0", "sent", null], ["s1", "sent", null], ["not-an-address", "failed", null], ["s3", "sent", null], ["s4", "sent", null],
    ]);
  });

  it("an email split from a refused batch keeps its own key: after an unclear answer it is resent alone, once", async () => {
    const db = getDb();
    const inst = await createInstitution(db);
    const ids = await pendingEmails(inst, 3, (i) => (i === 1 ? "not-an-address" : `s${i}@${inst.slug}.example.edu`));
    let clock = Date.now();
    const deps = (worker: string) => ({ ctx: providerContext(db, "worker", new Date(clock)), resend: resend(worker), timeoutMs: 300 });
    // The batch is refused (422, a real answer); the first single is taken by Resend, then answered 500.
    faultsFor.set("split-1", ["none", "500-after"]);
    const first = await dispatchEmail({ ...deps("split-1"), messageIds: ids });
    expect({ sent: first.sent, failed: first.failed, retries: [...first.retryAt.keys()] }).toEqual({ sent: 1, failed: 1, retries: [ids[0]] });
    const [waiting] = await db.select({ status: messages.status, request_key: messages.requestKey }).from(messages).where(eq(messages.id, ids[0]));
    expect(waiting).toEqual({ status: "pending", request_key: `message-${ids[0]}` });

    clock += 120_000;
    const before = { ...requests };
    const second = await dispatchEmail({ ...deps("split-2"), messageIds: ids });
    expect({ sent: second.sent, batch: requests.batch - before.batch, single: requests.single - before.single }).toEqual({ sent: 1, batch: 0, single: 1 });
    expect(await mailCountTo(db, `s0@${inst.slug}.example.edu`)).toBe(1);
  });

  it("emails the previous version tried alone (no key, attempts > 0) are resent under message-<id>, not in a batch", async () => {
    const db = getDb();
    const inst = await createInstitution(db);
    const [stale, retrying, fresh] = await pendingEmails(inst, 3);
    // The previous version sent both under message-<id> and never heard back: one claim went
    // stale with its worker, the other was put back to wait for its next attempt.
    await db.update(messages).set({ status: "sending", attempts: 1, claimedAt: new Date(Date.now() - 10 * 60_000) }).where(eq(messages.id, stale));
    await db.update(messages).set({ status: "pending", attempts: 1, nextAttemptAt: new Date(Date.now() - 60_000) }).where(eq(messages.id, retrying));
    const earlier = new Map<number, string>();
    for (const id of [stale, retrying]) {
      const [row] = await db.select({ to_address: messages.toAddress, body: messages.body }).from(messages).where(eq(messages.id, id));
      const input = { institutionId: inst.id, fromName: "Ana Advisor", to: row.to_address!, replyTo: "ana@northfield.edu", subject: "Message from Ana Advisor", text: row.body };
      earlier.set(id, (await sendEmail({ ...input, idempotencyKey: `message-${id}` }, resend())).id);
    }
    const outcome = await dispatchEmail({ ctx: providerContext(db, "worker"), messageIds: [stale, retrying, fresh], resend: resend() });
    expect(outcome.sent).toBe(3);
    const rows = await db.select({ id: messages.id, provider_id: messages.providerId }).from(messages).where(eq(messages.institutionId, inst.id)).orderBy(asc(messages.id));
    expect(rows.slice(0, 2).map((r) => r.provider_id)).toEqual([earlier.get(stale), earlier.get(retrying)]);
    const mail = await mailCounts(db, inst.id);
    expect(mail).toEqual({ n: 3, addresses: 3 });
  });

  it("sends every email exactly once despite 429s, 500s, timeouts and workers that die mid-request", { timeout: 120_000 }, async () => {
    const db = getDb();
    const inst = await createInstitution(db);
    const N = 600;
    const ids = await pendingEmails(inst, N);

    // A fake clock lets the claims of dead workers age without waiting.
    let clock = Date.now();
    // Each round: the faults of each worker, in order; the workers take chunks of 150 of the
    // due emails, and one more worker takes all of them at once. A worker whose request "dies"
    // never hears back (its timeout is far away) and is not waited for; the others give up on
    // an unanswered request after 300 ms.
    const rounds: Fault[][][] = [
      [["429", "500-after"], ["hang-after"], ["500-after"], ["die-after"]],
      [["die-after"], ["429"], ["hang-after", "500-after"]],
      [["500-after"], ["die-after"]],
      [["hang-after"]],
    ];
    let workers = 0;
    for (let round = 0; round < 12; round++) {
      const due = (
        await db
          .select({ id: messages.id })
          .from(messages)
          .where(and(eq(messages.institutionId, inst.id), inArray(messages.status, ["pending", "sending"])))
          .orderBy(asc(messages.id))
      ).map((r) => r.id);
      if (due.length === 0) break;
      const chunks = [...Array.from({ length: Math.ceil(due.length / 150) }, (_, i) => due.slice(i * 150, i * 150 + 150)), due];
      const live: Promise<unknown>[] = [];
      const started: { name: string; faulty: boolean; done: () => boolean }[] = [];
      const start = (chunk: number[], i: number) => {
        const name = `${++workers}`;
        const planned = rounds[round]?.[i] ?? [];
        faultsFor.set(name, [...planned]);
        const dies = planned.includes("die-after");
        const edge: ResendEdge = { resend: resend(name), timeoutMs: dies ? 600_000 : 300 };
        let finished = false;
        const run = dispatchEmail({ ctx: providerContext(db, "worker", new Date(clock)), messageIds: chunk, ...edge }).catch(() => {}).finally(() => (finished = true));
        started.push({ name, faulty: planned.length > 0, done: () => finished });
        if (!dies) live.push(run);
      };
      chunks.slice(0, -1).forEach(start);
      // The worker that takes every due email starts once each worker with faults planned has
      // claimed its chunk and called (or found nothing to claim): else, on a busy machine, it
      // could claim their emails first and leave the faults untried.
      for (let waited = 0; waited < 10_000 && started.some((w) => w.faulty && !seen.has(w.name) && !w.done()); waited += 10) {
        await new Promise((r) => setTimeout(r, 10));
      }
      start(chunks[chunks.length - 1], chunks.length - 1);
      await Promise.all(live);
      // Time for a dying worker's request to reach the stand-in before its claim ages.
      await new Promise((r) => setTimeout(r, 300));
      clock += DISPATCH.staleClaimMs + 1000;
    }
    const count = (f: Fault) => applied.filter((a) => a === f).length;
    expect({ "429": count("429") > 0, "500": count("500-after") > 0, hang: count("hang-after") > 0, die: count("die-after") > 0 }).toEqual({
      "429": true, "500": true, hang: true, die: true,
    });

    const state = await emailOutcomes(db, inst.id, ids);
    expect(state.sent).toBe(N);
    expect(state.other).toBe(0);
    expect(state.keyed).toBe(0);
    // The faults really happened: hundreds of emails needed more than one attempt.
    expect(state.retried).toBeGreaterThanOrEqual(200);

    // The stand-in's own record: each address received exactly one email, the one its message names.
    const mail = await mailAgainstMessages(db, inst.id);
    expect(mail).toEqual({ total: N, addresses: N, mismatched: 0 });
    for (const res of hanging) res.destroy();
  });
});
