import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { persons } from "@/db/schema";
import { callRoute, createApiFixture, type ApiFixture, type ApiRole } from "@/lib/api/test-fixture";
import * as personRoute from "./[personId]/route";
import * as listRoute from "./route";

/* timeZone and state of a person through the API (SPEC §9: where a recipient is, for quiet hours). */

let f: ApiFixture;

beforeAll(async () => {
  f = await createApiFixture(getDb());
});

const get = (role: ApiRole, personId: string) => callRoute(personRoute.GET, { key: f.keys[role], params: { personId } });
const post = (role: ApiRole, body: unknown) => callRoute(listRoute.POST, { key: f.keys[role], method: "POST", body });
const patch = (role: ApiRole, personId: string, body: unknown) =>
  callRoute(personRoute.PATCH, { key: f.keys[role], method: "PATCH", params: { personId }, body });

async function stored(personId: string) {
  const [row] = await getDb().select({ timeZone: persons.timeZone, state: persons.state }).from(persons).where(eq(persons.id, personId));
  return row;
}

describe("timeZone and state", () => {
  it("are accepted on create (normalized) and returned by GET", async () => {
    const res = await post("admin", { firstName: "Tex", lastName: "Ranger", timeZone: "america/chicago", state: "tx" });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ timeZone: "America/Chicago", state: "TX" });
    expect((await get("advisor", res.body.id)).body).toMatchObject({ timeZone: "America/Chicago", state: "TX" });
    expect(await stored(res.body.id)).toEqual({ timeZone: "America/Chicago", state: "TX" });
  });

  it("are null when never recorded", async () => {
    expect((await get("admin", f.people.advisor.id)).body).toMatchObject({ timeZone: null, state: null });
  });

  it("change with PATCH, each alone, and clear with null", async () => {
    const id = f.people.student.id;
    expect((await patch("admin", id, { timeZone: "America/Phoenix", state: "AZ" })).body).toMatchObject({ timeZone: "America/Phoenix", state: "AZ" });
    expect((await patch("admin", id, { state: "HI" })).body).toMatchObject({ timeZone: "America/Phoenix", state: "HI" });
    expect((await patch("admin", id, { timeZone: null })).body).toMatchObject({ timeZone: null, state: "HI" });
    expect((await patch("admin", id, { state: null })).body).toMatchObject({ timeZone: null, state: null });
    expect(await stored(id)).toEqual({ timeZone: null, state: null });
  });

  it.each([
    ["a zone abbreviation", "timeZone", { timeZone: "EST" }, "Not an IANA time zone (e.g. America/Chicago)."],
    ["an unknown zone", "timeZone", { timeZone: "Mars/Olympus" }, "Not an IANA time zone (e.g. America/Chicago)."],
    ["an offset", "timeZone", { timeZone: "+05:00" }, "Not an IANA time zone (e.g. America/Chicago)."],
    ["an unknown state", "state", { state: "XX" }, "Not a US state code: use the two-letter USPS code (e.g. TX, DC or PR)."],
    ["a state's name", "state", { state: "Texas" }, "Not a US state code: use the two-letter USPS code (e.g. TX, DC or PR)."],
    ["a state that is a number", "state", { state: 48 }, "Must be a string."],
    ["a blank state", "state", { state: " " }, "Required."],
  ])("answer 400 to %s naming %s, and change nothing", async (_what, field, body, message) => {
    const id = f.people.faculty.id;
    await patch("admin", id, { timeZone: "America/New_York", state: "NY" });
    const res = await patch("admin", id, body);
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({ code: "VALIDATION", message: `${field}: ${message}`, fields: { [field]: message } });
    expect(await stored(id)).toEqual({ timeZone: "America/New_York", state: "NY" });
    const created = await post("admin", { firstName: "No", lastName: "Body", ...body });
    expect(created.status).toBe(400);
    expect(created.body.error.fields).toEqual({ [field]: message });
  });

  it("another institution's person is 404 and unchanged; only administrators change them", async () => {
    const id = f.people.student.id;
    await patch("admin", id, { timeZone: "Pacific/Honolulu", state: "HI" });
    expect((await patch("lakesideAdmin", id, { state: "TX" })).status).toBe(404);
    expect((await patch("advisor", id, { state: "TX" })).status).toBe(403);
    expect((await patch("student", id, { state: "TX" })).status).toBe(403);
    expect(await stored(id)).toEqual({ timeZone: "Pacific/Honolulu", state: "HI" });
  });
});
