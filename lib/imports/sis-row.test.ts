import { describe, expect, it } from "vitest";
import { newProspectSeen, validateProspectRow } from "./prospect-row";
import { jsonFieldName } from "./row-problems";
import { buildSisPersonSchema, newSeenInFile, validateSisRow, type ImportRefs } from "./sis-row";

const refs: ImportRefs = {
  roleIdByCode: new Map([["STUDENT", "r-student"], ["COACH", "r-coach"]]),
  phoneTypeIdBySrcId: new Map([["CELL", "t-cell"], ["AVISO.SYSTEM", "t-system"]]),
};
const schema = buildSisPersonSchema(refs);
const base = { srcSystemId: "S1", firstName: "Ada", lastName: "King" };
const phone = { srcSystemId: "S1-P", number: "(312) 555-0101", phoneTypeSrcSystemId: "CELL" };
const problems = (raw: unknown) => {
  const r = validateSisRow(2, raw, jsonFieldName, schema, refs, newSeenInFile());
  return r.ok ? [] : r.problems.map((p) => [p.reason, p.field]);
};

describe("validateSisRow", () => {
  it.each<[string, unknown, (string | null)[][]]>([
    ["a good row", { ...base, roles: ["STUDENT"], emails: ["A@x.edu"], phones: [phone] }, []],
    ["a blank first name", { ...base, firstName: "  " }, [["MISSING_FIELD", "firstName"]]],
    ["no src_system_id", { firstName: "A", lastName: "B" }, [["MISSING_FIELD", "srcSystemId"]]],
    ["letters in a number", { ...base, phones: [{ ...phone, number: "CALL-ME" }] }, [["BAD_PHONE", "phones[0].number"]]],
    ["too few digits", { ...base, phones: [{ ...phone, number: "555" }] }, [["BAD_PHONE", "phones[0].number"]]],
    ["an unknown role", { ...base, roles: ["WIZARD"] }, [["UNKNOWN_ROLE", "roles[0]"]]],
    ["an unknown phone type", { ...base, phones: [{ ...phone, phoneTypeSrcSystemId: "FAX" }] }, [["UNKNOWN_PHONE_TYPE", "phones[0].phoneTypeSrcSystemId"]]],
    ["the System phone type", { ...base, phones: [{ ...phone, phoneTypeSrcSystemId: "AVISO.SYSTEM" }] }, [["UNKNOWN_PHONE_TYPE", "phones[0].phoneTypeSrcSystemId"]]],
    ["a reserved phone src id", { ...base, phones: [{ ...phone, srcSystemId: "X.AVISO.SMS" }] }, [["BAD_VALUE", "phones[0].srcSystemId"]]],
    ["an email twice", { ...base, emails: ["a@x.edu", "A@x.edu"] }, [["DUPLICATE", "emails[1]"]]],
    ["a phone src id twice in the row", { ...base, phones: [phone, { ...phone, number: "3125550102" }] }, [["DUPLICATE", "phones[1].srcSystemId"]]],
    ["a bad time zone", { ...base, timeZone: "Mars/Olympus" }, [["BAD_VALUE", "timeZone"]]],
    ["a zone abbreviation", { ...base, timeZone: "EST" }, [["BAD_VALUE", "timeZone"]]],
    ["a state that is none", { ...base, state: "XX" }, [["BAD_VALUE", "state"]]],
    ["a state's full name", { ...base, state: "Texas" }, [["BAD_VALUE", "state"]]],
    ["a zone and a state", { ...base, timeZone: "America/Phoenix", state: "AZ" }, []],
    ["an unknown field", { ...base, nickname: "Ady" }, [["BAD_VALUE", "nickname"]]],
  ])("%s", (_, raw, expected) => {
    expect(problems(raw)).toEqual(expected);
  });

  it("normalizes: E.164 numbers, lower-cased emails, role and type ids, blank preferred name cleared", () => {
    const r = validateSisRow(2, { ...base, preferredName: " ", roles: ["STUDENT", "STUDENT"], emails: ["A@X.edu"], phones: [phone] }, jsonFieldName, schema, refs, newSeenInFile());
    expect(r).toEqual({
      ok: true,
      row: {
        rowNumber: 2,
        ...base,
        preferredName: null,
        roleIds: ["r-student"],
        emails: ["a@x.edu"],
        phones: [{ srcSystemId: "S1-P", number: "+13125550101", phoneTypeId: "t-cell", phoneTypeSrcSystemId: "CELL" }],
        phoneFields: ["phones[0].srcSystemId"],
      },
    });
  });

  it("remembers keys across rows, also of rows that failed", () => {
    const seen = newSeenInFile();
    validateSisRow(2, { ...base, firstName: "", phones: [phone] }, jsonFieldName, schema, refs, seen);
    const again = validateSisRow(3, { ...base, srcSystemId: "S2", phones: [phone] }, jsonFieldName, schema, refs, seen);
    expect(again.ok).toBe(true);
    const dup = validateSisRow(4, base, jsonFieldName, schema, refs, seen);
    expect(dup).toMatchObject({ ok: false, problems: [{ reason: "DUPLICATE", message: "src_system_id S1 is already on row 2." }] });
    const dupPhone = validateSisRow(5, { ...base, srcSystemId: "S3", phones: [phone] }, jsonFieldName, schema, refs, seen);
    expect(dupPhone).toMatchObject({ ok: false, problems: [{ reason: "DUPLICATE", message: "Phone src_system_id S1-P is already on row 3." }] });
  });
});

describe("validateProspectRow", () => {
  const prefs = { ...refs, roleIdByCode: new Map([["PROSPECT", "r-prospect"]]), defaultPhoneTypeSrcId: "CELL" };
  it("defaults the role to PROSPECT and the type to the Default SMS Phone Type", () => {
    expect(validateProspectRow(2, { firstName: "Pia", lastName: "Lee", phone: "312 555 0101", email: "" }, jsonFieldName, prefs, newProspectSeen())).toEqual({
      ok: true,
      row: { rowNumber: 2, firstName: "Pia", lastName: "Lee", number: "+13125550101", phoneTypeId: "t-cell", phoneTypeSrcSystemId: "CELL", email: null, srcSystemId: null, roleId: "r-prospect" },
    });
  });
  it("reports a missing phone and a bad email together", () => {
    const r = validateProspectRow(2, { firstName: "Pia", lastName: "Lee", phone: "", email: "nope" }, jsonFieldName, prefs, newProspectSeen());
    expect(r.ok ? [] : r.problems.map((p) => [p.reason, p.field])).toEqual([
      ["MISSING_FIELD", "phone"],
      ["BAD_VALUE", "email"],
    ]);
  });
});
