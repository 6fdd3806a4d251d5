import { describe, expect, it } from "vitest";
import type { Capabilities } from "@/lib/auth/capabilities";
import { isAppError } from "@/lib/errors";
import { ACTIONS, authorize, can, type Action, type PolicyActor, type Subject } from "./policy";

const NORTH = "inst-north";
const LAKE = "inst-lake";
const SOMEONE = { personId: "p-someone", userId: "u-someone" };
const STUDENT = "p-student";

const caps = (c: Partial<Capabilities>): Capabilities => ({ admin: false, operator: false, staff: false, student: false, permittedSender: false, ...c });
const actorOf = (key: string, c: Partial<Capabilities>, institutionId = NORTH, hasPerson = true): PolicyActor => ({
  userId: `u-${key}`,
  personId: hasPerson ? `p-${key}` : null,
  institutionId,
  capabilities: caps(c),
});

/** The columns: who asks. "other institution" is an administrator (permitted) of another institution asking about Northfield's things. */
const ROLES = {
  administrator: actorOf("admin", { admin: true, staff: true }),
  "permitted staff": actorOf("advisor", { staff: true, permittedSender: true }),
  "other staff": actorOf("faculty", { staff: true }),
  student: actorOf("student", { student: true }),
  operator: actorOf("operator", { operator: true }, NORTH, false),
  "signed out": null,
  "other institution": actorOf("lake-admin", { admin: true, staff: true, permittedSender: true }, LAKE),
} as const;
type Role = keyof typeof ROLES;

/** ok = allowed; otherwise the status `authorize` refuses with. */
type Cell = "ok" | 401 | 403 | 404;
type Row = [label: string, action: Action, subject: (me: PolicyActor) => Subject, cells: Cell[]];

const none = () => ({});
const someoneElsesConversation = () => ({ ownerPersonId: SOMEONE.personId, counterpartPersonId: STUDENT });

