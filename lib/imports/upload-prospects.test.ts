import { and, asc, eq } from "drizzle-orm";
import { imports, personPhones, persons, phoneHistory, smsSettings } from "@/db/schema";
import { peopleSnapshot, personRolesAndEmails } from "@/db/testing/imports";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { createPerson, type FactoryInstitution } from "@/db/factories";
import type { Actor } from "@/lib/auth/capabilities";
import { AppError } from "@/lib/errors";
import { createImportFixtures, csv } from "@/test/import-fixtures";
import { addProspect, uploadProspects } from "./upload-prospects";

const now = new Date("2025-05-01T15:00:00Z");
const later = new Date("2025-05-02T15:00:00Z");
let north: FactoryInstitution;
let lake: FactoryInstitution;
let admin: Actor;
let advisor: Actor;
let lakeAdmin: Actor;

function upload(actor: Actor, text: string, at = now) {
  return uploadProspects({ ctx: { db: getDb(), actor, now: at }, input: { fileName: "fair.csv", origin: "WEB", open: () => [text] } });
}

async function phonesOf(institutionId: string, number: string) {
  return getDb()
    .select({
      id: personPhones.id,
      person_id: personPhones.personId,
      phone_type_src_system_id: personPhones.phoneTypeSrcSystemId,
      sms_status: personPhones.smsStatus,
      verified: personPhones.verified,
      verified_at: personPhones.verifiedAt,
      verified_by_user_id: personPhones.verifiedByUserId,
      src_system_id: personPhones.srcSystemId,
    })
    .from(personPhones)
    .where(and(eq(personPhones.institutionId, institutionId), eq(personPhones.number, number)))
    .orderBy(asc(personPhones.createdAt));
}

async function historyOf(phoneId: string) {
  return getDb()
    .select({
      field: phoneHistory.field,
      old_value: phoneHistory.oldValue,
      new_value: phoneHistory.newValue,
      actor_type: phoneHistory.actorType,
      actor_user_id: phoneHistory.actorUserId,
      reason: phoneHistory.reason,
      changed_at: phoneHistory.changedAt,
    })
    .from(phoneHistory)
    .where(eq(phoneHistory.phoneId, phoneId))
    .orderBy(asc(phoneHistory.id));
}

async function snapshot(institutionId: string) {
  return peopleSnapshot(getDb(), institutionId);
}

const HEADER = "first_name,last_name,phone,phone_type,email,src_system_id,role";

beforeAll(async () => {
  ({ north, lake, admin, advisor, lakeAdmin } = await createImportFixtures());
  await getDb().update(smsSettings).set({ defaultPhoneTypeId: north.phoneTypes.HOME.id }).where(eq(smsSettings.institutionId, north.id));
});

