import { and, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import {
  appSettings,
  institutions,
  phoneTypes,
  securityRoles,
  smsPermittedRoles,
  smsSettings,
  SYSTEM_PHONE_TYPE_SRC_ID,
  type Institution,
  type PhoneType,
  type RoleKind,
  type SecurityRole,
  type SmsDefaultStatus,
} from "@/db/schema";

export const ROLE_CODES = ["ADMIN", "ADVISOR", "COACH", "FACULTY", "STUDENT", "PROSPECT"] as const;
export type RoleCode = (typeof ROLE_CODES)[number];

/** The security roles every demo and test institution starts with (SPEC §2: staff or student roles). */
export const DEFAULT_ROLES: readonly { code: RoleCode; name: string; kind: RoleKind; grantsAdmin: boolean }[] = [
  { code: "ADMIN", name: "Administrator", kind: "STAFF", grantsAdmin: true },
  { code: "ADVISOR", name: "Advisor", kind: "STAFF", grantsAdmin: false },
  { code: "COACH", name: "Coach", kind: "STAFF", grantsAdmin: false },
  { code: "FACULTY", name: "Faculty", kind: "STAFF", grantsAdmin: false },
  { code: "STUDENT", name: "Student", kind: "STUDENT", grantsAdmin: false },
  { code: "PROSPECT", name: "Prospect", kind: "STUDENT", grantsAdmin: false },
];

export type PhoneTypeKey = "CELL" | "HOME" | "WORK" | "SYSTEM";

/** Phone types by key; System carries `AVISO.SYSTEM`, the type of assigned system numbers (SPEC §6). */
export const DEFAULT_PHONE_TYPES: Readonly<Record<PhoneTypeKey, { name: string; srcSystemId: string }>> = {
  CELL: { name: "Cell", srcSystemId: "CELL" },
  HOME: { name: "Home", srcSystemId: "HOME" },
  WORK: { name: "Work", srcSystemId: "WORK" },
  SYSTEM: { name: "System", srcSystemId: SYSTEM_PHONE_TYPE_SRC_ID },
};

export type InstitutionSpec = {
  slug: string;
  name: string;
  timeZone: string;
  smsMonthlyLimit: number;
  smsPhoneNumberLimit: number;
  studentDefaultStatus: SmsDefaultStatus;
  staffDefaultStatus: SmsDefaultStatus;
  defaultPhoneType: PhoneTypeKey;
  permittedRoles: readonly RoleCode[];
  smsMaxLength: number;
  /** Quiet hours (SPEC §9); default on, as the column. */
  quietHoursEnabled?: boolean;
};

export type EnsuredInstitution = Institution & {
  roles: Record<RoleCode, SecurityRole>;
  phoneTypes: Record<PhoneTypeKey, PhoneType>;
};

/**
 * Creates an institution with its roles, phone types, SMS and application settings and
 * Permitted Roles, or completes an existing one (same slug) without changing it: every insert
 * is `on conflict do nothing` on a natural key, so running it again changes no row.
 */
export async function ensureInstitution(db: DbOrTx, spec: InstitutionSpec): Promise<EnsuredInstitution> {
  const created = await db
    .insert(institutions)
    .values({
      slug: spec.slug,
      name: spec.name,
      timeZone: spec.timeZone,
      smsMonthlyLimit: spec.smsMonthlyLimit,
      smsPhoneNumberLimit: spec.smsPhoneNumberLimit,
    })
    .onConflictDoNothing()
    .returning({ id: institutions.id });
  const [institution] = await db.select().from(institutions).where(eq(institutions.slug, spec.slug));
  const institutionId = institution.id;

  await db
    .insert(securityRoles)
    .values(DEFAULT_ROLES.map((r) => ({ ...r, institutionId, srcSystemId: r.code })))
    .onConflictDoNothing();
  const roleRows = await db
    .select()
    .from(securityRoles)
    .where(and(eq(securityRoles.institutionId, institutionId), inArray(securityRoles.code, [...ROLE_CODES])));
  const roles = Object.fromEntries(roleRows.map((r) => [r.code, r])) as Record<RoleCode, SecurityRole>;

  const typeKeys = Object.keys(DEFAULT_PHONE_TYPES) as PhoneTypeKey[];
  await db
    .insert(phoneTypes)
    .values(typeKeys.map((k) => ({ ...DEFAULT_PHONE_TYPES[k], institutionId })))
    .onConflictDoNothing();
  const typeRows = await db.select().from(phoneTypes).where(eq(phoneTypes.institutionId, institutionId));
  const phoneTypesByKey = Object.fromEntries(
    typeKeys.map((k) => [k, typeRows.find((t) => t.srcSystemId === DEFAULT_PHONE_TYPES[k].srcSystemId)!]),
  ) as Record<PhoneTypeKey, PhoneType>;

  if (created.length > 0) await writeSettings(db, institutionId, spec, roles, phoneTypesByKey);
  return { ...institution, roles, phoneTypes: phoneTypesByKey };
}

/**
 * Settings are written only with a new institution: an administrator may since have changed
 * them (or removed a Permitted Role), and seeding again must not undo that.
 */
async function writeSettings(
  db: DbOrTx,
  institutionId: string,
  spec: InstitutionSpec,
  roles: Record<RoleCode, SecurityRole>,
  phoneTypesByKey: Record<PhoneTypeKey, PhoneType>,
) {
  await db.insert(appSettings).values({ institutionId, smsMaxLength: spec.smsMaxLength }).onConflictDoNothing();
  await db
    .insert(smsSettings)
    .values({
      institutionId,
      studentDefaultStatus: spec.studentDefaultStatus,
      staffDefaultStatus: spec.staffDefaultStatus,
      defaultPhoneTypeId: phoneTypesByKey[spec.defaultPhoneType].id,
      ...(spec.quietHoursEnabled !== undefined ? { quietHoursEnabled: spec.quietHoursEnabled } : {}),
    })
    .onConflictDoNothing();
  if (spec.permittedRoles.length > 0) {
    await db
      .insert(smsPermittedRoles)
      .values(spec.permittedRoles.map((code) => ({ institutionId, roleId: roles[code].id })))
      .onConflictDoNothing();
  }
}
