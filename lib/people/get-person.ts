import { authorize } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";
import type { ServiceContext } from "@/lib/service-context";
import { loadPersonDto } from "./person-dto";
import type { PersonDto } from "./schemas";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function personNotFound() {
  return new AppError("NOT_FOUND", "No such person.");
}

/**
 * One person with emails, roles and phones (SPEC §2). Staff and admins read anyone of their
 * institution; a student reads only themselves. Another institution's id, or one that is not
 * an id at all, is NOT_FOUND — never FORBIDDEN, so ids of other tenants reveal nothing (SPEC §1).
 */
export async function getPerson({ ctx, input }: { ctx: ServiceContext; input: { personId: string } }): Promise<PersonDto> {
  const { actor } = ctx;
  if (!UUID.test(input.personId)) throw personNotFound();
  const person = await loadPersonDto(ctx.db, actor.institutionId, input.personId);
  if (!person) throw personNotFound();
  authorize(actor, "person.read", { personId: person.id });
  return person;
}

export function isPersonId(value: string): boolean {
  return UUID.test(value);
}
