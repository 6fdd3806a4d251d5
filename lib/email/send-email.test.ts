import { randomBytes, randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db";
import { institutions, mailOutbox } from "@/db/schema";
import { getEnv, resetEnvCache } from "@/lib/env";
import { createResendClient } from "./client";
import { handleFakeResendRequest } from "./fake-resend";
import { EmailProviderError, platformFrom, resendTurn, sendEmail, sendEmailBatch, type EmailInput } from "./send-email";

/** The fake behind a real HTTP server, so the SDK's own fetch path is what is tested. */
let server: Server;
let baseUrl: string;
let institutionId: string;

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
    const request = new Request(`http://localhost${req.url}`, { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined });
    const response = await handleFakeResendRequest(request, getDb());
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/dev/resend`;
  const [inst] = await getDb().insert(institutions).values({ name: "Mail U", slug: `mail-${randomBytes(4).toString("hex")}` }).returning();
  institutionId = inst.id;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const client = () => createResendClient({ ...getEnv(), RESEND_BASE_URL: baseUrl });

function email(overrides: Partial<EmailInput> = {}): EmailInput {
  return {
    institutionId,
    fromName: "Ana Advisor",
    to: `student-${randomUUID()}@example.edu`,
    replyTo: "ana@northfield.edu",
    subject: "Your advising appointment",
    text: "See you Tuesday.",
    ...overrides,
  };
}

async function providerError(promise: Promise<unknown>) {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(EmailProviderError);
  return err as EmailProviderError;
}

describe("sendEmail through the Resend SDK and the local stand-in", () => {
  it("stores the email in the outbox under the institution tag and returns its id", async () => {
    const input = email();
    const { id } = await sendEmail(input, client());
    const [row] = await getDb().select().from(mailOutbox).where(eq(mailOutbox.providerId, id));
    expect(row).toMatchObject({
      institutionId,
      fromAddress: "Ana Advisor <messages@sms.example.edu>",
      toAddresses: [input.to],
      replyTo: ["ana@northfield.edu"],
      subject: "Your advising appointment",
      textBody: "See you Tuesday.",
      htmlBody: null,
      tags: [{ name: "institution_id", value: institutionId }],
      idempotencyKey: null,
    });
  });

  it("sends nothing twice for one idempotency key, and refuses the key for another payload", async () => {
    const key = `message-${randomUUID()}`;
    const input = email({ idempotencyKey: key });
    const first = await sendEmail(input, client());
    const second = await sendEmail(input, client());
    expect(second.id).toBe(first.id);
    expect(await getDb().select({ id: mailOutbox.id }).from(mailOutbox).where(eq(mailOutbox.idempotencyKey, key))).toHaveLength(1);

    const err = await providerError(sendEmail({ ...input, subject: "Something else" }, client()));
    expect({ status: err.providerStatus, code: err.providerCode, retryable: err.retryable, appCode: err.code }).toEqual({
      status: 409,
      code: "invalid_idempotent_request",
      retryable: false,
      appCode: "PROVIDER_ERROR",
    });
  });

  it("answers a missing field as Resend does (422 missing_required_field)", async () => {
    const err = await providerError(sendEmail(email({ subject: "" }), client()));
    expect({ status: err.providerStatus, code: err.providerCode, retryable: err.retryable }).toEqual({ status: 422, code: "missing_required_field", retryable: false });
    expect(err.message).toBe("Email not accepted: Missing `subject` field.");

    const { error } = await client().emails.send({ from: "a@example.edu", to: "not-an-address", subject: "x", text: "y" });
    expect(error).toMatchObject({ statusCode: 422, name: "validation_error" });
  });

  it("refuses a wrong API key (403) and reports an unreachable server as retryable", async () => {
    const wrongKey = createResendClient({ ...getEnv(), EMAIL_MODE: "live", RESEND_API_KEY: "re_wrong", RESEND_BASE_URL: baseUrl });
    const err = await providerError(sendEmail(email(), wrongKey));
    expect({ status: err.providerStatus, code: err.providerCode }).toEqual({ status: 403, code: "invalid_api_key" });

    const down = createResendClient({ ...getEnv(), RESEND_BASE_URL: "http://127.0.0.1:9/api/dev/resend" });
    const unreachable = await providerError(sendEmail(email(), down));
    expect({ status: unreachable.providerStatus, retryable: unreachable.retryable }).toEqual({ status: null, retryable: true });
  });
});

describe("sendEmailBatch: up to 100 emails in one request", () => {
  it("returns the ids in the order given, and the same ids for the same batch under the same key", async () => {
    const key = `emails/${randomUUID()}/0`;
    const inputs = [email(), email({ text: "Second" }), email({ fromName: "Ben Coach", text: "Third" })];
    const ids = await sendEmailBatch(inputs, key, client());
    expect(ids).toHaveLength(3);
    const rows = await getDb().select().from(mailOutbox).where(like(mailOutbox.idempotencyKey, `batch:${key}#%`));
    const byId = new Map(rows.map((r) => [r.providerId, r]));
    expect(ids.map((id) => [byId.get(id)?.toAddresses[0], byId.get(id)?.textBody, byId.get(id)?.fromAddress, byId.get(id)?.institutionId])).toEqual([
      [inputs[0].to, "See you Tuesday.", "Ana Advisor <messages@sms.example.edu>", institutionId],
      [inputs[1].to, "Second", "Ana Advisor <messages@sms.example.edu>", institutionId],
      [inputs[2].to, "Third", "Ben Coach <messages@sms.example.edu>", institutionId],
    ]);

    expect(await sendEmailBatch(inputs, key, client())).toEqual(ids);
    expect(await getDb().select({ id: mailOutbox.id }).from(mailOutbox).where(like(mailOutbox.idempotencyKey, `batch:${key}#%`))).toHaveLength(3);

    const err = await providerError(sendEmailBatch([inputs[0], { ...inputs[1], text: "Changed" }, inputs[2]], key, client()));
    expect({ status: err.providerStatus, code: err.providerCode, retryable: err.retryable }).toEqual({ status: 409, code: "invalid_idempotent_request", retryable: false });
  });

  it("refuses the whole batch when one email is invalid (strict validation), and stores none of it", async () => {
    const key = `emails/${randomUUID()}/0`;
    const err = await providerError(sendEmailBatch([email(), email({ to: "not-an-address" }), email()], key, client()));
    expect({ status: err.providerStatus, code: err.providerCode, retryable: err.retryable }).toEqual({ status: 422, code: "validation_error", retryable: false });
    expect(err.message).toMatch(/^Email not accepted: emails\[1\]: Invalid `to` field/);
    expect(await getDb().select({ id: mailOutbox.id }).from(mailOutbox).where(like(mailOutbox.idempotencyKey, `batch:${key}#%`))).toHaveLength(0);
  });

  it("refuses an empty batch and one of more than 100 before calling Resend", async () => {
    await expect(sendEmailBatch([], "k", client())).rejects.toMatchObject({ code: "VALIDATION" });
    await expect(sendEmailBatch(Array.from({ length: 101 }, () => email()), "k", client())).rejects.toMatchObject({ code: "VALIDATION" });
  });

  it("ends a request Resend does not answer with a retryable timeout, abandoning the request", async () => {
    // What the silent server saw, in order: each request arriving, then the client hanging up.
    const seen: string[] = [];
    const silent = createServer((req) => {
      seen.push(`request ${req.url}`);
      req.socket.on("close", () => seen.push(`closed ${req.url}`));
    });
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    try {
      const hanging = createResendClient({ ...getEnv(), RESEND_BASE_URL: `http://127.0.0.1:${(silent.address() as AddressInfo).port}` });
      const err = await providerError(sendEmailBatch([email()], `emails/${randomUUID()}/0`, hanging, 300));
      expect({ status: err.providerStatus, code: err.providerCode, retryable: err.retryable }).toEqual({ status: null, code: "timeout", retryable: true });
      const single = await providerError(sendEmail(email(), hanging, 300));
      expect(single.providerCode).toBe("timeout");
      // Each call gave up on its own request (the socket closed by the client, never answered),
      // one request each, not retried.
      await vi.waitFor(() => expect(seen).toHaveLength(4));
      expect(seen).toEqual(["request /emails/batch", "closed /emails/batch", "request /emails", "closed /emails"]);
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});

describe("resendTurn: this process's requests to Resend per second", () => {
  it("lets RESEND_REQUESTS_PER_SECOND requests through in any second, and waits with the rest", async () => {
    process.env.RESEND_REQUESTS_PER_SECOND = "5";
    resetEnvCache();
    vi.useFakeTimers();
    try {
      // When each of 11 requests got its turn, on the test's clock (only timers move it).
      const started = Date.now();
      const passedAt: number[] = [];
      const all = Promise.all(Array.from({ length: 11 }, () => resendTurn().then(() => passedAt.push(Date.now() - started))));
      await vi.advanceTimersByTimeAsync(3000);
      expect(passedAt).toHaveLength(11);
      // 5 at once, the sixth a second after the first, the 11th after two seconds…
      expect([...passedAt.slice(0, 5), passedAt[5], passedAt[10]]).toEqual([0, 0, 0, 0, 0, 1000, 2000]);
      // …and never more than 5 within any second.
      for (let i = 0; i + 5 < passedAt.length; i++) expect(passedAt[i + 5] - passedAt[i]).toBeGreaterThanOrEqual(1000);
      await all;
    } finally {
      vi.useRealTimers();
      delete process.env.RESEND_REQUESTS_PER_SECOND;
      resetEnvCache();
    }
  });

  it("does not wait without a limit (the local stand-in's default)", async () => {
    vi.useFakeTimers();
    try {
      let passed = 0;
      const all = Promise.all(Array.from({ length: 50 }, () => resendTurn().then(() => passed++)));
      // Every one through with the test's clock not moved at all.
      await vi.advanceTimersByTimeAsync(0);
      expect(passed).toBe(50);
      await all;
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("platformFrom", () => {
  it.each([
    ["Ana Advisor", "Student Success Messaging <messages@sms.example.edu>", "Ana Advisor <messages@sms.example.edu>"],
    ["Zoë O'Neil-Brown", "messages@sms.example.edu", "Zoë O'Neil-Brown <messages@sms.example.edu>"],
    ["Smith, Ana", "x <m@e.edu>", '"Smith, Ana" <m@e.edu>'],
    ['Ana "AJ" <x>', "x <m@e.edu>", '"Ana \\"AJ\\" <x>" <m@e.edu>'],
    ["Evil\r\nBcc: x@y.z", "x <m@e.edu>", '"Evil Bcc: x@y.z" <m@e.edu>'],
    ["  ", "Platform <m@e.edu>", "Platform <m@e.edu>"],
  ])("%j with %j → %j", (name, mailFrom, expected) => {
    expect(platformFrom(name, mailFrom)).toBe(expected);
  });
});
