import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { createInstitution, createPerson, createUser, type FactoryInstitution } from "@/db/factories";
import { templateChanges } from "@/db/testing/templates";
import type { Actor } from "@/lib/auth/capabilities";
import { loadActor } from "@/lib/auth/load-actor";
import { AppError } from "@/lib/errors";
import { createTemplate, deleteTemplate, getTemplate, listTemplateChanges, listTemplates, updateTemplate } from "./manage-templates";

/*
 * Templates and saved replies (SPEC §10, issue 17): administrators manage shared ones, every
 * staff member their own, students none; unknown merge fields refused by name; every change kept.
 */

const now = new Date("2026-12-07T15:00:00Z");
let inst: FactoryInstitution;
let admin: Actor;
let advisor: Actor;
let colleague: Actor;
let student: Actor;
let lakeAdmin: Actor;

async function actorOf(institution: FactoryInstitution, kind: "staff" | "student", roles: ("ADMIN" | "ADVISOR" | "FACULTY" | "STUDENT")[]) {
  const person = await createPerson(getDb(), institution, { kind, roles });
  return (await loadActor(getDb(), (await createUser(getDb(), person)).id))!;
}
const ctxOf = (actor: Actor) => ({ db: getDb(), actor, now });

async function refusal(p: Promise<unknown>) {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppError) return { code: err.code, message: err.message, fieldErrors: err.fieldErrors };
    throw err;
  }
  throw new Error("expected a refusal");
}

beforeAll(async () => {
  const db = getDb();
  inst = await createInstitution(db);
  const other = await createInstitution(db);
  admin = await actorOf(inst, "staff", ["ADMIN"]);
  advisor = await actorOf(inst, "staff", ["ADVISOR"]);
  colleague = await actorOf(inst, "staff", ["FACULTY"]);
  student = await actorOf(inst, "student", ["STUDENT"]);
  lakeAdmin = await actorOf(other, "staff", ["ADMIN"]);
});

