import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { loadActor } from "@/lib/auth/load-actor";
import { createInstitution, createPerson, createSystemNumbers, createUser } from "@/db/factories";
import { assignSystemNumber } from "@/db/queries/system-numbers";
import { messages, persons, users } from "@/db/schema";
import { callRoute, createApiFixture } from "@/lib/api/test-fixture";
import { apiRoute } from "@/lib/api/handler";
import { resetEnvCache } from "@/lib/env";
import { dispatchSms } from "@/lib/messaging/dispatch/dispatch-sms";
import { sendMessages } from "@/lib/messaging/send/send-messages";
import { createTwilioClient } from "@/lib/twilio/client";
import { handleSimulatorRequest } from "@/lib/twilio/simulator/handle-request";
import { inProcessTransport } from "@/lib/twilio/simulator/in-process-transport";
import { newSid, twilioRequest, usePublicBaseUrl } from "@/test/twilio-webhooks";
import { describeError, installConsoleRedaction, log, redactText, setLogSink } from "@/lib/log";
import { providerContext } from "@/lib/service-context";

/*
 * Issue 13.3: logs at info/warn/error carry no message bodies, phone numbers or email
 * addresses — proved on the lines a send, an inbound text and a failed query really write.
 */

const lines: string[] = [];

beforeAll(() => {
  process.env.LOG_LEVEL = "debug";
  resetEnvCache();
  usePublicBaseUrl();
  setLogSink((_level, line) => lines.push(line));
});

afterAll(() => setLogSink(null));

