import { describe, expect, it } from "vitest";
import type { Capabilities } from "@/lib/auth/capabilities";
import { eventForViewer, parseLiveEvent, type LiveEvent, type LiveViewer } from "./live-event";

const caps = (c: Partial<Capabilities>): Capabilities => ({ admin: false, operator: false, staff: false, student: false, permittedSender: false, ...c });
const viewer = (key: string, c: Partial<Capabilities>, handset = false, institutionId = "north"): LiveViewer => ({
  institutionId,
  userId: `u-${key}`,
  personId: `p-${key}`,
  capabilities: caps(c),
  handset,
});

const VIEWERS = {
  owner: viewer("ann", { staff: true, permittedSender: true }),
  colleague: viewer("bob", { staff: true, permittedSender: true }),
  admin: viewer("admin", { admin: true, staff: true }),
  "admin, handset": viewer("admin", { admin: true, staff: true }, true),
  "admin elsewhere": viewer("admin", { admin: true, staff: true }, true, "lake"),
} as const;

const ofAnn = (c?: string): LiveEvent => ({ k: "m", i: "north", ...(c ? { c } : {}), o: "p-ann", p: true });
const EVENTS: [string, LiveEvent, Record<keyof typeof VIEWERS, string | null>][] = [
  ["a reply on Ann's conversation", ofAnn("c1"), { owner: "m", colleague: null, admin: null, "admin, handset": "h", "admin elsewhere": null }],
  ["several of Ann's conversations (a send's chunk)", ofAnn(), { owner: "m", colleague: null, admin: null, "admin, handset": "h", "admin elsewhere": null }],
  ["Ann read a conversation", { k: "r", i: "north", c: "c1", o: "p-ann", p: true }, { owner: "r", colleague: null, admin: null, "admin, handset": null, "admin elsewhere": null }],
  ["a text to a number nobody holds", { k: "m", i: "north", c: "c2", o: null, p: false }, { owner: null, colleague: null, admin: "m", "admin, handset": "m", "admin elsewhere": null }],
  ["Ann's text from an unknown number", { k: "m", i: "north", c: "c3", o: "p-ann", p: false }, { owner: "m", colleague: null, admin: "m", "admin, handset": "m", "admin elsewhere": null }],
  ["Ann's send moved on", { k: "s", i: "north", b: "b1", u: "u-ann" }, { owner: "s", colleague: null, admin: "s", "admin, handset": "s", "admin elsewhere": null }],
];

describe("eventForViewer: what each viewer receives of an event (k of what is sent; null: nothing)", () => {
  for (const [label, event, expected] of EVENTS) {
    it(label, () => {
      const got = Object.fromEntries(Object.entries(VIEWERS).map(([name, v]) => [name, eventForViewer(v, event)?.k ?? null]));
      expect(got).toEqual(expected);
    });
  }

  it("sends an event the viewer may see exactly as it came, and the handset marker without ids", () => {
    expect(eventForViewer(VIEWERS.owner, ofAnn("c1"))).toEqual(ofAnn("c1"));
    expect(eventForViewer(VIEWERS["admin, handset"], ofAnn("c1"))).toEqual({ k: "h" });
  });
});

describe("parseLiveEvent", () => {
  it("takes the payloads the database sends and nothing else", () => {
    expect(parseLiveEvent(JSON.stringify(ofAnn("c1")))).toEqual(ofAnn("c1"));
    expect(parseLiveEvent('{"i":"north","k":"s","b":"b1","u":"u-ann"}')).toEqual({ k: "s", i: "north", b: "b1", u: "u-ann" });
    for (const bad of ["", "not json", "{}", '{"k":"m","i":"north"}', '{"k":"x","i":"north"}', '{"k":"s","i":"north","b":"b1"}', "null"]) {
      expect(parseLiveEvent(bad)).toBeNull();
    }
  });
});
