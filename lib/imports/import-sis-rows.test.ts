import { and, asc, eq, like as likeOp } from "drizzle-orm";
import { importRowErrors, imports, personPhones, persons } from "@/db/schema";
import { importRow, peopleTableCounts, refuseEmailInsert } from "@/db/testing/imports";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { createPerson, type FactoryInstitution } from "@/db/factories";
import type { Actor } from "@/lib/auth/capabilities";
import { AppError } from "@/lib/errors";
import { createImportFixtures, csv } from "@/test/import-fixtures";
import { importSis } from "./import-sis";

/* Bad rows, row atomicity, refused files, scoping and authorization of the SIS import (SPEC §8). */

const now = new Date("2025-04-01T12:00:00Z");
let north: FactoryInstitution;
let lake: FactoryInstitution;
let admin: Actor;
let advisor: Actor;
let lakeAdmin: Actor;

function run(actor: Actor, text: string, opts: { fileName?: string; batchSize?: number } = {}) {
  return importSis({
    ctx: { db: getDb(), actor, now },
    input: { fileName: opts.fileName ?? "people.csv", origin: "API", open: () => [text], batchSize: opts.batchSize },
  });
}

async function srcIdsOf(institutionId: string, like: string) {
  const rows = await getDb()
    .select({ src: persons.srcSystemId })
    .from(persons)
    .where(and(eq(persons.institutionId, institutionId), likeOp(persons.srcSystemId, like)))
    .orderBy(asc(persons.srcSystemId));
  return rows.map((r) => r.src);
}

async function tableCounts() {
  return peopleTableCounts(getDb());
}

const HEADER = "src_system_id,first_name,last_name,roles,emails,phone_1_number,phone_1_type,phone_1_src_system_id";

beforeAll(async () => {
  ({ north, lake, admin, advisor, lakeAdmin } = await createImportFixtures());
});

