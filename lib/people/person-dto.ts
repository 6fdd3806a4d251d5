import type { DbOrTx } from "@/db";
import { findPerson, listEmailsOfPersons, listPhonesOfPersons, listRolesOfPersons } from "@/db/queries/persons";
import { SYSTEM_PHONE_SRC_SUFFIX, SYSTEM_PHONE_TYPE_SRC_ID, type SmsStatus } from "@/db/schema/constants";
import { formatPhone } from "@/lib/e164";
import type { PersonDto } from "./schemas";

/** An assigned system number (SPEC §6): managed by sending and the Twilio tab, never by hand. */
export function isSystemPhone(phone: { phoneTypeSrcSystemId: string; srcSystemId?: string | null }): boolean {
  return phone.phoneTypeSrcSystemId === SYSTEM_PHONE_TYPE_SRC_ID || Boolean(phone.srcSystemId?.endsWith(SYSTEM_PHONE_SRC_SUFFIX));
}

/** A person of the institution as the API and the profile show it, or null when not there. */
export async function loadPersonDto(db: DbOrTx, institutionId: string, personId: string): Promise<PersonDto | null> {
  const person = await findPerson(db, institutionId, personId);
  if (!person) return null;
  const [roles, emails, phones] = await Promise.all([
    listRolesOfPersons(db, institutionId, [personId]),
    listEmailsOfPersons(db, institutionId, [personId]),
    listPhonesOfPersons(db, institutionId, [personId]),
  ]);
  return {
    ...person,
    kind: roles.some((r) => r.kind === "STAFF") ? "staff" : "student",
    createdAt: person.createdAt.toISOString(),
    updatedAt: person.updatedAt.toISOString(),
    emails: emails.map((e) => ({ email: e.email, isPrimary: e.isPrimary })),
    roles: roles.map((r) => ({ code: r.code, name: r.name, kind: r.kind as "STAFF" | "STUDENT" })),
    phones: phones.map((p) => ({
      id: p.id,
      typeName: p.typeName,
      phoneTypeSrcSystemId: p.phoneTypeSrcSystemId,
      number: p.number,
      formatted: formatPhone(p.number),
      smsStatus: p.smsStatus as SmsStatus,
      verified: p.verified,
      verifiedAt: p.verifiedAt?.toISOString() ?? null,
      verifiedBy: p.verifiedByUserId && p.verifiedByName ? { userId: p.verifiedByUserId, displayName: p.verifiedByName } : null,
      srcSystemId: p.srcSystemId,
      isSystem: isSystemPhone(p),
      deleted: p.deleted,
    })),
  };
}
