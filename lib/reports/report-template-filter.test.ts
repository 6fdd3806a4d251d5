import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { createInstitution, createPerson, createSystemNumbers, createUser, type FactoryInstitution } from "@/db/factories";
import type { Actor } from "@/lib/auth/capabilities";
import { loadActor } from "@/lib/auth/load-actor";
import { sendMessages } from "@/lib/messaging/send/send-messages";
import { createTemplate, deleteTemplate, listReportTemplates } from "@/lib/messaging/templates/manage-templates";
import { prepareMessageReportExport } from "./export-message-report";
import { listMessageReport } from "./list-message-report";

/* The Message Report filters by template and names it (issue 17 item 5), deleted templates included. */

const now = new Date("2026-12-07T15:00:00Z");
let inst: FactoryInstitution;
let admin: Actor;
let advisor: Actor;

const actorOf = async (roles: ("ADMIN" | "ADVISOR")[]) =>
  (await loadActor(getDb(), (await createUser(getDb(), await createPerson(getDb(), inst, { kind: "staff", roles }))).id))!;
const ctx = (actor: Actor) => ({ db: getDb(), actor, now });

beforeAll(async () => {
  inst = await createInstitution(getDb());
  await createSystemNumbers(getDb(), inst, 2);
  admin = await actorOf(["ADMIN"]);
  advisor = await actorOf(["ADVISOR"]);
});

describe("Message Report by template", () => {
  it("lists only the messages of a template, each naming it, also once the template is deleted", async () => {
    const students = [];
    for (const firstName of ["Ann", "Ben", "Cy"]) students.push(await createPerson(getDb(), inst, { firstName, phones: [{ smsStatus: "SMS_ENABLED" }] }));
    const fafsa = await createTemplate({ ctx: ctx(admin), input: { scope: "shared", name: "FAFSA deadline", body: "Hi {{firstName}}, FAFSA is due." } });
    const mine = await createTemplate({ ctx: ctx(advisor), input: { name: "thanks", body: "Thanks!" } });
    await sendMessages({ ctx: ctx(advisor), input: { recipientIds: students.slice(0, 2).map((s) => s.id), templateId: fafsa.id } });
    await sendMessages({ ctx: ctx(advisor), input: { recipientIds: [students[2].id], templateId: mine.id } });
    await sendMessages({ ctx: ctx(advisor), input: { recipientIds: [students[2].id], body: "No template" } });

    const page = await listMessageReport({ ctx: ctx(admin), input: { template: fafsa.id } });
    expect(page.items.map((m) => [m.body, m.templateName]).sort()).toEqual([
      ["Hi Ann, FAFSA is due.", "FAFSA deadline"],
      ["Hi Ben, FAFSA is due.", "FAFSA deadline"],
    ]);
    const all = await listMessageReport({ ctx: ctx(admin), input: {} });
    expect(all.items.map((m) => m.templateName).sort()).toEqual(["FAFSA deadline", "FAFSA deadline", "thanks", null].sort());

    await deleteTemplate({ ctx: ctx(advisor), input: { templateId: mine.id } });
    const deleted = await listMessageReport({ ctx: ctx(advisor), input: { template: mine.id } });
    expect(deleted.items.map((m) => [m.body, m.templateName])).toEqual([["Thanks!", "thanks"]]);
    expect((await listReportTemplates({ ctx: ctx(admin) })).map((t) => [t.name, t.deleted])).toEqual([
      ["FAFSA deadline", false],
      ["thanks", true],
    ]);
    const csv = await prepareMessageReportExport({ ctx: ctx(admin), input: { template: fafsa.id } });
    let text = "";
    for await (const chunk of csv.chunks) text += chunk;
    const lines = text.trim().split(/\r?\n/);
    expect(lines[0].endsWith(",Message id,Template")).toBe(true);
    expect(lines.slice(1).map((l) => l.split(",").at(-1))).toEqual(["FAFSA deadline", "FAFSA deadline"]);
    await expect(listMessageReport({ ctx: ctx(admin), input: { template: "nope" } })).rejects.toMatchObject({ code: "VALIDATION", fieldErrors: { template: "Not a template." } });
  });
});
