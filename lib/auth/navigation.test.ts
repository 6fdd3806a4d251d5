import { describe, expect, it } from "vitest";
import type { Capabilities } from "./capabilities";
import { landingPath, mainNavigation } from "./navigation";

const caps = (c: Partial<Capabilities>): Capabilities => ({ admin: false, operator: false, staff: false, student: false, permittedSender: false, ...c });
const actor = (c: Partial<Capabilities>, personId: string | null = "p-1") => ({ userId: "u-1", institutionId: "i-1", personId, capabilities: caps(c) });

describe("mainNavigation and landingPath", () => {
  it.each([
    ["an administrator", actor({ admin: true, staff: true, permittedSender: true }), ["/people", "/messages", "/sends", "/lists", "/templates", "/admin", "/dev/handset"], "/people"],
    ["an advisor", actor({ staff: true, permittedSender: true }), ["/people", "/messages", "/sends", "/lists", "/templates"], "/people"],
    ["staff not permitted to text", actor({ staff: true }), ["/people", "/messages", "/sends", "/lists", "/templates"], "/people"],
    ["a student", actor({ student: true }, "p-7"), ["/people/p-7/profile"], "/people/p-7/profile"],
    ["the platform operator", actor({ operator: true }, null), ["/operator/institutions", "/admin"], "/operator/institutions"],
    ["a user with no person and no role", actor({ student: true }, null), [], "/account/api-keys"],
  ])("%s", (_who, a, hrefs, landing) => {
    expect(mainNavigation(a, { handset: true }).map((i) => i.href)).toEqual(hrefs);
    expect(landingPath(a)).toBe(landing);
  });

  it("lists the handset simulator only while Twilio is simulated", () => {
    expect(mainNavigation(actor({ admin: true, staff: true }), { handset: false }).map((i) => i.label)).toEqual(["People", "Messages", "Sends", "Lists", "Templates", "Administration"]);
  });
});
