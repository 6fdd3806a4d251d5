import type { Actor, Capability } from "@/lib/auth/capabilities";
import { AppError, type ErrorCode } from "@/lib/errors";

/*
 * The one answer to "may this actor do this to this thing". Pages, server actions, API routes
 * and services ask `can` / `authorize`; none decides on capabilities by itself. SPEC §1 names
 * the roles; where it is silent the README's "Rules chosen" paragraphs say what we chose, and
 * the rows below are those choices. policy.test.ts asserts every cell for every role.
 */

/**
 * A relation between the actor and the subject:
 * - `self`: the subject is the actor's own person (a profile);
 * - `otherUser`: the subject belongs to a user other than the actor (a sign-in to disable);
 * - `owner`: the actor holds the conversation's system number (a conversation, a message on it);
 * - `sender`: the actor sent the message;
 * - `unmatched`: a conversation nobody can answer from the app (no holder, or no single person);
 * - `withPerson`: a conversation whose texter is a known person (it can be answered);
 * - `listOwner`: the actor owns the saved recipient list;
 * - `sharedList`: the saved recipient list is shared with the institution's staff;
 * - `templateOwner`: the template is the actor's personal one;
 * - `sharedTemplate`: the template is shared with the institution (it has no owner).
 */
export type Relation =
  | "self"
  | "otherUser"
  | "owner"
  | "sender"
  | "unmatched"
  | "withPerson"
  | "listOwner"
  | "sharedList"
  | "templateOwner"
  | "sharedTemplate";
type Term = Capability | Relation;

/** Granted when the actor has any capability or relation listed; a nested list needs all of its terms. */
type Grant = Term | readonly Term[];

type Rule = {
  allow: readonly Grant[];
  /** What a refusal answers: FORBIDDEN by default; NOT_FOUND where the thing's existence must not show. */
  refusal: { code: Extract<ErrorCode, "FORBIDDEN" | "NOT_FOUND">; message: string };
  /** The subject may be of another institution (the operator's institutions); otherwise it is NOT_FOUND. */
  anyInstitution?: boolean;
};

const forbidden = (message: string) => ({ code: "FORBIDDEN" as const, message });
const notFound = (message: string) => ({ code: "NOT_FOUND" as const, message });

/**
 * Actions × who may take them: capabilities (lib/auth/capabilities.ts: an administrator also
 * holds `staff`; `permittedSender` is staff in a Permitted Role) and relations to the subject.
 */
