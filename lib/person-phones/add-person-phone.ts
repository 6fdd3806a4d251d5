import "server-only";
import { findPerson, listPhonesOfPersons } from "@/db/queries/persons";
import { insertPersonPhone } from "@/db/queries/person-phones";
import { authorize } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";
import { parseInput, validationError } from "@/lib/parse-input";
import { personNotFound } from "@/lib/people/get-person";
import { resolvePersonRefs } from "@/lib/people/resolve-person-refs";
import type { ServiceContext } from "@/lib/service-context";
import { addPhoneInputSchema } from "./phone-schemas";
import { rethrowPhoneUniqueViolation, withoutPrefix } from "./field-errors";

/**
 * Adds a phone record to a person from the Profile tab (SPEC §2): the number is normalised to
 * E.164, the type is one of the institution's (never System, SPEC §6), and the record starts
 * SMS_DEFAULT and unverified. A number the person already has (current) is refused.
 * Administrators only ("phones.edit" in lib/auth/policy.ts).
 */
export async function addPersonPhone({ ctx, input }: { ctx: ServiceContext; input: unknown }): Promise<{ phoneId: string }> {
  const { actor, now } = ctx;
  authorize(actor, "phones.edit");
  const { personId, number, phoneTypeSrcSystemId, srcSystemId } = parseInput(addPhoneInputSchema, input);
  const institutionId = actor.institutionId;

  return ctx.db
    .transaction(async (tx) => {
      const person = await findPerson(tx, institutionId, personId, { forUpdate: true });
      if (!person) throw personNotFound();
      if (person.deleted) throw new AppError("CONFLICT", "This person has been deleted.");
      const current = await listPhonesOfPersons(tx, institutionId, [personId]);
      if (current.some((p) => !p.deleted && p.number === number)) {
        throw validationError({ number: "This person already has this number." });
      }
      const refs = await resolvePersonRefs(tx, institutionId, { personId, phones: [{ phoneTypeSrcSystemId, srcSystemId }] }).catch(
        withoutPrefix("phones[0]."),
      );
      const type = refs.phoneTypes[0]!;
      const phoneId = await insertPersonPhone(tx, {
        institutionId,
        personId,
        phoneTypeId: type.id,
        phoneTypeSrcSystemId: type.srcSystemId,
        number,
        srcSystemId: srcSystemId ?? null,
        now,
      });
      return { phoneId };
    })
    .catch(rethrowPhoneUniqueViolation);
}