describe("importSis: bad rows", () => {
  it("reports each bad row with its line, key, reason and column; good rows load; a bad row writes nothing", async () => {
    await createPerson(getDb(), north, { srcSystemId: "OTHER-1", phones: [{ srcSystemId: "TAKEN-P", number: "+13125550201" }] });
    await createPerson(getDb(), north, { srcSystemId: "B-CHG", phones: [{ srcSystemId: "B-CHG-P", number: "+13125550202" }] });
    const result = await run(
      admin,
      csv([
        HEADER,
        "B-OK1,Good,One,STUDENT,g1@x.edu,(312) 555-0211,CELL,B-OK1-P",
        "B-PH,Bad,Phone,STUDENT,bp@x.edu,555-CALL-NOW,CELL,B-PH-P",
        "B-ROLE,Bad,Role,WIZARD,,,,",
        "B-TYPE,Bad,Type,STUDENT,,(312) 555-0212,FAX,B-TYPE-P",
        "B-OK1,Twice,Listed,STUDENT,,,,",
        ",No,Key,STUDENT,,,,",
        "B-NAME,,Nameless,STUDENT,,,,",
        "B-TAKEN,Taken,Phone,STUDENT,,(312) 555-0213,CELL,TAKEN-P",
        "B-CHG,Changed,Number,STUDENT,,(312) 555-0299,CELL,B-CHG-P",
        "B-MAIL,Bad,Mail,STUDENT,not-an-email,,,",
        "B-SYS,Sys,Type,STUDENT,,(312) 555-0214,AVISO.SYSTEM,B-SYS-P",
        "B-OK2,Good,Two,STUDENT,,(312) 555-0215,HOME,B-OK2-P",
        "B-WIDE,Too,Many,STUDENT,,,,,extra",
      ]),
    );
    expect(result).toMatchObject({ status: "DONE", totalRows: 13, processedRows: 13, created: 2, failed: 11, rowErrorsTruncated: false });
    expect(result.rowErrors.map((e) => [e.rowNumber, e.recordKey, e.reason, e.field])).toEqual([
      [3, "B-PH", "BAD_PHONE", "phone_1_number"],
      [4, "B-ROLE", "UNKNOWN_ROLE", "roles"],
      [5, "B-TYPE", "UNKNOWN_PHONE_TYPE", "phone_1_type"],
      [6, "B-OK1", "DUPLICATE", "src_system_id"],
      [7, null, "MISSING_FIELD", "src_system_id"],
      [8, "B-NAME", "MISSING_FIELD", "first_name"],
      [9, "B-TAKEN", "DUPLICATE", "phone_1_src_system_id"],
      [10, "B-CHG", "PHONE_NUMBER_CHANGED", "phone_1_src_system_id"],
      [11, "B-MAIL", "BAD_VALUE", "emails"],
      [12, "B-SYS", "UNKNOWN_PHONE_TYPE", "phone_1_type"],
      [14, null, "BAD_VALUE", "row"],
    ]);
    expect(result.rowErrors[0].message).toMatch(/no letters/);
    expect(result.rowErrors[1].message).toBe('Unknown role code "WIZARD".');
    expect(result.rowErrors[3].message).toBe("src_system_id B-OK1 is already on row 2.");
    expect(await srcIdsOf(north.id, "B-%")).toEqual(["B-CHG", "B-OK1", "B-OK2"]);
    const [chg] = await getDb().select({ first_name: persons.firstName }).from(persons).where(eq(persons.srcSystemId, "B-CHG"));
    expect(chg.first_name).toBe("Student");
    expect(await getDb().$count(importRowErrors, eq(importRowErrors.importId, result.id))).toBe(11);
  });

  it("reports every problem of a row, and the whole row is left out", async () => {
    const before = await tableCounts();
    const result = await run(admin, csv([HEADER, "M-1,Many,Problems,STUDENT;NOPE,a@x.edu;a@x.edu,12,CELL,M-1-P"]));
    expect(result.rowErrors.map((e) => [e.reason, e.field])).toEqual([
      ["UNKNOWN_ROLE", "roles"],
      ["DUPLICATE", "emails"],
      ["BAD_PHONE", "phone_1_number"],
    ]);
    expect(result).toMatchObject({ created: 0, failed: 1 });
    expect(await tableCounts()).toEqual(before);
  });

  it("a row the database refuses is REJECTED whole while the rest of its batch loads", async () => {
    const db = getDb();
    const allowAgain = await refuseEmailInsert(db, "boom@x.edu");
    try {
      const result = await run(
        admin,
        csv([
          HEADER,
          "A-1,Ann,One,STUDENT,a1@x.edu,(312) 555-0221,CELL,A-1-P",
          "A-2,Ann,Two,STUDENT,boom@x.edu,(312) 555-0222,CELL,A-2-P",
          "A-3,Ann,Three,STUDENT,a3@x.edu,(312) 555-0223,CELL,A-3-P",
        ]),
      );
      expect(result).toMatchObject({ created: 2, failed: 1, status: "DONE" });
      expect(result.rowErrors).toEqual([{ rowNumber: 3, recordKey: "A-2", reason: "REJECTED", field: null, message: "refused by test trigger" }]);
      expect(await srcIdsOf(north.id, "A-%")).toEqual(["A-1", "A-3"]);
      expect(await db.$count(personPhones, eq(personPhones.srcSystemId, "A-2-P"))).toBe(0);
    } finally {
      await allowAgain();
    }
  });

  it("refuses a file with an unknown column, a missing key column or broken CSV: recorded FAILED, nothing written", async () => {
    const before = await tableCounts();
    const cases: [string, RegExp][] = [
      ["src_system_id,first_name,last_name,emial\nZ-1,Zed,Zee,z@x.edu\n", /Unknown column "emial"/],
      ["first_name,last_name\nZed,Zee\n", /"src_system_id" is missing/],
      ["src_system_id,first_name,last_name,phone_1_number\nZ-1,Zed,Zee,3125550000\n", /phone_1_type, phone_1_src_system_id/],
      ['src_system_id,first_name,last_name\nZ-1,"Zed,Zee\n', /not valid CSV/],
      ["", /empty/],
    ];
    for (const [text, message] of cases) {
      const err = await run(admin, text).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe("VALIDATION");
      expect((err as AppError).message).toMatch(message);
    }
    const failed = await getDb()
      .select({ status: imports.status, error: imports.error })
      .from(imports)
      .where(and(eq(imports.institutionId, north.id), eq(imports.status, "FAILED")))
      .orderBy(asc(imports.createdAt), asc(imports.error));
    expect(failed).toHaveLength(cases.length);
    expect(await tableCounts()).toEqual(before);
  });

  it("refuses a JSON file that is not an array of persons", async () => {
    const err = await run(admin, '{"people": []}', { fileName: "x.json" }).catch((e: unknown) => e);
    expect((err as AppError).message).toMatch(/"persons" array/);
    const bad = await run(admin, JSON.stringify([{ srcSystemId: "JX-1", firstName: "A", lastName: "B", phones: [{ number: "1" }], extra: 1 }]), {
      fileName: "x.json",
    });
    expect(bad.rowErrors.map((e) => [e.reason, e.field])).toEqual([
      ["MISSING_FIELD", "phones[0].srcSystemId"],
      ["BAD_PHONE", "phones[0].number"],
      ["MISSING_FIELD", "phones[0].phoneTypeSrcSystemId"],
      ["BAD_VALUE", "extra"],
    ]);
  });

  it("commits batch by batch: processed and total rows count every row", async () => {
    const lines = [HEADER, ...Array.from({ length: 7 }, (_, i) => `BT-${i},B,T${i},STUDENT,,,,`), "BT-0,Dup,Row,STUDENT,,,,"];
    const result = await run(admin, csv(lines), { batchSize: 3 });
    expect(result).toMatchObject({ totalRows: 8, processedRows: 8, created: 7, failed: 1 });
  });
});