// Columns: administrator, permitted staff, other staff, student, operator, signed out, other institution.
const TABLE: Row[] = [
  ["open Administration", "administration.open", none, ["ok", 403, 403, 403, "ok", 401, 404]],
  ["read the SMS configuration", "smsSettings.read", none, ["ok", 403, 403, 403, "ok", 401, 404]],
  ["submit an SMS configuration change", "smsSettings.change", none, ["ok", 403, 403, 403, "ok", 401, 404]],
  ["edit settings other than the limits", "smsSettings.edit", none, ["ok", 403, 403, 403, 403, 401, 404]],
  ["edit the two SMS limits", "smsLimits.edit", none, [403, 403, 403, 403, "ok", 401, 404]],
  ["read the SMS usage", "smsUsage.read", none, ["ok", 403, 403, 403, "ok", 401, 404]],
  ["read the Phone Number Usage", "phoneNumberUsage.read", none, ["ok", 403, 403, 403, "ok", 401, 404]],
  ["read settings changes", "settingsChanges.read", none, ["ok", 403, 403, 403, "ok", 401, 404]],
  ["remove a number assignment", "numberAssignment.remove", none, ["ok", 403, 403, 403, 403, 401, 404]],
  ["send a test email", "testEmail.send", none, ["ok", 403, 403, 403, 403, 401, 404]],
  ["edit the application settings", "applicationSettings.edit", none, ["ok", 403, 403, 403, 403, 401, 404]],
  ["read the mail outbox", "mailOutbox.read", none, ["ok", 403, 403, 403, 403, 401, 404]],
  ["read data views", "dataViews.read", none, ["ok", 403, 403, 403, 403, 401, 404]],
  ["run an import", "imports.run", none, ["ok", 403, 403, 403, 403, 401, 404]],
  ["read imports", "imports.read", none, ["ok", 403, 403, 403, 403, 401, 404]],
  ["read the institution's dashboard", "dashboard.read", none, ["ok", 403, 403, 403, 403, 401, 404]],
  ["read the institution's health", "health.read", none, ["ok", 403, 403, 403, 403, 401, 404]],
  ["manage institutions' limits", "institutionLimits.manage", none, [403, 403, 403, 403, "ok", 401, 404]],
  ["read another institution", "institution.read", () => ({ institutionId: LAKE }), [404, 404, 404, 404, "ok", 401, 404]],
  ["list people", "people.list", none, ["ok", "ok", "ok", 403, 403, 401, 404]],
  ["read a caseload", "caseload.read", none, ["ok", "ok", "ok", 403, 403, 401, 404]],
  ["read someone's profile", "person.read", () => ({ personId: SOMEONE.personId }), ["ok", "ok", "ok", 403, 403, 401, 404]],
  ["read one's own profile", "person.read", (me) => ({ personId: me.personId }), ["ok", "ok", "ok", "ok", 403, 401, 404]],
  ["add a person", "person.create", none, ["ok", 403, 403, 403, 403, 401, 404]],
  ["change a person", "person.update", none, ["ok", 403, 403, 403, 403, 401, 404]],
  ["change phones", "phones.edit", none, ["ok", 403, 403, 403, 403, 401, 404]],
  ["manage sign-ins", "signIn.manage", none, ["ok", 403, 403, 403, 403, 401, 404]],
  ["disable someone's sign-in", "signIn.disable", () => ({ userId: SOMEONE.userId }), ["ok", 403, 403, 403, 403, 401, 404]],
  ["disable one's own sign-in", "signIn.disable", (me) => ({ userId: me.userId }), [403, 403, 403, 403, 403, 401, 404]],
  ["manage the institution's sign-in (SSO, passwords, SCIM)", "signInSettings.manage", none, ["ok", 403, 403, 403, 403, 401, 404]],
  ["manage every API key of the institution", "apiKeys.manageInstitution", none, ["ok", 404, 404, 404, 404, 401, 404]],
  ["compose messages", "messages.compose", none, ["ok", "ok", "ok", 403, 403, 401, 404]],
  // The administrator here holds no Permitted Role: texting follows Permitted Roles alone (SPEC §4.1).
  ["text", "messages.text", none, [403, "ok", 403, 403, 403, 401, 404]],
  ["list one's sends", "sends.list", none, ["ok", "ok", "ok", 403, 403, 401, 404]],
  ["list everyone's sends", "sends.listAll", none, ["ok", 403, 403, 403, 403, 401, 404]],
  ["read someone's send", "send.read", () => ({ fromUserId: SOMEONE.userId }), ["ok", 404, 404, 404, 404, 401, 404]],
  ["read one's own send", "send.read", (me) => ({ fromUserId: me.userId }), ["ok", "ok", "ok", 404, 404, 401, 404]],
  ["change someone's scheduled send", "send.change", () => ({ fromUserId: SOMEONE.userId }), [403, 403, 403, 403, 403, 401, 404]],
  ["change one's scheduled send", "send.change", (me) => ({ fromUserId: me.userId }), ["ok", "ok", "ok", "ok", "ok", 401, 404]],
  ["cancel someone's scheduled send", "send.cancel", () => ({ fromUserId: SOMEONE.userId }), ["ok", 403, 403, 403, 403, 401, 404]],
  ["cancel one's scheduled send", "send.cancel", (me) => ({ fromUserId: me.userId }), ["ok", "ok", "ok", "ok", "ok", 401, 404]],
  ["resume someone's paused send", "send.resume", () => ({ fromUserId: SOMEONE.userId }), ["ok", 403, 403, 403, 403, 401, 404]],
  ["resume one's paused send", "send.resume", (me) => ({ fromUserId: me.userId }), ["ok", "ok", "ok", "ok", "ok", 401, 404]],
  ["use the handset simulator", "handset.use", none, ["ok", 403, 403, 403, 403, 401, 404]],
  ["read every message", "messages.readAll", none, ["ok", 403, 403, 403, 403, 401, 404]],
  ["read the Message Report", "messageReport.read", none, ["ok", "ok", "ok", 403, 403, 401, 404]],
  ["read someone's message", "message.read", () => ({ fromUserId: SOMEONE.userId, ownerPersonId: SOMEONE.personId }), ["ok", 404, 404, 404, 404, 401, 404]],
  ["read a message one sent", "message.read", (me) => ({ fromUserId: me.userId, ownerPersonId: SOMEONE.personId }), ["ok", "ok", "ok", "ok", "ok", 401, 404]],
  ["read a message on one's conversation", "message.read", (me) => ({ fromUserId: null, ownerPersonId: me.personId }), ["ok", "ok", "ok", "ok", 404, 401, 404]],
  ["list one's conversations", "conversations.list", none, ["ok", "ok", "ok", 403, 403, 401, 404]],
  ["open the live event stream", "live.subscribe", none, ["ok", "ok", "ok", 403, 403, 401, 404]],
  ["list unmatched texts", "conversations.readUnmatched", none, ["ok", 403, 403, 403, 403, 401, 404]],
  ["read someone's conversation", "conversation.read", someoneElsesConversation, [404, 404, 404, 404, 404, 401, 404]],
  ["read one's conversation", "conversation.read", (me) => ({ ownerPersonId: me.personId, counterpartPersonId: STUDENT }), ["ok", "ok", "ok", "ok", 404, 401, 404]],
  ["read a text to no one's number", "conversation.read", () => ({ ownerPersonId: null, counterpartPersonId: null }), ["ok", 404, 404, 404, 404, 401, 404]],
  ["read someone's text from an unknown number", "conversation.read", () => ({ ownerPersonId: SOMEONE.personId, counterpartPersonId: null }), ["ok", 404, 404, 404, 404, 401, 404]],
  ["reply on one's conversation", "conversation.reply", (me) => ({ ownerPersonId: me.personId, counterpartPersonId: STUDENT }), ["ok", "ok", "ok", "ok", 403, 401, 404]],
  ["reply to an unknown number", "conversation.reply", (me) => ({ ownerPersonId: me.personId, counterpartPersonId: null }), [403, 403, 403, 403, 403, 401, 404]],
  ["reply on someone's conversation", "conversation.reply", someoneElsesConversation, [403, 403, 403, 403, 403, 401, 404]],
  ["use recipient lists", "recipientLists.use", none, ["ok", "ok", "ok", 403, 403, 401, 404]],
  ["read one's own unshared list", "recipientList.read", (me) => ({ listOwnerUserId: me.userId, listShared: false }), ["ok", "ok", "ok", 404, 404, 401, 404]],
  ["read someone's shared list", "recipientList.read", () => ({ listOwnerUserId: SOMEONE.userId, listShared: true }), ["ok", "ok", "ok", 404, 404, 401, 404]],
  ["read someone's unshared list", "recipientList.read", () => ({ listOwnerUserId: SOMEONE.userId, listShared: false }), ["ok", 404, 404, 404, 404, 401, 404]],
  ["change one's own list", "recipientList.change", (me) => ({ listOwnerUserId: me.userId, listShared: false }), ["ok", "ok", "ok", 403, 403, 401, 404]],
  ["change someone's shared list", "recipientList.change", () => ({ listOwnerUserId: SOMEONE.userId, listShared: true }), ["ok", 403, 403, 403, 403, 401, 404]],
  ["use templates", "templates.use", none, ["ok", "ok", "ok", 403, 403, 401, 404]],
  ["manage shared templates", "templates.manageShared", none, ["ok", 403, 403, 403, 403, 401, 404]],
  ["read a shared template", "template.read", () => ({ templateOwnerUserId: null }), ["ok", "ok", "ok", 404, 404, 401, 404]],
  ["read one's own template", "template.read", (me) => ({ templateOwnerUserId: me.userId }), ["ok", "ok", "ok", 404, 404, 401, 404]],
  ["read someone's personal template", "template.read", () => ({ templateOwnerUserId: SOMEONE.userId }), [404, 404, 404, 404, 404, 401, 404]],
  ["change a shared template", "template.change", () => ({ templateOwnerUserId: null }), ["ok", 403, 403, 403, 403, 401, 404]],
  ["change one's own template", "template.change", (me) => ({ templateOwnerUserId: me.userId }), ["ok", "ok", "ok", 403, 403, 401, 404]],
  ["change someone's personal template", "template.change", () => ({ templateOwnerUserId: SOMEONE.userId }), [403, 403, 403, 403, 403, 401, 404]],
];

