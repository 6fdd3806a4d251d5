import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { createInstitution, createPerson, createSystemNumbers, createUser, uniquePhoneNumber, type FactoryInstitution, type FactoryPerson } from "@/db/factories";
import { insertOutboxStudents } from "@/db/testing/send-outbox";
import { countStored, insertInboundText, sendRow, setFirstContactFooter, setPreferredName, storedTexts } from "@/db/testing/templates";
import type { Actor } from "@/lib/auth/capabilities";
import { loadActor } from "@/lib/auth/load-actor";
import { AppError } from "@/lib/errors";
import { createBoss } from "@/lib/jobs/queues";
import { getMessage } from "@/lib/messaging/get-message";
import { createTemplate } from "@/lib/messaging/templates/manage-templates";
import { providerContext } from "@/lib/service-context";
import { previewDelivery } from "./preview-delivery";
import { releaseScheduledSend } from "./release-scheduled-send";
import { countSmsSegments } from "./segments";
import { sendMessages } from "./send-messages";
import { changeScheduledSend, getSend } from "./sends";
import { writeSendOutbox } from "./write-send-outbox";

/*
 * SPEC §10 through the send: each recipient's own text stored, the template recorded, a send
 * with an empty field and no fallback refused before anything is stored (naming them), lengths
 * per rendered text, the first-contact footer on a person's first text only.
 */

const boss = createBoss(process.env.DATABASE_URL!, { supervise: false, schedule: false, migrate: false, max: 2 });
boss.on("error", () => {});
afterAll(async () => {
  await boss.stop({ graceful: false, wait: true });
});

const now = new Date("2026-12-07T15:00:00Z");
const db = () => getDb();

async function actorOf(institution: FactoryInstitution, roles: ("ADMIN" | "ADVISOR")[], firstName = "Dana") {
  const person = await createPerson(db(), institution, { kind: "staff", roles, firstName, lastName: "Whitfield" });
  return (await loadActor(db(), (await createUser(db(), person)).id))!;
}

function student(institution: FactoryInstitution, p: { firstName: string; preferredName?: string | null; lastName?: string; phone?: boolean }) {
  return createPerson(db(), institution, {
    firstName: p.firstName,
    lastName: p.lastName ?? "Reyes",
    preferredName: p.preferredName ?? null,
    phones: p.phone === false ? [] : [{ number: uniquePhoneNumber(), smsStatus: "SMS_ENABLED" }],
  });
}

async function refusal(p: Promise<unknown>) {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppError) return { code: err.code, message: err.message, fieldErrors: err.fieldErrors };
    throw err;
  }
  throw new Error("expected a refusal");
}

let inst: FactoryInstitution;
let advisor: Actor;
let admin: Actor;
let zoe: FactoryPerson;
let jose: FactoryPerson;
let sam: FactoryPerson;
let noPreferred: FactoryPerson;

beforeAll(async () => {
  inst = await createInstitution(db(), { name: "Northfield College", smsMonthlyLimit: 100_000 });
  await createSystemNumbers(db(), inst, 3);
  advisor = await actorOf(inst, ["ADVISOR"]);
  admin = await actorOf(inst, ["ADMIN"], "Avery");
  zoe = await student(inst, { firstName: "Zoë", preferredName: "Zo" });
  jose = await student(inst, { firstName: "José", preferredName: "Pepe" });
  sam = await student(inst, { firstName: "Samantha", preferredName: "Sam", lastName: "Lee" });
  noPreferred = await student(inst, { firstName: "Ana", lastName: "Diaz" });
});

