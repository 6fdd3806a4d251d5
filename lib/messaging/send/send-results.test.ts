import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { createInstitution, createPerson, createSystemNumbers, createUser, type FactoryInstitution, type FactoryPerson } from "@/db/factories";
import { fallbackEmailsOfSend, messageOfSendTo, setMessageStatus } from "@/db/testing/messages";
import { loadActor } from "@/lib/auth/load-actor";
import type { Actor } from "@/lib/auth/capabilities";
import { isAppError } from "@/lib/errors";
import { applyTwilioFailure } from "@/lib/messaging/lifecycle/apply-twilio-failure";
import { emailFailedTexts } from "./email-failed-texts";
import { getSendResults } from "./get-send-results";
import { sendMessages } from "./send-messages";

/*
 * Issue 15 item 9 against real PostgreSQL: after a send, who got a text, an email or nothing
 * and why; "Email those whose text failed" emails each failed text once, only the sender's own,
 * and only for a sender permitted to text.
 */

const now = new Date("2026-03-10T15:00:00Z");
const db = () => getDb();

async function actorFor(inst: FactoryInstitution, roles: ("ADVISOR" | "FACULTY")[]): Promise<Actor> {
  const person = await createPerson(db(), inst, { kind: "staff", roles });
  return (await loadActor(db(), (await createUser(db(), person)).id))!;
}

const enabled = (number: string) => [{ number, smsStatus: "SMS_ENABLED" as const, verifiedAt: new Date("2026-01-01") }];

