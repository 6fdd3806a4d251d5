import { describe, expect, it } from "vitest";
import type { Capabilities } from "@/lib/auth/capabilities";
import { conversationAccess, isUnmatched } from "./conversation-access";

const caps = (over: Partial<Capabilities> = {}): Capabilities => ({
  admin: false, operator: false, staff: true, student: false, permittedSender: true, ...over,
});
const ME = "11111111-1111-4111-8111-111111111111";
const OTHER = "22222222-2222-4222-8222-222222222222";
const STUDENT = "33333333-3333-4333-8333-333333333333";

describe("conversationAccess", () => {
  it.each([
    ["owner, with a person", { personId: ME, capabilities: caps() }, { ownerPersonId: ME, counterpartPersonId: STUDENT }, { read: true, owner: true, reply: true }],
    ["owner, unknown number", { personId: ME, capabilities: caps() }, { ownerPersonId: ME, counterpartPersonId: null }, { read: true, owner: true, reply: false }],
    ["other staff", { personId: ME, capabilities: caps() }, { ownerPersonId: OTHER, counterpartPersonId: STUDENT }, { read: false, owner: false, reply: false }],
    ["staff, unmatched", { personId: ME, capabilities: caps() }, { ownerPersonId: null, counterpartPersonId: null }, { read: false, owner: false, reply: false }],
    ["admin, someone else's", { personId: ME, capabilities: caps({ admin: true }) }, { ownerPersonId: OTHER, counterpartPersonId: STUDENT }, { read: false, owner: false, reply: false }],
    ["admin, unassigned number", { personId: ME, capabilities: caps({ admin: true }) }, { ownerPersonId: null, counterpartPersonId: null }, { read: true, owner: false, reply: false }],
    ["admin, someone else's unknown number", { personId: ME, capabilities: caps({ admin: true }) }, { ownerPersonId: OTHER, counterpartPersonId: null }, { read: true, owner: false, reply: false }],
    ["the student texted", { personId: STUDENT, capabilities: caps({ staff: false, student: true, permittedSender: false }) }, { ownerPersonId: OTHER, counterpartPersonId: STUDENT }, { read: false, owner: false, reply: false }],
    ["a user with no person", { personId: null, capabilities: caps({ operator: true, staff: false }) }, { ownerPersonId: null, counterpartPersonId: STUDENT }, { read: false, owner: false, reply: false }],
  ] as const)("%s", (_name, actor, conversation, expected) => {
    expect(conversationAccess(actor, conversation)).toEqual(expected);
  });

  it("unmatched means no owner or no single counterpart person", () => {
    expect([
      isUnmatched({ ownerPersonId: ME, counterpartPersonId: STUDENT }),
      isUnmatched({ ownerPersonId: null, counterpartPersonId: STUDENT }),
      isUnmatched({ ownerPersonId: ME, counterpartPersonId: null }),
    ]).toEqual([false, true, true]);
  });
});