describe("a send with merge fields", () => {
  it("stores each recipient's own text and segments, and records the template on the send and every message", async () => {
    const template = await createTemplate({
      ctx: { db: db(), actor: admin, now },
      input: { scope: "shared", name: "Welcome", body: "Hi {{firstName}}, {{senderFirstName}} from {{institutionName}} here." },
    });
    const sent = await sendMessages({ ctx: { db: db(), actor: advisor, now }, input: { recipientIds: [zoe.id, jose.id, sam.id], templateId: template.id } });
    expect(sent.summary).toEqual({ texts: 3, emails: 0, undeliverable: 0, refused: 0 });
    const texts = await storedTexts(db(), sent.batchId!);
    const zoeText = "Hi Zoë, Dana from Northfield College here.";
    expect(texts.get(zoe.id)).toMatchObject({ body: zoeText, templateId: template.id, segments: 1 });
    expect(countSmsSegments(zoeText).encoding).toBe("UCS-2");
    expect(texts.get(jose.id)).toMatchObject({ body: "Hi José, Dana from Northfield College here.", templateId: template.id, segments: 1 });
    expect(texts.get(sam.id)).toMatchObject({ body: "Hi Samantha, Dana from Northfield College here.", templateId: template.id });
    expect(await sendRow(db(), sent.batchId!)).toEqual({ body: template.body, template_id: template.id });
  });

  it("counts segments per rendered text: the same body is 1 segment for Sam and 2 for Zoë", async () => {
    const body = `{{firstName}}: ${"a".repeat(58)}`;
    const sent = await sendMessages({ ctx: { db: db(), actor: advisor, now }, input: { recipientIds: [zoe.id, sam.id], body } });
    const texts = await storedTexts(db(), sent.batchId!);
    // Zoë: 3 + 2 + 58 = 63 UCS-2 units (1 segment); a 10-letter name pushes it past 70.
    expect(texts.get(zoe.id)).toMatchObject({ body: `Zoë: ${"a".repeat(58)}`, segments: 1, templateId: null });
    expect(texts.get(sam.id)).toMatchObject({ body: `Samantha: ${"a".repeat(58)}`, segments: 1 });
    const longer = `{{firstName}}: ${"a".repeat(70)}`;
    const again = await sendMessages({ ctx: { db: db(), actor: advisor, now }, input: { recipientIds: [zoe.id, sam.id], body: longer } });
    const texts2 = await storedTexts(db(), again.batchId!);
    expect(texts2.get(zoe.id)!.segments).toBe(2);
    expect(texts2.get(sam.id)!.segments).toBe(1);
  });

  it("refuses a send in which someone's field would be empty without a fallback, naming them, and stores nothing", async () => {
    const other = await student(inst, { firstName: "Bo", lastName: "Chen" });
    const before = await countStored(db(), inst.id);
    const refused = await refusal(
      sendMessages({ ctx: { db: db(), actor: advisor, now }, input: { recipientIds: [sam.id, noPreferred.id, other.id], body: "Hi {{preferredName}}!" } }),
    );
    expect(refused).toEqual({
      code: "VALIDATION",
      message: "body: {{preferredName}} would be empty, with no fallback, for 2 recipients: Ana Diaz, Bo Chen. Give it a fallback, e.g. {{preferredName|there}}.",
      fieldErrors: { body: "{{preferredName}} would be empty, with no fallback, for 2 recipients: Ana Diaz, Bo Chen. Give it a fallback, e.g. {{preferredName|there}}." },
    });
    expect(await countStored(db(), inst.id)).toEqual(before);

    // The fix: a fallback. Then it goes, each with their own text.
    const sent = await sendMessages({ ctx: { db: db(), actor: advisor, now }, input: { recipientIds: [sam.id, noPreferred.id, other.id], body: "Hi {{preferredName|there}}!" } });
    const texts = await storedTexts(db(), sent.batchId!);
    expect([sam, noPreferred, other].map((p) => texts.get(p.id)!.body)).toEqual(["Hi Sam!", "Hi there!", "Hi there!"]);
  });

  it("Review shows the missing fields and refuses, renders each recipient's text, and names the longest", async () => {
    const preview = await previewDelivery({ ctx: { db: db(), actor: advisor, now }, input: { recipientIds: [zoe.id, noPreferred.id], body: "Hi {{preferredName}}, from {{senderName}}" } });
    expect(preview.refused).toBe("EMPTY_MERGE_FIELD");
    expect(preview.personalized).toBe(true);
    expect(preview.missingFields).toEqual({ count: 1, fields: ["preferredName"], recipients: [{ recipientId: noPreferred.id, name: "Ana Diaz", fields: ["preferredName"] }] });
    expect(preview.recipients.map((r) => r.text)).toEqual(["Hi Zo, from Dana Whitfield", "Hi , from Dana Whitfield"]);
    const fixed = await previewDelivery({
      ctx: { db: db(), actor: advisor, now },
      input: { recipientIds: [zoe.id, noPreferred.id], body: "Hi {{preferredName|there}}, from {{senderName}}" },
    });
    expect(fixed.refused).toBeNull();
    expect(fixed.missingFields).toBeNull();
    expect(fixed.body).toEqual({ characters: 29, smsMaxLength: 1000, encoding: "GSM-7", segments: 1, totalSegments: 2 });
  });

  it("refuses an unknown field by name, storing nothing", async () => {
    const before = await countStored(db(), inst.id);
    const refused = await refusal(sendMessages({ ctx: { db: db(), actor: advisor, now }, input: { recipientIds: [sam.id], body: "Hi {{nickname}}" } }));
    expect(refused.code).toBe("VALIDATION");
    expect(refused.fieldErrors?.body).toMatch(/^Unknown merge field \{\{nickname\}\} \("nickname"\)\./);
    expect(await countStored(db(), inst.id)).toEqual(before);
  });

  it("checks smsMaxLength against each rendered text: one long name refuses the send (BODY_TOO_LONG)", async () => {
    const short = await createInstitution(db(), { smsMaxLength: 20 });
    await createSystemNumbers(db(), short, 1);
    const sender = await actorOf(short, ["ADVISOR"]);
    const al = await student(short, { firstName: "Al" });
    const long = await student(short, { firstName: "Maximiliana-Josefina" });
    const body = "Hello {{firstName}}!";
    expect((await sendMessages({ ctx: { db: db(), actor: sender, now }, input: { recipientIds: [al.id], body } })).refused).toBeNull();
    const sent = await sendMessages({ ctx: { db: db(), actor: sender, now }, input: { recipientIds: [al.id, long.id], body } });
    expect(sent.refused).toBe("BODY_TOO_LONG");
    expect(sent.summary).toEqual({ texts: 0, emails: 0, undeliverable: 0, refused: 2 });
  });

  it("refuses a template the sender may not use: another's personal one, or another institution's", async () => {
    const colleague = await actorOf(inst, ["ADVISOR"], "Cole");
    const theirs = await createTemplate({ ctx: { db: db(), actor: colleague, now }, input: { name: "private", body: "Private note" } });
    const refused = await refusal(sendMessages({ ctx: { db: db(), actor: advisor, now }, input: { recipientIds: [sam.id], templateId: theirs.id } }));
    expect(refused).toMatchObject({ code: "VALIDATION", fieldErrors: { templateId: "No such template." } });
    expect(await refusal(sendMessages({ ctx: { db: db(), actor: advisor, now }, input: { recipientIds: [sam.id] } }))).toMatchObject({
      code: "VALIDATION",
      fieldErrors: { body: "Write a message or choose a template." },
    });
  });
});

