import { asc, eq } from "drizzle-orm";
import { personPhones, persons, phoneHistory } from "@/db/schema";
import { peopleSnapshot, personBySrc as personBySrcRow } from "@/db/testing/imports";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { createPerson, type FactoryInstitution } from "@/db/factories";
import type { Actor } from "@/lib/auth/capabilities";
import { AppError } from "@/lib/errors";
import { createImportFixtures, csv } from "@/test/import-fixtures";
import { importSis } from "./import-sis";

const now = new Date("2025-04-01T12:00:00Z");
const later = new Date("2025-04-02T12:00:00Z");
let north: FactoryInstitution;
let lake: FactoryInstitution;
let admin: Actor;
let advisor: Actor;
let lakeAdmin: Actor;

function run(actor: Actor, text: string, opts: { fileName?: string; at?: Date; batchSize?: number } = {}) {
  return importSis({
    ctx: { db: getDb(), actor, now: opts.at ?? now },
    input: { fileName: opts.fileName ?? "people.csv", origin: "WEB", open: () => [text], batchSize: opts.batchSize },
  });
}

/** Every row of the people tables of one institution, as text: a second run must leave it identical. */
async function snapshot(institutionId: string) {
  return peopleSnapshot(getDb(), institutionId);
}

async function personBySrc(institutionId: string, src: string) {
  return personBySrcRow(getDb(), institutionId, src);
}

const HEADER = "src_system_id,first_name,last_name,preferred_name,roles,emails,phone_1_number,phone_1_type,phone_1_src_system_id,phone_2_number,phone_2_type,phone_2_src_system_id";

beforeAll(async () => {
  ({ north, lake, admin, advisor, lakeAdmin } = await createImportFixtures());
});

describe("importSis: creates and updates", () => {
  it("creates persons (source SIS) with roles, emails (first primary) and phones that start SMS_DEFAULT and unverified", async () => {
    const result = await run(
      admin,
      csv([
        HEADER,
        'C-1,Ada,Lovelace,,STUDENT,Ada@Example.edu;ada2@example.edu,(312) 555-0101,CELL,C-1-P1,"+44 20 7183 8750",HOME,C-1-P2',
        'C-2,"Grace, Jr.",Hopper,Amazing,STUDENT;COACH,,,,,,,',
      ]),
    );
    expect(result).toMatchObject({ kind: "SIS", format: "CSV", origin: "WEB", status: "DONE", totalRows: 2, processedRows: 2, created: 2, updated: 0, unchanged: 0, failed: 0, rowErrors: [] });
    expect(await personBySrc(north.id, "C-1")).toMatchObject({
      first_name: "Ada",
      preferred_name: null,
      source: "SIS",
      deleted: false,
      emails: [
        { email: "ada@example.edu", is_primary: true },
        { email: "ada2@example.edu", is_primary: false },
      ],
      roles: ["STUDENT"],
      phones: [
        { src_system_id: "C-1-P1", number: "+13125550101", phone_type_src_system_id: "CELL", sms_status: "SMS_DEFAULT", verified: false, deleted: false },
        { src_system_id: "C-1-P2", number: "+442071838750", phone_type_src_system_id: "HOME", sms_status: "SMS_DEFAULT", verified: false, deleted: false },
      ],
    });
    expect(await personBySrc(north.id, "C-2")).toMatchObject({ first_name: "Grace, Jr.", preferred_name: "Amazing", emails: [], roles: ["COACH", "STUDENT"], phones: [] });
  });

  it("updates names, roles, emails (new primary), phone types; phones no longer listed are marked deleted, new ones added", async () => {
    await run(admin, csv([HEADER, "U-1,Alan,Turing,,STUDENT,a@x.edu;b@x.edu,(312) 555-0111,CELL,U-1-P1,(312) 555-0112,HOME,U-1-P2"]));
    const result = await run(
      admin,
      csv([HEADER, "U-1,Alan M.,Turing,Al,ADVISOR,b@x.edu;c@x.edu,(312) 555-0111,WORK,U-1-P1,(312) 555-0113,CELL,U-1-P3"]),
      { at: later },
    );
    expect(result).toMatchObject({ created: 0, updated: 1, unchanged: 0, failed: 0 });
    expect(await personBySrc(north.id, "U-1")).toMatchObject({
      first_name: "Alan M.",
      preferred_name: "Al",
      roles: ["ADVISOR"],
      emails: [
        { email: "b@x.edu", is_primary: true },
        { email: "c@x.edu", is_primary: false },
      ],
      phones: [
        { src_system_id: "U-1-P1", number: "+13125550111", phone_type_src_system_id: "WORK", deleted: false },
        { src_system_id: "U-1-P2", number: "+13125550112", deleted: true },
        { src_system_id: "U-1-P3", number: "+13125550113", phone_type_src_system_id: "CELL", deleted: false },
      ],
    });
  });

  it("counts a person updated when only a role, an email or a phone changed, and bumps updated_at", async () => {
    await run(admin, csv([HEADER, "R-1,Rita,Levi,,STUDENT,r@x.edu,,,,,,"]));
    const result = await run(admin, csv([HEADER, "R-1,Rita,Levi,,STUDENT;COACH,r@x.edu,,,,,,"]), { at: later });
    expect(result).toMatchObject({ updated: 1, unchanged: 0 });
    const [row] = await getDb().select({ updated_at: persons.updatedAt }).from(persons).where(eq(persons.srcSystemId, "R-1"));
    expect(row.updated_at.toISOString()).toBe(later.toISOString());
  });

  it("leaves alone what the file has no column for (emails, roles, phones, preferred name, deleted)", async () => {
    await run(admin, csv([HEADER, "L-1,Lea,Stone,Lee,COACH,lea@x.edu,(312) 555-0121,CELL,L-1-P1,,,"]));
    const result = await run(admin, csv(["src_system_id,first_name,last_name", "L-1,Lea,Stone-Park"]));
    expect(result).toMatchObject({ updated: 1, failed: 0 });
    expect(await personBySrc(north.id, "L-1")).toMatchObject({
      last_name: "Stone-Park",
      preferred_name: "Lee",
      roles: ["COACH"],
      emails: [{ email: "lea@x.edu", is_primary: true }],
      phones: [{ src_system_id: "L-1-P1", deleted: false }],
    });
  });

  it("reads JSON (an array or { persons }) like CSV, with deleted and time zone", async () => {
    const persons = [
      {
        srcSystemId: "J-1",
        firstName: "Jo",
        lastName: "March",
        timeZone: "America/Denver",
        deleted: true,
        roles: ["STUDENT"],
        emails: ["jo@x.edu"],
        phones: [{ srcSystemId: "J-1-P1", number: "3125550131", phoneTypeSrcSystemId: "CELL" }],
      },
    ];
    const result = await run(admin, JSON.stringify({ persons }), { fileName: "feed.json" });
    expect(result).toMatchObject({ format: "JSON", created: 1, failed: 0 });
    expect(await personBySrc(north.id, "J-1")).toMatchObject({ deleted: true, time_zone: "America/Denver", phones: [{ number: "+13125550131" }] });
    expect(await run(admin, JSON.stringify(persons), { fileName: "feed.json" })).toMatchObject({ unchanged: 1, updated: 0 });
  });
});

