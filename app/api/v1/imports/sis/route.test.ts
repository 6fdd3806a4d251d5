import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { callRoute, createApiFixture, type ApiFixture } from "@/lib/api/test-fixture";
import { GET as openApi } from "../../openapi.json/route";
import { POST } from "./route";

let f: ApiFixture;

beforeAll(async () => {
  f = await createApiFixture(getDb());
});

async function postCsv(key: string | undefined, text: string, query = "") {
  const headers: Record<string, string> = { "content-type": "text/csv; charset=utf-8" };
  if (key) headers.authorization = `Bearer ${key}`;
  const response = await POST(new Request(`http://localhost/api/v1/imports/sis${query}`, { method: "POST", headers, body: text }), {
    params: Promise.resolve({}),
  });
  return { status: response.status, body: await response.json() };
}

const CSV = "src_system_id,first_name,last_name,roles,phone_1_number,phone_1_type,phone_1_src_system_id\nAPI-1,Api,One,STUDENT,(312) 555-0501,CELL,API-1-P\nAPI-2,Api,Two,ALIEN,,,\n";

describe("POST /api/v1/imports/sis", () => {
  it("imports a CSV body for an administrator and answers the counts and the row problems", async () => {
    const { status, body } = await postCsv(f.keys.admin, CSV, "?fileName=nightly.csv");
    expect(status).toBe(200);
    expect(body).toMatchObject({ kind: "SIS", format: "CSV", origin: "API", fileName: "nightly.csv", status: "DONE", totalRows: 2, created: 1, failed: 1 });
    expect(body.rowErrors).toEqual([{ rowNumber: 3, recordKey: "API-2", reason: "UNKNOWN_ROLE", field: "roles", message: 'Unknown role code "ALIEN".' }]);
    const [row] = await getDb().execute(sql`select institution_id, created_by_user_id from imports where id = ${body.id}`);
    expect(row).toEqual({ institution_id: f.north.id, created_by_user_id: f.userIds.admin });
  });

  it("imports a JSON body ({ persons }) and answers 400 naming the problem for a refused file", async () => {
    const ok = await callRoute(POST, {
      key: f.keys.admin,
      method: "POST",
      body: { persons: [{ srcSystemId: "API-J1", firstName: "Jay", lastName: "Son", emails: ["jay@x.edu"] }] },
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ format: "JSON", fileName: "api.json", created: 1, failed: 0 });

    const bad = await postCsv(f.keys.admin, "id,name\n1,x\n");
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("VALIDATION");
    expect(bad.body.error.message).toMatch(/Unknown column "id"/);
  });

  it("refuses a non-administrator before reading the body: a chunked upload is never pulled", async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        controller.enqueue(new Uint8Array(64 * 1024).fill(65));
      },
    });
    const response = await POST(
      new Request("http://localhost/api/v1/imports/sis", {
        method: "POST",
        headers: { authorization: `Bearer ${f.keys.advisor}`, "content-type": "text/csv" },
        body,
        duplex: "half",
      } as RequestInit),
      { params: Promise.resolve({}) },
    );
    expect(response.status).toBe(403);
    // A ReadableStream pulls once to fill its queue when built; the route itself reads nothing more.
    expect(pulled).toBeLessThanOrEqual(1);
  });

  it("refuses staff who are not administrators (403), missing keys (401) and other content types (400)", async () => {
    expect((await postCsv(f.keys.advisor, CSV)).status).toBe(403);
    expect((await postCsv(f.keys.student, CSV)).status).toBe(403);
    expect((await postCsv(undefined, CSV)).status).toBe(401);
    const response = await POST(
      new Request("http://localhost/api/v1/imports/sis", { method: "POST", headers: { authorization: `Bearer ${f.keys.admin}`, "content-type": "text/plain" }, body: CSV }),
      { params: Promise.resolve({}) },
    );
    expect(response.status).toBe(400);
    const [n] = await getDb().execute(sql`select count(*)::int n from persons where src_system_id = 'API-1'`);
    expect(n.n).toBe(1);
  });

  it("imports into the key's institution only", async () => {
    const { body } = await postCsv(f.keys.lakesideAdmin, CSV);
    expect(body).toMatchObject({ created: 1, updated: 0 });
    const rows = await getDb().execute(sql`select institution_id from persons where src_system_id = 'API-1' order by institution_id`);
    expect(rows.map((r) => r.institution_id).sort()).toEqual([f.north.id, f.lake.id].sort());
  });

  it("is in the OpenAPI document with JSON and CSV bodies and the column layout", async () => {
    const doc = await openApi().json();
    const op = doc.paths["/imports/sis"].post;
    expect(op.operationId).toBe("importSis");
    expect(Object.keys(op.requestBody.content)).toEqual(["application/json", "text/csv"]);
    expect(op.description).toContain("phone_N_number, phone_N_type, phone_N_src_system_id");
    expect(doc.components.schemas.SisImport.properties.persons.items.required).toEqual(["srcSystemId", "firstName", "lastName"]);
  });
});
