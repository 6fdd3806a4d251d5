import { describe, expect, it } from "vitest";
import { decideCapabilities } from "./capabilities";

const advisor = { id: "r-adv", kind: "STAFF" as const, grantsAdmin: false };
const admin = { id: "r-adm", kind: "STAFF" as const, grantsAdmin: true };
const student = { id: "r-stu", kind: "STUDENT" as const, grantsAdmin: false };

describe("decideCapabilities", () => {
  it.each([
    ["permitted advisor", [advisor], ["r-adv"], false, { admin: false, operator: false, staff: true, student: false, permittedSender: true }],
    ["advisor not in Permitted Roles", [advisor], [], false, { admin: false, operator: false, staff: true, student: false, permittedSender: false }],
    ["administrator", [admin], [], false, { admin: true, operator: false, staff: true, student: false, permittedSender: false }],
    ["student even if the student role is listed", [student], ["r-stu"], false, { admin: false, operator: false, staff: false, student: true, permittedSender: false }],
    ["staff and student roles → staff", [student, advisor], ["r-adv"], false, { admin: false, operator: false, staff: true, student: false, permittedSender: true }],
    ["no roles → student", [], [], false, { admin: false, operator: false, staff: false, student: true, permittedSender: false }],
    ["operator", [], [], true, { admin: false, operator: true, staff: false, student: false, permittedSender: false }],
  ])("%s", (_name, roles, permitted, isOperator, expected) => {
    expect(decideCapabilities({ roles, permittedRoleIds: permitted, isOperator })).toEqual(expected);
  });
});
