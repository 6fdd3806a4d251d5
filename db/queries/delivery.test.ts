import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { createInstitution, createPerson } from "@/db/factories";
import { loadRecipients } from "./delivery";

describe("loadRecipients", () => {
  it("packs each known person with audience, primary email and current phones; others are absent", async () => {
    const db = getDb();
    const inst = await createInstitution(db);
    const other = await createInstitution(db);
    const verifiedAt = new Date("2025-03-04T05:06:07.891Z");
    const student = await createPerson(db, inst, {
      firstName: "Ana",
      lastName: "Ruiz",
      emails: ["ana@example.test", "ana.alt@example.test"],
      phones: [{ smsStatus: "SMS_ENABLED", verifiedAt }, { smsStatus: "SMS_DEFAULT", type: "HOME" }, { deleted: true }],
    });
    // A staff member who is also a student is staff.
    const staff = await createPerson(db, inst, { kind: "staff", roles: ["STUDENT", "FACULTY"], emails: [] });
    const deleted = await createPerson(db, inst, { deleted: true });
    const foreign = await createPerson(db, other);
    // Microseconds beyond the millisecond are truncated, as a Date parsed from PostgreSQL's text would be.
    await db.execute(sql`update person_phones set verified_at = '2025-03-04 05:06:07.891999+00' where id = ${student.phones[0].id}`);
    await db.execute(sql`update person_phones set created_at = '2024-01-02 03:04:05.678999+00' where id = ${student.phones[1].id}`);

    const loaded = await loadRecipients(db, inst.id, [staff.id, student.id, deleted.id, foreign.id, "00000000-0000-4000-8000-000000000000"]);

    expect(loaded.map((r) => r.id).sort()).toEqual([staff.id, student.id].sort());
    const ana = loaded.find((r) => r.id === student.id)!;
    expect(ana).toMatchObject({ name: "Ana Ruiz", audience: "STUDENT", primaryEmail: "ana@example.test" });
    expect(ana.phones.map((p) => p.id).sort()).toEqual([student.phones[0].id, student.phones[1].id].sort());
    const enabled = ana.phones.find((p) => p.id === student.phones[0].id)!;
    expect(enabled).toEqual({
      id: student.phones[0].id,
      number: student.phones[0].number,
      smsStatus: "SMS_ENABLED",
      verifiedAt,
      phoneTypeId: student.phones[0].phoneTypeId,
      phoneTypeSrcSystemId: "CELL",
      deleted: false,
      createdAt: student.phones[0].createdAt,
    });
    const home = ana.phones.find((p) => p.id === student.phones[1].id)!;
    expect(home.verifiedAt).toBeNull();
    expect(home.phoneTypeSrcSystemId).toBe("HOME");
    expect(home.createdAt.toISOString()).toBe("2024-01-02T03:04:05.678Z");

    expect(loaded.find((r) => r.id === staff.id)).toMatchObject({ audience: "STAFF", primaryEmail: null, phones: [] });
  });

  it("answers nothing for no ids", async () => {
    expect(await loadRecipients(getDb(), "00000000-0000-4000-8000-000000000000", [])).toEqual([]);
  });
});
