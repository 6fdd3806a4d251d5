import type { RoleCode } from "./institution";
import type { InstitutionPlan, PersonPlan, PhonePlan, TemplatePlan } from "./plan";
import { createRandom } from "./random";
import { emailName, idSequence, numberDeck, randomPhones, uniqueNames } from "./build-people";

/**
 * Northfield's students that each show one delivery outcome (SPEC §4.5, §5), all on Alex
 * Rivera's caseload. Tests and the demo script refer to them by these src_system_ids.
 */
export const NORTHFIELD_STUDENTS = {
  /** Sam Student (student@northfield.edu): verified Cell, SMS_DEFAULT → texted by the Cell default. */
  sam: "NSU-S000001",
  /** Two SMS_ENABLED Cells verified 40 and 3 days ago (the later wins) and a Home. */
  severalPhones: "NSU-S000002",
  /** An email and no phone → NO_SMS_NUMBER, email. */
  noPhone: "NSU-S000003",
  /** No email and no phone → UNDELIVERABLE. */
  unreachable: "NSU-S000004",
  /** Siblings holding their parent's number: one as Home (she has her own Cell), one as Cell. */
  sharedNumberSister: "NSU-S000005",
  sharedNumberBrother: "NSU-S000006",
  /** Only an SMS_DISABLED Cell → email. */
  optedOut: "NSU-S000007",
  /** Only a Home SMS_DEFAULT (not the Default SMS Phone Type) → NO_SMS_NUMBER. */
  homeOnly: "NSU-S000008",
  /** +15005550004: the simulator answers 21610 (unsubscribed); also has a Home. */
  unsubscribed: "NSU-S000009",
  /** +15005550001: the simulator answers 21211 (invalid number). */
  invalidNumber: "NSU-S000010",
  /** +15005550009: the simulator answers 21614 (cannot receive SMS). */
  cannotReceive: "NSU-S000011",
  /** A deleted SMS_ENABLED Cell and a live SMS_DEFAULT Cell. */
  deletedPhone: "NSU-S000012",
} as const;

const STAFF: { first: string; last: string; roles: RoleCode[]; email?: string }[] = [
  { first: "Avery", last: "Admin", roles: ["ADMIN", "ADVISOR"], email: "admin@northfield.edu" },
  { first: "Alex", last: "Rivera", roles: ["ADVISOR"], email: "advisor@northfield.edu" },
  { first: "Morgan", last: "Lee", roles: ["ADVISOR"] },
  { first: "Jamie", last: "Torres", roles: ["ADVISOR"] },
  { first: "Casey", last: "Nguyen", roles: ["ADVISOR"] },
  { first: "Riley", last: "Johnson", roles: ["ADVISOR"] },
  { first: "Dana", last: "Brooks", roles: ["COACH"] },
  { first: "Chris", last: "Walker", roles: ["COACH"] },
  { first: "Fran", last: "Faculty", roles: ["FACULTY"], email: "faculty@northfield.edu" },
  { first: "Taylor", last: "Quinn", roles: ["FACULTY"] },
  { first: "Robin", last: "Hayes", roles: ["FACULTY"] },
  /** Used by the sign-in throttling e2e test. */
  { first: "Lou", last: "Locked", roles: ["FACULTY"], email: "locked@northfield.edu" },
];
const ALEX = "NSU-E000002";
const OTHER_ADVISORS = ["NSU-E000003", "NSU-E000004", "NSU-E000005", "NSU-E000006", "NSU-E000001"];
const COACHES = ["NSU-E000007", "NSU-E000008"];
const FRAN = "NSU-E000009";
const STUDENT_COUNT = 60;
const ALEX_CASELOAD = 20;

