import { e2eDatabase } from "./database";

/**
 * Every main page of the app, once, with a role that may open it — the one list the layout
 * suite (e2e/layout.spec.ts) and the screenshot script walk. Add a page here and it is checked
 * at 1280×800 and 390×844 for sideways scroll and axe violations.
 *
 * `path` may need ids from the demo data: `ids` are read once from the e2e database.
 */
export type Role = "admin" | "advisor" | "faculty" | "student" | "operator" | "anonymous";

export type DemoIds = {
  /** Sam Student, the demo student with a conversation. */
  samId: string;
  /** One of Sam's conversations with a Northfield advisor. */
  conversationId: string | null;
  /** A Northfield import, when the demo data has one. */
  importId: string | null;
  /** Northfield, for the operator's institution page. */
  institutionId: string;
  /** The student who signs in (student@northfield.edu). */
  studentPersonId: string;
  /** A released send of the advisor's (the layout data's, else any). */
  sendId: string | null;
};

export type MainPage = {
  name: string;
  role: Role;
  path: (ids: DemoIds) => string | null;
  /** Text that shows the page has rendered (a heading). */
  heading: RegExp | string;
};

export const MAIN_PAGES: MainPage[] = [
  { name: "sign-in", role: "anonymous", path: () => "/sign-in", heading: "Sign in" },
  { name: "people", role: "advisor", path: () => "/people", heading: "People" },
  { name: "person", role: "advisor", path: (ids) => `/people/${ids.samId}`, heading: "Sam Student" },
  { name: "person-messages", role: "advisor", path: (ids) => `/people/${ids.samId}/messages`, heading: "Sam Student" },
  { name: "conversations", role: "advisor", path: () => "/messages", heading: /Conversations|Messages/ },
  { name: "lists", role: "advisor", path: () => "/lists", heading: "Lists" },
  { name: "templates", role: "advisor", path: () => "/templates", heading: "Templates" },
  { name: "admin-templates", role: "admin", path: () => "/admin/messaging/templates", heading: "Templates" },
  { name: "conversation", role: "advisor", path: (ids) => (ids.conversationId ? `/messages/${ids.conversationId}` : null), heading: /Sam Student/ },
  { name: "compose", role: "advisor", path: (ids) => `/messages/with/${ids.samId}`, heading: /Sam Student/ },
  { name: "sends", role: "advisor", path: () => "/sends", heading: "Sends" },
  { name: "sends-all", role: "admin", path: () => "/sends", heading: "Sends" },
  { name: "send-results", role: "advisor", path: (ids) => (ids.sendId ? `/sends/${ids.sendId}` : null), heading: "Results of a send" },
  { name: "unmatched-texts", role: "admin", path: () => "/messages/unmatched", heading: "Messages" },
  { name: "administration", role: "admin", path: () => "/admin", heading: "Administration" },
  { name: "message-report", role: "admin", path: () => "/admin/messaging/message-report", heading: "Message Report" },
  { name: "settings-general", role: "admin", path: () => "/admin/messaging/sms-configuration/general", heading: "SMS Configuration" },
  { name: "settings-email", role: "admin", path: () => "/admin/messaging/sms-configuration/email-notifications", heading: "SMS Configuration" },
  { name: "settings-quiet-hours", role: "admin", path: () => "/admin/messaging/sms-configuration/quiet-hours", heading: "SMS Configuration" },
  { name: "settings-twilio", role: "admin", path: () => "/admin/messaging/sms-configuration/twilio", heading: "SMS Configuration" },
  { name: "application", role: "admin", path: () => "/admin/application", heading: /Application/ },
  { name: "sign-in-settings", role: "admin", path: () => "/admin/sign-in", heading: "Sign-in" },
  { name: "person-phones", role: "admin", path: () => "/admin/data-views/person-phone", heading: /Person Phone/i },
  { name: "imports", role: "admin", path: () => "/admin/imports", heading: /Imports/ },
  { name: "import", role: "admin", path: (ids) => (ids.importId ? `/admin/imports/${ids.importId}` : null), heading: /Import/ },
  { name: "mail-outbox", role: "admin", path: () => "/admin/mail-outbox", heading: "Mail outbox" },
  { name: "handset", role: "admin", path: () => "/dev/handset?q=Sam+Student", heading: "Handset simulator" },
  { name: "api-keys", role: "advisor", path: () => "/account/api-keys", heading: "API keys" },
  { name: "operator-institutions", role: "operator", path: () => "/operator/institutions", heading: "Institutions" },
  { name: "operator-institution", role: "operator", path: (ids) => `/operator/institutions/${ids.institutionId}/twilio`, heading: /Northfield/ },
  { name: "student-profile", role: "student", path: (ids) => `/people/${ids.studentPersonId}/profile`, heading: /Sam Student/ },
];

/** The demo ids the page paths need, read from the e2e database. */
export async function loadDemoIds(): Promise<DemoIds> {
  const sql = e2eDatabase();
  try {
    const [inst] = await sql<{ id: string }[]>`select id from institutions where slug = 'northfield'`;
    const [sam] = await sql<{ id: string }[]>`
      select p.id from persons p join users u on u.person_id = p.id where u.email = 'student@northfield.edu'`;
    const [conv] = await sql<{ id: string }[]>`select id from conversations where counterpart_person_id = ${sam.id} order by created_at limit 1`;
    const [imp] = await sql<{ id: string }[]>`select id from imports where institution_id = ${inst.id} order by created_at limit 1`;
    const [send] = await sql<{ id: string }[]>`
      select b.id from send_batches b join users u on u.id = b.sender_user_id
      where u.email = 'advisor@northfield.edu' and b.state in ('sending', 'done')
      order by b.body like 'Layout check:%' desc, b.created_at limit 1`;
    return { samId: sam.id, conversationId: conv?.id ?? null, importId: imp?.id ?? null, institutionId: inst.id, studentPersonId: sam.id, sendId: send?.id ?? null };
  } finally {
    await sql.end({ timeout: 2 });
  }
}
