import type { InstitutionPlan, PersonPlan } from "./plan";
import { createRandom } from "./random";
import { emailName, idSequence, numberDeck, uniqueNames } from "./build-people";

/**
 * Lakeside Community College: a second, small institution whose data must never show up in
 * Northfield's (SPEC §1). Two staff, six students, three pool numbers, none assigned.
 */
export function lakesidePlan(): InstitutionPlan {
  const r = createRandom(20240902);
  const nextNumber = numberDeck(r, ["206", "425"]);
  const nextPhoneId = idSequence("LCC-P");
  const nextStaffId = idSequence("LCC-E");
  const nextStudentId = idSequence("LCC-S");

  const staff: PersonPlan[] = [
    { first: "Lee", last: "Lakeside", roles: ["ADMIN", "ADVISOR"] as const, email: "admin@lakeside.edu" },
    { first: "Lane", last: "Advisor", roles: ["ADVISOR"] as const, email: "advisor@lakeside.edu" },
  ].map((s) => ({
    srcSystemId: nextStaffId(),
    firstName: s.first,
    lastName: s.last,
    roles: [...s.roles],
    emails: [s.email],
    userEmail: s.email,
    phones: [
      { srcSystemId: nextPhoneId(), number: nextNumber(), type: "WORK", smsStatus: "SMS_DEFAULT" },
      { srcSystemId: nextPhoneId(), number: nextNumber(), type: "CELL", smsStatus: "SMS_ENABLED", verifiedDaysAgo: 20 },
    ],
  }));

  const statuses = ["SMS_DEFAULT", "SMS_ENABLED", "SMS_DEFAULT", "SMS_DISABLED", "SMS_DEFAULT", "SMS_DEFAULT"] as const;
  const students: PersonPlan[] = uniqueNames(r, statuses.length, new Set()).map(({ firstName, lastName }, i) => ({
    srcSystemId: nextStudentId(),
    firstName,
    lastName,
    roles: ["STUDENT"],
    emails: [`${emailName(firstName, lastName)}@students.lakeside.edu`],
    phones: [
      {
        srcSystemId: nextPhoneId(),
        number: nextNumber(),
        type: "CELL",
        smsStatus: statuses[i],
        verifiedDaysAgo: i % 2 === 0 ? r.int(1, 100) : undefined,
      },
    ],
    team: [
      { staffSrcSystemId: "LCC-E000002", teamRole: "Advisor" },
      ...(i % 2 === 1 ? [{ staffSrcSystemId: "LCC-E000001", teamRole: "Advisor" }] : []),
    ],
  }));

  return {
    slug: "lakeside",
    name: "Lakeside Community College",
    timeZone: "America/Los_Angeles",
    smsMonthlyLimit: 500,
    smsPhoneNumberLimit: 2,
    studentDefaultStatus: "OPTED_IN",
    staffDefaultStatus: "OPTED_OUT",
    defaultPhoneType: "CELL",
    permittedRoles: ["ADMIN", "ADVISOR", "COACH"],
    smsMaxLength: 1000,
    persons: [...staff, ...students],
    operators: [],
    administratorEmail: "admin@lakeside.edu",
    pool: ["+12065550301", "+12065550302", "+12065550303"],
    // Lakeside's own: never offered at Northfield (SPEC §1 tenancy).
    templates: [{ name: "Registration reminder", category: "Registration", body: "Hi {{firstName}}, Lakeside registration closes soon. - {{senderFirstName}}" }],
  };
}
