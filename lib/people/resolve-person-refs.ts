import "server-only";
import type { DbOrTx } from "@/db";
import { findPersonIdBySrcSystemId, findPhonesBySrcIds, findPhoneTypesBySrcIds, findRolesByCodes } from "@/db/queries/persons";
import { SYSTEM_PHONE_SRC_SUFFIX, SYSTEM_PHONE_TYPE_SRC_ID } from "@/db/schema/constants";
import { AppError } from "@/lib/errors";
import { validationError } from "@/lib/parse-input";

export type PhoneRefInput = { id?: string; phoneTypeSrcSystemId?: string; srcSystemId?: string | null };
export type ResolvedPhoneType = { id: string; srcSystemId: string };

/**
 * Checks what a person write names against the institution's data — role codes, phone types,
 * source ids — and answers with field-named errors: VALIDATION for names that don't exist or
 * may not be used by hand (the System type, SPEC §6), CONFLICT for source ids already taken.
 */
export async function resolvePersonRefs(
  db: DbOrTx,
  institutionId: string,
  input: { personId?: string; srcSystemId?: string | null; roles?: string[]; phones?: PhoneRefInput[] },
): Promise<{ roleIds: string[] | undefined; phoneTypes: (ResolvedPhoneType | undefined)[] }> {
  const phones = input.phones ?? [];
  const [roles, types] = await Promise.all([
    findRolesByCodes(db, institutionId, [...new Set(input.roles ?? [])]),
    findPhoneTypesBySrcIds(db, institutionId, [...new Set(phones.flatMap((p) => p.phoneTypeSrcSystemId ?? []))]),
  ]);

  const invalid: Record<string, string> = {};
  input.roles?.forEach((code, i) => {
    if (!roles.some((r) => r.code === code)) invalid[`roles[${i}]`] ??= `Unknown role code "${code}".`;
  });
  const phoneTypes = phones.map((p, i) => {
    if (p.phoneTypeSrcSystemId === undefined) return undefined;
    const type = types.find((t) => t.srcSystemId === p.phoneTypeSrcSystemId);
    if (!type) invalid[`phones[${i}].phoneTypeSrcSystemId`] = `Unknown phone type "${p.phoneTypeSrcSystemId}".`;
    else if (type.srcSystemId === SYSTEM_PHONE_TYPE_SRC_ID) {
      invalid[`phones[${i}].phoneTypeSrcSystemId`] = "System numbers are assigned when a permitted user first texts; they can't be added by hand.";
    }
    if (p.srcSystemId?.endsWith(SYSTEM_PHONE_SRC_SUFFIX)) {
      invalid[`phones[${i}].srcSystemId`] = `Source ids ending in ${SYSTEM_PHONE_SRC_SUFFIX} are reserved for system numbers.`;
    }
    return type && { id: type.id, srcSystemId: type.srcSystemId };
  });
  if (Object.keys(invalid).length) throw validationError(invalid);

  const taken: Record<string, string> = {};
  if (input.srcSystemId) {
    const holder = await findPersonIdBySrcSystemId(db, institutionId, input.srcSystemId);
    if (holder && holder !== input.personId) taken.srcSystemId = "Another person already has this source id.";
  }
  const phoneSrcIds = phones.flatMap((p) => p.srcSystemId ?? []);
  const existing = await findPhonesBySrcIds(db, institutionId, [...new Set(phoneSrcIds)]);
  phones.forEach((p, i) => {
    if (!p.srcSystemId) return;
    const other = existing.find((e) => e.srcSystemId === p.srcSystemId && e.id !== p.id);
    const twice = phones.findIndex((q) => q.srcSystemId === p.srcSystemId) !== i;
    if (other || twice) taken[`phones[${i}].srcSystemId`] = "Another phone already has this source id.";
  });
  if (Object.keys(taken).length) {
    const [field, message] = Object.entries(taken)[0];
    throw new AppError("CONFLICT", `${field}: ${message}`, taken);
  }
  return { roleIds: input.roles && roles.map((r) => r.id), phoneTypes };
}