describe("importSis: scoping and authorization", () => {
  it("keys by src_system_id within the importer's institution only", async () => {
    await run(admin, csv([HEADER, "S-1,North,Person,STUDENT,,(312) 555-0231,CELL,S-1-P"]));
    const result = await run(lakeAdmin, csv([HEADER, "S-1,Lake,Person,STUDENT,,(312) 555-0231,CELL,S-1-P"]));
    expect(result).toMatchObject({ created: 1, updated: 0, failed: 0 });
    const rows = await getDb()
      .select({ institution_id: persons.institutionId, first_name: persons.firstName })
      .from(persons)
      .where(eq(persons.srcSystemId, "S-1"))
      .orderBy(asc(persons.firstName));
    expect(rows.map((r) => [r.institution_id, r.first_name])).toEqual([
      [lake.id, "Lake"],
      [north.id, "North"],
    ]);
  });

  it("refuses anyone but an administrator, before anything is recorded", async () => {
    const before = await getDb().$count(imports);
    const err = await run(advisor, csv([HEADER, "F-1,F,One,STUDENT,,,,"])).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe("FORBIDDEN");
    expect(await getDb().$count(imports)).toBe(before);
    expect(await srcIdsOf(north.id, "F-%")).toEqual([]);
  });

  it("records who imported, when, the file name and the counts", async () => {
    const result = await run(admin, csv([HEADER, "W-1,Who,Did,STUDENT,,,,"]), { fileName: "nightly.csv" });
    const row = await importRow(getDb(), result.id);
    expect(row).toMatchObject({
      institution_id: north.id,
      kind: "SIS",
      format: "CSV",
      origin: "API",
      file_name: "nightly.csv",
      created_by_user_id: admin.userId,
      status: "DONE",
      total_rows: 1,
      processed_rows: 1,
      created_count: 1,
    });
    expect(new Date(row.created_at as string).toISOString()).toBe(now.toISOString());
    expect(row.finished_at).not.toBeNull();
  });
});
