import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { createPerson, createUser } from "@/db/factories";
import { loadActor } from "@/lib/auth/load-actor";
import { shiftCreatedAt } from "@/db/testing/messages";
import type { Actor } from "@/lib/auth/capabilities";
import { isAppError } from "@/lib/errors";
import { listMessageReport } from "./list-message-report";
import { addMessage, addText, createReportFixture, type ReportFixture } from "./report-fixture";

let f: ReportFixture;
const ids: Record<string, number> = {};

function list(actor: Actor, input: Record<string, unknown> = {}) {
  return listMessageReport({ ctx: { db: getDb(), actor, now: new Date() }, input });
}
async function listIds(actor: Actor, input: Record<string, unknown> = {}) {
  return (await list(actor, input)).items.map((m) => m.id);
}

/*
 * The scene, newest first (America/Chicago days):
 *   inbound   Sam → Bob             Jan 12   received
 *   fallback  Ann → Sam by email    Jan 11   failed, TWILIO_INVALID_NUMBER… resent by email (delivered)
 *   text      Ann → Sam             Jan 11   failed TWILIO_INVALID_NUMBER
 *   text      Bob → Tia             Jan 10   undelivered TWILIO_ERROR_30003
 *   text      Ann → Tia             Jan 9 (03:00Z on Jan 10 is 21:00 on Jan 9 in Chicago)   delivered
 *   and one text in the neighbour institution.
 */
beforeAll(async () => {
  f = await createReportFixture();
  const { ann, bob, sam, tia, stranger } = f.people;
  ids.annToTia = await addText(f.inst, ann, tia, { createdAt: new Date("2025-01-10T03:00:00Z"), body: "See you Friday" });
  ids.bobToTia = await addText(f.inst, bob, tia, {
    createdAt: new Date("2025-01-10T18:00:00Z"),
    fromAddress: "+13125550222",
    status: "undelivered",
    reasonCode: "TWILIO_ERROR_30003",
    errorCode: 30003,
  });
  ids.annToSam = await addText(f.inst, ann, sam, {
    createdAt: new Date("2025-01-11T15:00:00Z"),
    status: "failed",
    reasonCode: "TWILIO_INVALID_NUMBER",
    errorCode: 21211,
  });
  ids.annToSamEmail = await addMessage(f.inst, {
    createdAt: new Date("2025-01-11T15:00:05Z"),
    channel: "EMAIL",
    fromPersonId: ann.id,
    toPersonId: sam.id,
    fromAddress: "ann@college.edu",
    toAddress: "sam@student.edu",
    reasonCode: "TWILIO_INVALID_NUMBER",
    fallbackForMessageId: ids.annToSam,
  });
  ids.samToBob = await addMessage(f.inst, {
    createdAt: new Date("2025-01-12T16:00:00Z"),
    direction: "INBOUND",
    status: "received",
    fromPersonId: sam.id,
    toPersonId: bob.id,
    fromAddress: sam.phones[0].number,
    toAddress: "+13125550222",
  });
  ids.elsewhere = await addMessage(f.other, { createdAt: new Date("2025-01-12T17:00:00Z"), fromPersonId: stranger.id, toPersonId: stranger.id });
});