describe("uploadProspects", () => {
  it("creates prospects (source PROSPECT, role PROSPECT, primary email) whose phones are verified by the uploader now, with history", async () => {
    const result = await upload(admin, csv([HEADER, "Pia,Prospect,(312) 555-0301,,Pia@Example.edu,,", "Cal,Coach,(312) 555-0302,CELL,,CRM-9,COACH"]));
    expect(result).toMatchObject({ kind: "PROSPECT", status: "DONE", totalRows: 2, created: 2, updated: 0, failed: 0 });

    const [pia] = await phonesOf(north.id, "+13125550301");
    expect(pia).toMatchObject({ phone_type_src_system_id: "HOME", sms_status: "SMS_DEFAULT", verified: true, verified_by_user_id: admin.userId, src_system_id: null });
    expect(new Date(pia.verified_at!).toISOString()).toBe(now.toISOString());
    expect(await historyOf(pia.id)).toEqual([
      { field: "VERIFIED", old_value: "false", new_value: "true", actor_type: "USER", actor_user_id: admin.userId, reason: "PROSPECT_UPLOAD", changed_at: expect.anything() },
    ]);
    const person = await personRolesAndEmails(getDb(), pia.person_id);
    expect(person).toEqual({ source: "PROSPECT", first_name: "Pia", src_system_id: null, roles: ["PROSPECT"], emails: [{ email: "pia@example.edu", primary: true }] });

    const [cal] = await phonesOf(north.id, "+13125550302");
    expect(cal.phone_type_src_system_id).toBe("CELL");
    const [calPerson] = await getDb().select({ src_system_id: persons.srcSystemId }).from(persons).where(eq(persons.id, cal.person_id));
    expect(calPerson.src_system_id).toBe("CRM-9");
  });

  it("adds or verifies the phone of an existing person (by src_system_id, email, or name and number) without changing them", async () => {
    const bySrc = await createPerson(getDb(), north, { srcSystemId: "EX-1", firstName: "Sam", emails: ["sam@x.edu"] });
    const byEmail = await createPerson(getDb(), north, { emails: ["eve@x.edu"], firstName: "Eve", lastName: "Old" });
    const byName = await createPerson(getDb(), north, { firstName: "Ned", lastName: "Name", phones: [{ number: "+13125550313", smsStatus: "SMS_DISABLED" }] });
    const verified = await createPerson(getDb(), north, { firstName: "Vic", lastName: "Done", phones: [{ number: "+13125550314", verifiedAt: now, verifiedByUserId: advisor.userId }] });

    const result = await upload(
      admin,
      csv([
        HEADER,
        "Samuel,Renamed,(312) 555-0311,,,EX-1,",
        "Eve,New,(312) 555-0312,,EVE@x.edu,,",
        "ned,NAME,(312) 555-0313,,,,",
        "Vic,Done,(312) 555-0314,,,,",
      ]),
      later,
    );
    expect(result).toMatchObject({ created: 0, updated: 3, unchanged: 1, failed: 0 });

    const [samPhone] = await phonesOf(north.id, "+13125550311");
    expect(samPhone).toMatchObject({ person_id: bySrc.id, verified: true, verified_by_user_id: admin.userId });
    const [sam] = await getDb().select({ first_name: persons.firstName, last_name: persons.lastName }).from(persons).where(eq(persons.id, bySrc.id));
    expect(sam).toEqual({ first_name: "Sam", last_name: bySrc.lastName });
    expect((await phonesOf(north.id, "+13125550312"))[0].person_id).toBe(byEmail.id);

    const nedPhones = await phonesOf(north.id, "+13125550313");
    expect(nedPhones).toHaveLength(1);
    expect(nedPhones[0]).toMatchObject({ id: byName.phones[0].id, verified: true, sms_status: "SMS_DISABLED", verified_by_user_id: admin.userId });
    expect(await historyOf(byName.phones[0].id)).toHaveLength(1);

    const [vic] = await phonesOf(north.id, "+13125550314");
    expect(vic).toMatchObject({ id: verified.phones[0].id, verified_by_user_id: advisor.userId });
    expect(new Date(vic.verified_at!).toISOString()).toBe(now.toISOString());
    expect(await historyOf(vic.id)).toEqual([]);
  });

  it("changes nothing when the same file is uploaded again", async () => {
    const file = csv([HEADER, "Twin,One,(312) 555-0321,,twin1@x.edu,,", "Twin,Two,(312) 555-0322,WORK,,,", "Twin,Three,(312) 555-0323,,,TW-3,"]);
    await upload(admin, file);
    const before = await snapshot(north.id);
    expect(await upload(admin, file, later)).toMatchObject({ created: 0, updated: 0, unchanged: 3, failed: 0 });
    expect(await snapshot(north.id)).toEqual(before);
  });

  it("reports bad rows with the reason while the good rows load, and writes nothing of a bad row", async () => {
    await createPerson(getDb(), north, { emails: ["shared@x.edu"] });
    await createPerson(getDb(), north, { emails: ["shared@x.edu"] });
    const result = await upload(
      admin,
      csv([
        HEADER,
        "Good,Row,(312) 555-0331,,good@x.edu,,",
        "Bad,Phone,12345,,,,",
        "No,Phone,,,,,",
        ",Nofirst,(312) 555-0332,,,,",
        "Bad,Role,(312) 555-0333,,,,ALUMNUS",
        "Bad,Type,(312) 555-0334,PAGER,,,",
        "Dup,Email,(312) 555-0335,,GOOD@x.edu,,",
        "Dup,Number,312-555-0331,,,,",
        "Amb,Iguous,(312) 555-0336,,shared@x.edu,,",
      ]),
    );
    expect(result).toMatchObject({ created: 1, failed: 8 });
    expect(result.rowErrors.map((e) => [e.rowNumber, e.reason, e.field])).toEqual([
      [3, "BAD_PHONE", "phone"],
      [4, "MISSING_FIELD", "phone"],
      [5, "MISSING_FIELD", "first_name"],
      [6, "UNKNOWN_ROLE", "role"],
      [7, "UNKNOWN_PHONE_TYPE", "phone_type"],
      [8, "DUPLICATE", "email"],
      [9, "DUPLICATE", "phone"],
      [10, "DUPLICATE", "email"],
    ]);
    for (const n of ["+13125550332", "+13125550333", "+13125550334", "+13125550335", "+13125550336"]) {
      expect(await phonesOf(north.id, n)).toEqual([]);
    }
  });

  it("matches within the uploader's institution only", async () => {
    await createPerson(getDb(), north, { srcSystemId: "SCOPE-1", emails: ["scope@x.edu"] });
    const result = await upload(lakeAdmin, csv([HEADER, "Sco,Pe,(312) 555-0341,,scope@x.edu,SCOPE-1,"]));
    expect(result).toMatchObject({ created: 1, updated: 0 });
    const [phone] = await phonesOf(lake.id, "+13125550341");
    const [owner] = await getDb().select({ institution_id: persons.institutionId }).from(persons).where(eq(persons.id, phone.person_id));
    expect(owner.institution_id).toBe(lake.id);
    expect(await phonesOf(north.id, "+13125550341")).toEqual([]);
  });

  it("is for administrators only, and needs a user (the verifier)", async () => {
    for (const actor of [advisor, { kind: "system", institutionId: north.id, source: "import" } as const]) {
      const err = await uploadProspects({
        ctx: { db: getDb(), actor, now },
        input: { fileName: "x.csv", origin: "WEB", open: () => [csv([HEADER, "A,B,(312) 555-0351,,,,"])] },
      }).catch((e: unknown) => e);
      expect((err as AppError).code).toBe("FORBIDDEN");
    }
    expect(await phonesOf(north.id, "+13125550351")).toEqual([]);
  });
});

describe("addProspect (the manual form)", () => {
  it("adds one prospect with a verified phone, recorded as a FORM import", async () => {
    const result = await addProspect({
      ctx: { db: getDb(), actor: admin, now },
      input: { firstName: "Fay", lastName: "Form", phone: "(312) 555-0361", phoneType: "", email: "fay@x.edu", srcSystemId: "", role: "" },
    });
    expect(result).toMatchObject({ format: "FORM", origin: "WEB", created: 1, failed: 0, createdBy: expect.any(String) });
    expect((await phonesOf(north.id, "+13125550361"))[0]).toMatchObject({ verified: true, verified_by_user_id: admin.userId, phone_type_src_system_id: "HOME" });
  });

  it("answers field errors and records nothing when the form is wrong", async () => {
    const before = await getDb().$count(imports);
    const err = (await addProspect({
      ctx: { db: getDb(), actor: admin, now },
      input: { firstName: "", lastName: "Form", phone: "call me", role: "NOPE" },
    }).catch((e: unknown) => e)) as AppError;
    expect(err.code).toBe("VALIDATION");
    expect(err.fieldErrors).toEqual({ firstName: "Required.", phone: expect.stringMatching(/no letters/) });
    expect(await getDb().$count(imports)).toBe(before);
  });
});
