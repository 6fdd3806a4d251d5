import { and, asc, eq, ne } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { phoneTypes, securityRoles } from "@/db/schema";
import { SYSTEM_PHONE_TYPE_SRC_ID } from "@/db/schema/constants";

/** Staff roles of the institution, the choices of Permitted Roles (SPEC §3). */
export function listStaffRoles(db: DbOrTx, institutionId: string) {
  return db
    .select({ code: securityRoles.code, name: securityRoles.name })
    .from(securityRoles)
    .where(and(eq(securityRoles.institutionId, institutionId), eq(securityRoles.kind, "STAFF")))
    .orderBy(asc(securityRoles.name), asc(securityRoles.code));
}

/** The institution's own phone types, the choices of Default SMS Phone Type (System excluded). */
export function listPersonalPhoneTypes(db: DbOrTx, institutionId: string) {
  return db
    .select({ srcSystemId: phoneTypes.srcSystemId, name: phoneTypes.name })
    .from(phoneTypes)
    .where(and(eq(phoneTypes.institutionId, institutionId), ne(phoneTypes.srcSystemId, SYSTEM_PHONE_TYPE_SRC_ID)))
    .orderBy(asc(phoneTypes.name), asc(phoneTypes.srcSystemId));
}

/** Every role of the institution, the choices of the People list's role filter. */
export function listRolesOfInstitution(db: DbOrTx, institutionId: string) {
  return db
    .select({ code: securityRoles.code, name: securityRoles.name })
    .from(securityRoles)
    .where(eq(securityRoles.institutionId, institutionId))
    .orderBy(asc(securityRoles.name), asc(securityRoles.code));
}