describe("listMessageReport filters", () => {
  it("lists every message of the institution, newest first, with names, destination and history", async () => {
    const page = await list(f.actors.admin);
    expect(page.items.map((m) => m.id)).toEqual([ids.samToBob, ids.annToSamEmail, ids.annToSam, ids.bobToTia, ids.annToTia]);
    expect(page.nextCursor).toBeNull();
    expect(page.prevCursor).toBeNull();
    expect(page.timeZone).toBe("America/Chicago");
    const text = page.items.find((m) => m.id === ids.annToSam)!;
    expect(text).toMatchObject({
      channel: "SMS",
      direction: "OUTBOUND",
      status: "failed",
      reasonCode: "TWILIO_INVALID_NUMBER",
      errorCode: 21211,
      from: { personId: f.people.ann.id, name: "Annabel Advisor", address: "+13125550111" },
      to: { personId: f.people.sam.id, name: "Sam Student" },
      destination: f.people.sam.phones[0].number,
      createdAt: new Date("2025-01-11T15:00:00Z"),
    });
    expect(text.events.map((e) => e.status)).toEqual(["pending", "queued", "failed"]);
    expect(text.events.map((e) => e.source)).toEqual(["APP", "TWILIO", "TWILIO"]);
  });

  it.each([
    ["from, by a person's name", () => ({ from: "annabel" }), () => [ids.annToSamEmail, ids.annToSam, ids.annToTia]],
    ["from, by a person id", () => ({ from: f.people.bob.id }), () => [ids.bobToTia]],
    ["from, by a number as typed", () => ({ from: "(312) 555-0222" }), () => [ids.bobToTia]],
    ["from, by an email", () => ({ from: "ANN@college.edu" }), () => [ids.annToSamEmail]],
    ["from, by a name that matches two people", () => ({ from: "student" }), () => [ids.samToBob]],
    ["to, by name", () => ({ to: "tia" }), () => [ids.bobToTia, ids.annToTia]],
    ["to, by a person id", () => ({ to: f.people.bob.id }), () => [ids.samToBob]],
    ["destination number", () => ({ destination: f.people.tia.phones[0].number }), () => [ids.bobToTia, ids.annToTia]],
    ["destination email", () => ({ destination: "sam@student.edu" }), () => [ids.annToSamEmail]],
    ["channel", () => ({ channel: "EMAIL" }), () => [ids.annToSamEmail]],
    ["status", () => ({ status: "received" }), () => [ids.samToBob]],
    ["reason", () => ({ reason: "twilio_invalid_number" }), () => [ids.annToSamEmail, ids.annToSam]],
    ["a Twilio error reason", () => ({ reason: "TWILIO_ERROR_30003" }), () => [ids.bobToTia]],
    ["one day in the institution's zone", () => ({ dateFrom: "2025-01-09", dateTo: "2025-01-09" }), () => [ids.annToTia]],
    ["a date range", () => ({ dateFrom: "2025-01-10", dateTo: "2025-01-11" }), () => [ids.annToSamEmail, ids.annToSam, ids.bobToTia]],
    ["from a date on", () => ({ dateFrom: "2025-01-12" }), () => [ids.samToBob]],
    ["several filters at once", () => ({ from: "annabel", to: "sam", channel: "SMS", status: "failed" }), () => [ids.annToSam]],
    ["a name nobody has", () => ({ from: "nobody-by-this-name" }), () => []],
    ["empty fields (a submitted form)", () => ({ from: "", to: " ", channel: "", dateFrom: "" }), () => [ids.samToBob, ids.annToSamEmail, ids.annToSam, ids.bobToTia, ids.annToTia]],
  ])("filters by %s", async (_name, input, expected) => {
    expect(await listIds(f.actors.admin, input())).toEqual(expected());
  });

  it("rejects filters it cannot read, naming the field", async () => {
    for (const [input, field] of [
      [{ channel: "FAX" }, "channel"],
      [{ status: "lost" }, "status"],
      [{ reason: "BECAUSE" }, "reason"],
      [{ dateFrom: "2025-02-30" }, "dateFrom"],
      [{ dateFrom: "2025-01-12", dateTo: "2025-01-11" }, "dateTo"],
      [{ destination: "not an address" }, "destination"],
      [{ cursor: "bm90LWEtY3Vyc29y" }, "cursor"],
    ] as const) {
      const err = await list(f.actors.admin, input).catch((e: unknown) => e);
      expect(isAppError(err) && err.code === "VALIDATION" && Object.keys(err.fieldErrors ?? {})).toEqual([field]);
    }
  });
});

describe("listMessageReport scope and visibility", () => {
  it("never shows another institution's messages, even by their person's id", async () => {
    expect(await listIds(f.actors.admin, { from: f.people.stranger.id })).toEqual([]);
    expect(await listIds(f.actors.admin, { to: f.people.stranger.id })).toEqual([]);
    expect(await listIds(f.actors.admin)).not.toContain(ids.elsewhere);
  });

  it("shows other staff only the messages they sent or received", async () => {
    expect(await listIds(f.actors.ann)).toEqual([ids.annToSamEmail, ids.annToSam, ids.annToTia]);
    expect(await listIds(f.actors.bob)).toEqual([ids.samToBob, ids.bobToTia]);
    expect(await listIds(f.actors.bob, { from: "sam" })).toEqual([ids.samToBob]);
    expect(await listIds(f.actors.bob, { from: "annabel" })).toEqual([]);
    expect(await listIds(f.actors.ann, { status: "delivered", channel: "SMS" })).toEqual([ids.annToTia]);
  });

  it("shows staff a message they sent to themselves once", async () => {
    const { bob } = f.people;
    const self = await addMessage(f.inst, { createdAt: new Date("2025-01-05T12:00:00Z"), fromPersonId: bob.id, toPersonId: bob.id });
    expect(await listIds(f.actors.bob, { dateTo: "2025-01-05" })).toEqual([self]);
  });

  it("refuses students", async () => {
    const err = await list(f.actors.sam).catch((e: unknown) => e);
    expect(isAppError(err) && err.code).toBe("FORBIDDEN");
  });

  it("shows staff without a person record nothing", async () => {
    const db = getDb();
    const user = await createUser(db, await createPerson(db, f.inst, { kind: "staff" }));
    const actor = (await loadActor(db, user.id))!;
    const unattached = { ...actor, personId: null };
    expect(await listIds(unattached)).toEqual([]);
  });
});