describe("first-contact footer (SPEC §10)", () => {
  it("goes on the first text a person ever receives, never on later texts, emails, or replies to someone who texted first", async () => {
    const place = await createInstitution(db(), { smsMonthlyLimit: 1000 });
    await createSystemNumbers(db(), place, 1);
    const sender = await actorOf(place, ["ADVISOR"]);
    const fresh = await student(place, { firstName: "Fay" });
    const texter = await student(place, { firstName: "Tex" });
    const emailOnly = await student(place, { firstName: "Em", phone: false });
    await insertInboundText(db(), { institutionId: place.id, fromPersonId: texter.id, fromAddress: texter.phones[0].number, at: new Date(now.getTime() - 3_600_000) });
    await setFirstContactFooter(db(), place.id, "Reply STOP to opt out");

    const preview = await previewDelivery({ ctx: { db: db(), actor: sender, now }, input: { recipientIds: [fresh.id, texter.id, emailOnly.id], body: "Classes start Monday." } });
    expect(preview.firstContact).toEqual({ footer: "Reply STOP to opt out", texts: 1 });
    expect(preview.recipients.map((r) => [r.text, r.firstContact])).toEqual([
      ["Classes start Monday.\nReply STOP to opt out", true],
      ["Classes start Monday.", false],
      ["Classes start Monday.", false],
    ]);
    // The footer's length counts: the longest text is the one with it.
    expect(preview.body.characters).toBe("Classes start Monday.\nReply STOP to opt out".length);

    const first = await sendMessages({ ctx: { db: db(), actor: sender, now }, input: { recipientIds: [fresh.id, texter.id, emailOnly.id], body: "Classes start Monday." } });
    const texts = await storedTexts(db(), first.batchId!);
    expect(texts.get(fresh.id)).toMatchObject({ channel: "SMS", body: "Classes start Monday.\nReply STOP to opt out", segments: 1 });
    expect(texts.get(texter.id)).toMatchObject({ channel: "SMS", body: "Classes start Monday." });
    expect(texts.get(emailOnly.id)).toMatchObject({ channel: "EMAIL", body: "Classes start Monday." });

    const second = await sendMessages({ ctx: { db: db(), actor: sender, now }, input: { recipientIds: [fresh.id], body: "Reminder: classes start Monday." } });
    expect((await storedTexts(db(), second.batchId!)).get(fresh.id)!.body).toBe("Reminder: classes start Monday.");
  });

  it("of two sends at once to the same new person, only one adds the footer", async () => {
    const place = await createInstitution(db(), { smsMonthlyLimit: 1000 });
    await createSystemNumbers(db(), place, 2);
    const one = await actorOf(place, ["ADVISOR"]);
    const two = await actorOf(place, ["ADVISOR"], "Eli");
    const fresh = await student(place, { firstName: "Fay" });
    await setFirstContactFooter(db(), place.id, "Reply STOP to opt out");
    const sends = await Promise.all([one, two].map((actor) => sendMessages({ ctx: { db: db(), actor, now }, input: { recipientIds: [fresh.id], body: "Hello" } })));
    const bodies = await Promise.all(sends.map(async (s) => (await storedTexts(db(), s.batchId!)).get(fresh.id)!.body));
    expect(bodies.filter((b) => b.endsWith("Reply STOP to opt out")).length).toBe(1);
  });
});