/** Northfield State University: 12 staff, 60 students, 12 pool numbers, one already assigned. */
export function northfieldPlan(): InstitutionPlan {
  const r = createRandom(20240901);
  const nextNumber = numberDeck(r, ["312", "773"]);
  const nextPhoneId = idSequence("NSU-P");
  const nextStaffId = idSequence("NSU-E");
  const nextStudentId = idSequence("NSU-S");
  const phone = (type: PhonePlan["type"], smsStatus: PhonePlan["smsStatus"], extra: Partial<PhonePlan> = {}): PhonePlan => ({
    srcSystemId: nextPhoneId(),
    number: extra.number ?? nextNumber(),
    type,
    smsStatus,
    ...extra,
  });

  const staff: PersonPlan[] = STAFF.map((s) => {
    const email = s.email ?? `${emailName(s.first, s.last)}@northfield.edu`;
    const textsStudents = !s.roles.includes("FACULTY");
    return {
      srcSystemId: nextStaffId(),
      firstName: s.first,
      lastName: s.last,
      roles: s.roles,
      emails: [email],
      userEmail: email,
      phones: [
        phone("WORK", "SMS_DEFAULT"),
        ...(textsStudents ? [phone("CELL", "SMS_ENABLED", { verifiedDaysAgo: r.int(10, 200) })] : []),
      ],
    };
  });

  const parentsNumber = nextNumber();
  const student = (firstName: string, lastName: string, phones: PhonePlan[], emails?: string[]): PersonPlan => ({
    srcSystemId: nextStudentId(),
    firstName,
    lastName,
    roles: ["STUDENT"],
    emails: emails ?? [`${emailName(firstName, lastName)}@students.northfield.edu`],
    phones,
  });
  const special: PersonPlan[] = [
    {
      ...student("Sam", "Student", [phone("CELL", "SMS_DEFAULT", { verifiedDaysAgo: 30 }), phone("HOME", "SMS_DEFAULT")], [
        "student@northfield.edu",
        "sam.student@example.com",
      ]),
      userEmail: "student@northfield.edu",
    },
    student("Maya", "Patel", [
      phone("CELL", "SMS_ENABLED", { verifiedDaysAgo: 40 }),
      phone("CELL", "SMS_ENABLED", { verifiedDaysAgo: 3 }),
      phone("HOME", "SMS_DEFAULT"),
    ]),
    { ...student("Noah", "Kim", []), timeZone: "America/New_York", state: "FL" },
    student("Owen", "Price", [], []),
    student("Lena", "Ortiz", [phone("CELL", "SMS_DEFAULT", { verifiedDaysAgo: 12 }), phone("HOME", "SMS_DEFAULT", { number: parentsNumber })]),
    { ...student("Marco", "Ortiz", [phone("CELL", "SMS_DEFAULT", { number: parentsNumber })]), timeZone: "America/Chicago", state: "TX" },
    { ...student("Ivy", "Chen", [phone("CELL", "SMS_DISABLED", { verifiedDaysAgo: 90 })]), timeZone: "Pacific/Honolulu", state: "HI" },
    { ...student("Ravi", "Shah", [phone("HOME", "SMS_DEFAULT")]), timeZone: "America/Phoenix", state: "AZ" },
    student("Uma", "Reyes", [phone("CELL", "SMS_ENABLED", { number: "+15005550004" }), phone("HOME", "SMS_DEFAULT")]),
    student("Carlos", "Diaz", [phone("CELL", "SMS_ENABLED", { number: "+15005550001" })]),
    { ...student("Priya", "Nair", [phone("CELL", "SMS_ENABLED", { number: "+15005550009", verifiedDaysAgo: 7 })]), timeZone: "America/Los_Angeles", state: "CA" },
    student("Hana", "Ito", [
      phone("CELL", "SMS_ENABLED", { verifiedDaysAgo: 5, deleted: true }),
      phone("CELL", "SMS_DEFAULT"),
    ]),
  ];

  const taken = new Set([...staff, ...special].map((p) => `${p.firstName} ${p.lastName}`));
  const generated = uniqueNames(r, STUDENT_COUNT - special.length, taken).map(({ firstName, lastName }) => {
    const plan = student(firstName, lastName, randomPhones(r, nextNumber, nextPhoneId));
    if (r.chance(0.25)) plan.emails.push(`${emailName(firstName, lastName)}@example.com`);
    // SPEC §10's demo: some students go by a shorter name, most record none ({{preferredName}} needs a fallback).
    if (NICKNAMES[firstName]) plan.preferredName = NICKNAMES[firstName];
    return plan;
  });

  const students = [...special, ...generated].map((p, i) => ({ ...p, team: successTeam(i) }));
  return {
    slug: "northfield",
    name: "Northfield State University",
    timeZone: "America/Chicago",
    smsMonthlyLimit: 5000,
    smsPhoneNumberLimit: 8,
    studentDefaultStatus: "OPTED_IN",
    staffDefaultStatus: "OPTED_OUT",
    defaultPhoneType: "CELL",
    permittedRoles: ["ADMIN", "ADVISOR", "COACH"],
    smsMaxLength: 1000,
    persons: [...staff, ...students],
    operators: [{ email: "operator@platform.example", displayName: "Platform Operator" }],
    administratorEmail: "admin@northfield.edu",
    pool: Array.from({ length: 12 }, (_, i) => `+131255502${String(i + 1).padStart(2, "0")}`),
    preassigned: { personSrcSystemId: COACHES[0], number: "+13125550201", assignedDaysAgo: 14 },
    templates: NORTHFIELD_TEMPLATES,
  };
}

/** Preferred names of some generated students (taken from their first name, so the random sequence is untouched). */
const NICKNAMES: Record<string, string> = { Samuel: "Sam", Gabriel: "Gabe", Elijah: "Eli", Nathan: "Nate", Daniela: "Dani", Valeria: "Val", Mariana: "Mari" };

/** The demo's templates (SPEC §10): three shared ones, and two saved replies of the advisor. */
const NORTHFIELD_TEMPLATES: TemplatePlan[] = [
  {
    name: "Registration reminder",
    category: "Registration",
    body: "Hi {{firstName}}, registration for spring classes closes Friday at 5 PM. Questions? Reply to this text. - {{senderFirstName}}, {{institutionName}}",
  },
  {
    name: "Advising appointment",
    category: "Advising",
    body: "Hi {{preferredName|there}}, this is {{senderName}}, your advisor. Let's meet this week: reply with a day and time that work for you.",
  },
  {
    name: "FAFSA deadline",
    category: "Financial aid",
    body: "{{firstName}}, the FAFSA priority deadline is March 1. Need help with it? Reply here and {{senderFirstName}} will walk you through it.",
  },
  { name: "thanks", ownerEmail: "advisor@northfield.edu", body: "Thanks, {{firstName}}! I'll follow up soon." },
  { name: "office-hours", ownerEmail: "advisor@northfield.edu", category: "Advising", body: "My office hours are Monday to Thursday, 2-4 PM, in Student Services 210. Drop by any time." },
];

/**
 * The first 20 students are Alex Rivera's caseload, the rest go round the other advisors;
 * every third student also has a coach and some others have Fran Faculty (1–2 staff each).
 */
function successTeam(index: number): PersonPlan["team"] {
  const advisor = index < ALEX_CASELOAD ? ALEX : OTHER_ADVISORS[index % OTHER_ADVISORS.length];
  const team = [{ staffSrcSystemId: advisor, teamRole: "Advisor" }];
  if (index % 3 === 0) team.push({ staffSrcSystemId: COACHES[(index / 3) % 2], teamRole: "Coach" });
  else if (index % 7 === 0) team.push({ staffSrcSystemId: FRAN, teamRole: "Instructor" });
  return team;
}
