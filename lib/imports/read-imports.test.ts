import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import type { Actor } from "@/lib/auth/capabilities";
import { AppError } from "@/lib/errors";
import { createImportFixtures } from "@/test/import-fixtures";
import { importSis } from "./import-sis";
import { getImport, listImports, listRowErrors } from "./read-imports";

let admin: Actor;
let advisor: Actor;
let lakeAdmin: Actor;
let importId: string;
const now = new Date("2025-06-01T10:00:00Z");
const ctx = (actor: Actor) => ({ db: getDb(), actor, now });

beforeAll(async () => {
  ({ admin, advisor, lakeAdmin } = await createImportFixtures());
  // Rows 2..8 each lack a first name: seven row problems.
  const lines = ["src_system_id,first_name,last_name", ...Array.from({ length: 7 }, (_, i) => `RE-${i},,Last`)];
  importId = (await importSis({ ctx: ctx(admin), input: { fileName: "bad.csv", origin: "WEB", open: () => [lines.join("\n")] } })).id;
});

describe("reading imports", () => {
  it("pages the row report forwards and back in file order", async () => {
    const page1 = await listRowErrors({ ctx: ctx(admin), input: { importId, limit: 3 } });
    expect(page1.items.map((e) => e.rowNumber)).toEqual([2, 3, 4]);
    expect(page1.prevCursor).toBeNull();
    const page2 = await listRowErrors({ ctx: ctx(admin), input: { importId, limit: 3, cursor: page1.nextCursor } });
    expect(page2.items.map((e) => e.rowNumber)).toEqual([5, 6, 7]);
    const page3 = await listRowErrors({ ctx: ctx(admin), input: { importId, limit: 3, cursor: page2.nextCursor } });
    expect(page3.items.map((e) => e.rowNumber)).toEqual([8]);
    expect(page3.nextCursor).toBeNull();
    const back = await listRowErrors({ ctx: ctx(admin), input: { importId, limit: 3, cursor: page3.prevCursor } });
    expect(back.items.map((e) => e.rowNumber)).toEqual([5, 6, 7]);
    const first = await listRowErrors({ ctx: ctx(admin), input: { importId, limit: 3, cursor: back.prevCursor } });
    expect(first.items.map((e) => e.rowNumber)).toEqual([2, 3, 4]);
    expect(first.prevCursor).toBeNull();
    expect(first.items[0]).toEqual({ rowNumber: 2, recordKey: "RE-0", reason: "MISSING_FIELD", field: "first_name", message: "Required." });
  });

  it("shows an import and the list to administrators of its institution only", async () => {
    expect(await getImport({ ctx: ctx(admin), input: { importId } })).toMatchObject({ id: importId, fileName: "bad.csv", failed: 7, status: "DONE" });
    expect((await listImports({ ctx: ctx(admin) })).map((i) => i.id)).toContain(importId);
    const other = await getImport({ ctx: ctx(lakeAdmin), input: { importId } }).catch((e: unknown) => e);
    expect((other as AppError).code).toBe("NOT_FOUND");
    expect(await listRowErrors({ ctx: ctx(lakeAdmin), input: { importId } })).toEqual({ items: [], prevCursor: null, nextCursor: null });
    expect(await listImports({ ctx: ctx(lakeAdmin) })).toEqual([]);
    for (const call of [() => getImport({ ctx: ctx(advisor), input: { importId } }), () => listImports({ ctx: ctx(advisor) })]) {
      expect(((await call().catch((e: unknown) => e)) as AppError).code).toBe("FORBIDDEN");
    }
  });
});