describe("listMessageReport keyset pagination", () => {
  it("walks every message once, forwards and back, through ties on created_at", async () => {
    const pf = await createReportFixture();
    const { ann, sam } = pf.people;
    // 23 messages in 6 sends; the messages of one send share their created_at.
    // Every third is 500 µs later than its send: the cursor must keep microseconds.
    const all: { id: number; at: number }[] = [];
    for (let i = 0; i < 23; i++) {
      const at = new Date(Date.UTC(2025, 0, 20, 12, 0, 0) + Math.floor(i / 4) * 60_000);
      const id = await addMessage(pf.inst, { createdAt: at, fromPersonId: ann.id, toPersonId: sam.id, body: `m${i}` });
      all.push({ id, at: at.getTime() * 1000 + (i % 3 === 0 ? 500 : 0) });
    }
    const later = all.filter((_, i) => i % 3 === 0).map((m) => m.id);
    await shiftCreatedAt(getDb(), later, 500);
    const expected = [...all].sort((a, b) => b.at - a.at || b.id - a.id).map((m) => m.id);

    const pages: number[][] = [];
    let cursor: string | undefined;
    let last;
    do {
      last = await list(pf.actors.admin, { limit: 5, cursor });
      pages.push(last.items.map((m) => m.id));
      cursor = last.nextCursor ?? undefined;
    } while (cursor);
    expect(pages.map((p) => p.length)).toEqual([5, 5, 5, 5, 3]);
    expect(pages.flat()).toEqual(expected);

    const back: number[][] = [pages[pages.length - 1]];
    cursor = last.prevCursor ?? undefined;
    while (cursor) {
      const page = await list(pf.actors.admin, { limit: 5, cursor });
      back.unshift(page.items.map((m) => m.id));
      cursor = page.prevCursor ?? undefined;
    }
    expect(back).toEqual(pages);

    // The staff scope pages the same way (its rows come from two branches).
    const staffPages: number[] = [];
    cursor = undefined;
    do {
      const page = await list(pf.actors.ann, { limit: 4, cursor });
      staffPages.push(...page.items.map((m) => m.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(staffPages).toEqual(expected);
  });
});

describe("listMessageReport search by part of a name, number or address (issue 15.8)", () => {
  const found: Record<string, number> = {};
  let pf: ReportFixture;
  beforeAll(async () => {
    pf = await createReportFixture();
    const db = getDb();
    const { ann } = pf.people;
    const uma = await createPerson(db, pf.inst, { firstName: "Uma", lastName: "Quill", emails: ["uma.quill@college.example"], phones: [{ number: "+13125557001" }] });
    const vic = await createPerson(db, pf.inst, { firstName: "Vic", lastName: "Quill", emails: ["vq@elsewhere.example"], phones: [{ number: "+13125557002" }] });
    found.toUma = await addText(pf.inst, ann, uma, { createdAt: new Date("2025-02-01T12:00:00Z") });
    found.toVic = await addText(pf.inst, ann, vic, { createdAt: new Date("2025-02-02T12:00:00Z") });
    found.emailUma = await addMessage(pf.inst, {
      createdAt: new Date("2025-02-03T12:00:00Z"),
      channel: "EMAIL",
      fromPersonId: ann.id,
      toPersonId: uma.id,
      fromAddress: "ann@college.example",
      toAddress: "uma.quill@college.example",
    });
    found.fromUnknown = await addMessage(pf.inst, {
      createdAt: new Date("2025-02-04T12:00:00Z"),
      direction: "INBOUND",
      status: "received",
      fromAddress: "+14155550000",
      toAddress: pf.annNumber,
    });
  });

  it.each([
    ["part of two numbers, as typed", { destination: "555-700" }, () => [found.toVic, found.toUma]],
    ["the end of one number", { destination: "7001" }, () => [found.toUma]],
    ["part of an email, any case", { destination: "UMA.QUILL@" }, () => [found.emailUma]],
    ["an email's domain", { destination: "college.example" }, () => [found.emailUma]],
    ["a number nobody in the directory has, typed whole", { from: "(415) 555-0000" }, () => [found.fromUnknown]],
    ["part of a sender's number", { from: "5557002" }, () => []],
    ["part of a name, any case", { to: "QUI" }, () => [found.emailUma, found.toVic, found.toUma]],
    ["part of a number nothing matches", { destination: "99999" }, () => []],
  ])("finds messages by %s", async (_what, input, expected) => {
    expect(await listIds(pf.actors.admin, input)).toEqual(expected());
  });

  it("asks for more of a fragment that matches more than 20 numbers", async () => {
    const db = getDb();
    for (let i = 0; i < 21; i++) await createPerson(db, pf.inst, { phones: [{ number: `+1773444${String(1000 + i)}` }] });
    const err = await list(pf.actors.admin, { destination: "773444" }).catch((e: unknown) => e);
    expect(isAppError(err) && err.fieldErrors).toEqual({ destination: 'More than 20 numbers or addresses contain "773444": type more of it.' });
  });
});
