import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { createSystemNumbers } from "@/db/factories";
import { callRoute, createApiFixture, type ApiFixture } from "@/lib/api/test-fixture";
import * as personRoute from "./persons/[personId]/route";
import * as personsRoute from "./persons/route";
import * as sendRoute from "./messages/route";
import * as settingsRoute from "./sms-settings/route";

/*
 * Issue 13.3: NUL and other control characters in any text of the REST API answer 400 naming
 * the field, never 500 (PostgreSQL refuses NUL in text with 22021), and nothing is stored.
 */

let f: ApiFixture;

beforeAll(async () => {
  f = await createApiFixture(getDb());
  await createSystemNumbers(getDb(), f.north, 1);
});

async function counts() {
  const [row] = await getDb().execute<{ messages: number; batches: number; persons: number; audit: number }>(sql`
    select (select count(*)::int from messages) as messages, (select count(*)::int from send_batches) as batches,
      (select count(*)::int from persons) as persons, (select count(*)::int from settings_audit) as audit`);
  return row;
}

describe("control characters in REST API input", () => {
  it("POST /api/v1/messages with NUL in the body → 400 naming body; no message or batch stored", async () => {
    const before = await counts();
    const res = await callRoute(sendRoute.POST, {
      key: f.keys.advisor,
      method: "POST",
      path: "/api/v1/messages",
      body: { recipientIds: [f.people.student.id], body: "Registration\u0000closes Friday." },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("VALIDATION");
    expect(Object.keys(res.body.error.fields)).toEqual(["body"]);
    expect(res.body.error.message).toMatch(/^body: /);
    expect(await counts()).toEqual(before);
  });

  it("POST /api/v1/messages keeps line breaks and tabs of a body", async () => {
    const res = await callRoute(sendRoute.POST, {
      key: f.keys.advisor,
      method: "POST",
      path: "/api/v1/messages",
      body: { recipientIds: [f.people.student.id], body: "Line one\r\nLine two\tend" },
    });
    expect(res.status).toBe(202);
    const [row] = await getDb().execute<{ body: string }>(sql`select body from messages where batch_id = ${res.body.batchId}`);
    expect(row.body).toBe("Line one\r\nLine two\tend");
  });

  it("POST /api/v1/persons with NUL in a name → 400 naming the field; no person stored", async () => {
    const before = await counts();
    const res = await callRoute(personsRoute.POST, {
      key: f.keys.admin,
      method: "POST",
      path: "/api/v1/persons",
      body: { firstName: "Ana\u0000", lastName: "Lopez" },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toEqual({ firstName: expect.stringMatching(/control characters/) });
    expect(await counts()).toEqual(before);
  });

  it("PATCH /api/v1/persons/{id} with a control character in an email → 400 naming emails[0].email", async () => {
    const res = await callRoute(personRoute.PATCH, {
      key: f.keys.admin,
      method: "PATCH",
      params: { personId: f.people.student.id },
      body: { emails: [{ email: "ana\u0000@example.edu" }] },
    });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.error.fields)).toEqual(["emails[0].email"]);
  });

  it("GET /api/v1/persons?q=<NUL> → 400 naming q, not 500", async () => {
    const res = await callRoute(personsRoute.GET, { key: f.keys.admin, path: `/api/v1/persons?q=${encodeURIComponent("ana\u0000")}` });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.error.fields)).toEqual(["q"]);
  });

  it("PATCH /api/v1/sms-settings with NUL in the reply email subject → 400 naming it; nothing audited", async () => {
    const before = await counts();
    const res = await callRoute(settingsRoute.PATCH, {
      key: f.keys.admin,
      method: "PATCH",
      body: { replyEmailSubject: "Reply\u0000" },
    });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.error.fields)).toEqual(["replyEmailSubject"]);
    expect(await counts()).toEqual(before);
  });
});
