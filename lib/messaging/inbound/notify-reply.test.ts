import { randomBytes } from "node:crypto";
import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { createInstitution, createPerson, createSystemNumbers, createUser, uniquePhoneNumber } from "@/db/factories";
import { assignSystemNumber } from "@/db/queries/system-numbers";
import { mailOutbox, smsSettings, users } from "@/db/schema";
import { formatPhone } from "@/lib/e164";
import { needsReplyNotification, notifyReplies, notifyReply } from "./notify-reply";
import { receiveInbound } from "./receive-inbound";
import { providerContext } from "@/lib/service-context";
import { startResendStandIn } from "@/test/resend-stand-in";

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

/** The Resend edge: the local stand-in behind real HTTP, with faults injected there. */
let resend: Awaited<ReturnType<typeof startResendStandIn>>;
beforeAll(async () => {
  resend = await startResendStandIn();
});
afterAll(() => resend.close());

/** The worker's dependencies for one job, with the Resend client pointed at the stand-in. */
const deps = (w: World, publicBaseUrl = BASE) => ({
  ctx: providerContext(w.db, "worker"),
  publicBaseUrl,
  resend: resend.client(),
});

/** What the stand-in took for these reply notifications, in id order. */
async function mailed(w: World) {
  const rows = await w.db.select().from(mailOutbox).where(eq(mailOutbox.institutionId, w.inst.id)).orderBy(asc(mailOutbox.id));
  return rows.map((m) => ({ key: m.idempotencyKey, to: m.toAddresses, subject: m.subject, text: m.textBody, html: m.htmlBody, id: m.providerId }));
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
    const result = await notifyReply({ ...deps(w, `${BASE}/`), messageId: stored.messageId });

    const number = formatPhone(s.phones[0].number);
    const link = `${BASE}/messages/${stored.conversationId}`;
    const sent = await mailed(w);
    expect(sent).toEqual([
      {
        key: `reply-${stored.messageId}`,
        to: [w.user.email],
        subject: "Sam Student replied to your text",
        text: `Hello Ana Advisor,\n\nSam Student (${number}) replied to your text message:\n\nCan we meet <Tuesday> & talk?\n\nOpen the conversation: ${link}`,
        html: expect.stringContaining(`Can we meet &lt;Tuesday&gt; &amp; talk?`),
        id: expect.any(String),
      },
    ]);
    expect(result).toEqual({ outcome: "sent", emailId: sent[0].id });
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
    await notifyReply({ ...deps(w), messageId: stored.messageId });
    const sent = await mailed(w);
    expect(sent).toHaveLength(1);
    expect(sent[0].subject).toBe(`Reply from ${formatPhone(stranger)}: Who is this? Thanks`);
    expect(sent[0].text).toBe(`Ana Advisor, ${formatPhone(stranger)} wrote: Who is this?\nThanks`);
  });

  it("cuts a subject that would carry a long reply", async () => {
    const w = await world();
    await w.db.update(smsSettings).set({ replyEmailSubject: "{{replyText}}" }).where(eq(smsSettings.institutionId, w.inst.id));
    const stored = await receive(w, uniquePhoneNumber(), "x".repeat(1000));
    await notifyReply({ ...deps(w), messageId: stored.messageId });
    const sent = await mailed(w);
    expect(sent.map((m) => m.subject)).toEqual([`${"x".repeat(199)}…`]);
  });

  it("skips keywords, disabled users and unknown messages", async () => {
    const w = await world();
    const stop = await receive(w, uniquePhoneNumber(), "STOP");
    expect(await notifyReply({ ...deps(w), messageId: stop.messageId })).toEqual({ outcome: "skipped", reason: "NOT_A_REPLY" });
    expect(await notifyReply({ ...deps(w), messageId: 987_654_321 })).toEqual({ outcome: "skipped", reason: "NOT_FOUND" });
    const reply = await receive(w, uniquePhoneNumber(), "Hi");
    await w.db.update(users).set({ disabled: true }).where(eq(users.id, w.user.id));
    expect(await notifyReply({ ...deps(w), messageId: reply.messageId })).toEqual({ outcome: "skipped", reason: "USER_DISABLED" });
    expect(await mailed(w)).toEqual([]);
  });
});

describe("notifyReply through the Resend SDK and the local stand-in", () => {
  it("a job run twice sends one email", async () => {
    const w = await world();
    const stored = await receive(w, uniquePhoneNumber(), "Is the form due Friday?");
    const first = await notifyReply({ ...deps(w), messageId: stored.messageId });
    const second = await notifyReply({ ...deps(w), messageId: stored.messageId });
    expect(second).toEqual(first);
    const mail = await w.db.select().from(mailOutbox).where(eq(mailOutbox.idempotencyKey, `reply-${stored.messageId}`));
    expect(mail.map((m) => [m.toAddresses, m.institutionId])).toEqual([[[w.user.email], w.inst.id]]);
  });
});

describe("notifyReplies (the worker's job) when Resend fails", () => {
  it("a 500 fails the job for a retry after every reply was tried; the retry sends the one left", async () => {
    const w = await world();
    const replies = [await receive(w, uniquePhoneNumber(), "One"), await receive(w, uniquePhoneNumber(), "Two")];
    const messageIds = replies.map((r) => r.messageId);
    resend.failNext(500);
    await expect(notifyReplies({ ...deps(w), messageIds })).rejects.toThrow("1 reply notification(s) to retry");
    expect(await mailed(w)).toHaveLength(1);
    await notifyReplies({ ...deps(w), messageIds });
    expect((await mailed(w)).map((m) => m.key).sort()).toEqual(messageIds.map((id) => `reply-${id}`).sort());
  });

  it("a notification Resend refuses for good (422) is only logged: the job succeeds", async () => {
    const w = await world();
    const reply = await receive(w, uniquePhoneNumber(), "Three");
    resend.failNext(422);
    await expect(notifyReplies({ ...deps(w), messageIds: [reply.messageId] })).resolves.toBeUndefined();
    expect(await mailed(w)).toEqual([]);
  });
});
