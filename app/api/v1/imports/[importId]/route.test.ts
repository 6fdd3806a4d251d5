import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { addImportProgress, insertImport, setImportTotal } from "@/db/queries/imports";
import { callRoute, createApiFixture, type ApiFixture } from "@/lib/api/test-fixture";
import { INTERRUPTED_IMPORT_MESSAGE, interruptStaleImports } from "@/lib/imports/interrupt-stale-imports";
import { GET as openApi } from "../../openapi.json/route";
import { POST } from "../sis/route";
import { GET } from "./route";

let f: ApiFixture;

beforeAll(async () => {
  f = await createApiFixture(getDb());
});

const getImport = (key: string, importId: string) => callRoute(GET, { key, path: `/api/v1/imports/${importId}`, params: { importId } });

/** An import of `institutionId` whose process died after 500 of 1,200 rows, an hour ago. */
async function deadImport(institutionId: string) {
  const id = (await insertImport(getDb(), { institutionId, kind: "SIS", format: "CSV", origin: "API", fileName: "nightly.csv", createdByUserId: null, now: new Date() }))!;
  await setImportTotal(getDb(), institutionId, id, 1200);
  await addImportProgress(getDb(), institutionId, id, { processed: 500, created: 480, updated: 0, unchanged: 0, failed: 20 });
  await getDb().execute(sql`update imports set updated_at = now() - interval '1 hour' where id = ${id}`);
  return id;
}

describe("GET /api/v1/imports/{importId}", () => {
  it("answers an interrupted import with its status, the message and the counts committed before it stopped", async () => {
    const northId = await deadImport(f.north.id);
    const lakeId = await deadImport(f.lake.id);
    expect(await interruptStaleImports(getDb())).toBe(2);

    const { status, body } = await getImport(f.keys.admin, northId);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      id: northId,
      status: "INTERRUPTED",
      error: INTERRUPTED_IMPORT_MESSAGE,
      totalRows: 1200,
      processedRows: 500,
      created: 480,
      failed: 20,
      rowErrors: [],
      rowErrorsTruncated: false,
    });
    expect(body.finishedAt).not.toBeNull();
    // Another institution's import reads as missing, both ways.
    expect((await getImport(f.keys.admin, lakeId)).status).toBe(404);
    expect((await getImport(f.keys.lakesideAdmin, northId)).status).toBe(404);
    expect((await getImport(f.keys.lakesideAdmin, lakeId)).body).toMatchObject({ id: lakeId, status: "INTERRUPTED" });
  });

  it("finds an upload by the id the client chose; the id cannot be used twice", async () => {
    const importId = randomUUID();
    const csv = "src_system_id,first_name,last_name\nAPI-G1,Gee,One\n";
    const post = () =>
      POST(
        new Request(`http://localhost/api/v1/imports/sis?importId=${importId}`, {
          method: "POST",
          headers: { authorization: `Bearer ${f.keys.admin}`, "content-type": "text/csv" },
          body: csv,
        }),
        { params: Promise.resolve({}) },
      );
    expect((await post()).status).toBe(200);
    expect((await getImport(f.keys.admin, importId)).body).toMatchObject({ id: importId, status: "DONE", created: 1, error: null });
    expect((await post()).status).toBe(409);
  });

  it("refuses staff who are not administrators (403), missing keys (401) and ids that are not UUIDs (400)", async () => {
    const id = await deadImport(f.north.id);
    expect((await getImport(f.keys.advisor, id)).status).toBe(403);
    expect((await callRoute(GET, { params: { importId: id } })).status).toBe(401);
    expect((await getImport(f.keys.admin, "nope")).status).toBe(400);
  });

  it("is in the OpenAPI document, INTERRUPTED among the statuses", async () => {
    const doc = await openApi().json();
    expect(doc.paths["/imports/{importId}"].get.operationId).toBe("getImport");
    expect(doc.components.schemas.ImportResult.properties.status.enum).toEqual(["RUNNING", "DONE", "FAILED", "INTERRUPTED"]);
    expect(doc.paths["/imports/sis"].post.parameters.map((p: { name: string }) => p.name)).toEqual(["fileName", "importId"]);
  });
});
