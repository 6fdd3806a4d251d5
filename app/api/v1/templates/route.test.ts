import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { createPerson, createSystemNumbers } from "@/db/factories";
import { callRoute, createApiFixture, type ApiFixture, type ApiRole } from "@/lib/api/test-fixture";
import * as messageRoute from "../messages/[messageId]/route";
import * as sendRoute from "../messages/route";
import * as oneRoute from "./[templateId]/route";
import * as listRoute from "./route";

/*
 * REST API for templates (issue 17 item 1) with the policy's permissions, and sends by template
 * with merge fields (item 6): the message answer names its template (item 5).
 */

let f: ApiFixture;
beforeAll(async () => {
  f = await createApiFixture(getDb());
  await createSystemNumbers(getDb(), f.north, 2);
});

const list = (role: ApiRole, query = "") => callRoute(listRoute.GET, { key: f.keys[role], path: `/api/v1/templates${query}` });
const create = (role: ApiRole, body: unknown) => callRoute(listRoute.POST, { key: f.keys[role], method: "POST", body });
const one = (role: ApiRole, templateId: string) => callRoute(oneRoute.GET, { key: f.keys[role], params: { templateId } });
const patch = (role: ApiRole, templateId: string, body: unknown) => callRoute(oneRoute.PATCH, { key: f.keys[role], method: "PATCH", params: { templateId }, body });
const remove = (role: ApiRole, templateId: string) => callRoute(oneRoute.DELETE, { key: f.keys[role], method: "DELETE", params: { templateId } });

describe("/api/v1/templates", () => {
  it("administrators create shared templates; staff list and read them but change only their own", async () => {
    const shared = await create("admin", { scope: "shared", name: "FAFSA deadline", body: "Hi {{firstName|there}}, FAFSA is due March 1.", category: "Financial aid" });
    expect(shared.status).toBe(201);
    expect(shared.body).toMatchObject({ name: "FAFSA deadline", category: "Financial aid", shared: true, canChange: true, updatedByName: expect.any(String) });
    expect((await create("advisor", { scope: "shared", name: "x", body: "x" })).status).toBe(403);
    const mine = await create("advisor", { name: "thanks", body: "Thanks, {{firstName}}!" });
    expect(mine.status).toBe(201);
    expect(mine.body).toMatchObject({ shared: false, canChange: true });

    const listed = await list("advisor");
    expect(listed.status).toBe(200);
    expect(listed.body.templates.map((t: { name: string; canChange: boolean }) => [t.name, t.canChange])).toEqual([
      ["FAFSA deadline", false],
      ["thanks", true],
    ]);
    expect((await list("faculty")).body.templates.map((t: { name: string }) => t.name)).toEqual(["FAFSA deadline"]);
    expect((await list("advisor", "?scope=personal")).body.templates.map((t: { name: string }) => t.name)).toEqual(["thanks"]);
    expect((await list("student")).status).toBe(403);
    expect((await list("lakesideAdmin")).body.templates).toEqual([]);

    expect((await one("faculty", mine.body.id)).status).toBe(404);
    expect((await one("lakesideAdmin", shared.body.id)).status).toBe(404);
    expect((await patch("advisor", shared.body.id, { body: "changed" })).status).toBe(403);
    expect((await patch("lakesideAdmin", shared.body.id, { body: "changed" })).status).toBe(404);
    const changed = await patch("admin", shared.body.id, { body: "Hi {{firstName|there}}, FAFSA is due March 1!", category: null });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ body: "Hi {{firstName|there}}, FAFSA is due March 1!", category: null });
  });

  it("refuses an unknown merge field with 400 naming it, and a duplicate name with 409", async () => {
    const bad = await create("advisor", { name: "bad", body: "Hi {{firstname}} {{gpa}}" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.body).toBe('Unknown merge field {{gpa}} ("gpa"). Merge fields: firstName, preferredName, lastName, email, srcSystemId, state, senderName, senderFirstName, institutionName.');
    expect((await create("advisor", { name: "dup", body: "one" })).status).toBe(201);
    const dup = await create("advisor", { name: "DUP", body: "two" });
    expect(dup.status).toBe(409);
    expect(dup.body.error.fields).toEqual({ name: "A template of that name exists already." });
  });

  it("deletes: no longer listed or sendable, while a message sent with it still names it", async () => {
    const student = await createPerson(getDb(), f.north, { firstName: "Zoë", phones: [{ smsStatus: "SMS_ENABLED" }] });
    const t = await create("advisor", { name: "reminder", body: "Hi {{firstName}}, see you at 3." });
    const sent = await callRoute(sendRoute.POST, { key: f.keys.advisor, method: "POST", body: { recipientIds: [student.id], templateId: t.body.id } });
    expect(sent.status).toBe(202);
    const messageId = String(sent.body.results[0].messageId);
    expect((await remove("faculty", t.body.id)).status).toBe(404);
    expect((await remove("advisor", t.body.id)).status).toBe(200);
    expect((await list("advisor")).body.templates.map((x: { name: string }) => x.name)).not.toContain("reminder");
    const message = await callRoute(messageRoute.GET, { key: f.keys.advisor, params: { messageId } });
    expect(message.body).toMatchObject({ body: "Hi Zoë, see you at 3.", template: { id: t.body.id, name: "reminder" } });
    const again = await callRoute(sendRoute.POST, { key: f.keys.advisor, method: "POST", body: { recipientIds: [student.id], templateId: t.body.id } });
    expect(again.status).toBe(400);
    expect(again.body.error.fields).toEqual({ templateId: "No such template." });
  });

  it("POST /messages renders a body with fields per recipient, and refuses one with an empty field naming the recipient", async () => {
    const ana = await createPerson(getDb(), f.north, { firstName: "Ana", lastName: "Diaz", phones: [{ smsStatus: "SMS_ENABLED" }] });
    const pepe = await createPerson(getDb(), f.north, { firstName: "José", lastName: "Ruiz", preferredName: "Pepe", phones: [{ smsStatus: "SMS_ENABLED" }] });
    const refused = await callRoute(sendRoute.POST, { key: f.keys.advisor, method: "POST", body: { recipientIds: [ana.id, pepe.id], body: "Hola {{preferredName}}" } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.fields.body).toBe(
      "{{preferredName}} would be empty, with no fallback, for 1 recipient: Ana Diaz. Give it a fallback, e.g. {{preferredName|there}}.",
    );
    const sent = await callRoute(sendRoute.POST, { key: f.keys.advisor, method: "POST", body: { recipientIds: [ana.id, pepe.id], body: "Hola {{preferredName|{{firstName}}" } });
    expect(sent.status).toBe(400);
    expect(sent.body.error.fields.body).toContain('"{{preferredName|" has braces that are not a merge field');
    const ok = await callRoute(sendRoute.POST, { key: f.keys.advisor, method: "POST", body: { recipientIds: [ana.id, pepe.id], body: "Hola {{preferredName|amiga}}" } });
    expect(ok.status).toBe(202);
    const bodies = await Promise.all(
      ok.body.results.map(async (r: { messageId: number }) => (await callRoute(messageRoute.GET, { key: f.keys.advisor, params: { messageId: String(r.messageId) } })).body),
    );
    expect(bodies.map((b) => [b.body, b.template])).toEqual([
      ["Hola amiga", null],
      ["Hola Pepe", null],
    ]);
  });
});
