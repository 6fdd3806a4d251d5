import "server-only";
import { insertPerson, insertPersonPhones, replacePersonEmails, replacePersonRoles } from "@/db/queries/persons";
import { authorize } from "@/lib/auth/policy";
import { parseInput } from "@/lib/parse-input";
import type { ServiceContext } from "@/lib/service-context";
import { loadPersonDto } from "./person-dto";
import { resolvePersonRefs } from "./resolve-person-refs";
import { personCreateInputSchema, type PersonDto } from "./schemas";
import { rethrowUniqueViolation, withOnePrimary } from "./write-person-parts";

/**
 * Creates a person with emails, role codes and phones in one transaction (SPEC §2). Admins
 * only. Phones start SMS_DEFAULT and unverified; sms status and verified are not accepted here
 * (they change only by the manual edit on the Profile tab, with history). Bad input writes nothing.
 */
export async function createPerson({
  ctx,
  input,
  source = "MANUAL",
}: {
  ctx: ServiceContext;
  input: unknown;
  source?: "MANUAL" | "API";
}): Promise<PersonDto> {
  const { actor, now } = ctx;
  authorize(actor, "person.create");
  const data = parseInput(personCreateInputSchema, input);
  const institutionId = actor.institutionId;

  return ctx.db
    .transaction(async (tx) => {
      const refs = await resolvePersonRefs(tx, institutionId, data);
      const personId = await insertPerson(tx, institutionId, {
        firstName: data.firstName,
        lastName: data.lastName,
        preferredName: data.preferredName ?? null,
        srcSystemId: data.srcSystemId ?? null,
        timeZone: data.timeZone ?? null,
        state: data.state ?? null,
        deleted: false,
        source,
        now,
      });
      await replacePersonEmails(tx, institutionId, personId, withOnePrimary(data.emails));
      await replacePersonRoles(tx, institutionId, personId, refs.roleIds ?? []);
      await insertPersonPhones(
        tx,
        institutionId,
        personId,
        data.phones.map((p, i) => ({
          number: p.number,
          phoneTypeId: refs.phoneTypes[i]!.id,
          phoneTypeSrcSystemId: refs.phoneTypes[i]!.srcSystemId,
          srcSystemId: p.srcSystemId ?? null,
        })),
        now,
      );
      return (await loadPersonDto(tx, institutionId, personId))!;
    })
    .catch(rethrowUniqueViolation);
}