describe("send results and emailing those whose text failed", () => {
  let inst: FactoryInstitution;
  let advisor: Actor;
  let batchId: string;
  let people: Record<"delivered" | "invalid" | "canceled" | "noEmailFailed" | "emailOnly" | "nowhere", FactoryPerson>;
  let messageOf: (person: FactoryPerson) => Promise<number>;

  beforeAll(async () => {
    inst = await createInstitution(db());
    await createSystemNumbers(db(), inst, 2);
    advisor = await actorFor(inst, ["ADVISOR"]);
    people = {
      delivered: await createPerson(db(), inst, { lastName: "Adams", phones: enabled("+13125550201") }),
      invalid: await createPerson(db(), inst, { lastName: "Baker", emails: ["baker@example.test"], phones: enabled("+13125550202") }),
      canceled: await createPerson(db(), inst, { lastName: "Chen", emails: ["chen@example.test"], phones: enabled("+13125550203") }),
      noEmailFailed: await createPerson(db(), inst, { lastName: "Diaz", emails: [], phones: enabled("+13125550204") }),
      emailOnly: await createPerson(db(), inst, { lastName: "Evans", emails: ["evans@example.test"] }),
      nowhere: await createPerson(db(), inst, { lastName: "Fox", emails: [] }),
    };
    const sent = await sendMessages({ ctx: { db: db(), actor: advisor, now }, input: { recipientIds: Object.values(people).map((p) => p.id), body: "Advising week starts Monday." } });
    batchId = sent.batchId!;
    messageOf = (person) => messageOfSendTo(db(), batchId, person.id);
    // What Twilio then did: delivered one, refused an invalid number (resent by email at once, SPEC §5),
    // canceled one (no failure, so no email), and failed one whose recipient has no email.
    await setMessageStatus(db(), await messageOf(people.delivered), "delivered");
    await applyTwilioFailure(db(), { messageId: await messageOf(people.invalid), errorCode: 21211, status: "failed", source: "TWILIO", now });
    await setMessageStatus(db(), await messageOf(people.canceled), "canceled");
    await applyTwilioFailure(db(), { messageId: await messageOf(people.noEmailFailed), errorCode: 30003, status: "undelivered", source: "TWILIO", now });
  });

  const ctx = (actor: Actor) => ({ db: db(), actor, now });

  it("lists who got a text, who an email and who nothing, with why", async () => {
    const results = await getSendResults({ ctx: ctx(advisor), input: { batchIds: [batchId] } });
    expect(results.counts).toEqual({ TEXT: 1, EMAIL: 2, NOTHING: 3 });
    expect(results.emailable).toBe(1);
    const byName = Object.fromEntries(results.results.map((r) => [r.name!.split(" ")[1], r]));
    expect(Object.keys(byName)).toEqual(["Adams", "Baker", "Chen", "Diaz", "Evans", "Fox"]);
    expect(byName.Adams).toMatchObject({ outcome: "TEXT", status: "delivered", destination: "+13125550201", reasonCode: null, textFailure: null });
    expect(byName.Baker).toMatchObject({
      outcome: "EMAIL",
      status: "pending",
      destination: "baker@example.test",
      reasonCode: "TWILIO_INVALID_NUMBER",
      textFailure: { status: "failed", reasonCode: "TWILIO_INVALID_NUMBER" },
      emailable: false,
    });
    expect(byName.Chen).toMatchObject({ outcome: "NOTHING", destination: null, textFailure: { status: "canceled", reasonCode: null }, emailable: true });
    expect(byName.Diaz).toMatchObject({ outcome: "NOTHING", reasonCode: "UNDELIVERABLE", textFailure: { status: "undelivered", reasonCode: "TWILIO_ERROR_30003" }, emailable: false });
    expect(byName.Evans).toMatchObject({ outcome: "EMAIL", destination: "evans@example.test", reasonCode: "NO_SMS_NUMBER", textFailure: null });
    expect(byName.Fox).toMatchObject({ outcome: "NOTHING", reasonCode: "UNDELIVERABLE", decisionDetail: "NO_SMS_NUMBER", textFailure: null });
    expect(byName.Adams.conversationId).not.toBeNull();
  });

  it("shows another sender nothing of this send, and refuses a sender who may not text", async () => {
    const colleague = await actorFor(inst, ["ADVISOR"]);
    expect((await getSendResults({ ctx: ctx(colleague), input: { batchIds: [batchId] } })).counts).toEqual({ TEXT: 0, EMAIL: 0, NOTHING: 0 });
    expect(await emailFailedTexts({ ctx: ctx(colleague), input: { batchIds: [batchId] } })).toEqual({ emailed: 0, noEmail: 0 });
    const faculty = await actorFor(inst, ["FACULTY"]);
    const refused = await emailFailedTexts({ ctx: ctx(faculty), input: { batchIds: [batchId] } }).catch((err: unknown) => err);
    expect(isAppError(refused) && refused.code).toBe("FORBIDDEN");
  });

  it("emails each failed text never emailed, once: a second click emails no one", async () => {
    const emailsTo = () => fallbackEmailsOfSend(db(), batchId);
    expect((await emailsTo()).map((e) => e.to_address)).toEqual(["baker@example.test"]);

    expect(await emailFailedTexts({ ctx: ctx(advisor), input: { batchIds: [batchId] } })).toEqual({ emailed: 1, noEmail: 0 });
    const emails = await emailsTo();
    expect(emails.map((e) => [e.to_address, e.body, e.reason_code])).toEqual([
      ["baker@example.test", "Advising week starts Monday.", "TWILIO_INVALID_NUMBER"],
      ["chen@example.test", "Advising week starts Monday.", "TWILIO_ERROR_0"],
    ]);
    expect(Number(emails[1].fallback_for_message_id)).toBe(await messageOf(people.canceled));

    expect(await emailFailedTexts({ ctx: ctx(advisor), input: { batchIds: [batchId] } })).toEqual({ emailed: 0, noEmail: 0 });
    expect(await emailsTo()).toHaveLength(2);
    const results = await getSendResults({ ctx: ctx(advisor), input: { batchIds: [batchId] } });
    expect(results.counts).toEqual({ TEXT: 1, EMAIL: 3, NOTHING: 2 });
    expect(results.emailable).toBe(0);
  });

  it("emails no one twice when two clicks arrive at once", async () => {
    await setMessageStatus(db(), await messageOf(people.delivered), "canceled");
    const both = await Promise.all([1, 2].map(() => emailFailedTexts({ ctx: ctx(advisor), input: { batchIds: [batchId] } })));
    expect(both.map((r) => r.emailed).sort()).toEqual([0, 1]);
  });
});
