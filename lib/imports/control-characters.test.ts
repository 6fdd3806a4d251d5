import { and, asc, eq, like } from "drizzle-orm";
import { personPhones } from "@/db/schema";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { loadActor } from "@/lib/auth/load-actor";
import { createInstitution, createPerson, createUser, type FactoryInstitution } from "@/db/factories";
import type { Actor } from "@/lib/auth/capabilities";
import { uploadProspects } from "./upload-prospects";

/*
 * Issue 13.3: a cell with NUL or another control character is a row problem naming its column;
 * the other rows are imported and nothing of the bad row is stored (PostgreSQL refuses NUL).
 */

let inst: FactoryInstitution;
let admin: Actor;

beforeAll(async () => {
  inst = await createInstitution(getDb());
  const person = await createPerson(getDb(), inst, { kind: "staff", roles: ["ADMIN"] });
  admin = (await loadActor(getDb(), (await createUser(getDb(), person)).id))!;
});

describe("control characters in an import", () => {
  it("makes the cell's row a BAD_VALUE problem on that column and imports the rest", async () => {
    const text = [
      "first_name,last_name,phone,phone_type,email,src_system_id,role",
      "Good,Row,(312) 555-0441,,,,",
      "An\u0000a,Lopez,(312) 555-0442,,,,",
      "Bea,Diaz,(312) 555-0443,,,P-\u0007,",
    ].join("\n");
    const result = await uploadProspects({
      ctx: { db: getDb(), actor: admin, now: new Date() },
      input: { fileName: "fair.csv", origin: "WEB", open: () => [text] },
    });
    expect(result).toMatchObject({ status: "DONE", created: 1, failed: 2 });
    expect(result.rowErrors.map((e) => [e.rowNumber, e.reason, e.field, e.recordKey])).toEqual([
      [3, "BAD_VALUE", "first_name", "Lopez"],
      [4, "BAD_VALUE", "src_system_id", "Bea Diaz"],
    ]);
    const stored = await getDb()
      .select({ number: personPhones.number })
      .from(personPhones)
      .where(and(eq(personPhones.institutionId, inst.id), like(personPhones.number, "+1312555044%")))
      .orderBy(asc(personPhones.number));
    expect(stored.map((r) => r.number)).toEqual(["+13125550441"]);
  });
});
