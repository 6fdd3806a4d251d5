import { describe, expect, it } from "vitest";
import type { SisCurrentPerson, SisCurrentPhone } from "@/db/queries/sis-import";
import type { SisRow } from "./sis-row";
import { isUnchanged } from "./sis-unchanged";

const current: SisCurrentPerson = {
  id: "p1",
  firstName: "Ada",
  lastName: "King",
  preferredName: "Countess",
  timeZone: "Europe/London",
  state: "TX",
  deleted: false,
  roleIds: ["r-student", "r-coach"],
  emails: ["b@x.edu", "a@x.edu"],
  primaryEmail: "a@x.edu",
  activePhoneSrcIds: ["P1", "P2"],
};
const phones = new Map<string, SisCurrentPhone>([
  ["P1", { id: "ph1", personId: "p1", number: "+13125550101", phoneTypeId: "t-cell", deleted: false }],
  ["P2", { id: "ph2", personId: "p1", number: "+13125550102", phoneTypeId: "t-home", deleted: false }],
  ["P3", { id: "ph3", personId: "p1", number: "+13125550103", phoneTypeId: "t-home", deleted: true }],
]);
const same: SisRow = {
  rowNumber: 2,
  srcSystemId: "S1",
  firstName: "Ada",
  lastName: "King",
  preferredName: "Countess",
  timeZone: "Europe/London",
  state: "TX",
  deleted: false,
  roleIds: ["r-coach", "r-student"],
  emails: ["a@x.edu", "b@x.edu"],
  phones: [
    { srcSystemId: "P2", number: "+13125550102", phoneTypeId: "t-home", phoneTypeSrcSystemId: "HOME" },
    { srcSystemId: "P1", number: "+13125550101", phoneTypeId: "t-cell", phoneTypeSrcSystemId: "CELL" },
  ],
  phoneFields: ["phone_1_src_system_id", "phone_2_src_system_id"],
};
const without = (...keys: (keyof SisRow)[]) => Object.fromEntries(Object.entries(same).filter(([k]) => !keys.includes(k as keyof SisRow))) as SisRow;

describe("isUnchanged", () => {
  it.each<[string, SisRow, boolean]>([
    ["the same person in another order", same, true],
    ["only the columns the file has (the rest is left alone)", { ...without("preferredName", "timeZone", "state", "deleted", "roleIds", "emails", "phones"), preferredName: undefined }, true],
    ["a new first name", { ...same, firstName: "Augusta" }, false],
    ["a cleared preferred name", { ...same, preferredName: null }, false],
    ["another time zone", { ...same, timeZone: "America/Chicago" }, false],
    ["another state", { ...same, state: "HI" }, false],
    ["a cleared state", { ...same, state: null }, false],
    ["now deleted", { ...same, deleted: true }, false],
    ["a role fewer", { ...same, roleIds: ["r-student"] }, false],
    ["another primary email", { ...same, emails: ["b@x.edu", "a@x.edu"] }, false],
    ["an email more", { ...same, emails: ["a@x.edu", "b@x.edu", "c@x.edu"] }, false],
    ["a phone no longer listed", { ...same, phones: same.phones!.slice(0, 1) }, false],
    ["a phone of another type", { ...same, phones: [same.phones![0], { ...same.phones![1], phoneTypeId: "t-work" }] }, false],
    ["a deleted phone listed again", { ...same, phones: [...same.phones!, { srcSystemId: "P3", number: "+13125550103", phoneTypeId: "t-home", phoneTypeSrcSystemId: "HOME" }] }, false],
    ["a new phone", { ...same, phones: [...same.phones!, { srcSystemId: "P9", number: "+13125550109", phoneTypeId: "t-home", phoneTypeSrcSystemId: "HOME" }] }, false],
  ])("%s → %s", (_, row, expected) => {
    expect(isUnchanged(row, current, phones)).toBe(expected);
  });
});
