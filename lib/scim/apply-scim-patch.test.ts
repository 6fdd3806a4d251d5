import { describe, expect, it } from "vitest";
import { applyScimPatch } from "./apply-scim-patch";
import { ScimError } from "./scim-error";
import { validateScimUser, type ScimUserState } from "./scim-user";

const jane: ScimUserState = {
  userName: "jane@north.edu",
  externalId: "ext-1",
  displayName: "Jane Doe",
  givenName: "Jane",
  familyName: "Doe",
  emails: [{ value: "jane@north.edu", primary: true }],
  active: true,
};

const patch = (...Operations: unknown[]) => validateScimUser(applyScimPatch(jane, { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations }));

function refusal(fn: () => unknown) {
  try {
    fn();
  } catch (e) {
    if (e instanceof ScimError) return { status: e.status, scimType: e.scimType };
    throw e;
  }
  throw new Error("not refused");
}

describe("applyScimPatch", () => {
  it.each([
    ["Entra ID: capitalised op, string boolean", { op: "Replace", path: "active", value: "False" }, false],
    ["Entra ID: lower-case string", { op: "replace", path: "active", value: "false" }, false],
    ["Okta: no path, value object", { op: "replace", value: { active: false } }, false],
    ["a plain boolean", { op: "replace", path: "active", value: false }, false],
    ["Entra ID reactivating", { op: "Replace", path: "active", value: "True" }, true],
    ["add on active", { op: "Add", path: "active", value: "False" }, false],
  ])("deactivation shape — %s", (_what, operation, active) => {
    expect(patch(operation).active).toBe(active);
  });

  it("Entra ID's attribute updates: names, display name, work email, externalId", () => {
    const out = patch(
      { op: "Replace", path: "name.givenName", value: "Janet" },
      { op: "Replace", path: "name.familyName", value: "Smith" },
      { op: "Replace", path: "displayName", value: "Janet Smith" },
      { op: "Replace", path: 'emails[type eq "work"].value', value: "Janet.Smith@North.edu" },
      { op: "Add", path: "externalId", value: "ext-2" },
      { op: "Add", path: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department", value: "Advising" },
      { op: "Replace", path: "title", value: "Advisor" },
    );
    expect(out).toEqual({
      active: true,
      write: {
        userName: "jane@north.edu",
        displayName: "Janet Smith",
        givenName: "Janet",
        familyName: "Smith",
        emails: ["janet.smith@north.edu"],
        externalId: "ext-2",
      },
    });
  });

  it("Okta's path-less replace of several attributes, dotted and nested", () => {
    const out = patch({ op: "replace", value: { userName: "J.Doe@North.edu", name: { givenName: "J" }, "name.familyName": "Doe-Ray", active: true } });
    expect(out.write).toMatchObject({ userName: "j.doe@north.edu", givenName: "J", familyName: "Doe-Ray" });
  });

  it("the core schema's URN prefix on a path", () => {
    expect(patch({ op: "replace", path: "urn:ietf:params:scim:schemas:core:2.0:User:active", value: false }).active).toBe(false);
  });

  it("emails: replace the list, add to it, remove it (the sign-in address then stands)", () => {
    expect(patch({ op: "replace", path: "emails", value: [{ value: "b@north.edu" }, { value: "a@north.edu", primary: true }] }).write.emails).toEqual([
      "a@north.edu",
      "b@north.edu",
    ]);
    expect(patch({ op: "add", path: "emails", value: [{ value: "home@mail.test" }] }).write.emails).toEqual(["jane@north.edu", "home@mail.test"]);
    expect(patch({ op: "remove", path: "emails" }).write.emails).toEqual(["jane@north.edu"]);
  });

  it("remove externalId and displayName; names fall back to the display name, then the address", () => {
    expect(patch({ op: "remove", path: "externalId" }, { op: "remove", path: "name" }).write).toMatchObject({
      externalId: null,
      givenName: "Jane",
      familyName: "Doe",
    });
    expect(patch({ op: "remove", path: "displayName" }, { op: "remove", path: "name" }).write).toMatchObject({
      givenName: "jane",
      familyName: "jane",
      displayName: "jane jane",
    });
  });

  it.each([
    ["no Operations", {}, "invalidSyntax"],
    ["empty Operations", { Operations: [] }, "invalidSyntax"],
    ["an unknown op", { Operations: [{ op: "move", path: "active", value: false }] }, "invalidSyntax"],
    ["remove without a path", { Operations: [{ op: "remove" }] }, "noTarget"],
    ["a path-less op with a non-object value", { Operations: [{ op: "replace", value: false }] }, "invalidValue"],
    ["a value missing", { Operations: [{ op: "replace", path: "active" }] }, "invalidValue"],
    ["remove userName", { Operations: [{ op: "remove", path: "userName" }] }, "mutability"],
    ["remove active", { Operations: [{ op: "remove", path: "active" }] }, "mutability"],
  ])("refuses %s with 400", (_what, body, scimType) => {
    expect(refusal(() => applyScimPatch(jane, body as Record<string, unknown>))).toEqual({ status: 400, scimType });
  });

  it.each([
    ["active not a boolean", { op: "replace", path: "active", value: "maybe" }],
    ["userName not an email", { op: "replace", path: "userName", value: "jane" }],
    ["a name too long", { op: "replace", path: "name.givenName", value: "x".repeat(201) }],
    ["a NUL in a name", { op: "replace", path: "name.familyName", value: "Do\u0000e" }],
    ["an email not an address", { op: "replace", path: "emails", value: [{ value: "nope" }] }],
  ])("the patched user is refused when %s", (_what, operation) => {
    expect(refusal(() => patch(operation))).toEqual({ status: 400, scimType: "invalidValue" });
  });

  it("leaves the state it was given unchanged", () => {
    applyScimPatch(jane, { Operations: [{ op: "replace", path: "active", value: false }] });
    expect(jane.active).toBe(true);
  });
});
