import { randomBytes, randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { institutions, mailOutbox } from "@/db/schema";
import { getEnv } from "@/lib/env";
import { createResendClient } from "./client";
import { handleFakeResendRequest } from "./fake-resend";
import { EmailProviderError, platformFrom, sendEmail, type EmailInput } from "./send-email";

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
    const wrongKey = createResendClient({ ...getEnv(), RESEND_API_KEY: "re_wrong", RESEND_BASE_URL: baseUrl });
    const err = await providerError(sendEmail(email(), wrongKey));
    expect({ status: err.providerStatus, code: err.providerCode }).toEqual({ status: 403, code: "invalid_api_key" });

    const down = createResendClient({ ...getEnv(), RESEND_BASE_URL: "http://127.0.0.1:9/api/dev/resend" });
    const unreachable = await providerError(sendEmail(email(), down));
    expect({ status: unreachable.providerStatus, retryable: unreachable.retryable }).toEqual({ status: null, retryable: true });
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
