import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { parseProspectHeader, prospectRecordFromCsv } from "./prospect-row";
import { parseSisHeader, sisRecordFromCsv } from "./sis-format";

describe("parseSisHeader", () => {
  it("reads required, optional and phone group columns, case-insensitively and in any order", () => {
    const layout = parseSisHeader([" Last_Name", "SRC_SYSTEM_ID", "first_name", "phone_2_type", "phone_2_number", "phone_2_src_system_id", "roles"]);
    expect(layout.single).toEqual({ last_name: 0, src_system_id: 1, first_name: 2, roles: 6 });
    expect(layout.phones).toEqual([{ n: 2, number: 4, type: 3, srcSystemId: 5 }]);
  });

  it.each<[string[], RegExp]>([
    [["src_system_id", "first_name"], /"last_name" is missing/],
    [["src_system_id", "first_name", "last_name", "email"], /Unknown column "email"/],
    [["src_system_id", "first_name", "last_name", "roles", "ROLES"], /"roles" appears twice/],
    [["src_system_id", "first_name", "last_name", "phone_1_number", "phone_1_type"], /Phone 1 needs phone_1_src_system_id/],
    [["src_system_id", "first_name", "last_name", "phone_0_number"], /Unknown column "phone_0_number"/],
  ])("refuses %j", (header, message) => {
    expect(() => parseSisHeader(header)).toThrow(AppError);
    expect(() => parseSisHeader(header)).toThrow(message);
  });
});

describe("sisRecordFromCsv", () => {
  const layout = parseSisHeader([
    "src_system_id",
    "first_name",
    "last_name",
    "deleted",
    "roles",
    "emails",
    "phone_1_number",
    "phone_1_type",
    "phone_1_src_system_id",
    "phone_3_number",
    "phone_3_type",
    "phone_3_src_system_id",
  ]);

  it("splits lists on ; (or ,), reads booleans, skips blank phone groups and names problems by column", () => {
    const { record, fieldName } = sisRecordFromCsv(layout, ["S1", "Ada", "King", "Yes", "STUDENT; COACH", "a@x.edu,b@x.edu", "", "", "", "312 555 0101", "CELL", "S1-P3"]);
    expect(record).toEqual({
      srcSystemId: "S1",
      firstName: "Ada",
      lastName: "King",
      deleted: true,
      roles: ["STUDENT", "COACH"],
      emails: ["a@x.edu", "b@x.edu"],
      phones: [{ number: "312 555 0101", phoneTypeSrcSystemId: "CELL", srcSystemId: "S1-P3" }],
    });
    expect(fieldName(["phones", 0, "number"])).toBe("phone_3_number");
    expect(fieldName(["phones", 0, "phoneTypeSrcSystemId"])).toBe("phone_3_type");
    expect(fieldName(["emails", 1])).toBe("emails");
    expect(fieldName(["firstName"])).toBe("first_name");
  });

  it("leaves a word that is not a boolean for the schema to refuse, and blank lists empty", () => {
    const { record } = sisRecordFromCsv(layout, ["S1", "Ada", "King", "maybe", "", " ", "", "", "", "", "", ""]);
    expect(record).toMatchObject({ deleted: "maybe", roles: [], emails: [], phones: [] });
  });

  it("has no key for a column the header lacks (left alone on update)", () => {
    const { record } = sisRecordFromCsv(parseSisHeader(["src_system_id", "first_name", "last_name"]), ["S1", "Ada", "King"]);
    expect(record).toEqual({ srcSystemId: "S1", firstName: "Ada", lastName: "King" });
  });
});

describe("prospect header", () => {
  it("maps columns and refuses unknown or missing ones", () => {
    const layout = parseProspectHeader(["Phone", "first_name", "last_name", "email"]);
    expect(prospectRecordFromCsv(layout, ["(312) 555-0101", "Pia", "Lee", ""])).toEqual({ phone: "(312) 555-0101", firstName: "Pia", lastName: "Lee", email: "" });
    expect(() => parseProspectHeader(["first_name", "last_name"])).toThrow(/"phone" is missing/);
    expect(() => parseProspectHeader(["first_name", "last_name", "phone", "mobile"])).toThrow(/Unknown column "mobile"/);
  });
});
