import { and, asc, eq, like } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { createPerson, type FactoryInstitution } from "@/db/factories";
import { persons } from "@/db/schema";
import type { Actor } from "@/lib/auth/capabilities";
import { createImportFixtures, csv } from "@/test/import-fixtures";
import { importSis } from "./import-sis";

/* The SIS import's time_zone and state columns (SPEC §8, §9): checked per row, stored, cleared, scoped. */

const now = new Date("2026-12-01T12:00:00Z");
let north: FactoryInstitution;
let lake: FactoryInstitution;
let admin: Actor;

const run = (text: string, fileName = "people.csv") =>
  importSis({ ctx: { db: getDb(), actor: admin, now }, input: { fileName, origin: "API", open: () => [text] } });

async function locations(institutionId: string, prefix: string) {
  return getDb()
    .select({ src: persons.srcSystemId, timeZone: persons.timeZone, state: persons.state })
    .from(persons)
    .where(and(eq(persons.institutionId, institutionId), like(persons.srcSystemId, `${prefix}%`)))
    .orderBy(asc(persons.srcSystemId));
}

beforeAll(async () => {
  ({ north, lake, admin } = await createImportFixtures());
});

describe("importSis: time_zone and state", () => {
  it("stores good values (normalized), reports bad ones by column and loads nothing of those rows", async () => {
    const result = await run(
      csv([
        "src_system_id,first_name,last_name,time_zone,state",
        "L-TX,Tex,Ranger,America/Chicago,TX",
        "L-AZ,Ari,Zona,america/phoenix,az",
        "L-HI,Hal,Ani,Pacific/Honolulu,HI",
        "L-ALIAS,Al,Ias,US/Eastern,",
        "L-BADZ,Bad,Zone,EST,NY",
        "L-BADS,Bad,State,America/New_York,XX",
        "L-BOTH,Bad,Both,Mars/Olympus,Texas",
      ]),
    );
    expect(result).toMatchObject({ status: "DONE", totalRows: 7, created: 4, failed: 3 });
    expect(result.rowErrors.map((e) => [e.rowNumber, e.recordKey, e.reason, e.field, e.message])).toEqual([
      [6, "L-BADZ", "BAD_VALUE", "time_zone", "Not an IANA time zone (e.g. America/Chicago)."],
      [7, "L-BADS", "BAD_VALUE", "state", "Not a US state code: use the two-letter USPS code (e.g. TX, DC or PR)."],
      [8, "L-BOTH", "BAD_VALUE", "time_zone", "Not an IANA time zone (e.g. America/Chicago)."],
      [8, "L-BOTH", "BAD_VALUE", "state", "Not a US state code: use the two-letter USPS code (e.g. TX, DC or PR)."],
    ]);
    expect(await locations(north.id, "L-")).toEqual([
      { src: "L-ALIAS", timeZone: "US/Eastern", state: null },
      { src: "L-AZ", timeZone: "America/Phoenix", state: "AZ" },
      { src: "L-HI", timeZone: "Pacific/Honolulu", state: "HI" },
      { src: "L-TX", timeZone: "America/Chicago", state: "TX" },
    ]);
  });

  it("updates and clears them; a file without the columns leaves them alone; the same file again changes nothing", async () => {
    await createPerson(getDb(), north, { srcSystemId: "U-1", firstName: "Una", lastName: "One" });
    await createPerson(getDb(), north, { srcSystemId: "U-2", firstName: "Two", lastName: "Too" });
    const file = csv(["src_system_id,first_name,last_name,time_zone,state", "U-1,Una,One,America/Denver,CO", "U-2,Two,Too,,"]);
    expect(await run(file)).toMatchObject({ created: 0, updated: 1, unchanged: 1, failed: 0 });
    expect(await run(file)).toMatchObject({ created: 0, updated: 0, unchanged: 2, failed: 0 });
    expect(await run(csv(["src_system_id,first_name,last_name", "U-1,Una,One"]))).toMatchObject({ updated: 0, unchanged: 1 });
    expect(await locations(north.id, "U-")).toEqual([
      { src: "U-1", timeZone: "America/Denver", state: "CO" },
      { src: "U-2", timeZone: null, state: null },
    ]);
    expect(await run(csv(["src_system_id,first_name,last_name,state", "U-1,Una,One,"]))).toMatchObject({ updated: 1 });
    expect(await locations(north.id, "U-1")).toEqual([{ src: "U-1", timeZone: "America/Denver", state: null }]);
  });

  it("accepts JSON with timeZone and state, and never touches another institution's person with the same key", async () => {
    await createPerson(getDb(), lake, { srcSystemId: "J-1", firstName: "Lake", lastName: "Person" });
    const result = await run(JSON.stringify({ persons: [{ srcSystemId: "J-1", firstName: "Jay", lastName: "Son", timeZone: "America/Los_Angeles", state: "ca" }] }), "people.json");
    expect(result).toMatchObject({ created: 1, failed: 0 });
    expect(await locations(north.id, "J-")).toEqual([{ src: "J-1", timeZone: "America/Los_Angeles", state: "CA" }]);
    expect(await locations(lake.id, "J-")).toEqual([{ src: "J-1", timeZone: null, state: null }]);
  });
});