/** Every captured line since `from`, none of which may contain any of `secrets`. */
function expectNoSecrets(from: number, secrets: string[]) {
  const written = lines.slice(from);
  for (const line of written) for (const secret of secrets) expect(line, `log line leaks ${secret}`).not.toContain(secret);
  return written.map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe("redactText", () => {
  it.each([
    ["to +13125550101 failed", "to [phone] failed"],
    ["call (312) 555-0101 or 312-555-0101", "call [phone] or [phone]"],
    ["Key (email)=(ana.lopez@northfield.edu) already exists.", "Key (email)=([email]) already exists."],
    ["message 12345 of batch 0b7c6a3e-4d2f-4c8e-9f1a-2b3c4d5e6f70", "message 12345 of batch 0b7c6a3e-4d2f-4c8e-9f1a-2b3c4d5e6f70"],
    ["sid SM0123456789abcdef0123456789abcdef at 2026-12-07T06:13:48.123Z", "sid SM0123456789abcdef0123456789abcdef at 2026-12-07T06:13:48.123Z"],
  ])("%j → %j", (text, expected) => {
    expect(redactText(text)).toBe(expected);
  });
});

describe("what the app logs", () => {
  it("a send through to dispatch (simulated Twilio, one number it refuses) logs no body, number or email", async () => {
    const db = getDb();
    const inst = await createInstitution(db);
    await createSystemNumbers(db, inst, 1);
    const sender = await createPerson(db, inst, { kind: "staff", roles: ["ADVISOR"], emails: ["sender.secret@northfield.edu"] });
    const actor = (await loadActor(db, (await createUser(db, sender)).id))!;
    const good = await createPerson(db, inst, { phones: [{ number: "+17735550188", smsStatus: "SMS_ENABLED" }], emails: ["good.student@northfield.edu"] });
    // The simulated Twilio refuses +15005550001 with 21211, quoting the number in its message.
    const bad = await createPerson(db, inst, { phones: [{ number: "+15005550001", smsStatus: "SMS_ENABLED" }], emails: ["bad.student@northfield.edu"] });
    const body = "Your advising hold code is PURPLE-ELEPHANT";
    const from = lines.length;

    const sent = await sendMessages({ ctx: { db, actor, now: new Date() }, input: { recipientIds: [good.id, bad.id], body } });
    expect(sent.summary.texts).toBe(2);
    const transport = inProcessTransport((req) => handleSimulatorRequest(req, { db, callbackDelaysMs: [0, 0], publicBaseUrl: "http://localhost", postForm: async () => 200 }));
    const twilio = createTwilioClient({ transport });
    const ids = sent.results.map((r) => r.messageId!);
    await dispatchSms({ ctx: providerContext(db, "worker"), messageIds: ids, twilio, statusCallbackUrl: "http://localhost/api/twilio/status" });

    const [refused] = await db.select({ status: messages.status, error_code: messages.errorCode }).from(messages).where(eq(messages.id, ids[1]));
    expect(refused).toMatchObject({ error_code: 21211 });
    const written = expectNoSecrets(from, [body, "PURPLE", "+17735550188", "+15005550001", "5005550001", "sender.secret@", "good.student@", "bad.student@"]);
    // The refusal was logged, by id and code.
    expect(written).toContainEqual(expect.objectContaining({ level: "warn", msg: "twilio send failed", messageId: ids[1], code: 21211 }));
  });

  it("an inbound text logs its sid and message id, not its body or numbers", async () => {
    const db = getDb();
    const inst = await createInstitution(db);
    await createSystemNumbers(db, inst, 1);
    const staff = await createPerson(db, inst, { kind: "staff" });
    const user = await createUser(db, staff);
    const held = (await assignSystemNumber(db, { institutionId: inst.id, userId: user.id, personId: staff.id, now: new Date() }))!;
    await createPerson(db, inst, { phones: [{ number: "+17735550199", smsStatus: "SMS_ENABLED" }] });
    const { POST } = await import("@/app/api/twilio/inbound/route");
    const sid = newSid();
    const body = "my new address is 12 Elm Street, reach me at texter.secret@example.com";
    const from = lines.length;

    const res = await POST(
      twilioRequest("/api/twilio/inbound", { AccountSid: "AC00000000000000000000000000000000", Body: body, From: "+17735550199", MessageSid: sid, NumSegments: "1", SmsSid: sid, To: held.number }),
    );
    expect(res.status).toBe(200);
    const bad = await POST(twilioRequest("/api/twilio/inbound", { Body: body, From: "+17735550199", MessageSid: "not-a-sid", To: held.number }));
    expect(bad.status).toBe(400);

    const written = expectNoSecrets(from, [body, "Elm Street", "texter.secret@", "+17735550199", held.number]);
    expect(written).toContainEqual(expect.objectContaining({ level: "info", msg: "twilio inbound text", sid, outcome: "stored" }));
    expect(written).toContainEqual(expect.objectContaining({ level: "warn", msg: "twilio inbound text invalid" }));
  });

  it("a failed query (unique violation with an email in its parameters) logs its SQLSTATE and constraint, not the parameters", async () => {
    const db = getDb();
    const f = await createApiFixture(db);
    const taken = "taken.secret@northfield.edu";
    await createUser(db, f.north, { email: taken });
    const failing = apiRoute(async ({ ctx }) => {
      await ctx.db.insert(users).values({ institutionId: f.north.id, email: taken, displayName: "Body text PURPLE-ELEPHANT" });
    });
    const from = lines.length;

    const res = await callRoute(failing, { key: f.keys.admin, method: "POST" });
    expect(res.status).toBe(500);

    const written = expectNoSecrets(from, [taken, "taken.secret", "PURPLE-ELEPHANT", "Failed query", "params:"]);
    expect(written).toEqual([
      expect.objectContaining({
        level: "error",
        msg: "api request failed",
        err: expect.objectContaining({ code: "23505", constraint_name: expect.stringMatching(/email/), table_name: "users", message: "database error 23505" }),
      }),
    ]);
  });

  it("describeError of any wrapped database error keeps the code and drops the text, stack included", async () => {
    const err = await getDb()
      .select()
      .from(persons)
      .where(eq(persons.id, "secret.param@example.com"))
      .then(() => null, (e: unknown) => e);
    const described = describeError(err, true);
    expect(described).toMatchObject({ code: "22P02", message: "database error 22P02" });
    expect(JSON.stringify(described)).not.toContain("secret.param");
    log.error("probe", { err });
    expect(lines.at(-1)).not.toContain("secret.param");
  });

  it("what Next prints of an uncaught failed query (console.error) passes through the redaction", async () => {
    const err = await getDb()
      .select()
      .from(persons)
      .where(and(eq(persons.id, "console.secret@example.com"), eq(persons.firstName, "+13125550177")))
      .then(() => null, (e: unknown) => e);
    const printed: unknown[][] = [];
    const fake = { error: (...a: unknown[]) => printed.push(a), warn: (...a: unknown[]) => printed.push(a), info: (...a: unknown[]) => printed.push(a), log: (...a: unknown[]) => printed.push(a) };
    installConsoleRedaction(fake);
    fake.error("⨯ failed for", "someone@example.edu", err);
    fake.warn("texted +13125550177");
    const text = JSON.stringify(printed);
    expect(text).not.toContain("console.secret");
    expect(text).not.toContain("13125550177");
    expect(text).not.toContain("someone@example.edu");
    expect(text).not.toContain("params");
    expect(printed[0][2]).toContain('"code":"22P02"');
    expect(printed[1]).toEqual(["texted [phone]"]);
  });
});
