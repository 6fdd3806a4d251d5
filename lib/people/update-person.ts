import {
  findPerson,
  insertPersonPhones,
  listPhonesOfPersons,
  replacePersonEmails,
  replacePersonRoles,
  updatePersonFields,
  updatePersonPhone,
} from "@/db/queries/persons";
import { authorize } from "@/lib/auth/policy";
import { parseInput, validationError } from "@/lib/parse-input";
import type { ServiceContext } from "@/lib/service-context";
import { isPersonId, personNotFound } from "./get-person";
import { isSystemPhone, loadPersonDto } from "./person-dto";
import { resolvePersonRefs } from "./resolve-person-refs";
import { personUpdateInputSchema, type PersonDto } from "./schemas";
import { rethrowUniqueViolation, withOnePrimary } from "./write-person-parts";

/**
 * Changes a person in one transaction (SPEC §2): names and flags; `emails` and `roles` replace
 * the lists; `phones` adds records (SMS_DEFAULT, unverified) or changes an existing record's
 * type, source id or deleted flag. System numbers (SPEC §6) are not touched here; SMS status
 * and verified are not accepted. Admins only; another institution's person is NOT_FOUND.
 */
export async function updatePerson({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { personId: string; [field: string]: unknown };
}): Promise<PersonDto> {
  const { actor, now } = ctx;
  authorize(actor, "person.update");
  const { personId, ...rest } = input;
  if (!isPersonId(personId)) throw personNotFound();
  const changes = parseInput(personUpdateInputSchema, rest);
  const institutionId = actor.institutionId;

  return ctx.db
    .transaction(async (tx) => {
      if (!(await findPerson(tx, institutionId, personId, { forUpdate: true }))) throw personNotFound();
      const { emails, roles, phones = [], ...fields } = changes;
      const existing = await listPhonesOfPersons(tx, institutionId, [personId]);
      const badIds: Record<string, string> = {};
      phones.forEach((p, i) => {
        if (!p.id) return;
        const current = existing.find((e) => e.id === p.id);
        if (!current) badIds[`phones[${i}].id`] = "Not a phone of this person.";
        else if (isSystemPhone(current)) badIds[`phones[${i}].id`] = "System numbers are managed under SMS Configuration → Twilio.";
        else if (phones.findIndex((q) => q.id === p.id) !== i) badIds[`phones[${i}].id`] = "This phone is listed twice.";
      });
      if (Object.keys(badIds).length) throw validationError(badIds);

      const refs = await resolvePersonRefs(tx, institutionId, { personId, srcSystemId: fields.srcSystemId, roles, phones });
      await updatePersonFields(tx, institutionId, personId, fields, now);
      if (emails) await replacePersonEmails(tx, institutionId, personId, withOnePrimary(emails));
      if (refs.roleIds) await replacePersonRoles(tx, institutionId, personId, refs.roleIds);

      const added = phones.flatMap((p, i) =>
        p.id || !p.number
          ? []
          : [{ number: p.number, phoneTypeId: refs.phoneTypes[i]!.id, phoneTypeSrcSystemId: refs.phoneTypes[i]!.srcSystemId, srcSystemId: p.srcSystemId ?? null }],
      );
      await insertPersonPhones(tx, institutionId, personId, added, now);
      for (const [i, p] of phones.entries()) {
        if (!p.id) continue;
        const type = refs.phoneTypes[i];
        await updatePersonPhone(
          tx,
          institutionId,
          p.id,
          {
            ...(type ? { phoneTypeId: type.id, phoneTypeSrcSystemId: type.srcSystemId } : {}),
            ...(p.srcSystemId !== undefined ? { srcSystemId: p.srcSystemId } : {}),
            ...(p.deleted !== undefined ? { deleted: p.deleted } : {}),
          },
          now,
        );
      }
      return (await loadPersonDto(tx, institutionId, personId))!;
    })
    .catch(rethrowUniqueViolation);
}
