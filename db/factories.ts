import { randomBytes, randomInt } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import {
  credentials,
  personEmails,
  personPhones,
  personRoles,
  persons,
  phoneTypes,
  systemNumbers,
  users,
  type Person,
  type PersonPhone,
  type SmsStatus,
  type User,
} from "@/db/schema";
import { hashPassword } from "@/db/password";
import { DEFAULT_PHONE_TYPES, ensureInstitution, type EnsuredInstitution, type InstitutionSpec, type PhoneTypeKey, type RoleCode } from "./seed/institution";

/**
 * Test data with unique values on every call (a counter plus a random suffix), so tests in
 * one database never collide. Each function returns the rows it created, ids included.
 */

let counter = 0;

/** `7a3f9c`-style: unique within the process, unlikely to repeat across processes. */
export function uniqueSuffix() {
  counter += 1;
  return `${counter.toString(36)}${randomBytes(3).toString("hex")}`;
}

/** A fresh E.164 number (+1, a random area code, the call counter in the last digits). */
export function uniquePhoneNumber() {
  counter += 1;
  const area = randomInt(200, 1000);
  const rest = `${randomInt(1000)}`.padStart(3, "0") + `${counter % 10_000}`.padStart(4, "0");
  return `+1${area}${rest}`;
}

/** Cheap scrypt cost for tests: verifyPassword reads the cost from the stored hash. */
const TEST_HASH_PARAMS = { N: 1024, r: 8, p: 1 };

export type FactoryInstitution = EnsuredInstitution;

/**
 * An institution with the demo defaults: roles ADMIN/ADVISOR/COACH/FACULTY (staff) and
 * STUDENT/PROSPECT, phone types Cell/Home/Work/System, students opted in, staff opted out,
 * Cell as the Default SMS Phone Type, ADMIN/ADVISOR/COACH permitted, generous limits. Quiet
 * hours are off unless a test turns them on (`quietHoursEnabled: true`; `undefined` leaves the
 * column's SPEC §9 default, on): a test that sends at the real time must not pass by day and
 * fail by night.
 */
export async function createInstitution(db: DbOrTx, overrides: Partial<InstitutionSpec> = {}): Promise<FactoryInstitution> {
  const suffix = uniqueSuffix();
  return ensureInstitution(db, {
    slug: `inst-${suffix}`,
    name: `Institution ${suffix}`,
    timeZone: "America/Chicago",
    smsMonthlyLimit: 1000,
    smsPhoneNumberLimit: 10,
    studentDefaultStatus: "OPTED_IN",
    staffDefaultStatus: "OPTED_OUT",
    defaultPhoneType: "CELL",
    permittedRoles: ["ADMIN", "ADVISOR", "COACH"],
    smsMaxLength: 1000,
    quietHoursEnabled: false,
    ...overrides,
  });
}

export type PhoneInput = {
  number?: string;
  type?: PhoneTypeKey;
  smsStatus?: SmsStatus;
  /** Sets verified with this date. */
  verifiedAt?: Date;
  verifiedByUserId?: string;
  deleted?: boolean;
  srcSystemId?: string;
};

/** A phone record of `person`; the type is looked up in the person's institution (default Cell). */
export async function createPhone(db: DbOrTx, person: Pick<Person, "id" | "institutionId">, input: PhoneInput = {}): Promise<PersonPhone> {
  const typeSrcId = DEFAULT_PHONE_TYPES[input.type ?? "CELL"].srcSystemId;
  const [type] = await db
    .select({ id: phoneTypes.id, srcSystemId: phoneTypes.srcSystemId })
    .from(phoneTypes)
    .where(and(eq(phoneTypes.institutionId, person.institutionId), eq(phoneTypes.srcSystemId, typeSrcId)));
  const [phone] = await db
    .insert(personPhones)
    .values({
      institutionId: person.institutionId,
      personId: person.id,
      phoneTypeId: type.id,
      phoneTypeSrcSystemId: type.srcSystemId,
      number: input.number ?? uniquePhoneNumber(),
      smsStatus: input.smsStatus ?? "SMS_DEFAULT",
      verified: input.verifiedAt !== undefined,
      verifiedAt: input.verifiedAt ?? null,
      verifiedByUserId: input.verifiedByUserId ?? null,
      srcSystemId: input.srcSystemId ?? `P-${uniqueSuffix()}`,
      deleted: input.deleted ?? false,
    })
    .returning();
  return phone;
}

