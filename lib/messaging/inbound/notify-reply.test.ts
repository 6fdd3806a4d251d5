import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { createInstitution, createPerson, createSystemNumbers, createUser, uniquePhoneNumber } from "@/db/factories";
import { assignSystemNumber } from "@/db/queries/system-numbers";
import { mailOutbox, smsSettings, users } from "@/db/schema";
import { createResendClient } from "@/lib/email/client";
import { handleFakeResendRequest } from "@/lib/email/fake-resend";
import { sendEmail, type EmailInput } from "@/lib/email/send-email";
import { getEnv } from "@/lib/env";
import { formatPhone } from "@/lib/e164";
import { needsReplyNotification, notifyReply } from "./notify-reply";
import { receiveInbound } from "./receive-inbound";
import { providerContext } from "@/lib/service-context";

const BASE = "https://sms.example.edu";

async function world() {
  const db = getDb();
  const inst = await createInstitution(db);
  await createSystemNumbers(db, inst, 1);
  const staff = await createPerson(db, inst, { kind: "staff", firstName: "Ana", lastName: "Advisor" });
  const user = await createUser(db, staff);
  const held = (await assignSystemNumber(db, { institutionId: inst.id, userId: user.id, personId: staff.id, now: new Date() }))!;
  return { db, inst, staff, user, held };
}
type World = Awaited<ReturnType<typeof world>>;

async function receive(w: World, from: string, body: string, extra: { OptOutType?: string } = {}) {
  const result = await receiveInbound(
    providerContext(w.db, "twilio"),
    { MessageSid: `SM${randomBytes(16).toString("hex")}`, From: from, To: w.held.number, Body: body, ...extra },
  );
  if (result.outcome !== "stored") throw new Error(`not stored: ${result.outcome}`);
  return result;
}

/** Captures what would be sent. */
function capture() {
  const sent: EmailInput[] = [];
  return { sent, send: async (input: EmailInput) => (sent.push(input), { id: `email-${sent.length}` }) };
}

describe("needsReplyNotification", () => {
  it.each([
    ["a reply to a held number", "p1", null, true],
    ["an initiation", "p1", "INITIATION", true],
    ["a text to an unassigned number", null, null, false],
    ["an opt-out", "p1", "OPT_OUT", false],
    ["an opt-in", "p1", "OPT_IN", false],
    ["a help request", "p1", "HELP", false],
  ] as const)("%s → %s", (_name, holderPersonId, decisionDetail, expected) => {
    expect(needsReplyNotification({ holderPersonId, decisionDetail })).toBe(expected);
  });
});

describe("notifyReply", () => {
  it("emails the holder with the institution's default template filled in", async () => {
    const w = await world();
    const s = await createPerson(w.db, w.inst, { firstName: "Sam", lastName: "Student", phones: [{}] });
    const stored = await receive(w, s.phones[0].number, "Can we meet <Tuesday> & talk?");
    const { sent, send } = capture();
    expect(await notifyReply({ db: w.db, publicBaseUrl: `${BASE}/`, send }, stored.messageId)).toEqual({ outcome: "sent", emailId: "email-1" });

    const number = formatPhone(s.phones[0].number);
    const link = `${BASE}/messages/${stored.conversationId}`;
    expect(sent).toEqual([
      {
        institutionId: w.inst.id,
        to: w.user.email,
        subject: "Sam Student replied to your text",
        text: `Hello Ana Advisor,\n\nSam Student (${number}) replied to your text message:\n\nCan we meet <Tuesday> & talk?\n\nOpen the conversation: ${link}`,
        html: expect.stringContaining(`Can we meet &lt;Tuesday&gt; &amp; talk?`),
        idempotencyKey: `reply-${stored.messageId}`,
      },
    ]);
    expect(sent[0].html).toContain(`<a href="${link}">${link}</a>`);
  });

  it("uses the institution's own template; a number nobody holds is named by its number", async () => {
    const w = await world();
    await w.db
      .update(smsSettings)
      .set({ replyEmailSubject: "Reply from {{replierName}}: {{replyText}}", replyEmailBody: "{{staffName}}, {{replierNumber}} wrote: {{replyText}}" })
      .where(eq(smsSettings.institutionId, w.inst.id));
    const stranger = uniquePhoneNumber();
    const stored = await receive(w, stranger, "Who is this?\nThanks");
    const { sent, send } = capture();
    await notifyReply({ db: w.db, publicBaseUrl: BASE, send }, stored.messageId);
    expect(sent[0].subject).toBe(`Reply from ${formatPhone(stranger)}: Who is this? Thanks`);
    expect(sent[0].text).toBe(`Ana Advisor, ${formatPhone(stranger)} wrote: Who is this?\nThanks`);
  });

  it("cuts a subject that would carry a long reply", async () => {
    const w = await world();
    await w.db.update(smsSettings).set({ replyEmailSubject: "{{replyText}}" }).where(eq(smsSettings.institutionId, w.inst.id));
    const stored = await receive(w, uniquePhoneNumber(), "x".repeat(1000));
    const { sent, send } = capture();
    await notifyReply({ db: w.db, publicBaseUrl: BASE, send }, stored.messageId);
    expect(sent[0].subject).toBe(`${"x".repeat(199)}…`);
  });

  it("skips keywords, disabled users and unknown messages", async () => {
    const w = await world();
    const { sent, send } = capture();
    const deps = { db: w.db, publicBaseUrl: BASE, send };
    const stop = await receive(w, uniquePhoneNumber(), "STOP");
    expect(await notifyReply(deps, stop.messageId)).toEqual({ outcome: "skipped", reason: "NOT_A_REPLY" });
    expect(await notifyReply(deps, 987_654_321)).toEqual({ outcome: "skipped", reason: "NOT_FOUND" });
    const reply = await receive(w, uniquePhoneNumber(), "Hi");
    await w.db.update(users).set({ disabled: true }).where(eq(users.id, w.user.id));
    expect(await notifyReply(deps, reply.messageId)).toEqual({ outcome: "skipped", reason: "USER_DISABLED" });
    expect(sent).toEqual([]);
  });
});

describe("notifyReply through the Resend SDK and the local stand-in", () => {
  let server: Server;
  let baseUrl: string;
  beforeAll(async () => {
    server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
      const response = await handleFakeResendRequest(new Request(`http://localhost${req.url}`, { method: req.method, headers, body: Buffer.concat(chunks) }), getDb());
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/dev/resend`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("a job run twice sends one email", async () => {
    const w = await world();
    const stored = await receive(w, uniquePhoneNumber(), "Is the form due Friday?");
    const client = createResendClient({ ...getEnv(), RESEND_BASE_URL: baseUrl });
    const deps = { db: w.db, publicBaseUrl: BASE, send: (input: EmailInput) => sendEmail(input, client) };
    const first = await notifyReply(deps, stored.messageId);
    const second = await notifyReply(deps, stored.messageId);
    expect(second).toEqual(first);
    const mail = await w.db.select().from(mailOutbox).where(eq(mailOutbox.idempotencyKey, `reply-${stored.messageId}`));
    expect(mail.map((m) => [m.toAddresses, m.institutionId])).toEqual([[[w.user.email], w.inst.id]]);
  });
});
