import "server-only";
import { countMatchingPersons } from "@/db/queries/persons";
import { listRolesOfInstitution } from "@/db/queries/settings-options";
import { listSuccessTeamLeads } from "@/db/queries/success-team";
import { authorize } from "@/lib/auth/policy";
import { MAX_RECIPIENTS_PER_SEND } from "@/lib/messaging/send/schemas";
import { parseInput } from "@/lib/parse-input";
import type { ServiceContext } from "@/lib/service-context";
import { toPersonSearch } from "./list-persons";
import { peopleFilterSchema } from "./schemas";

/**
 * How many people the People list's search and filters match, counted up to one more than a
 * send may have: the list offers "Message all N matching" (the search itself is the composer's
 * audience, resolved on the server at send time) and says when it is too many.
 */
export async function countMatchingPersonsOfSearch({ ctx, input }: { ctx: ServiceContext; input: unknown }): Promise<number> {
  authorize(ctx.actor, "people.list");
  const filter = parseInput(peopleFilterSchema, input);
  return countMatchingPersons(ctx.db, { ...toPersonSearch(ctx.actor.institutionId, filter), deleted: false }, MAX_RECIPIENTS_PER_SEND + 1);
}

/** The choices of the People list's role and success-team filters. */
export async function getPeopleFilterOptions({ ctx }: { ctx: ServiceContext }) {
  authorize(ctx.actor, "people.list");
  const [roles, teams] = await Promise.all([listRolesOfInstitution(ctx.db, ctx.actor.institutionId), listSuccessTeamLeads(ctx.db, ctx.actor.institutionId)]);
  return {
    roles: roles.map((r) => ({ value: r.code, label: r.name })),
    teams: teams.map((t) => ({ value: t.personId, label: `${t.preferredName ?? t.firstName} ${t.lastName}` })),
  };
}