describe("a large send with merge fields (stored in its outbox, written by the worker)", () => {
  it("answers with each recipient's text before and after the rows are written", async () => {
    const big = await createInstitution(db(), { smsMonthlyLimit: 100_000 });
    await createSystemNumbers(db(), big, 1);
    const sender = await actorOf(big, ["ADVISOR"]);
    const ids = await insertOutboxStudents(db(), { institutionId: big.id, studentRoleId: big.roles.STUDENT.id, cellTypeId: big.phoneTypes.CELL.id, tag: "MF", count: 1200 });
    const sent = await sendMessages({ ctx: { db: db(), actor: sender, now }, input: { recipientIds: ids, body: "Hi {{firstName}} {{lastName}}!" } });
    expect(sent.state).toBe("sending");
    const last = sent.results[1199];
    const pending = await getMessage({ ctx: { db: db(), actor: sender, now }, input: { messageId: String(last.messageId) } });
    expect(pending.body).toBe("Hi Outbox O1200!");
    await writeSendOutbox({ ctx: providerContext(db(), "worker", now), input: { institutionId: big.id, batchId: sent.batchId! } });
    const texts = await storedTexts(db(), sent.batchId!);
    expect(texts.size).toBe(1200);
    expect(texts.get(ids[0])!.body).toBe("Hi Outbox O1!");
    expect(texts.get(ids[1199])!.body).toBe("Hi Outbox O1200!");
    expect(new Set([...texts.values()].map((t) => t.body)).size).toBe(1200);
    // O1 has a phone (1 % 3 ≠ 0): a text, with its own segments; O3 has none.
    expect(texts.get(ids[0])).toMatchObject({ channel: "SMS", segments: 1 });
    expect(texts.get(ids[2])).toMatchObject({ segments: null });
  });
});

describe("a scheduled send with merge fields", () => {
  it("is refused when scheduled if a field would be empty; at release, a recipient whose field emptied since is refused alone", async () => {
    const later = new Date(now.getTime() + 3_600_000);
    const kim = await student(inst, { firstName: "Kim", preferredName: "Kimmy" });
    const lou = await student(inst, { firstName: "Lou", preferredName: "Lulu" });
    const refused = await refusal(
      sendMessages({ ctx: { db: db(), actor: advisor, now }, input: { recipientIds: [kim.id, noPreferred.id], body: "Hi {{preferredName}}", sendAt: later.toISOString() } }),
    );
    expect(refused.fieldErrors?.body).toContain("for 1 recipient: Ana Diaz.");

    const scheduled = await sendMessages({ ctx: { db: db(), actor: advisor, now }, input: { recipientIds: [kim.id, lou.id], body: "Hi {{preferredName}}", sendAt: later.toISOString() } });
    await setPreferredName(db(), lou.id, null);
    expect(await releaseScheduledSend({ ctx: providerContext(db(), "worker", later), input: { batchId: scheduled.batchId! } })).toBe("released");
    const texts = await storedTexts(db(), scheduled.batchId!);
    expect(texts.get(kim.id)).toMatchObject({ channel: "SMS", status: "pending", body: "Hi Kimmy" });
    expect(texts.get(lou.id)).toMatchObject({ status: "refused", reasonCode: "EMPTY_MERGE_FIELD" });
  });

  it("an edit of its body is checked as a new send is: a field that would be empty for a recipient is refused, naming them, and the send keeps its body", async () => {
    const later = new Date(now.getTime() + 3_600_000);
    const mia = await student(inst, { firstName: "Mia", preferredName: "Mimi" });
    const scheduled = await sendMessages({
      ctx: { db: db(), actor: advisor, now },
      input: { recipientIds: [mia.id, noPreferred.id], body: "Hi {{firstName}}", sendAt: later.toISOString() },
    });
    const refused = await refusal(
      changeScheduledSend({ ctx: { db: db(), actor: advisor, now }, input: { sendId: scheduled.batchId!, change: { body: "Hi {{preferredName}}" } } }),
    );
    expect(refused.fieldErrors?.body).toBe(
      "{{preferredName}} would be empty, with no fallback, for 1 recipient: Ana Diaz. Give it a fallback, e.g. {{preferredName|there}}.",
    );
    expect((await getSend({ ctx: { db: db(), actor: advisor, now }, input: { sendId: scheduled.batchId! } })).body).toBe("Hi {{firstName}}");
    const changed = await changeScheduledSend({
      ctx: { db: db(), actor: advisor, now },
      input: { sendId: scheduled.batchId!, change: { body: "Hi {{preferredName|there}}" } },
    });
    expect(changed.body).toBe("Hi {{preferredName|there}}");
  });
});
