import { describe, expect, it } from "vitest";
import { parseScimFilter } from "./parse-scim-filter";
import { ScimError } from "./scim-error";

describe("parseScimFilter", () => {
  it.each([
    ['userName eq "Jane.Doe@North.edu"', { attribute: "userName", value: "Jane.Doe@North.edu" }],
    ['USERNAME EQ "a@b.edu"', { attribute: "userName", value: "a@b.edu" }],
    ['  userName eq "a@b.edu"  ', { attribute: "userName", value: "a@b.edu" }],
    ['urn:ietf:params:scim:schemas:core:2.0:User:userName eq "a@b.edu"', { attribute: "userName", value: "a@b.edu" }],
    ['externalId eq "00u1abc"', { attribute: "externalId", value: "00u1abc" }],
    ['userName eq "say \\"hi\\"@b.edu"', { attribute: "userName", value: 'say "hi"@b.edu' }],
  ])("%s", (filter, expected) => {
    expect(parseScimFilter(filter)).toEqual(expected);
  });

  it.each([null, undefined, "", "   "])("no filter (%s) is undefined", (filter) => {
    expect(parseScimFilter(filter)).toBeUndefined();
  });

  it.each([
    'userName co "a"',
    'userName sw "a"',
    'displayName eq "Jane"',
    'userName eq "a" and active eq true',
    "userName eq a@b.edu",
    'userName eq "unterminated',
    "active eq true",
  ])("refuses %s with 400 invalidFilter", (filter) => {
    const err = (() => {
      try {
        parseScimFilter(filter);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ScimError);
    expect(err).toMatchObject({ status: 400, scimType: "invalidFilter" });
  });
});
