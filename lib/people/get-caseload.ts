import "server-only";
import { listCaseloadIds } from "@/db/queries/caseload";
import { authorize } from "@/lib/auth/policy";
import type { ServiceContext } from "@/lib/service-context";
import { isPersonId } from "./get-person";

/**
 * A staff member's caseload: the students whose success team they are on (SPEC §1: staff text
 * students). Staff and administrators ask for anyone of their institution; an id of another
 * institution simply has no caseload there.
 */
export async function getCaseload({ ctx, input }: { ctx: ServiceContext; input: { staffPersonId: string } }): Promise<string[]> {
  authorize(ctx.actor, "caseload.read");
  if (!isPersonId(input.staffPersonId)) return [];
  return listCaseloadIds(ctx.db, { institutionId: ctx.actor.institutionId, staffPersonId: input.staffPersonId });
}