export type PersonInput = {
  kind?: "student" | "staff";
  /** Default: STUDENT for a student, ADVISOR for staff. */
  roles?: RoleCode[];
  /** The first is primary. Default: one unique address; `[]` for none. */
  emails?: string[];
  phones?: PhoneInput[];
  firstName?: string;
  lastName?: string;
  preferredName?: string | null;
  srcSystemId?: string;
  deleted?: boolean;
};

export type FactoryPerson = Person & { emails: string[]; roles: RoleCode[]; phones: PersonPhone[] };

/** A person of `inst` with roles, emails and phone records. */
export async function createPerson(db: DbOrTx, inst: FactoryInstitution, input: PersonInput = {}): Promise<FactoryPerson> {
  const suffix = uniqueSuffix();
  const kind = input.kind ?? "student";
  const [person] = await db
    .insert(persons)
    .values({
      institutionId: inst.id,
      firstName: input.firstName ?? (kind === "staff" ? "Staff" : "Student"),
      lastName: input.lastName ?? suffix,
      preferredName: input.preferredName ?? null,
      srcSystemId: input.srcSystemId ?? `S-${suffix}`,
      deleted: input.deleted ?? false,
    })
    .returning();
  const emails = input.emails ?? [`person-${suffix}@example.test`];
  if (emails.length > 0) {
    await db
      .insert(personEmails)
      .values(emails.map((email, i) => ({ institutionId: inst.id, personId: person.id, email, isPrimary: i === 0 })));
  }
  const roles = input.roles ?? [kind === "staff" ? "ADVISOR" : "STUDENT"];
  if (roles.length > 0) {
    await db.insert(personRoles).values(roles.map((code) => ({ institutionId: inst.id, personId: person.id, roleId: inst.roles[code].id })));
  }
  const phones: PersonPhone[] = [];
  for (const phone of input.phones ?? []) phones.push(await createPhone(db, person, phone));
  return { ...person, emails, roles, phones };
}

export type FactoryUser = User & { password: string };

/**
 * A sign-in for a person, or — given an institution — one with no person (an operator when
 * `operator` is set). The password is hashed with a cheap scrypt cost.
 */
export async function createUser(
  db: DbOrTx,
  owner: FactoryPerson | FactoryInstitution,
  opts: { password?: string; operator?: boolean; email?: string; disabled?: boolean } = {},
): Promise<FactoryUser> {
  const suffix = uniqueSuffix();
  const person = "institutionId" in owner ? owner : null;
  const institutionId = person ? person.institutionId : owner.id;
  const password = opts.password ?? `pw-${suffix}`;
  const [user] = await db
    .insert(users)
    .values({
      institutionId,
      personId: person?.id ?? null,
      email: opts.email ?? `user-${suffix}@example.test`,
      displayName: person ? `${person.firstName} ${person.lastName}` : `Operator ${suffix}`,
      isOperator: opts.operator ?? false,
      disabled: opts.disabled ?? false,
    })
    .returning();
  await db.insert(credentials).values({ userId: user.id, institutionId, passwordHash: await hashPassword(password, TEST_HASH_PARAMS) });
  return { ...user, password };
}

/** `n` ACTIVE system numbers in the institution's pool. */
export async function createSystemNumbers(db: DbOrTx, inst: Pick<FactoryInstitution, "id">, n: number) {
  if (n === 0) return [];
  return db
    .insert(systemNumbers)
    .values(Array.from({ length: n }, () => ({ institutionId: inst.id, number: uniquePhoneNumber(), status: "ACTIVE" })))
    .returning();
}