export const POLICY = {
  // Administration (SPEC §1, §3): administrators configure; the operator reads and sets the two limits.
  "administration.open": { allow: ["admin", "operator"], refusal: forbidden("Only administrators and the platform operator use Administration.") },
  "smsSettings.read": { allow: ["admin", "operator"], refusal: forbidden("Only administrators can see the SMS configuration.") },
  "smsSettings.change": { allow: ["admin", "operator"], refusal: forbidden("Only administrators can change the SMS configuration.") },
  "smsSettings.edit": { allow: ["admin"], refusal: forbidden("Only administrators can change these settings; the operator changes the limits.") },
  "smsLimits.edit": { allow: ["operator"], refusal: forbidden("Only the platform operator can change the SMS limits. Ask your Client Success Manager.") },
  "smsUsage.read": { allow: ["admin", "operator"], refusal: forbidden("Only administrators can see the SMS usage.") },
  "phoneNumberUsage.read": { allow: ["admin", "operator"], refusal: forbidden("Only administrators can see the Phone Number Usage.") },
  "settingsChanges.read": { allow: ["admin", "operator"], refusal: forbidden("Only administrators can see settings changes.") },
  "numberAssignment.remove": { allow: ["admin"], refusal: forbidden("Only administrators can remove a phone number assignment.") },
  "testEmail.send": { allow: ["admin"], refusal: forbidden("Only administrators can send a test email.") },
  "applicationSettings.edit": { allow: ["admin"], refusal: forbidden("Only administrators can change the application settings.") },
  "mailOutbox.read": { allow: ["admin"], refusal: forbidden("Only administrators read the mail outbox.") },
  "dataViews.read": { allow: ["admin"], refusal: forbidden("Only administrators can read data views.") },
  "imports.run": { allow: ["admin"], refusal: forbidden("Only administrators can import people.") },
  "imports.read": { allow: ["admin"], refusal: forbidden("Only administrators can see imports.") },
  // The institution's dashboard and health (issue 18): administrators only — the operator keeps to limits.
  "dashboard.read": { allow: ["admin"], refusal: forbidden("Only administrators see the institution's dashboard.") },
  "health.read": { allow: ["admin"], refusal: forbidden("Only administrators see the institution's health.") },
  // The operator's institutions (SPEC §1): every institution's limits, nothing else of theirs.
  "institutionLimits.manage": { allow: ["operator"], refusal: forbidden("Only the platform operator manages institutions' limits.") },
  "institution.read": { allow: ["operator"], refusal: notFound("No such institution."), anyInstitution: true },
  // People and their phones (README: Profile phones): staff read, administrators change, a student reads their own.
  "people.list": { allow: ["admin", "staff"], refusal: forbidden("Only staff can list people.") },
  "caseload.read": { allow: ["admin", "staff"], refusal: forbidden("Only staff can see a caseload.") },
  "person.read": { allow: ["admin", "staff", "self"], refusal: forbidden("You can only see your own profile.") },
  "person.create": { allow: ["admin"], refusal: forbidden("Only administrators can add people.") },
  "person.update": { allow: ["admin"], refusal: forbidden("Only administrators can change people.") },
  "phones.edit": { allow: ["admin"], refusal: forbidden("Only administrators can change phone numbers.") },
  // Access (issue 13): administrators cut off sign-ins and keys of their institution, never their own sign-in.
  "signIn.manage": { allow: ["admin"], refusal: forbidden("Only administrators manage sign-ins.") },
  "signIn.disable": { allow: [["admin", "otherUser"]], refusal: forbidden("You cannot disable your own sign-in.") },
  // Sign-in (issue 19): an institution's SSO connections, password switch, JIT and SCIM — its administrators only.
  "signInSettings.manage": { allow: ["admin"], refusal: forbidden("Only administrators manage how people sign in.") },
  "apiKeys.manageInstitution": { allow: ["admin"], refusal: notFound("No such API key.") },
  // Texting (SPEC §4.1): staff compose; only Permitted Roles text; the handset shows others' texts.
  "messages.compose": { allow: ["staff"], refusal: forbidden("Only staff send messages.") },
  "messages.text": { allow: ["permittedSender"], refusal: forbidden("You are not permitted to send texts.") },
  // Sends (SPEC §9): staff see and change their own; administrators see everyone's and may cancel any scheduled one.
  "sends.list": { allow: ["staff"], refusal: forbidden("Only staff have sends.") },
  "sends.listAll": { allow: ["admin"], refusal: forbidden("Only administrators see everyone's sends.") },
  "send.read": { allow: ["admin", ["staff", "sender"]], refusal: notFound("No such send.") },
  "send.change": { allow: ["sender"], refusal: forbidden("Only the sender can change a scheduled send's message or time.") },
  "send.cancel": { allow: ["admin", "sender"], refusal: forbidden("Only the sender or an administrator can cancel a scheduled or paused send.") },
  // Issue 18: a send paused for carrier filtering is resumed (or cancelled) by its sender or an administrator.
  "send.resume": { allow: ["admin", "sender"], refusal: forbidden("Only the sender or an administrator can resume a paused send.") },
  "handset.use": { allow: ["admin"], refusal: forbidden("Only administrators use the handset simulator.") },
  // Reading messages (README: Conversations, Composer, reports §7).
  "conversations.list": { allow: ["staff"], refusal: forbidden("Only staff have conversations: texts go between staff and the people they text.") },
  "messages.readAll": { allow: ["admin"], refusal: forbidden("Only administrators see every message.") },
  "messageReport.read": { allow: ["admin", "staff"], refusal: forbidden("Only administrators and staff can read the Message Report.") },
  "message.read": { allow: ["admin", "sender", "owner"], refusal: notFound("No such message.") },
  "conversations.readUnmatched": { allow: ["admin"], refusal: forbidden("Only administrators see unmatched texts.") },
  "conversation.read": { allow: ["owner", ["admin", "unmatched"]], refusal: notFound("No such conversation.") },
  "conversation.reply": { allow: [["owner", "withPerson"]], refusal: forbidden("Replies to this conversation can't be sent from here.") },
  // Live updates (issue 18): staff open one event stream; each event is forwarded only when the
  // rules above let them read its conversation or send (lib/live/live-event.ts).
  "live.subscribe": { allow: ["staff"], refusal: forbidden("Only staff get live updates.") },
  // Saved recipient lists (issue 16 item 2): staff keep their own, may share them with the
  // institution's staff; another's unshared list does not show; owner or administrator change it.
  "recipientLists.use": { allow: ["staff"], refusal: forbidden("Only staff keep recipient lists.") },
  "recipientList.read": { allow: ["admin", ["staff", "listOwner"], ["staff", "sharedList"]], refusal: notFound("No such list.") },
  "recipientList.change": { allow: ["admin", ["staff", "listOwner"]], refusal: forbidden("Only the list's owner or an administrator can change or delete it.") },
  // Templates and saved replies (SPEC §10, issue 17): administrators manage the shared ones;
  // every staff member keeps personal ones, which no one else sees; students have none.
  "templates.use": { allow: ["staff"], refusal: forbidden("Only staff use message templates.") },
  "templates.manageShared": { allow: ["admin"], refusal: forbidden("Only administrators manage shared templates.") },
  "template.read": { allow: [["staff", "sharedTemplate"], ["staff", "templateOwner"]], refusal: notFound("No such template.") },
  "template.change": {
    allow: [["admin", "sharedTemplate"], ["staff", "templateOwner"]],
    refusal: forbidden("Only administrators change shared templates; each staff member changes their own."),
  },
} as const satisfies Record<string, Rule>;

