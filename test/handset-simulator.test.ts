import { eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/twilio/inbound/route";
import { getDb } from "@/db";
import { createInstitution, createPerson, createSystemNumbers, createUser, uniquePhoneNumber, type FactoryInstitution } from "@/db/factories";
import { loadActor } from "@/lib/auth/load-actor";
import { assignSystemNumber } from "@/db/queries/system-numbers";
import { messages, personPhones } from "@/db/schema";
import type { Actor } from "@/lib/auth/capabilities";
import { resetEnvCache } from "@/lib/env";
import { REQUEST_ORIGIN, usePublicBaseUrl } from "@/test/twilio-webhooks";
import { readHandset, textFromHandset } from "@/lib/twilio/simulator/handset";
import type { FormPoster } from "@/lib/twilio/simulator/signed-post";

/*
 * The handset simulator's services: a phone texts through the real signed inbound webhook
 * (answered in-process here), reads what "Twilio" carried, only within the institution, only
 * for staff, only while Twilio is simulated.
 */

beforeAll(usePublicBaseUrl);
afterEach(() => {
  process.env.TWILIO_MODE = "simulated";
  delete process.env.TWILIO_ACCOUNT_SID;
  delete process.env.TWILIO_AUTH_TOKEN;
  resetEnvCache();
});

/** Delivers the simulator's signed POST to the app's inbound route, as Twilio would over HTTP. */
const inProcess: FormPoster = async ({ url, params, headers }) => {
  const path = new URL(url).pathname;
  const res = await POST(new Request(`${REQUEST_ORIGIN}${path}`, { method: "POST", headers, body: new URLSearchParams(params) }));
  return res.status;
};
const webhook = { postForm: inProcess, publicBaseUrl: "https://sms.example.edu" };

const db = () => getDb();
const ctx = (actor: Actor) => ({ db: db(), actor, now: new Date() });

async function world() {
  const inst = await createInstitution(db());
  await createSystemNumbers(db(), inst, 2);
  const advisorPerson = await createPerson(db(), inst, { kind: "staff", firstName: "Ada", lastName: "Advisor" });
  const advisorUser = await createUser(db(), advisorPerson);
  const held = (await assignSystemNumber(db(), { institutionId: inst.id, userId: advisorUser.id, personId: advisorPerson.id, now: new Date() }))!;
  const student = await createPerson(db(), inst, { firstName: "Hattie", lastName: "Handset", phones: [{ smsStatus: "SMS_DEFAULT" }, { type: "HOME" }] });
  const studentUser = await createUser(db(), student);
  return {
    inst,
    held,
    student,
    advisor: (await loadActor(db(), advisorUser.id))!,
    /** The handset's user: administrators only (issue 13). */
    admin: await adminOf(inst),
    studentActor: (await loadActor(db(), studentUser.id))!,
  };
}

async function adminOf(inst: FactoryInstitution) {
  const person = await createPerson(db(), inst, { kind: "staff", roles: ["ADMIN"] });
  return (await loadActor(db(), (await createUser(db(), person)).id))!;
}

describe("handset simulator", () => {
  it("texts through the signed webhook: a reply is stored on the holder's conversation; STOP disables the phones and Twilio answers", async () => {
    const w = await world();
    const phone = w.student.phones[0].number;
    await textFromHandset({ ctx: ctx(w.admin), input: { from: phone, to: w.held.number, body: "Hi, it's Hattie" }, webhook });
    const [stored] = await db().select().from(messages).where(eq(messages.fromAddress, phone));
    expect(stored).toMatchObject({ direction: "INBOUND", body: "Hi, it's Hattie", fromPersonId: w.student.id, toPersonId: w.advisor.personId });
    expect(stored.conversationId).not.toBeNull();

    const stop = await textFromHandset({ ctx: ctx(w.admin), input: { from: phone, to: w.held.number, body: "STOP" }, webhook });
    expect(stop.autoReply).toMatch(/unsubscribed/);
    const phones = await db().select({ status: personPhones.smsStatus }).from(personPhones).where(eq(personPhones.personId, w.student.id));
    expect(phones.map((p) => p.status)).toEqual(["SMS_DISABLED", "SMS_DISABLED"]);

    const view = await readHandset({ ctx: ctx(w.admin), input: { number: phone } });
    expect(view.messages.map((m) => [m.direction, m.body.slice(0, 20)])).toEqual([
      ["inbound", "Hi, it's Hattie"],
      ["inbound", "STOP"],
      ["outbound-reply", "You have successfull"],
    ]);
    expect(view.replyTo).toBe(w.held.number);
    expect(view.systemNumbers[0]).toEqual({ number: w.held.number, holderName: "Ada Advisor" });
  });

  it("finds phones by name or digits, offers a typed number on nobody's record, and shows what the handset texted", async () => {
    const w = await world();
    const byName = await readHandset({ ctx: ctx(w.admin), input: { q: "hattie" } });
    // Listed by name, then number.
    const expected = [
      ["Hattie Handset", w.student.phones[0].number, "Cell"],
      ["Hattie Handset", w.student.phones[1].number, "Home"],
    ].sort((a, b) => a[1].localeCompare(b[1]));
    expect(byName.matches.map((m) => [m.name, m.number, m.typeName])).toEqual(expected);
    expect(byName.typedNumber).toBeNull();
    const digits = w.student.phones[1].number.slice(-7);
    expect((await readHandset({ ctx: ctx(w.admin), input: { q: digits } })).matches.map((m) => m.number)).toEqual([w.student.phones[1].number]);
    const stranger = uniquePhoneNumber();
    const typed = await readHandset({ ctx: ctx(w.admin), input: { q: stranger, number: stranger } });
    expect([typed.matches, typed.typedNumber, typed.number]).toEqual([[], stranger, stranger]);

    expect(typed.messages).toEqual([]);
    await textFromHandset({ ctx: ctx(w.admin), input: { from: stranger, to: w.held.number, body: "Who's this?" }, webhook });
    const after = await readHandset({ ctx: ctx(w.admin), input: { number: stranger } });
    expect(after.messages.map((m) => [m.direction, m.from, m.to, m.body])).toEqual([["inbound", stranger, w.held.number, "Who's this?"]]);
  });

  it("is scoped to the institution: another institution's number is NOT_FOUND and its texts are not shown", async () => {
    const w = await world();
    const other = await world();
    const phone = w.student.phones[0].number;
    await expect(
      textFromHandset({ ctx: ctx(w.admin), input: { from: phone, to: other.held.number, body: "Hello" }, webhook }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await textFromHandset({ ctx: ctx(other.admin), input: { from: phone, to: other.held.number, body: "Hello other" }, webhook });
    expect((await readHandset({ ctx: ctx(w.admin), input: { number: phone } })).messages).toEqual([]);
    expect((await readHandset({ ctx: ctx(other.admin), input: { number: phone } })).messages.map((m) => m.body)).toEqual(["Hello other"]);
    expect((await readHandset({ ctx: ctx(w.admin), input: { q: "hattie" } })).matches.map((m) => m.personId)).toEqual([w.student.id, w.student.id]);
  });

  it("is for administrators only (an advisor could text STOP for a student), and absent (NOT_FOUND) when Twilio is live", async () => {
    const w = await world();
    const input = { from: w.student.phones[0].number, to: w.held.number, body: "STOP" };
    for (const actor of [w.studentActor, w.advisor]) {
      await expect(readHandset({ ctx: ctx(actor), input: {} })).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(textFromHandset({ ctx: ctx(actor), input, webhook })).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    expect(await db().select().from(messages).where(eq(messages.fromAddress, input.from))).toEqual([]);
    expect((await readHandset({ ctx: ctx(w.admin), input: {} })).systemNumbers.length).toBe(2);

    process.env.TWILIO_MODE = "live";
    process.env.TWILIO_ACCOUNT_SID = `AC${"1".repeat(32)}`;
    process.env.TWILIO_AUTH_TOKEN = "real-token-value";
    resetEnvCache();
    await expect(readHandset({ ctx: ctx(w.admin), input: {} })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(textFromHandset({ ctx: ctx(w.admin), input, webhook })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await db().select().from(messages).where(eq(messages.fromAddress, input.from))).toEqual([]);
  });
});