describe("importSis: the same file twice, SMS status and verified", () => {
  it("changes nothing the second time: every row, id and timestamp identical, all rows unchanged", async () => {
    const file = csv([
      HEADER,
      "I-1,Ida,Wells,,STUDENT,ida@x.edu;i2@x.edu,(312) 555-0141,CELL,I-1-P1,(312) 555-0142,HOME,I-1-P2",
      "I-2,Ian,Hu,Iggy,ADVISOR;COACH,,(312) 555-0143,WORK,I-2-P1,,,",
    ]);
    await run(admin, file);
    const before = await snapshot(north.id);
    const second = await run(admin, file, { at: later });
    expect(second).toMatchObject({ created: 0, updated: 0, unchanged: 2, failed: 0 });
    expect(await snapshot(north.id)).toEqual(before);
  });

  it("never sets or resets SMS status or verified, and writes no phone history", async () => {
    const verifier = admin.userId;
    const person = await createPerson(getDb(), north, {
      srcSystemId: "V-1",
      phones: [
        { srcSystemId: "V-1-P1", number: "+13125550151", smsStatus: "SMS_DISABLED", verifiedAt: now, verifiedByUserId: verifier },
        { srcSystemId: "V-1-P2", number: "+13125550152", smsStatus: "SMS_ENABLED" },
      ],
    });
    const historyBefore = await getDb().$count(phoneHistory);
    const result = await run(
      admin,
      csv([HEADER, "V-1,Vera,Nova,,STUDENT,,(312) 555-0151,HOME,V-1-P1,(312) 555-0152,WORK,V-1-P2"]),
      { at: later },
    );
    expect(result).toMatchObject({ updated: 1, failed: 0 });
    const phones = await getDb()
      .select({
        src_system_id: personPhones.srcSystemId,
        sms_status: personPhones.smsStatus,
        verified: personPhones.verified,
        verified_at: personPhones.verifiedAt,
        verified_by_user_id: personPhones.verifiedByUserId,
        phone_type_src_system_id: personPhones.phoneTypeSrcSystemId,
      })
      .from(personPhones)
      .where(eq(personPhones.personId, person.id))
      .orderBy(asc(personPhones.srcSystemId));
    expect(phones.map((p) => ({ ...p, verified_at: p.verified_at && new Date(p.verified_at).toISOString() }))).toEqual([
      { src_system_id: "V-1-P1", sms_status: "SMS_DISABLED", verified: true, verified_at: now.toISOString(), verified_by_user_id: verifier, phone_type_src_system_id: "HOME" },
      { src_system_id: "V-1-P2", sms_status: "SMS_ENABLED", verified: false, verified_at: null, verified_by_user_id: null, phone_type_src_system_id: "WORK" },
    ]);
    expect(await getDb().$count(phoneHistory)).toBe(historyBefore);
  });

  it("does not touch SMS status or verified of a phone it marks deleted", async () => {
    await createPerson(getDb(), north, {
      srcSystemId: "D-1",
      phones: [{ srcSystemId: "D-1-P1", number: "+13125550161", smsStatus: "SMS_DISABLED", verifiedAt: now }],
    });
    await run(admin, csv([HEADER, "D-1,Dee,Ray,,STUDENT,,,,,,,"]));
    expect((await personBySrc(north.id, "D-1"))!.phones).toEqual([
      { src_system_id: "D-1-P1", number: "+13125550161", phone_type_src_system_id: "CELL", sms_status: "SMS_DISABLED", verified: true, deleted: true },
    ]);
  });
});