export type Action = keyof typeof POLICY;
export const ACTIONS = Object.keys(POLICY) as Action[];

/** Who asks: an Actor, or any part of one a pure rule holds (tests build partial actors). */
export type PolicyActor = Pick<Actor, "personId" | "capabilities"> & Partial<Pick<Actor, "userId" | "institutionId">>;

/** The thing acted on, as far as the rules look at it. Omitted: the action is about no one thing. */
export type Subject = {
  institutionId?: string;
  /** The person it is about (a profile). */
  personId?: string | null;
  /** The user it belongs to (a sign-in). */
  userId?: string | null;
  /** A conversation's holder of the system number (or a message's conversation's). */
  ownerPersonId?: string | null;
  /** A conversation's texter, when a single person. */
  counterpartPersonId?: string | null;
  /** A message's sending user. */
  fromUserId?: string | null;
  /** A saved recipient list's owner, and whether it is shared. */
  listOwnerUserId?: string;
  listShared?: boolean;
  /** A template's owner: a user id for a personal template, null for a shared one. */
  templateOwnerUserId?: string | null;
};

function holds(actor: PolicyActor, subject: Subject, term: Term): boolean {
  switch (term) {
    case "self":
      return actor.personId !== null && subject.personId === actor.personId;
    case "otherUser":
      return subject.userId !== undefined && subject.userId !== actor.userId;
    case "owner":
      return actor.personId !== null && subject.ownerPersonId === actor.personId;
    case "sender":
      return subject.fromUserId != null && subject.fromUserId === actor.userId;
    case "unmatched":
      return subject.ownerPersonId === null || subject.counterpartPersonId === null;
    case "withPerson":
      return subject.counterpartPersonId != null;
    case "listOwner":
      return subject.listOwnerUserId !== undefined && subject.listOwnerUserId === actor.userId;
    case "sharedList":
      return subject.listShared === true;
    case "templateOwner":
      return subject.templateOwnerUserId != null && subject.templateOwnerUserId === actor.userId;
    case "sharedTemplate":
      return subject.templateOwnerUserId === null;
    default:
      return actor.capabilities[term];
  }
}

function decide(actor: PolicyActor | null, action: Action, subject: Subject): "allow" | "deny" | "elsewhere" {
  if (!actor) return "deny";
  const rule: Rule = POLICY[action];
  if (!rule.anyInstitution && subject.institutionId !== undefined && subject.institutionId !== actor.institutionId) return "elsewhere";
  const granted = rule.allow.some((grant) => (typeof grant === "string" ? holds(actor, subject, grant) : grant.every((t) => holds(actor, subject, t))));
  return granted ? "allow" : "deny";
}

/** Whether `actor` (null: signed out) may take `action`, on `subject` when the action is about one. */
export function can(actor: PolicyActor | null, action: Action, subject: Subject = {}): boolean {
  return decide(actor, action, subject) === "allow";
}

/**
 * `can`, or the refusal as an AppError: the action's own (FORBIDDEN, or NOT_FOUND where the
 * thing must not be revealed); NOT_FOUND for a subject of another institution; UNAUTHENTICATED
 * when signed out.
 */
export function authorize(actor: PolicyActor | null, action: Action, subject: Subject = {}): void {
  const decision = decide(actor, action, subject);
  if (decision === "allow") return;
  if (!actor) throw new AppError("UNAUTHENTICATED", "Sign in first.");
  const { code, message } = POLICY[action].refusal;
  if (decision === "elsewhere") throw new AppError("NOT_FOUND", code === "NOT_FOUND" ? message : "No such record.");
  throw new AppError(code, message);
}