const ROLE_NAMES = Object.keys(ROLES) as Role[];

function outcome(actor: PolicyActor | null, action: Action, subject: Subject): Cell {
  const allowed = can(actor, action, subject);
  try {
    authorize(actor, action, subject);
  } catch (err) {
    if (!isAppError(err)) throw err;
    expect(allowed, `${action}: can and authorize agree`).toBe(false);
    return err.status as Cell;
  }
  expect(allowed, `${action}: can and authorize agree`).toBe(true);
  return "ok";
}

describe("policy", () => {
  it("the table covers every action", () => {
    expect(new Set(TABLE.map(([, action]) => action))).toEqual(new Set(ACTIONS));
  });

  describe.each(ROLE_NAMES)("%s", (role) => {
    it("gets exactly the table's answer for every action", () => {
      const column = ROLE_NAMES.indexOf(role);
      const actor = ROLES[role];
      // Signed out, the subject still needs someone to relate to; the rules see no actor at all.
      const me = actor ?? actorOf("nobody", {});
      const got = TABLE.map(([label, action, subjectOf]) => {
        const subject = { institutionId: NORTH, ...subjectOf(me) };
        return [label, outcome(actor, action, subject)] as const;
      });
      expect(Object.fromEntries(got)).toEqual(Object.fromEntries(TABLE.map(([label, , , cells]) => [label, cells[column]] as const)));
    });
  });
});