describe("templates", () => {
  it("an administrator creates a shared template every staff member lists and uses; its creation is recorded", async () => {
    const created = await createTemplate({
      ctx: ctxOf(admin),
      input: { scope: "shared", name: "Registration reminder", body: "Hi {{firstName|there}}, registration closes Friday.", category: "Registration" },
    });
    expect(created).toMatchObject({ name: "Registration reminder", category: "Registration", shared: true, ownerUserId: null, canChange: true });
    const seen = await listTemplates({ ctx: ctxOf(colleague), input: {} });
    expect(seen.map((t) => [t.name, t.shared, t.canChange])).toEqual([["Registration reminder", true, false]]);
    expect(await getTemplate({ ctx: ctxOf(advisor), input: { templateId: created.id } })).toMatchObject({ id: created.id, canChange: false });
    expect(await templateChanges(getDb(), created.id)).toEqual([
      {
        change: "CREATED",
        field: null,
        old_value: null,
        new_value: { name: "Registration reminder", body: "Hi {{firstName|there}}, registration closes Friday.", category: "Registration" },
        changed_by_user_id: admin.userId,
      },
    ]);
  });

  it("staff may not create, change or delete a shared template; students use none", async () => {
    expect(await refusal(createTemplate({ ctx: ctxOf(advisor), input: { scope: "shared", name: "Mine", body: "x" } }))).toMatchObject({ code: "FORBIDDEN" });
    const shared = await createTemplate({ ctx: ctxOf(admin), input: { scope: "shared", name: "Advising appointment", body: "See you at {{senderName}}'s office." } });
    expect(await refusal(updateTemplate({ ctx: ctxOf(advisor), input: { templateId: shared.id, body: "changed" } }))).toMatchObject({ code: "FORBIDDEN" });
    expect(await refusal(deleteTemplate({ ctx: ctxOf(advisor), input: { templateId: shared.id } }))).toMatchObject({ code: "FORBIDDEN" });
    expect(await refusal(listTemplates({ ctx: ctxOf(student), input: {} }))).toMatchObject({ code: "FORBIDDEN" });
    expect(await refusal(createTemplate({ ctx: ctxOf(student), input: { name: "x", body: "x" } }))).toMatchObject({ code: "FORBIDDEN" });
    expect((await getTemplate({ ctx: ctxOf(admin), input: { templateId: shared.id } })).body).toBe("See you at {{senderName}}'s office.");
  });

  it("a personal template is its owner's alone: others get 404, as another institution does", async () => {
    const mine = await createTemplate({ ctx: ctxOf(advisor), input: { name: "office-hours", body: "My office hours are 2-4 PM." } });
    expect(mine).toMatchObject({ shared: false, ownerUserId: advisor.userId, canChange: true });
    for (const other of [colleague, admin, lakeAdmin]) {
      expect(await refusal(getTemplate({ ctx: ctxOf(other), input: { templateId: mine.id } }))).toMatchObject({ code: "NOT_FOUND" });
      expect(await refusal(updateTemplate({ ctx: ctxOf(other), input: { templateId: mine.id, body: "x" } }))).toMatchObject({ code: "NOT_FOUND" });
      expect(await refusal(deleteTemplate({ ctx: ctxOf(other), input: { templateId: mine.id } }))).toMatchObject({ code: "NOT_FOUND" });
    }
    expect((await listTemplates({ ctx: ctxOf(colleague), input: { scope: "personal" } })).map((t) => t.name)).toEqual([]);
    expect((await listTemplates({ ctx: ctxOf(lakeAdmin), input: {} })).map((t) => t.name)).toEqual([]);
    expect((await listTemplates({ ctx: ctxOf(advisor), input: { scope: "personal" } })).map((t) => t.name)).toEqual(["office-hours"]);
  });

  it("refuses an unknown merge field by name, and stores nothing", async () => {
    const before = (await listTemplates({ ctx: ctxOf(advisor), input: {} })).length;
    const refused = await refusal(createTemplate({ ctx: ctxOf(advisor), input: { name: "typo", body: "Hi {{frstName}}, and {{major}}" } }));
    expect(refused).toMatchObject({ code: "VALIDATION" });
    expect(refused.fieldErrors?.body).toContain('Unknown merge field {{frstName}} ("frstName").');
    expect(refused.fieldErrors?.body).toContain('Unknown merge field {{major}} ("major").');
    expect((await listTemplates({ ctx: ctxOf(advisor), input: {} })).length).toBe(before);
  });

  it("updates record one change per field, a save without changes records none, and a name is unique per owner", async () => {
    const t = await createTemplate({ ctx: ctxOf(advisor), input: { name: "fafsa", body: "FAFSA is due.", category: "Aid" } });
    await updateTemplate({ ctx: ctxOf(advisor), input: { templateId: t.id, body: "FAFSA is due {{state|soon}}.", category: null } });
    await updateTemplate({ ctx: ctxOf(advisor), input: { templateId: t.id, body: "FAFSA is due {{state|soon}}." } });
    const changes = await templateChanges(getDb(), t.id);
    expect(changes.map((c) => [c.change, c.field, c.old_value, c.new_value])).toEqual([
      ["CREATED", null, null, { name: "fafsa", body: "FAFSA is due.", category: "Aid" }],
      ["UPDATED", "body", "FAFSA is due.", "FAFSA is due {{state|soon}}."],
      ["UPDATED", "category", "Aid", null],
    ]);
    const dup = await refusal(createTemplate({ ctx: ctxOf(advisor), input: { name: "FAFSA", body: "again" } }));
    expect(dup).toMatchObject({ code: "CONFLICT", fieldErrors: { name: "A template of that name exists already." } });
    // Another staff member may use the same name for their own.
    expect((await createTemplate({ ctx: ctxOf(colleague), input: { name: "fafsa", body: "Mine." } })).name).toBe("fafsa");
    const history = await listTemplateChanges({ ctx: ctxOf(advisor), input: { scope: "personal" } });
    expect(history.filter((h) => h.templateId === t.id).map((h) => h.change)).toEqual(["UPDATED", "UPDATED", "CREATED"]);
  });

  it("a deleted template is listed no more, its deletion recorded, its name free again", async () => {
    const t = await createTemplate({ ctx: ctxOf(admin), input: { scope: "shared", name: "old", body: "Old news." } });
    await deleteTemplate({ ctx: ctxOf(admin), input: { templateId: t.id } });
    expect((await listTemplates({ ctx: ctxOf(admin), input: {} })).map((x) => x.name)).not.toContain("old");
    expect(await refusal(getTemplate({ ctx: ctxOf(admin), input: { templateId: t.id } }))).toMatchObject({ code: "NOT_FOUND" });
    expect((await templateChanges(getDb(), t.id)).map((c) => c.change)).toEqual(["CREATED", "DELETED"]);
    expect((await createTemplate({ ctx: ctxOf(admin), input: { scope: "shared", name: "old", body: "New news." } })).name).toBe("old");
  });

  it("searches name, body and category, case-insensitively, shared first", async () => {
    const found = await listTemplates({ ctx: ctxOf(advisor), input: { q: "REGISTRATION" } });
    expect(found.map((t) => t.name)).toEqual(["Registration reminder"]);
    const office = await listTemplates({ ctx: ctxOf(advisor), input: { q: "office" } });
    expect(office.map((t) => [t.name, t.shared])).toEqual([
      ["Advising appointment", true],
      ["office-hours", false],
    ]);
    // LIKE's own characters are searched as text.
    expect(await listTemplates({ ctx: ctxOf(advisor), input: { q: "%" } })).toEqual([]);
  });

  it("refuses bad input with the field named, and control characters", async () => {
    expect(await refusal(createTemplate({ ctx: ctxOf(advisor), input: { name: "", body: "x" } }))).toMatchObject({ code: "VALIDATION", fieldErrors: { name: "Name the template." } });
    expect(await refusal(createTemplate({ ctx: ctxOf(advisor), input: { name: "blank", body: "   " } }))).toMatchObject({ code: "VALIDATION", fieldErrors: { body: "Write the template's text." } });
    expect(await refusal(createTemplate({ ctx: ctxOf(advisor), input: { name: "nul", body: "a\u0000b" } }))).toMatchObject({ code: "VALIDATION" });
    expect(await refusal(updateTemplate({ ctx: ctxOf(advisor), input: { templateId: "nope" } }))).toMatchObject({ code: "VALIDATION" });
  });
});
